"""The scoring rules and the method, shown to everybody who sees a diagnostic."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from diagnostics.models import QuestionnaireVersion
from diagnostics.services import structure_for


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
