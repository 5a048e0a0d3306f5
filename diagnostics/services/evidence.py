"""Writes of the evidence behind answers: added and removed while the diagnostic is
being entered (draft or returned), never once it is submitted."""

from diagnostics.models import Diagnostic, Evidence, Question
from diagnostics.services.entry import ERROR_LOCKED, DiagnosticLocked


def _editable(diagnostic: Diagnostic) -> None:
    if not diagnostic.editable:
        raise DiagnosticLocked(ERROR_LOCKED)


def evidence_add(
    *, diagnostic: Diagnostic, question: Question, comment: str, file, user
) -> Evidence:
    """One piece of evidence on the answer to ``question`` (the file already checked
    by ``takwia.files``; stored through the default storage)."""
    _editable(diagnostic)
    if question.version_id != diagnostic.version_id:
        raise ValueError("question of another questionnaire")
    evidence = Evidence(diagnostic=diagnostic, question=question, comment=comment, uploaded_by=user)
    if file:
        evidence.file = file
    evidence._history_user = user
    evidence.save()
    return evidence


def evidence_remove(*, evidence: Evidence, user) -> None:
    """Withdraw a piece of evidence (its history keeps who, when and which file)."""
    _editable(evidence.diagnostic)
    evidence._history_user = user
    evidence.delete()
