"""Reads of campaigns: the sample with its diagnostics, status counts, the campaigns a
report can be about."""

from django.db import models
from django.db.models import Count, Q

from diagnostics.models import Campaign, Diagnostic


def campaign_sample(*, campaign: Campaign):
    """The sample's associations with their diagnostic (if any), in two queries."""
    diagnostics = {
        d.association_id: d
        for d in Diagnostic.objects.assessed()
        .filter(campaign=campaign)
        .only("pk", "association_id", "status", "overall_score", "campaign_id")
    }
    entries = list(
        campaign.entries.select_related("association__commune").order_by("association__name_fr")
    )
    for entry in entries:
        entry.diagnostic = diagnostics.get(entry.association_id)
    return entries


def campaign_counts(*, campaign: Campaign) -> dict[str, int]:
    return campaign.diagnostics.assessed().aggregate(
        total=Count("pk"),
        drafts=Count(
            "pk", filter=Q(status__in=[Diagnostic.Status.DRAFT, Diagnostic.Status.RETURNED])
        ),
        submitted=Count("pk", filter=Q(status=Diagnostic.Status.SUBMITTED)),
        validated=Count("pk", filter=Q(status=Diagnostic.Status.VALIDATED)),
    )


def assessed_with(status: str) -> Q:
    """A campaign's diagnostics of this status, self-assessments aside (for Count)."""
    return Q(diagnostics__status=status, diagnostics__kind=Diagnostic.Kind.ASSESSMENT)


def report_campaigns(*, province, user):
    """The province's campaigns a report can be about, newest first, each with its
    number of submitted and validated diagnostics (the person asking chooses)."""
    return (
        Campaign.objects.visible_to(user)
        .filter(province=province)
        .select_related("version")
        .annotate(
            submitted=Count("diagnostics", filter=assessed_with("submitted")),
            validated=Count("diagnostics", filter=assessed_with("validated")),
        )
        .order_by("-starts_on", "-pk")
    )


def comparison_versions():
    """Published questionnaire versions that have scored diagnostics, newest first."""
    from diagnostics.models import QuestionnaireVersion

    scored = Diagnostic.objects.scored().filter(version=models.OuterRef("pk"))
    return QuestionnaireVersion.objects.published().filter(models.Exists(scored))
