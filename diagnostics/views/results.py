"""One diagnostic's results: the president's view, the reviewer's."""

from django.shortcuts import redirect, render

from diagnostics.forms import ReturnForm
from diagnostics.models import Action, Diagnostic
from diagnostics.selectors import diagnostic_results, results_radar
from diagnostics.selectors.review import decision_history, review_answers
from diagnostics.views.entry import _diagnostic
from takwia.roles import READ_ANSWERS, REVIEW_DIAGNOSTICS


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
    actions = (
        Action.objects.visible_to(request.user)
        .aimed_at(diagnostic.association)
        .select_related("plan")
        .order_by("starts_on", "pk")
    )
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
            and diagnostic.status == Diagnostic.Status.SUBMITTED,
            "return_form": ReturnForm(axes=results.structure.axes),
            # Staff read every answer with its points and the previous answer.
            "answers": review_answers(diagnostic=diagnostic, previous=results.previous)
            if request.user.has_perm(READ_ANSWERS)
            else None,
            "decisions": decision_history(diagnostic=diagnostic),
        },
    )
