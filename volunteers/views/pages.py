from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from takwia.access import get_visible_or_404
from takwia.files import serve_record_file
from takwia.history import record_history
from takwia.submissions import already_created, create_once
from volunteers.exchange import volunteers_export_csv
from volunteers.forms import DeliverableForm, PlacementEndForm, PlacementExtendForm
from volunteers.models import (
    Deliverable,
    ExportLog,
    Host,
    Placement,
    Programme,
    Volunteer,
    sees_personal_data,
)
from volunteers.selectors import (
    HostFilter,
    VolunteerFilter,
    associations_needing_volunteer,
    events_of,
    host_countries,
    hosts_listed,
    paginate,
    placements_listed,
    programmes_listed,
    volunteer_figures,
    volunteers_listed,
)
from volunteers.services import deliverable_receive, placement_end_early, placement_extend
from volunteers.views.forms import bound as _bound
from volunteers.vocabulary import country_label


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@permission_required("volunteers.view_programme", raise_exception=True)
def dashboard(request):
    archived = request.GET.get("archived") == "1"
    return render(
        request,
        "volunteers/dashboard.html",
        {
            "figures": volunteer_figures(),
            "programmes": programmes_listed(user=request.user, archived=archived),
            "archived": archived,
        },
    )


@permission_required("volunteers.view_programme", raise_exception=True)
def programme_detail(request, pk):
    programme = get_visible_or_404(Programme.objects, request.user, pk=pk)
    return render(
        request,
        "volunteers/programme_detail.html",
        {
            "programme": programme,
            "figures": volunteer_figures(programme=programme),
            "events": events_of(programme=programme),
            "history": record_history(programme),
        },
    )


@permission_required("volunteers.view_volunteer", raise_exception=True)
def volunteer_list(request):
    wanted = VolunteerFilter.from_query(request.GET)
    page = paginate(volunteers_listed(user=request.user, wanted=wanted), request.GET.get("page"))
    return render(
        request,
        "volunteers/volunteer_list.html",
        {
            "page": page,
            "wanted": wanted,
            "query": _query_without_page(request),
            "personal": sees_personal_data(request.user),
            "statuses": Volunteer.Status.choices,
            "categories": Volunteer.Category.choices,
            "programmes": Programme.objects.visible_to(request.user).values_list("pk", "name"),
        },
    )


@permission_required("volunteers.view_volunteer", raise_exception=True)
def volunteer_detail(request, pk):
    volunteer = get_visible_or_404(
        Volunteer.objects.select_related("programme").prefetch_related("skills"),
        request.user,
        pk=pk,
    )
    placements = volunteer.placements.select_related("host", "programme").prefetch_related(
        "deliverables"
    )
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "personal": sees_personal_data(request.user),
            "placements": placements,
            "needs": associations_needing_volunteer(volunteer=volunteer, user=request.user),
            "history": record_history(volunteer),
        },
    )


@permission_required("volunteers.view_volunteer", raise_exception=True)
def volunteer_export(request):
    """Volunteers' personal data as CSV: managers and national staff only, and logged."""
    if not sees_personal_data(request.user):
        raise PermissionDenied
    # The export is the list as filtered, and the log says which rows left.
    wanted = VolunteerFilter.from_query(request.GET)
    volunteers = volunteers_listed(user=request.user, wanted=wanted)
    ExportLog.objects.create(
        user=request.user, query=request.GET.urlencode()[:255], rows=volunteers.count()
    )
    response = StreamingHttpResponse(
        volunteers_export_csv(volunteers), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="volontaires.csv"'
    return response


@permission_required("volunteers.view_host", raise_exception=True)
def host_list(request):
    wanted = HostFilter.from_query(request.GET)
    page = paginate(hosts_listed(user=request.user, wanted=wanted), request.GET.get("page"))
    countries = sorted(
        ((code, country_label(code)) for code in host_countries(user=request.user)),
        key=lambda pair: str(pair[1]),
    )
    return render(
        request,
        "volunteers/host_list.html",
        {
            "page": page,
            "wanted": wanted,
            "query": _query_without_page(request),
            "kinds": Host.Kind.choices,
            "countries": countries,
        },
    )


@permission_required("volunteers.view_host", raise_exception=True)
def host_detail(request, pk):
    host = get_visible_or_404(Host.objects.select_related("association"), request.user, pk=pk)
    placements = (
        Placement.objects.visible_to(request.user)
        .filter(host=host)
        .select_related("volunteer", "programme")
    )
    return render(
        request,
        "volunteers/host_detail.html",
        {"host": host, "placements": placements, "history": record_history(host)},
    )


@permission_required("volunteers.view_placement", raise_exception=True)
def placement_list(request):
    programme = request.GET.get("programme", "")
    status = request.GET.get("status", "")
    placements = placements_listed(
        user=request.user,
        programme=int(programme) if programme.isdigit() else None,
        status=status,
    )
    return render(
        request,
        "volunteers/placement_list.html",
        {
            "page": paginate(placements, request.GET.get("page")),
            "query": _query_without_page(request),
            "programme": int(programme) if programme.isdigit() else None,
            "status": status,
            "statuses": Placement.Status.choices,
            "programmes": Programme.objects.visible_to(request.user).values_list("pk", "name"),
        },
    )


def _placement(request, pk):
    return get_visible_or_404(
        Placement.objects.select_related("volunteer", "host", "programme"), request.user, pk=pk
    )


@permission_required("volunteers.view_placement", raise_exception=True)
def placement_detail(request, pk):
    placement = _placement(request, pk)
    can_add = request.user.has_perm("volunteers.add_deliverable")
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        first = already_created(request=request, model=Deliverable)
        if first is not None:  # the same form posted again: no second deliverable
            return redirect("volunteers:placement", pk=placement.pk)
    form = DeliverableForm(*_bound(request))
    if request.method == "POST" and form.is_valid():

        def create():
            deliverable = form.save(commit=False)
            deliverable.placement = placement
            deliverable._history_user = request.user
            deliverable.save()
            return deliverable

        create_once(request=request, model=Deliverable, create=create)
        messages.success(request, _("Le livrable a été ajouté."))
        return redirect("volunteers:placement", pk=placement.pk)
    return render(
        request,
        "volunteers/placement_detail.html",
        {
            "placement": placement,
            "deliverables": placement.deliverables.filter(archived=False),
            "form": form if can_add else None,
            "personal": sees_personal_data(request.user),
            "history": record_history(placement),
            "can_change": request.user.has_perm("volunteers.change_placement"),
        },
    )


def _placement_dates(request, pk, *, form_class, title, write, done):
    if not request.user.has_perm("volunteers.change_placement"):
        raise PermissionDenied
    placement = _placement(request, pk)
    form = form_class(*_bound(request)[:1], placement=placement)
    if request.method == "POST" and form.is_valid():
        write(placement, form.cleaned_data)
        messages.success(request, done)
        return redirect("volunteers:placement", pk=placement.pk)
    return render(
        request,
        "volunteers/placement_dates.html",
        {"placement": placement, "form": form, "title": title},
    )


def placement_end(request, pk):
    """End a mission early, with the date and the reason (its status: interrupted)."""
    return _placement_dates(
        request, pk, form_class=PlacementEndForm, title=_("Arrêter la mission avant son terme"),
        write=lambda placement, data: placement_end_early(
            placement=placement, on=data["on"], reason=data["reason"], user=request.user
        ),
        done=_("La mission a été arrêtée."),
    )  # fmt: skip


def placement_extend_view(request, pk):
    """Extend a mission to a new end date."""
    return _placement_dates(
        request, pk, form_class=PlacementExtendForm, title=_("Prolonger la mission"),
        write=lambda placement, data: placement_extend(
            placement=placement, until=data["until"], user=request.user
        ),
        done=_("La mission a été prolongée."),
    )  # fmt: skip


@require_POST
def deliverable_received(request, pk):
    """Mark a deliverable received today."""
    if not request.user.has_perm("volunteers.change_deliverable"):
        raise PermissionDenied
    deliverable = get_visible_or_404(Deliverable.objects, request.user, pk=pk)
    if deliverable.received_on is None:
        deliverable_receive(deliverable=deliverable, on=timezone.localdate(), user=request.user)
        messages.success(request, _("Le livrable est marqué comme reçu."))
    return redirect("volunteers:placement", pk=deliverable.placement_id)


@permission_required("volunteers.view_placement", raise_exception=True)
def deliverable_file(request, pk):
    """A deliverable's file, for whoever sees its placement (logged)."""
    deliverable = get_visible_or_404(Deliverable.objects, request.user, pk=pk)
    return serve_record_file(request, record=deliverable, field_file=deliverable.file)
