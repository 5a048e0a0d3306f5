"""Writes around exports: every download of a campaign's raw data is logged."""

from diagnostics.models import Campaign, CampaignExport, Diagnostic


def campaign_export_record(
    *, campaign: Campaign, user, file_format: str, validated_only: bool = False
) -> CampaignExport:
    """Log a raw data export (who, when, which campaign, format, statuses, rows) before
    the file leaves: a download interrupted half-way is logged all the same."""
    rows = (
        Diagnostic.objects.scored(validated_only=validated_only).filter(campaign=campaign).count()
    )
    return CampaignExport.objects.create(
        user=user,
        campaign=campaign,
        file_format=file_format,
        validated_only=validated_only,
        rows=rows,
    )
