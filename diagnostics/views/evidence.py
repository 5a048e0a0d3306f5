"""Evidence behind one answer: its page (list, and the form while the diagnostic is
being entered), the download and the withdrawal. Access is the diagnostic's: whoever
sees it (its province's staff, national staff, its association's president) reads its
evidence; whoever enters it adds evidence. Out of scope: 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from diagnostics.forms import EvidenceForm
from diagnostics.models import Evidence, Question
from diagnostics.selectors.review import answer_shown
from diagnostics.services import DiagnosticLocked, answers_of, structure_for
from diagnostics.services.evidence import evidence_add, evidence_remove
from diagnostics.views.entry import _diagnostic
from takwia.files import serve_record_file
from takwia.submissions import already_created, create_once

ERROR_SUBMITTED = gettext_noop("Ce questionnaire est soumis : il ne peut plus être modifié.")


def _may_add(request, diagnostic) -> bool:
    return diagnostic.editable and request.user.has_perm("diagnostics.change_diagnostic")


def _step_of(structure, question) -> int:
    """The entry step (1..6) where the question is asked."""
    for number, axis in enumerate(structure.axes, start=1):
        if any(question.subdimension_id == sub.pk for sub in axis.subdimensions.all()):
            return number
    return 0


def evidence_page(request, pk, question_pk):
    """The evidence on one answer; while the diagnostic is entered, a form adds more."""
    diagnostic = _diagnostic(request, pk)
    question = get_object_or_404(Question, pk=question_pk, version_id=diagnostic.version_id)
    may_add = _may_add(request, diagnostic)
    if request.method == "POST":
        if not request.user.has_perm("diagnostics.change_diagnostic"):
            raise PermissionDenied
        if already_created(request=request, model=Evidence) is not None:
            return redirect("diagnostics:evidence", pk=pk, question_pk=question_pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not diagnostic.editable:
            messages.error(
                request, _("Ce questionnaire est soumis : il ne peut plus être modifié.")
            )
            return redirect("diagnostics:evidence", pk=pk, question_pk=question_pk)
        if form.is_valid():
            create_once(
                request=request,
                model=Evidence,
                create=lambda: evidence_add(
                    diagnostic=diagnostic,
                    question=question,
                    comment=form.cleaned_data["comment"].strip(),
                    file=form.cleaned_data["file"],
                    user=request.user,
                ),
            )
            messages.success(request, _("La pièce justificative a été ajoutée."))
            return redirect("diagnostics:evidence", pk=pk, question_pk=question_pk)
    structure = structure_for(diagnostic.version)
    value = answers_of(diagnostic, structure).get(question.code)
    return render(
        request,
        "diagnostics/evidence.html",
        {
            "diagnostic": diagnostic,
            "question": question,
            "answer": answer_shown(question, value) if value is not None else "",
            "evidence": Evidence.objects.filter(
                diagnostic=diagnostic, question=question
            ).select_related("uploaded_by"),
            "form": form if may_add else None,
            "step": _step_of(structure, question) if may_add else None,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def evidence_file(request, pk, evidence_pk):
    """A piece of evidence's file, for whoever sees the diagnostic (logged)."""
    diagnostic = _diagnostic(request, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, diagnostic=diagnostic)
    return serve_record_file(request, record=evidence, field_file=evidence.file)


@require_POST
def evidence_withdraw(request, pk, evidence_pk):
    """Withdraw a piece of evidence while the diagnostic is being entered."""
    diagnostic = _diagnostic(request, pk, for_change=True)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, diagnostic=diagnostic)
    evidence.diagnostic = diagnostic
    try:
        evidence_remove(evidence=evidence, user=request.user)
    except DiagnosticLocked as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("La pièce justificative a été retirée."))
    return redirect("diagnostics:evidence", pk=pk, question_pk=evidence.question_id)
