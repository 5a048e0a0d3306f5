"""Starting a diagnostic where the work is: from the association's page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.models import Association
from diagnostics.models import Diagnostic
from diagnostics.selectors.worklists import campaigns_to_start
from diagnostics.services import diagnostic_start, sample_add
from takwia.access import get_visible_or_404

ERROR_NO_CAMPAIGN = _(
    "Choisissez une campagne ouverte de la province de l'association : le diagnostic "
    "n'a pas été commencé."
)


@require_POST
@permission_required("diagnostics.change_diagnostic", raise_exception=True)
def diagnostic_start_here(request, association_pk):
    """Start the association's diagnostic in an open campaign of its province. An
    association outside the sample joins it by hand (no stratum: counted, not weighted
    in the estimates); one already diagnosed in that campaign opens its diagnostic."""
    association = get_visible_or_404(
        Association.objects.current().select_related("commune"), request.user, pk=association_pk
    )
    existing = (
        Diagnostic.objects.visible_to(request.user)
        .assessed()
        .filter(association=association, campaign_id=_pk(request.POST.get("campaign")))
        .first()
    )
    if existing is not None:
        return redirect("diagnostics:entry", pk=existing.pk, step=0)
    campaign = (
        campaigns_to_start(association=association, user=request.user)
        .filter(pk=_pk(request.POST.get("campaign")))
        .first()
    )
    if campaign is None:
        messages.error(request, ERROR_NO_CAMPAIGN)
        return redirect("associations:detail", pk=association.pk)
    sample_add(campaign=campaign, association=association)
    diagnostic = diagnostic_start(campaign=campaign, association=association, user=request.user)
    messages.success(
        request,
        _("Le diagnostic est commencé dans « %(campaign)s ».") % {"campaign": campaign.name},
    )
    return redirect("diagnostics:entry", pk=diagnostic.pk, step=0)


def _pk(raw) -> int:
    return int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() else 0
