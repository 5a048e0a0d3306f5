from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.filters import AssociationFilter
from associations.forms import AssociationForm
from associations.models import Association, Province
from associations.selectors import (
    association_counts,
    association_history,
    communes_with_figures,
    provinces_with_figures,
)
from associations.services import association_archive
from takwia.access import get_visible_or_404

PAGE_SIZE = 50


class KnownCountPaginator(Paginator):
    """A paginator that can be told its count, to skip a COUNT(*) already known."""

    def __init__(self, *args, known_count=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_count = known_count

    @cached_property
    def count(self):
        if self._known_count is not None:
            return self._known_count
        return super().count


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
def association_list(request):
    visible = Association.objects.visible_to(request.user).select_related(
        "commune__province__region"
    )
    # Always bound, so that the default (not archived) applies to the bare URL too.
    filterset = AssociationFilter(request.GET, queryset=visible, request=request)
    if not filterset.is_valid():
        # An unknown or out-of-scope code lists nothing rather than everything.
        queryset, known = visible.none(), None
    else:
        queryset = filterset.qs
        # The unfiltered list counts what the home page's figures count (cached).
        known = association_counts(user=request.user)["total"] if filterset.is_unfiltered else None
    paginator = KnownCountPaginator(queryset, PAGE_SIZE, known_count=known)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "associations/association_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@permission_required("associations.view_association", raise_exception=True)
def association_detail(request, pk):
    association = get_visible_or_404(
        Association.objects.select_related("commune__province__region").prefetch_related(
            "domains", "target_populations", "networks"
        ),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "associations/association_detail.html",
        {
            "association": association,
            "history": association_history(association=association),
            "can_change": request.user.has_perm("associations.change_association"),
        },
    )


@permission_required("associations.add_association", raise_exception=True)
def association_create(request):
    form = AssociationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        association = form.save()
        messages.success(request, _("L'association a été enregistrée."))
        return redirect("associations:detail", pk=association.pk)
    return render(request, "associations/association_form.html", {"form": form})


@permission_required("associations.change_association", raise_exception=True)
def association_update(request, pk):
    association = get_visible_or_404(Association.objects, request.user, pk=pk)
    form = AssociationForm(request.POST or None, instance=association, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Les modifications ont été enregistrées."))
        return redirect("associations:detail", pk=association.pk)
    return render(
        request, "associations/association_form.html", {"form": form, "association": association}
    )


@require_POST
@permission_required("associations.change_association", raise_exception=True)
def association_archive_toggle(request, pk):
    association = get_visible_or_404(Association.objects, request.user, pk=pk)
    association_archive(association=association, archived=not association.archived)
    messages.success(
        request,
        _("L'association a été archivée.")
        if association.archived
        else _("L'association a été réactivée dans le registre."),
    )
    return redirect("associations:detail", pk=association.pk)
