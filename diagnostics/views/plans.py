"""Needs and plans: the ranked needs, a draft plan, plan and action pages, the workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.models import Domain, Milieu
from diagnostics.forms import ActionForm, PlanForm
from diagnostics.models import Action, Campaign, Plan, QuestionnaireVersion
from diagnostics.selectors import (
    NEED_THRESHOLD,
    needs_ranking,
    plan_progress,
    with_attendance_counts,
)
from diagnostics.services import (
    action_attendance_save,
    plan_draft_from_needs,
    structure_for,
)
from diagnostics.services import action_cancel as action_cancel_service
from diagnostics.services import action_delete as action_delete_service
from diagnostics.views.attendance import attendance_sheet
from takwia.access import get_visible_or_404
from takwia.tabular.writing import Sheet, xlsx_workbook


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_needs(request, pk):
    """Sub-dimensions ranked by need, with the reasoning, by milieu or domain on demand."""
    campaign = get_visible_or_404(
        Campaign.objects.select_related("province", "version"), request.user, pk=pk
    )
    milieu = request.GET.get("milieu") if request.GET.get("milieu") in Milieu.values else None
    domain = request.GET.get("domain") or None
    needs = needs_ranking(campaign=campaign, milieu=milieu, domain=domain)
    structure = structure_for(campaign.version)
    names = {sub.code: sub.name for axis in structure.axes for sub in axis.subdimensions.all()}
    restitutions = [
        (workshop, [names.get(code, code) for code in workshop.priorities])
        for workshop in campaign.workshops.current()
        .filter(kind="restitution")
        .annotate(attendee_count=Count("attendees"))
    ]
    return render(
        request,
        "diagnostics/needs.html",
        {
            "campaign": campaign,
            "needs": needs,
            "threshold": NEED_THRESHOLD,
            "milieu": milieu,
            "domain": domain,
            "milieux": Milieu.choices,
            "domains": Domain.objects.order_by("name_fr"),
            "restitutions": restitutions,
            "plans": campaign.plans.all(),
        },
    )


@require_POST
@permission_required("diagnostics.add_plan", raise_exception=True)
def plan_generate(request, pk):
    campaign = get_visible_or_404(
        Campaign.objects.select_related("province", "version"), request.user, pk=pk
    )
    drafted = plan_draft_from_needs(
        campaign=campaign, needs=needs_ranking(campaign=campaign), user=request.user
    )
    if drafted.created:
        messages.success(
            request,
            _(
                "Un projet de plan a été généré à partir des besoins prioritaires : "
                "relisez et complétez chaque action."
            ),
        )
    else:
        messages.info(
            request,
            _("La province a déjà un plan pour cette période : le voici, rien n'a été dupliqué."),
        )
    return redirect("diagnostics:plan", pk=drafted.plan.pk)


@permission_required("diagnostics.view_plan", raise_exception=True)
def plan_list(request):
    plans = Plan.objects.visible_to(request.user).select_related("province")
    return render(request, "diagnostics/plan_list.html", {"plans": plans})


def _plan(request, pk, permission="diagnostics.view_plan"):
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_visible_or_404(
        Plan.objects.select_related("province", "campaign__version"), request.user, pk=pk
    )


def plan_detail(request, pk):
    plan = _plan(request, pk)
    actions = with_attendance_counts(
        plan.actions.prefetch_related("targets", "participants", "guides")
    )
    return render(
        request,
        "diagnostics/plan_detail.html",
        {
            "plan": plan,
            "actions": actions,
            "progress": plan_progress(plan=plan),
            "can_change": request.user.has_perm("diagnostics.change_plan"),
        },
    )


def plan_update(request, pk):
    plan = _plan(request, pk, "diagnostics.change_plan")
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le plan a été enregistré."))
        return redirect("diagnostics:plan", pk=plan.pk)
    return render(request, "diagnostics/plan_form.html", {"form": form, "plan": plan})


def _structure_of(plan):
    version = (
        plan.campaign.version if plan.campaign else QuestionnaireVersion.objects.published().first()
    )
    return structure_for(version)


def action_edit(request, pk, action_pk=None):
    plan = _plan(request, pk, "diagnostics.change_plan")
    action = get_visible_or_404(plan.actions, request.user, pk=action_pk) if action_pk else None
    form = ActionForm(
        request.POST or None, instance=action, plan=plan, structure=_structure_of(plan)
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.plan = plan
        saved.save()
        form.save_m2m()
        messages.success(request, _("L'action a été enregistrée."))
        return redirect(reverse("diagnostics:plan", args=[plan.pk]) + f"#action-{saved.pk}")
    return render(
        request, "diagnostics/action_form.html", {"form": form, "plan": plan, "action": action}
    )


def _action(request, pk, action_pk):
    plan = _plan(request, pk, "diagnostics.change_plan")
    return plan, get_visible_or_404(plan.actions, request.user, pk=action_pk)


def _back_to(plan, action=None):
    anchor = f"#action-{action.pk}" if action is not None else ""
    return redirect(reverse("diagnostics:plan", args=[plan.pk]) + anchor)


@require_POST
def action_cancel(request, pk, action_pk):
    plan, action = _action(request, pk, action_pk)
    if action.status != Action.Status.CANCELLED:  # a second click changes nothing
        action_cancel_service(action=action, user=request.user)
        messages.success(request, _("L'action « %(title)s » est annulée.") % {"title": action})
    return _back_to(plan, action)


def action_delete(request, pk, action_pk):
    """Confirm, then delete an action entered by mistake (the history keeps it)."""
    plan, action = _action(request, pk, action_pk)
    if request.method == "POST":
        title = action.title
        action_delete_service(action=action, user=request.user)
        messages.success(request, _("L'action « %(title)s » est supprimée.") % {"title": title})
        return _back_to(plan)
    return render(request, "diagnostics/action_delete.html", {"plan": plan, "action": action})


def action_attendance(request, pk, action_pk):
    """The attendance sheet of an action, person by person; the counts follow."""
    plan, action = _action(request, pk, action_pk)
    return attendance_sheet(
        request,
        record=action,
        province=plan.province,
        save=lambda attendees: action_attendance_save(
            action=action, attendees=attendees, user=request.user
        ),
        done=reverse("diagnostics:plan", args=[plan.pk]) + f"#action-{action.pk}",
        template="diagnostics/action_attendance.html",
        context={"plan": plan, "action": action},
    )


def plan_export(request, pk):
    """The plan as an XLSX workbook: its actions, then its progress."""
    plan = _plan(request, pk)
    structure = _structure_of(plan)
    axes = {axis.code: axis.name for axis in structure.axes}
    subs = {sub.code: sub.name for axis in structure.axes for sub in axis.subdimensions.all()}
    headers = [
        _("Type d'action"), _("Intitulé"), _("Axe"), _("Sous-dimensions"), _("Début"), _("Fin"),
        _("Lieu"), _("Budget (MAD)"), _("Partenaires"), _("Responsable"), _("Statut"),
        _("Associations ciblées"), _("Associations présentes"), _("Personnes visées"),
        _("Personnes présentes"), _("dont femmes"), _("Résultat"), _("Guides et outils"),
    ]  # fmt: skip
    rows = [
        [
            action.get_kind_display(),
            action.title,
            axes.get(action.axis, action.axis),
            " | ".join(subs.get(code, code) for code in action.subdimensions),
            action.starts_on,
            action.ends_on,
            action.place,
            action.budget if action.budget is not None else str(_("à définir")),
            action.partners,
            action.responsible,
            action.get_status_display(),
            " | ".join(a.name_fr for a in action.targets.all()),
            " | ".join(a.name_fr for a in action.participants.all()),
            action.target_people,
            action.people,
            action.women,
            action.outcome,
            " | ".join(guide.title for guide in action.guides.all()),
        ]  # fmt: skip
        for action in with_attendance_counts(
            plan.actions.prefetch_related("targets", "participants", "guides")
        )
    ]
    progress = plan_progress(plan=plan)
    summary = [
        [str(label), value]
        for label, value in [
            (_("Plan"), plan.title),
            (_("Province"), plan.province.name_fr),
            (_("Statut"), plan.get_status_display()),
            (_("Actions prévues"), progress.planned),
            (_("Actions réalisées"), progress.done),
            (_("Budget engagé (MAD)"), progress.budget),
            (_("Budget des actions réalisées (MAD)"), progress.budget_done),
            (_("Associations ciblées"), progress.targeted),
            (_("Associations touchées"), progress.reached),
            (_("Personnes présentes"), progress.people),
            (_("dont femmes"), progress.women),
            (_("dont hommes"), progress.men),
        ]
    ]
    # Every sheet through tabular: a title or an outcome typed as "=..." stays text.
    content = xlsx_workbook(
        [
            Sheet(str(_("Actions")), [str(h) for h in headers], rows),
            Sheet(str(_("Avancement")), [str(_("Indicateur")), str(_("Valeur"))], summary),
        ]
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="plan-{slugify(plan.province.name_fr)}-{plan.pk}.xlsx"'
    )
    return response
