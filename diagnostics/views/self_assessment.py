"""The president's self-assessment of their own association: started (or reopened)
from their home page, answered through the questionnaire's pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.models import Association
from diagnostics.selectors.self_assessment import self_assessment_campaign, self_assessment_of
from diagnostics.services.self_assessment import self_assessment_start
from takwia.roles import Role


@require_POST
def self_assessment_open(request):
    """A president's own association only (another role: 403). Opens the
    self-assessment of the campaign it belongs to, starting it if new; a submitted one
    shows its results."""
    user = request.user
    if user.role != Role.PRESIDENT or not user.association_id:
        raise PermissionDenied
    association = Association.objects.select_related("commune").get(pk=user.association_id)
    campaign = self_assessment_campaign(association=association)
    if campaign is None:
        messages.error(
            request,
            _(
                "Aucune campagne de diagnostic n'est ouverte dans votre province : "
                "l'auto-évaluation n'est pas encore possible."
            ),
        )
        return redirect("home")
    diagnostic = self_assessment_of(association=association, campaign=campaign)
    if diagnostic is None:
        diagnostic = self_assessment_start(campaign=campaign, association=association, user=user)
    if not diagnostic.editable:
        return redirect("diagnostics:results", pk=diagnostic.pk)
    return redirect("diagnostics:entry", pk=diagnostic.pk, step=0)
