import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.exchange import (
    associations_export_csv,
    associations_export_xlsx,
)
from associations.filters import AssociationFilter
from associations.forms import AssociationForm
from associations.models import Association, Commune, Province
from associations.selectors import (
    association_counts,
    association_history,
    communes_with_figures,
    provinces_with_figures,
    registry_figures_for,
)
from associations.services import association_archive
from takwia.access import get_visible_or_404
from takwia.freshness import cached_figures, request_figures_token, user_scope
from takwia.roles import LIST_ASSOCIATIONS
from takwia.submissions import already_created, create_once

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
    campaigns = []
    if request.user.has_perm("diagnostics.view_report"):
        from diagnostics.selectors import report_campaigns

        campaigns = report_campaigns(province=province, user=request.user)
    return render(
        request,
        "associations/province_detail.html",
        {"province": province, "communes": communes, "campaigns": campaigns},
    )


def _filtered(request):
    """The user's associations filtered by the list's query string, and the filter itself."""
    visible = Association.objects.visible_to(request.user)
    # Always bound, so that the default (not archived) applies to the bare URL too.
    filterset = AssociationFilter(request.GET, queryset=visible, request=request)
    if not filterset.is_valid():
        # An unknown or out-of-scope code lists nothing rather than everything.
        return filterset, visible.none()
    return filterset, filterset.qs


@permission_required("associations.view_province", raise_exception=True)
def registry_figures_page(request):
    """Headline figures of the registry, for the user's whole scope or one province."""
    province = None
    code = request.GET.get("province")
    if code:
        province = get_visible_or_404(
            Province.objects.select_related("region"), request.user, code=code
        )
    figures = registry_figures_for(user=request.user, province=province)
    provinces = Province.objects.visible_to(request.user).order_by("name_fr")
    return render(
        request,
        "associations/registry_figures.html",
        {"figures": figures, "province": province, "provinces": provinces},
    )


def _query_key(query, *left_out: str) -> str:
    """A query string in a canonical order (``?a=1&b=2`` and ``?b=2&a=1`` are one list)."""
    return urlencode(
        sorted(
            (key, value) for key, values in query.lists() if key not in left_out for value in values
        )
    )


@permission_required("associations.view_association", raise_exception=True)
def association_list(request):
    """The registry, filtered and paginated. The filter form and the page's rows are
    fragments kept until the figures change (``{% figures_cache %}``, keyed by the user
    and the query string); the filtered count is kept the same way, whatever the page
    and the order, so that a miss does not count again. Everything is computed lazily,
    by the fragment that shows it."""
    user = request.user
    scope = user_scope(user)

    @functools.cache
    def filtered():
        return _filtered(request)

    def count():
        filterset, queryset = filtered()
        if filterset.is_bound and filterset.is_valid() and filterset.is_unfiltered:
            # The unfiltered list counts what the home page's figures count (cached).
            return association_counts(user=user)["total"]
        return cached_figures(
            ("association-count", scope, _query_key(request.GET, "page", "sort")),
            queryset.count,
            token=request_figures_token(request),
        )

    def page():
        paginator = KnownCountPaginator(filtered()[1], PAGE_SIZE, known_count=count())
        page = paginator.get_page(request.GET.get("page"))
        # The page's ids first, without joins, then its 50 rows with their territory:
        # with a name search PostgreSQL under-estimates the matches and, joining the
        # territory before the limit, spent 35 ms in nested loops (3 ms this way).
        ids = list(page.object_list.values_list("pk", flat=True))
        rows = Association.objects.select_related("commune__province__region").in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids]
        return page

    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "associations/association_list.html",
        {
            "filter": SimpleLazyObject(lambda: filtered()[0]),
            "page": SimpleLazyObject(page),
            "query": query.urlencode(),
            "can_export": _can_export(user),
            "figures_scope": scope,
            "filters_key": _query_key(request.GET, "page"),
            "page_key": _query_key(request.GET),
        },
    )


@permission_required("associations.view_association", raise_exception=True)
def association_detail(request, pk):
    association = get_visible_or_404(
        Association.objects.select_related("commune__province__region"), request.user, pk=pk
    )
    # Read with the history's many-to-many rows, in one query (see _m2m_snapshots); it
    # fills the association's domains, target populations and networks.
    history = association_history(association=association)
    from diagnostics.selectors import (
        actions_aimed_at,
        association_diagnostics,
        campaigns_to_start,
        guides_recommended,
        weak_subdimensions,
    )

    volunteer_matches = []
    if request.user.has_perm("volunteers.view_volunteer"):
        from volunteers.selectors import volunteers_matching_for_association

        weak = weak_subdimensions(association=association)
        volunteer_matches = volunteers_matching_for_association(weak_codes=weak) if weak else []
    actions = actions_aimed_at(association=association, user=request.user)
    diagnostics = association_diagnostics(association=association, user=request.user)
    return render(
        request,
        "associations/association_detail.html",
        {
            "association": association,
            "volunteer_matches": volunteer_matches,
            "diagnostics": diagnostics,
            "start_campaigns": campaigns_to_start(association=association, user=request.user),
            "actions": actions,
            "guides": guides_recommended(association=association, user=request.user),
            "agreements": association.agreements.filter(archived=False)
            .select_related("partner")
            .order_by("-starts_on"),
            "history": history,
            "can_change": request.user.has_perm("associations.change_association"),
        },
    )


@permission_required("associations.add_association", raise_exception=True)
def association_create(request):
    first = already_created(request=request, model=Association)
    if first is not None:  # the same form posted again: no second association
        return redirect("associations:detail", pk=first.pk)
    form = AssociationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Two people entering the same association at the same moment (two forms,
            # two tokens) both pass the near-duplicate check of the form. Creations in a
            # commune are therefore serialised and the check is run again: PostgreSQL
            # locks the commune's row; SQLite's IMMEDIATE transactions hold the database.
            commune = form.cleaned_data["commune"]
            Commune.objects.select_for_update().only("pk").get(pk=commune.pk)
            first = already_created(request=request, model=Association)
            if first is not None:
                return redirect("associations:detail", pk=first.pk)
            if form.check_duplicates(form.cleaned_data):
                created = create_once(request=request, model=Association, create=form.save)
                messages.success(request, _("L'association a été enregistrée."))
                return redirect("associations:detail", pk=created.instance.pk)
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


def _can_export(user) -> bool:
    # A president's "list" is their own association; exports are for staff.
    return user.has_perm(LIST_ASSOCIATIONS)


@permission_required("associations.view_association", raise_exception=True)
def association_export(request):
    """The filtered list as CSV (streamed) or XLSX, with the import's columns."""
    if not _can_export(request.user):
        raise PermissionDenied
    file_format = request.GET.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        raise Http404
    _, queryset = _filtered(request)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    filename = f"associations-{stamp}.{file_format}"
    if file_format == "xlsx":
        response = HttpResponse(
            associations_export_xlsx(queryset),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(
            associations_export_csv(queryset), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
