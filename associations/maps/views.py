"""The national map (by province) and a province's map (by commune)."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render

from associations.models import Province
from takwia.access import get_visible_or_404

from .service import map_context


@permission_required("associations.view_province", raise_exception=True)
def national_map(request):
    context = map_context(
        user=request.user, level="province", indicator_key=request.GET.get("indicator", "")
    )
    return _answer(request, context, province=None)


@permission_required("associations.view_province", raise_exception=True)
def province_map(request, code):
    province = get_visible_or_404(
        Province.objects.select_related("region"), request.user, code=code
    )
    context = map_context(
        user=request.user,
        level="commune",
        indicator_key=request.GET.get("indicator", ""),
        province=province,
    )
    return _answer(request, context, province=province)


def _answer(request, context, *, province):
    """The map page, or with ``?fragment=1`` the map alone (what a home page fetches
    after it has been shown, when the map was not yet in the cache)."""
    if request.GET.get("fragment"):
        return HttpResponse(context["map_html"])
    return render(request, "associations/map.html", {**context, "province": province})
