"""One diagnostic's results: the president's view, the reviewer's."""

from django.shortcuts import redirect, render

from diagnostics.forms import ReturnForm
from diagnostics.models import Action, Diagnostic
from diagnostics.selectors import diagnostic_results, results_radar
from diagnostics.selectors.evidence import evidence_by_question
from diagnostics.selectors.review import decision_history, review_answers
from diagnostics.selectors.self_assessment import side_by_side
from diagnostics.views.entry import _diagnostic
from takwia.roles import READ_ANSWERS, REVIEW_DIAGNOSTICS


def diagnostic_results_view(request, pk):
    diagnostic = _diagnostic(request, pk)
    if diagnostic.status in {Diagnostic.Status.DRAFT, Diagnostic.Status.RETURNED}:
        if diagnostic.enterable_by(request.user):
            return redirect("diagnostics:entry", pk=pk, step=0)
        return render(request, "diagnostics/results_pending.html", {"diagnostic": diagnostic})
    results = diagnostic_results(diagnostic=diagnostic)
    # Spokes are numbered; the table beside the chart names them (SVG text is neither
    # wrapped nor shaped for Arabic by every renderer).
    radar, legend = results_radar(results)
    actions = (
        Action.objects.visible_to(request.user)
        .aimed_at(diagnostic.association)
        .select_related("plan")
        .order_by("starts_on", "pk")
    )
    answers = None
    if request.user.has_perm(READ_ANSWERS):
        # Staff read every answer with its points, the previous answer and its evidence.
        answers = review_answers(diagnostic=diagnostic, previous=results.previous)
        evidence = evidence_by_question(diagnostic=diagnostic)
        for axis in answers:
            for _sub, rows in axis.subdimensions:
                for row in rows:
                    row.evidence = evidence.get(row.question.pk, [])
    return render(
        request,
        "diagnostics/results.html",
        {
            "diagnostic": diagnostic,
            "actions": actions,
            "results": results,
            "radar": radar,
            "legend": legend,
            "can_review": request.user.has_perm(REVIEW_DIAGNOSTICS)
            and not diagnostic.is_self_assessment
            and diagnostic.status == Diagnostic.Status.SUBMITTED,
            "side_by_side": side_by_side(diagnostic=diagnostic),
            "return_form": ReturnForm(axes=results.structure.axes),
            "answers": answers,
            "decisions": decision_history(diagnostic=diagnostic),
        },
    )
