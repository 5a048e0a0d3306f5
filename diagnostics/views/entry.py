"""Questionnaire entry: one step per axis, the JSON autosave, submission, review."""

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from diagnostics.models import Diagnostic
from diagnostics.questionnaire.predicates import operators_for_browser, questions_of
from diagnostics.selectors.evidence import evidence_counts
from diagnostics.selectors.review import answer_shown
from diagnostics.services import (
    ConflictError,
    DiagnosticLocked,
    answers_of,
    diagnostic_save_answers,
    diagnostic_submit,
    progress_of,
    structure_for,
)
from takwia.access import get_visible_or_404
from takwia.figures import share_percent
from takwia.offline import VERSION_HEADER, offline_urls


def _lock_version(request) -> int:
    """The version the page was loaded with; a malformed one counts as stale."""
    try:
        return int(request.POST.get("lock_version", -1))
    except (TypeError, ValueError):
        return -1


PAGE_RELATED = ("association__commune__province", "campaign", "version")


def _diagnostic(request, pk, *, for_change=False, related=PAGE_RELATED, lock=False) -> Diagnostic:
    """The diagnostic if the user sees it (else 404) and may read it, or with
    ``for_change`` answer it (else 403: a self-assessment is its president's only).
    ``related``: what is read with it (a page shows the association and campaign; the
    autosave and the submission need the questionnaire version only). With ``lock``
    (in a transaction) its row is locked by the same query, and the save's service
    does not read it again (``row_locked``)."""
    queryset = Diagnostic.objects.select_related(*related)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    diagnostic = get_visible_or_404(queryset, request.user, pk=pk)
    diagnostic.row_locked = lock
    if for_change:
        allowed = diagnostic.enterable_by(request.user)
    else:
        allowed = request.user.has_perm("diagnostics.view_diagnostic")
    if not allowed:
        raise PermissionDenied
    return diagnostic


def _form_answers(post, structure, axis) -> dict:
    """The step's answers as posted by a plain form (no JavaScript)."""
    answers = {}
    for _sub, questions in structure.questions_of(axis):
        for question in questions:
            if question.kind == "multiple":
                answers[question.code] = post.getlist(question.code)
            else:
                answers[question.code] = post.get(question.code, "")
    return answers


def browser_value(question, value: Any) -> Any:
    """A typed answer as the page's fields hold it: "yes"/"no", digits, ISO dates,
    lists of choice codes, text ("" when there is none)."""
    if value is None:
        return [] if question.kind == "multiple" else ""
    if question.kind == "yes_no":
        return "yes" if value else "no"
    if question.kind == "date":
        return value.isoformat()
    if question.kind == "multiple":
        return list(value)
    return str(value)


def _field_id(question) -> str:
    """The id of the question's first field (the error summary links to it)."""
    if question.kind == "yes_no":
        return f"{question.code}-yes"
    if question.kind in {"single", "multiple"}:
        choices = question.spec.get("choices") or [{"code": ""}]
        return f"{question.code}-{choices[0]['code']}"
    return question.code


IDENTIFICATION = {
    "respondent": ("id_respondent", gettext_lazy("Personne interrogée")),
    "respondent_role": ("id_respondent_role", gettext_lazy("Sa fonction dans l'association")),
    "interviewed_on": ("id_interviewed_on", gettext_lazy("Date de l'entretien")),
}


def _identification_values(diagnostic, post=None) -> dict[str, str]:
    values = {
        "respondent": diagnostic.respondent,
        "respondent_role": diagnostic.respondent_role,
        "interviewed_on": (
            diagnostic.interviewed_on.isoformat() if diagnostic.interviewed_on else ""
        ),
    }
    if post is not None:
        values.update({name: post.get(name, "") for name in IDENTIFICATION})
    return values


def _conflict_answers(diagnostic, structure) -> tuple[dict, dict]:
    """The stored answers after a refused save: as fields hold them, and as read."""
    typed = answers_of(diagnostic, structure)
    fresh = Diagnostic.objects.get(pk=diagnostic.pk)
    values = _identification_values(fresh)
    shown = {
        **values,
        "interviewed_on": date_format(fresh.interviewed_on) if fresh.interviewed_on else "",
    }
    for code, value in typed.items():
        question = structure.by_code[code]
        values[code] = browser_value(question, value)
        shown[code] = answer_shown(question, value)
    return values, shown


def diagnostic_entry(request, pk, step):
    """One step of the questionnaire: 0 = identification, 1..6 = axes, 7 = summary.

    A step refused on submit comes back with what was typed, each error beside its
    field and a summary linking to them; a step posted from an older version of the
    diagnostic comes back too, with the answers saved meanwhile shown beside the
    agent's own, and the fresh version to save over them if the agent keeps theirs.
    """
    diagnostic = _diagnostic(request, pk, for_change=True)
    structure = structure_for(diagnostic.version)
    last = len(structure.axes) + 1
    if not 0 <= step <= last:
        return redirect("diagnostics:entry", pk=pk, step=0)
    axis = structure.axes[step - 1] if 1 <= step < last else None
    if request.method == "GET" and not diagnostic.editable:
        return redirect("diagnostics:results", pk=pk)
    errors: dict[str, str] = {}
    conflict = None
    posted: dict[str, Any] = {}
    if request.method == "POST":
        if not diagnostic.editable:
            messages.error(
                request, _("Ce questionnaire est soumis : il ne peut plus être modifié.")
            )
            return redirect("diagnostics:results", pk=pk)
        posted = _form_answers(request.POST, structure, axis) if axis else {}
        identification = (
            {name: request.POST.get(name, "") for name in IDENTIFICATION} if step == 0 else None
        )
        try:
            result = diagnostic_save_answers(
                diagnostic=diagnostic,
                raw_answers=posted,
                lock_version=_lock_version(request),
                user=request.user,
                identification=identification,
            )
        except ConflictError as exc:
            conflict = exc
            diagnostic.lock_version = exc.lock_version
        except DiagnosticLocked as exc:
            messages.error(request, str(exc))
            return redirect("diagnostics:results", pk=pk)
        else:
            errors = result.errors
            if not errors:
                target = step - 1 if "previous" in request.POST else step + 1
                return redirect("diagnostics:entry", pk=pk, step=max(0, min(target, last)))
    answers = answers_of(diagnostic, structure)
    progress = progress_of(structure, answers)
    live = structure.live(answers)
    questions, summary = [], []
    evidence = evidence_counts(diagnostic=diagnostic) if axis is not None else {}
    if axis is not None:
        for sub, items in structure.questions_of(axis):
            rows = []
            for question in items:
                stored = browser_value(question, answers.get(question.code))
                # What was typed stays in the field: refused values and, after a
                # conflict, everything posted (nothing is dropped without a choice).
                value = stored
                if question.code in errors or (conflict and question.code in posted):
                    value = posted.get(question.code, stored)
                theirs = None
                if conflict and question.code in posted and stored != value:
                    shown = answer_shown(question, answers.get(question.code))
                    theirs = shown or _("(sans réponse)")
                error = errors.get(question.code)
                if error:
                    summary.append((_field_id(question), question.text, error))
                rows.append(
                    {
                        "question": question,
                        "value": value,
                        "error": error,
                        "theirs": theirs,
                        "asked": structure.asked(question, live),
                        "evidence": evidence.get(question.pk, 0),
                        "condition": json.dumps(question.spec.get("condition") or {}),
                    }
                )
            questions.append((sub, rows))
    identification_values = _identification_values(
        diagnostic, request.POST if step == 0 and (errors or conflict) else None
    )
    for name, (field_id, label) in IDENTIFICATION.items():
        if name in errors:
            summary.append((field_id, label, errors[name]))
    # Answers of other steps that this step's conditions read, for the browser.
    here = {q.code for _sub, rows in questions for q in (row["question"] for row in rows)}
    elsewhere = {
        code: live[code].isoformat() if hasattr(live[code], "isoformat") else live[code]
        for _sub, rows in questions
        for row in rows
        for code in questions_of(row["question"].spec.get("condition"))
        if code not in here and code in live
    }
    total_asked = sum(p.asked for p in progress)
    total_answered = sum(p.answered for p in progress)
    response = render(
        request,
        "diagnostics/entry.html",
        {
            "diagnostic": diagnostic,
            "structure": structure,
            "step": step,
            "last": last,
            "axis": axis,
            "questions": questions,
            "identification": identification_values,
            "progress": progress,
            "percent": int(share_percent(total_answered, total_asked, 0)) if total_asked else 100,
            "missing": total_asked - total_answered,
            "errors": errors,
            "summary": summary,
            "conflict": conflict,
            "operators": operators_for_browser(),
            "precache": offline_urls([diagnostic]),
            "saved_today": timezone.localdate(diagnostic.updated_at) == timezone.localdate(),
            "axis_comment": (diagnostic.return_comments or {}).get(axis.code, "") if axis else "",
            "return_by_axis": [
                (number, entry.name, diagnostic.return_comments[entry.code])
                for number, entry in enumerate(structure.axes, start=1)
                if entry.code in (diagnostic.return_comments or {})
            ],
            "elsewhere": elsewhere,
            "steps": [(0, _("Identification"))]
            + [(i, a.name) for i, a in enumerate(structure.axes, start=1)]
            + [(last, _("Envoi"))],
        },
        status=409 if conflict else 422 if errors else 200,
    )
    # The version this page shows: the service worker refreshes its copy when it moves.
    response[VERSION_HEADER] = str(diagnostic.lock_version)
    return response


def _progress_label(progress) -> str:
    """The sidebar's words for one axis (the same messages as entry.html)."""
    label = _("%(answered)s / %(asked)s réponses") % {
        "answered": progress.answered,
        "asked": progress.asked,
    }
    missing = len(progress.missing)
    if missing:
        label += " · " + ngettext("%(n)s manquante", "%(n)s manquantes", missing) % {"n": missing}
    return label


def _payload(request) -> tuple[int, dict, dict | None] | None:
    """The autosave's body, or None when its shape is not the one the page sends."""
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    lock_version = payload.get("lock_version")
    answers = payload.get("answers", {})
    identification = payload.get("identification")
    if isinstance(lock_version, str) and lock_version.isascii() and lock_version.isdigit():
        lock_version = int(lock_version)
    if not isinstance(lock_version, int) or isinstance(lock_version, bool):
        return None
    if not isinstance(answers, dict) or not isinstance(identification, dict | None):
        return None
    return lock_version, answers, identification


@require_POST
def diagnostic_save(request, pk):
    """Autosave (JSON): {lock_version, answers: {code: value}, identification?}.

    200 with the new lock version; 422 with an error per field (the valid answers are
    saved); 409 with the stored answers, who saved them and when, and the fresh lock
    version to save over them; 423 once submitted; 400 for a body of the wrong shape.
    """
    try:
        with transaction.atomic():
            # Access checked and the row locked by one query, the answers written in
            # the same transaction.
            diagnostic = _diagnostic(request, pk, for_change=True, related=("version",), lock=True)
            parsed = _payload(request)
            if parsed is None:
                return JsonResponse({"error": _("Requête invalide.")}, status=400)
            lock_version, raw_answers, identification = parsed
            structure = structure_for(diagnostic.version)
            result = diagnostic_save_answers(
                diagnostic=diagnostic,
                raw_answers=raw_answers,
                lock_version=lock_version,
                user=request.user,
                identification=identification,
            )
    except ConflictError as exc:
        values, shown = _conflict_answers(diagnostic, structure)
        return JsonResponse(
            {
                "error": str(exc),
                "conflict": True,
                "lock_version": exc.lock_version,
                "who": exc.who,
                "when": exc.when,
                "answers": values,
                "shown": shown,
            },
            status=409,
        )
    except DiagnosticLocked as exc:
        return JsonResponse({"error": str(exc)}, status=423)
    progress = progress_of(structure, result.answers)
    return JsonResponse(
        {
            "lock_version": result.lock_version,
            "errors": result.errors,
            "saved": result.saved,
            "saved_at": timezone.localtime().strftime("%H:%M"),
            "progress": [
                {
                    "axis": p.axis.code,
                    "asked": p.asked,
                    "answered": p.answered,
                    "percent": p.percent,
                    "label": _progress_label(p),
                }
                for p in progress
            ],
        },
        status=422 if result.errors else 200,
    )


@require_POST
def diagnostic_submit_view(request, pk):
    """Submit the questionnaire. A submission asked for offline is sent later by the
    page's script (Accept: application/json): it gets JSON, 200 with the results' URL,
    422 with the reasons, 409 when the questionnaire changed meanwhile."""
    diagnostic = _diagnostic(request, pk, for_change=True, related=("version",))
    as_json = "application/json" in request.headers.get("Accept", "")
    try:
        errors = diagnostic_submit(
            diagnostic=diagnostic,
            user=request.user,
            lock_version=_lock_version(request),
        )
    except (ConflictError, DiagnosticLocked) as exc:
        if as_json:
            return JsonResponse({"errors": [str(exc)]}, status=409)
        messages.error(request, str(exc))
        return redirect(
            "diagnostics:entry", pk=pk, step=len(structure_for(diagnostic.version).axes) + 1
        )
    if errors and as_json:
        return JsonResponse({"errors": [str(error) for error in errors]}, status=422)
    if errors:
        for error in errors:
            messages.error(request, error)
        return redirect(
            "diagnostics:entry", pk=pk, step=len(structure_for(diagnostic.version).axes) + 1
        )
    messages.success(request, _("Le questionnaire est soumis ; ses scores sont calculés."))
    if as_json:
        return JsonResponse({"url": reverse("diagnostics:results", args=[pk])})
    return redirect("diagnostics:results", pk=pk)
