"""Questionnaire entry: one step per axis, the JSON autosave, submission, review."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diagnostics.forms import ReturnForm
from diagnostics.models import Diagnostic
from diagnostics.services import (
    ConflictError,
    DiagnosticLocked,
    answers_of,
    diagnostic_return,
    diagnostic_save_answers,
    diagnostic_submit,
    diagnostic_validate,
    progress_of,
    structure_for,
)
from takwia.access import get_visible_or_404, is_national


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
    live = structure.live(answers)
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
                            "asked": structure.asked(q, live),
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
