"""The national map (by province) and a province's map (by commune)."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from associations.models import Province
from takwia.access import get_visible_or_404

from .service import map_context


@permission_required("associations.view_province", raise_exception=True)
def national_map(request):
    context = map_context(
        user=request.user, level="province", indicator_key=request.GET.get("indicator", "")
    )
    return render(request, "associations/map.html", {**context, "province": None})


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
    return render(request, "associations/map.html", {**context, "province": province})
