"""The scoring rules and the method, shown to everybody who sees a diagnostic."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from diagnostics.models import QuestionnaireVersion
from diagnostics.questionnaire import estimation
from diagnostics.questionnaire.describe import describe
from diagnostics.questionnaire.scoring import STRONG_FROM, WEAK_BELOW
from diagnostics.services import structure_for


def scoring_rules(request):
    """The scoring rules and the questionnaire, for everybody who sees a diagnostic."""
    if not request.user.has_perm("diagnostics.view_diagnostic"):
        raise PermissionDenied
    versions = QuestionnaireVersion.objects.published()
    number = request.GET.get("version", "")
    chosen = number.isascii() and number.isdigit() and len(number) < 6
    version = (versions.filter(number=int(number)).first() if chosen else None) or versions.first()
    structure = structure_for(version) if version else None
    return render(
        request,
        "diagnostics/scoring.html",
        {
            "version": version,
            "structure": structure,
            "findings": [
                (finding, describe(finding.predicate, mark=""), describe(finding.base, mark=""))
                for finding in (structure.findings if structure else [])
            ],
            "versions": versions,
            "weak_below": WEAK_BELOW,
            "strong_from": STRONG_FROM,
            "caution_base": estimation.CAUTION_BASE,
            "suppression_base": estimation.SUPPRESSION_BASE,
        },
    )
