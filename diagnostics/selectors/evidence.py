"""Reads of the evidence behind answers, grouped by question, in one query each."""

from collections import defaultdict

from django.db.models import Count, Max

from diagnostics.models import Diagnostic, Evidence


def evidence_by_question(*, diagnostic: Diagnostic) -> dict[int, list[Evidence]]:
    """The diagnostic's evidence by question id, oldest first (one query)."""
    grouped: dict[int, list[Evidence]] = defaultdict(list)
    for evidence in Evidence.objects.filter(diagnostic=diagnostic).select_related("uploaded_by"):
        grouped[evidence.question_id].append(evidence)
    return dict(grouped)


def evidence_counts(*, diagnostic: Diagnostic) -> dict[int, int]:
    """How many pieces of evidence each question has (one query)."""
    return dict(
        Evidence.objects.filter(diagnostic=diagnostic)
        .values("question_id")
        .annotate(count=Count("pk"))
        .values_list("question_id", "count")
    )


def evidence_listed(*, diagnostic: Diagnostic) -> list[Evidence]:
    """The diagnostic's evidence in questionnaire order, with its questions (for the
    association's PDF; one query)."""
    return list(
        Evidence.objects.filter(diagnostic=diagnostic)
        .select_related("question")
        .order_by("question__order", "uploaded_at", "pk")
    )


def evidence_changes(*, diagnostic_id: int) -> dict:
    """Count and date of the last change of the diagnostic's evidence (additions and
    withdrawals, from its history): a report made before it is out of date."""
    return Evidence.history.filter(diagnostic_id=diagnostic_id).aggregate(
        count=Count("history_id"), changed=Max("history_date")
    )
