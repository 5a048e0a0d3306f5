from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from takwia.access import get_visible_or_404
from takwia.files import serve_record_file
from takwia.submissions import already_created, create_once
from volunteers.exchange import volunteers_export_csv
from volunteers.forms import DeliverableForm, PlacementForm
from volunteers.models import (
    Deliverable,
    ExportLog,
    Placement,
    Programme,
    Volunteer,
    sees_personal_data,
)
from volunteers.selectors import associations_needing_volunteer, volunteer_figures


@permission_required("volunteers.view_programme", raise_exception=True)
def dashboard(request):
    return render(
        request,
        "volunteers/dashboard.html",
        {
            "figures": volunteer_figures(),
            "programmes": Programme.objects.visible_to(request.user),
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
            "events": programme.events.all(),
        },
    )


def _filtered_volunteers(request):
    """The volunteers the user sees, narrowed by the list's status filter."""
    volunteers = Volunteer.objects.visible_to(request.user).select_related("programme")
    status = request.GET.get("status")
    if status in Volunteer.Status.values:
        volunteers = volunteers.filter(status=status)
    else:
        status = None
    return volunteers, status


@permission_required("volunteers.view_volunteer", raise_exception=True)
def volunteer_list(request):
    volunteers, status = _filtered_volunteers(request)
    return render(
        request,
        "volunteers/volunteer_list.html",
        {
            "volunteers": volunteers,
            "personal": sees_personal_data(request.user),
            "statuses": Volunteer.Status.choices,
            "status": status,
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
        },
    )


@permission_required("volunteers.view_volunteer", raise_exception=True)
def volunteer_export(request):
    """Volunteers' personal data as CSV: managers and national staff only, and logged."""
    if not sees_personal_data(request.user):
        raise PermissionDenied
    # The export is the list as filtered, and the log says which rows left.
    volunteers, _status = _filtered_volunteers(request)
    ExportLog.objects.create(
        user=request.user, query=request.GET.urlencode()[:255], rows=volunteers.count()
    )
    response = StreamingHttpResponse(
        volunteers_export_csv(volunteers), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="volontaires.csv"'
    return response


@permission_required("volunteers.view_placement", raise_exception=True)
def placement_list(request):
    placements = Placement.objects.visible_to(request.user).select_related(
        "volunteer", "host", "programme"
    )
    return render(request, "volunteers/placement_list.html", {"placements": placements})


@permission_required("volunteers.add_placement", raise_exception=True)
def placement_create(request):
    first = already_created(request=request, model=Placement)
    if first is not None:  # the same form posted again: no second placement
        return redirect("volunteers:placement", pk=first.pk)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create():
            placement = form.save(commit=False)
            placement._history_user = request.user
            placement.save()
            return placement

        placement = create_once(request=request, model=Placement, create=create).instance
        messages.success(request, _("La mission a été enregistrée."))
        return redirect("volunteers:placement", pk=placement.pk)
    return render(request, "volunteers/placement_form.html", {"form": form})


@permission_required("volunteers.view_placement", raise_exception=True)
def placement_detail(request, pk):
    placement = get_visible_or_404(
        Placement.objects.select_related("volunteer", "host", "programme"), request.user, pk=pk
    )
    can_add = request.user.has_perm("volunteers.add_deliverable")
    form = DeliverableForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            deliverable = form.save(commit=False)
            deliverable.placement = placement
            deliverable.save()
            messages.success(request, _("Le livrable a été ajouté."))
            return redirect("volunteers:placement", pk=placement.pk)
    return render(
        request,
        "volunteers/placement_detail.html",
        {
            "placement": placement,
            "deliverables": placement.deliverables.all(),
            "form": form if can_add else None,
            "personal": sees_personal_data(request.user),
        },
    )


@permission_required("volunteers.view_placement", raise_exception=True)
def deliverable_file(request, pk):
    """A deliverable's file, for whoever sees its placement (logged)."""
    deliverable = get_visible_or_404(Deliverable.objects, request.user, pk=pk)
    return serve_record_file(request, record=deliverable, field_file=deliverable.file)
