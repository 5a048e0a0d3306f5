from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from associations.models import Association, Province
from associations.selectors import communes_with_figures, provinces_with_figures
from takwia.access import get_visible_or_404


@permission_required("associations.view_province", raise_exception=True)
def territory(request):
    provinces = provinces_with_figures(user=request.user)
    return render(request, "associations/territory.html", {"provinces": provinces})


@permission_required("associations.view_province", raise_exception=True)
def province_detail(request, code):
    province = get_visible_or_404(
        Province.objects.select_related("region"), request.user, code=code
    )
    communes = communes_with_figures(user=request.user, province=province)
    return render(
        request,
        "associations/province_detail.html",
        {"province": province, "communes": communes},
    )


@permission_required("associations.view_association", raise_exception=True)
def association_detail(request, pk):
    association = get_visible_or_404(
        Association.objects.select_related("commune__province__region"), request.user, pk=pk
    )
    return render(request, "associations/association_detail.html", {"association": association})
