"""Workshops of a campaign: record, page with history, edit, attendance, archive."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diagnostics.forms import WorkshopEditForm, WorkshopForm
from diagnostics.models import Campaign, Workshop
from diagnostics.selectors import attendance_counts
from diagnostics.services import (
    structure_for,
    workshop_archive,
    workshop_attendance_save,
    workshop_update,
)
from diagnostics.views.attendance import attendance_sheet
from takwia.access import get_visible_or_404
from takwia.editing import VERSION_FIELD, StaleEdit, version_of
from takwia.history import record_history
from takwia.submissions import already_created, create_once


@require_POST
@permission_required("diagnostics.change_campaign", raise_exception=True)
def workshop_create(request, pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    back = reverse("diagnostics:campaign", args=[campaign.pk]) + "#workshops"
    if already_created(request=request, model=Workshop) is not None:
        return redirect(back)  # the same form posted again: no second workshop
    form = WorkshopForm(request.POST, campaign=campaign)
    if form.is_valid():

        def create():
            workshop = form.save(commit=False)
            workshop.campaign = campaign
            workshop._history_user = request.user
            workshop.save()
            form.save_m2m()
            return workshop

        create_once(request=request, model=Workshop, create=create)
        messages.success(request, _("L'atelier a été enregistré."))
    else:
        messages.error(
            request,
            _("L'atelier n'a pas été enregistré : %(errors)s")
            % {"errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect(back)


def _workshop(request, pk):
    return get_visible_or_404(
        Workshop.objects.select_related("campaign__province", "campaign__version"),
        request.user,
        pk=pk,
    )


def _priority_names(workshop) -> dict[str, str]:
    structure = structure_for(workshop.campaign.version)
    return {sub.code: sub.name for axis in structure.axes for sub in axis.subdimensions.all()}


@permission_required("diagnostics.view_workshop", raise_exception=True)
def workshop_detail(request, pk):
    """The workshop, who attended (the counts follow) and its history."""
    workshop = _workshop(request, pk)
    people = list(workshop.attendance.select_related("association"))
    names = _priority_names(workshop)

    def priorities(codes):
        return ", ".join(names.get(code, code) for code in codes or []) or "—"

    return render(
        request,
        "diagnostics/workshop_detail.html",
        {
            "workshop": workshop,
            "campaign": workshop.campaign,
            "people": people,
            "counts": attendance_counts(people),
            "priorities": priorities(workshop.priorities),
            "history": record_history(workshop, display={"priorities": priorities}),
            "can_change": request.user.has_perm("diagnostics.change_workshop"),
        },
    )


@permission_required("diagnostics.change_workshop", raise_exception=True)
def workshop_edit(request, pk):
    workshop = _workshop(request, pk)
    form = WorkshopEditForm(request.POST or None, instance=workshop, campaign=workshop.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            workshop_update(form=form, user=request.user)
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("L'atelier a été enregistré."))
            return redirect("diagnostics:workshop", pk=workshop.pk)
    return render(
        request,
        "diagnostics/workshop_form.html",
        {"form": form, "workshop": workshop, "campaign": workshop.campaign},
    )


@permission_required("diagnostics.change_workshop", raise_exception=True)
def workshop_attendance(request, pk):
    """Who attended the workshop, person by person; the counts follow."""
    workshop = _workshop(request, pk)
    return attendance_sheet(
        request,
        record=workshop,
        province=workshop.campaign.province,
        save=lambda attendees: workshop_attendance_save(
            workshop=workshop,
            attendees=attendees,
            user=request.user,
            version=request.POST.get(VERSION_FIELD, ""),
        ),
        done=reverse("diagnostics:workshop", args=[workshop.pk]),
        template="diagnostics/workshop_attendance.html",
        context={
            "workshop": workshop,
            "campaign": workshop.campaign,
            "version": version_of(workshop),
        },
    )


@require_POST
@permission_required("diagnostics.change_workshop", raise_exception=True)
def workshop_archive_view(request, pk):
    """Archive the workshop (``archived=0``: restore it); it stays readable with its history."""
    workshop = _workshop(request, pk)
    archived = request.POST.get("archived", "1") != "0"
    if workshop_archive(workshop=workshop, user=request.user, archived=archived):
        messages.success(
            request,
            _("Atelier archivé : il reste consultable, avec son historique.")
            if archived
            else _("Atelier rétabli."),
        )
    return redirect("diagnostics:workshop", pk=workshop.pk)
