import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.models import Association
from diagnostics import scoring
from diagnostics.forms import (
    CampaignForm,
    ReturnForm,
    SampleAddForm,
    SampleDrawForm,
    WorkshopForm,
)
from diagnostics.models import Campaign, Diagnostic, QuestionnaireVersion, SampleEntry
from diagnostics.selectors import (
    campaign_counts,
    campaign_results,
    campaign_sample,
    diagnostic_results,
    findings_by_province,
    results_radar,
)
from diagnostics.services import (
    ConflictError,
    DiagnosticLocked,
    answers_of,
    campaign_sample_draw,
    diagnostic_return,
    diagnostic_save_answers,
    diagnostic_start,
    diagnostic_submit,
    diagnostic_validate,
    progress_of,
    structure_for,
)
from takwia.access import get_visible_or_404, is_national

# --- Scoring rules ---------------------------------------------------------------


def scoring_rules(request):
    """The scoring rules and the questionnaire, for everybody who sees a diagnostic."""
    if not request.user.has_perm("diagnostics.view_diagnostic"):
        raise PermissionDenied
    version = QuestionnaireVersion.objects.published().first()
    structure = structure_for(version) if version else None
    return render(
        request,
        "diagnostics/scoring.html",
        {
            "version": version,
            "structure": structure,
            "findings": version.findings.select_related("question", "axis") if version else [],
        },
    )


# --- Campaigns -------------------------------------------------------------------


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_list(request):
    campaigns = Campaign.objects.visible_to(request.user).select_related("province", "version")
    return render(request, "diagnostics/campaign_list.html", {"campaigns": campaigns})


@permission_required("diagnostics.add_campaign", raise_exception=True)
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = form.save(commit=False)
        campaign.created_by = request.user
        campaign.save()
        messages.success(request, _("La campagne a été créée."))
        return redirect("diagnostics:campaign", pk=campaign.pk)
    return render(request, "diagnostics/campaign_form.html", {"form": form})


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_detail(request, pk):
    campaign = get_visible_or_404(
        Campaign.objects.select_related("province", "version"), request.user, pk=pk
    )
    can_change = request.user.has_perm("diagnostics.change_campaign")
    return render(
        request,
        "diagnostics/campaign_detail.html",
        {
            "campaign": campaign,
            "entries": campaign_sample(campaign=campaign),
            "counts": campaign_counts(campaign=campaign),
            "workshops": campaign.workshops.prefetch_related("attendees"),
            "can_change": can_change,
            "can_enter": request.user.has_perm("diagnostics.change_diagnostic"),
            "draw_form": SampleDrawForm(),
            "add_form": SampleAddForm(campaign=campaign, user=request.user),
            "workshop_form": WorkshopForm(campaign=campaign),
        },
    )


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_results_view(request, pk):
    """The province's findings, shares with their base, weighted when the sample was drawn."""
    campaign = get_visible_or_404(
        Campaign.objects.select_related("province", "version"), request.user, pk=pk
    )
    from associations.models import Domain

    domains = Domain.objects.order_by("name_fr")
    domain = request.GET.get("domain") or None
    if domain and not domains.filter(code=domain).exists():
        domain = None
    results = campaign_results(campaign=campaign, domain=domain)
    return render(
        request,
        "diagnostics/campaign_results.html",
        {"campaign": campaign, "results": results, "domains": domains, "domain": domain},
    )


@permission_required("diagnostics.view_campaign", raise_exception=True)
def findings_comparison(request):
    """Each finding side by side for the user's provinces, with the national figure."""
    version = QuestionnaireVersion.objects.published().first()
    findings, provinces, per_province, national = findings_by_province(
        version=version, user=request.user
    )
    rows = [
        (
            finding,
            [per_province[p.pk].get(finding.code) for p in provinces],
            national.get(finding.code),
        )
        for finding in findings
    ]
    return render(
        request,
        "diagnostics/comparison.html",
        {"version": version, "provinces": provinces, "rows": rows},
    )


@require_POST
@permission_required("diagnostics.change_campaign", raise_exception=True)
def campaign_sample_draw_view(request, pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    form = SampleDrawForm(request.POST)
    if form.is_valid():
        try:
            entries = campaign_sample_draw(
                campaign=campaign, size=form.cleaned_data["size"], seed=form.cleaned_data["seed"]
            )
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Échantillon tiré : %(count)s associations, stratifié par milieu et domaine.")
                % {"count": len(entries)},
            )
    else:
        messages.error(request, _("Taille ou graine invalide."))
    return redirect("diagnostics:campaign", pk=campaign.pk)


@require_POST
@permission_required("diagnostics.change_campaign", raise_exception=True)
def campaign_sample_add(request, pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    form = SampleAddForm(request.POST, campaign=campaign, user=request.user)
    if form.is_valid():
        SampleEntry.objects.get_or_create(
            campaign=campaign, association=form.cleaned_data["association"]
        )
        messages.success(request, _("L'association a été ajoutée à l'échantillon."))
    else:
        messages.error(request, _("Choisissez une association de la province."))
    return redirect("diagnostics:campaign", pk=campaign.pk)


@require_POST
@permission_required("diagnostics.change_campaign", raise_exception=True)
def workshop_create(request, pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    form = WorkshopForm(request.POST, campaign=campaign)
    if form.is_valid():
        workshop = form.save(commit=False)
        workshop.campaign = campaign
        workshop.save()
        form.save_m2m()
        messages.success(request, _("L'atelier a été enregistré."))
    else:
        messages.error(
            request,
            _("L'atelier n'a pas été enregistré : %(errors)s")
            % {"errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect(reverse("diagnostics:campaign", args=[campaign.pk]) + "#workshops")


@require_POST
@permission_required("diagnostics.change_diagnostic", raise_exception=True)
def diagnostic_begin(request, pk, association_pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    association = get_visible_or_404(
        Association.objects.filter(campaigns=campaign), request.user, pk=association_pk
    )
    diagnostic = diagnostic_start(campaign=campaign, association=association, user=request.user)
    return redirect("diagnostics:entry", pk=diagnostic.pk, step=0)


# --- Entry -----------------------------------------------------------------------


def _lock_version(request) -> int:
    """The version the page was loaded with; a malformed one counts as stale."""
    try:
        return int(request.POST.get("lock_version", -1))
    except (TypeError, ValueError):
        return -1


def _diagnostic(request, pk, *, for_change=False) -> Diagnostic:
    permission = "diagnostics.change_diagnostic" if for_change else "diagnostics.view_diagnostic"
    diagnostic = get_visible_or_404(
        Diagnostic.objects.select_related("association__commune__province", "campaign", "version"),
        request.user,
        pk=pk,
    )
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return diagnostic


def _form_answers(post, structure, axis) -> dict:
    """The step's answers as posted by a plain form (no JavaScript)."""
    answers = {}
    for sub in axis.subdimensions.all():
        for question in structure.questions:
            if question.subdimension_id != sub.pk:
                continue
            if question.kind == "multiple":
                answers[question.code] = post.getlist(question.code)
            else:
                answers[question.code] = post.get(question.code, "")
    return answers


def diagnostic_entry(request, pk, step):
    """One step of the questionnaire: 0 = identification, 1..6 = axes, 7 = summary."""
    diagnostic = _diagnostic(request, pk, for_change=True)
    structure = structure_for(diagnostic.version)
    last = len(structure.axes) + 1
    if not 0 <= step <= last:
        return redirect("diagnostics:entry", pk=pk, step=0)
    axis = structure.axes[step - 1] if 1 <= step < last else None
    if request.method == "GET" and not diagnostic.editable:
        return redirect("diagnostics:results", pk=pk)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not diagnostic.editable:
            messages.error(
                request, _("Ce questionnaire est soumis : il ne peut plus être modifié.")
            )
            return redirect("diagnostics:results", pk=pk)
        raw = _form_answers(request.POST, structure, axis) if axis else {}
        identification = (
            {
                k: request.POST.get(k, "")
                for k in ("respondent", "respondent_role", "interviewed_on")
            }
            if step == 0
            else None
        )
        try:
            result = diagnostic_save_answers(
                diagnostic=diagnostic,
                raw_answers=raw,
                lock_version=_lock_version(request),
                user=request.user,
                identification=identification,
            )
        except ConflictError as exc:
            messages.error(request, str(exc))
            return redirect("diagnostics:entry", pk=pk, step=step)
        errors = result.errors
        if not errors:
            target = step - 1 if "previous" in request.POST else step + 1
            return redirect("diagnostics:entry", pk=pk, step=max(0, min(target, last)))
    answers = answers_of(diagnostic, structure)
    if request.method == "POST":
        # Show what was typed, including the refused values, beside their errors.
        answers.update(
            {
                k: v
                for k, v in _form_answers(request.POST, structure, axis).items()
                if v not in ("", [])
            }
            if axis
            else {}
        )
    progress = progress_of(structure, answers)
    questions = []
    if axis is not None:
        for sub in axis.subdimensions.all():
            items = [q for q in structure.questions if q.subdimension_id == sub.pk]
            questions.append(
                (
                    sub,
                    [
                        {
                            "question": q,
                            "value": answers.get(q.code),
                            "error": errors.get(q.code),
                            "asked": scoring.condition_holds(q.spec.get("condition"), answers),
                            "condition": json.dumps(q.spec.get("condition") or {}),
                        }
                        for q in items
                    ],
                )
            )
    total_asked = sum(p.asked for p in progress)
    total_answered = sum(p.answered for p in progress)
    return render(
        request,
        "diagnostics/entry.html",
        {
            "diagnostic": diagnostic,
            "structure": structure,
            "step": step,
            "last": last,
            "axis": axis,
            "questions": questions,
            "progress": progress,
            "percent": round(100 * total_answered / total_asked) if total_asked else 100,
            "missing": total_asked - total_answered,
            "errors": errors,
            "steps": [(0, _("Identification"))]
            + [(i, a.name) for i, a in enumerate(structure.axes, start=1)]
            + [(last, _("Envoi"))],
        },
        status=422 if errors else 200,
    )


@require_POST
def diagnostic_save(request, pk):
    """Autosave (JSON): {lock_version, answers: {code: value}, identification?}."""
    diagnostic = _diagnostic(request, pk, for_change=True)
    try:
        payload = json.loads(request.body)
        lock_version = int(payload["lock_version"])
        raw_answers = dict(payload.get("answers", {}))
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Requête invalide.")}, status=400)
    try:
        result = diagnostic_save_answers(
            diagnostic=diagnostic,
            raw_answers=raw_answers,
            lock_version=lock_version,
            user=request.user,
            identification=payload.get("identification"),
        )
    except ConflictError as exc:
        return JsonResponse({"error": str(exc), "conflict": True}, status=409)
    except DiagnosticLocked as exc:
        return JsonResponse({"error": str(exc)}, status=423)
    structure = structure_for(diagnostic.version)
    progress = progress_of(structure, answers_of(diagnostic, structure))
    return JsonResponse(
        {
            "lock_version": result.lock_version,
            "errors": result.errors,
            "saved": result.saved,
            "progress": [
                {
                    "axis": p.axis.code,
                    "asked": p.asked,
                    "answered": p.answered,
                    "percent": p.percent,
                }
                for p in progress
            ],
        },
        status=422 if result.errors else 200,
    )


@require_POST
def diagnostic_submit_view(request, pk):
    diagnostic = _diagnostic(request, pk, for_change=True)
    try:
        errors = diagnostic_submit(
            diagnostic=diagnostic,
            user=request.user,
            lock_version=_lock_version(request),
        )
    except (ConflictError, DiagnosticLocked) as exc:
        messages.error(request, str(exc))
        return redirect(
            "diagnostics:entry", pk=pk, step=len(structure_for(diagnostic.version).axes) + 1
        )
    if errors:
        for error in errors:
            messages.error(request, error)
        return redirect(
            "diagnostics:entry", pk=pk, step=len(structure_for(diagnostic.version).axes) + 1
        )
    messages.success(request, _("Le questionnaire est soumis ; ses scores sont calculés."))
    return redirect("diagnostics:results", pk=pk)


@require_POST
def diagnostic_review(request, pk):
    """National staff validate a submitted diagnostic or return it with a comment."""
    diagnostic = _diagnostic(request, pk)
    if not is_national(request.user):
        raise PermissionDenied
    try:
        if request.POST.get("decision") == "validate":
            diagnostic_validate(diagnostic=diagnostic, user=request.user)
            messages.success(request, _("Le diagnostic est validé."))
        else:
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Indiquez ce qui doit être corrigé."))
                return redirect("diagnostics:results", pk=pk)
            diagnostic_return(
                diagnostic=diagnostic, user=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Le diagnostic est renvoyé à l'agent pour correction."))
    except DiagnosticLocked as exc:
        messages.error(request, str(exc))
    return redirect("diagnostics:results", pk=pk)


# --- Results (the president's view) ----------------------------------------------


def diagnostic_results_view(request, pk):
    diagnostic = _diagnostic(request, pk)
    if diagnostic.status in {Diagnostic.Status.DRAFT, Diagnostic.Status.RETURNED}:
        if request.user.has_perm("diagnostics.change_diagnostic"):
            return redirect("diagnostics:entry", pk=pk, step=0)
        return render(request, "diagnostics/results_pending.html", {"diagnostic": diagnostic})
    results = diagnostic_results(diagnostic=diagnostic)
    # Spokes are numbered; the table beside the chart names them (SVG text is neither
    # wrapped nor shaped for Arabic by every renderer).
    radar, legend = results_radar(results)
    from diagnostics.models import Action

    weak = {entry.code for entry in results.weaknesses}
    actions = [
        action
        for action in Action.objects.visible_to(request.user)
        .filter(targets=diagnostic.association)
        .exclude(status=Action.Status.CANCELLED)
        .order_by("starts_on", "pk")
        if not weak or weak & set(action.subdimensions) or not action.subdimensions
    ]
    return render(
        request,
        "diagnostics/results.html",
        {
            "diagnostic": diagnostic,
            "actions": actions,
            "results": results,
            "radar": radar,
            "legend": legend,
            "can_review": is_national(request.user)
            and diagnostic.status == Diagnostic.Status.SUBMITTED,
            "return_form": ReturnForm(),
        },
    )


# --- Needs and plans ---------------------------------------------------------------


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_needs(request, pk):
    """Sub-dimensions ranked by need, with the reasoning, by milieu or domain on demand."""
    from associations.models import Domain, Milieu
    from diagnostics.selectors import NEED_THRESHOLD, needs_ranking

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
        for workshop in campaign.workshops.filter(kind="restitution").annotate(
            attendee_count=Count("attendees")
        )
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
    from diagnostics.services import plan_draft_from_needs

    campaign = get_visible_or_404(Campaign.objects.select_related("province"), request.user, pk=pk)
    plan = plan_draft_from_needs(campaign=campaign, user=request.user)
    messages.success(
        request,
        _(
            "Un projet de plan a été généré à partir des besoins prioritaires : "
            "relisez et complétez chaque action."
        ),
    )
    return redirect("diagnostics:plan", pk=plan.pk)


@permission_required("diagnostics.view_plan", raise_exception=True)
def plan_list(request):
    from diagnostics.models import Plan

    plans = Plan.objects.visible_to(request.user).select_related("province")
    return render(request, "diagnostics/plan_list.html", {"plans": plans})


def _plan(request, pk, permission="diagnostics.view_plan"):
    from diagnostics.models import Plan

    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_visible_or_404(
        Plan.objects.select_related("province", "campaign__version"), request.user, pk=pk
    )


def plan_detail(request, pk):
    from diagnostics.selectors import plan_progress

    plan = _plan(request, pk)
    actions = plan.actions.prefetch_related("targets", "participants")
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
    from diagnostics.forms import PlanForm

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
    from diagnostics.forms import ActionForm

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


def plan_export(request, pk):
    """The plan as an XLSX workbook: its actions, then its progress."""
    from django.http import HttpResponse
    from django.utils.text import slugify

    from diagnostics.selectors import plan_progress
    from takwia.tabular import xlsx_bytes

    plan = _plan(request, pk)
    structure = _structure_of(plan)
    axes = {axis.code: axis.name for axis in structure.axes}
    subs = {sub.code: sub.name for axis in structure.axes for sub in axis.subdimensions.all()}
    headers = [
        _("Type d'action"), _("Intitulé"), _("Axe"), _("Sous-dimensions"), _("Début"), _("Fin"),
        _("Lieu"), _("Budget (MAD)"), _("Partenaires"), _("Responsable"), _("Statut"),
        _("Associations ciblées"), _("Associations présentes"), _("Résultat"),
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
            float(action.budget),
            action.partners,
            action.responsible,
            action.get_status_display(),
            " | ".join(a.name_fr for a in action.targets.all()),
            " | ".join(a.name_fr for a in action.participants.all()),
            action.outcome,
        ]  # fmt: skip
        for action in plan.actions.prefetch_related("targets", "participants")
    ]
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(xlsx_bytes(headers, rows, title=str(_("Actions")))))
    progress = plan_progress(plan=plan)
    sheet = workbook.create_sheet(str(_("Avancement")))
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
    ]:
        sheet.append([str(label), value])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="plan-{slugify(plan.province.name_fr)}-{plan.pk}.xlsx"'
    )
    return response
