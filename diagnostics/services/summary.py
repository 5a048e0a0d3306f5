"""Writes of the campaigns' results summary (``diagnostics.analytics``): the services
that change a diagnostic fold the change into it themselves (``analytics.change``);
these rebuild it whole, each campaign in one transaction (idempotent)."""

from diagnostics import analytics
from diagnostics.models import Campaign


def campaign_summary_rebuild(*, campaign: Campaign) -> None:
    """Rebuild one campaign's summary rows from its diagnostics, in one transaction."""
    analytics.rebuild(campaign.pk)


def summaries_rebuild(*, campaigns=None, stale_only: bool = False) -> int:
    """Rebuild the summary rows of ``campaigns`` (every campaign by default; those not
    up to date with ``stale_only``), one transaction per campaign. Returns how many
    were rebuilt."""
    campaigns = campaigns if campaigns is not None else Campaign.objects.all()
    rebuilt = 0
    for campaign_id in list(campaigns.order_by("pk").values_list("pk", flat=True)):
        rebuilt += analytics.rebuild(campaign_id, only_if_stale=stale_only)
    return rebuilt
