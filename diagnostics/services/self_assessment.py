"""Writes of self-assessments: a president starts (or reopens) the self-assessment of
their own association. Its answers are saved and submitted as any diagnostic's
(diagnostics.services.entry); submitting it is the end: no review."""

from django.db import transaction

from associations.models import Association
from diagnostics.models import Campaign, Diagnostic


@transaction.atomic
def self_assessment_start(*, campaign: Campaign, association: Association, user) -> Diagnostic:
    """The association's self-assessment in ``campaign`` (a new draft if none). The
    association does not join the campaign's sample: a self-assessment counts nowhere."""
    diagnostic, _created = Diagnostic.objects.get_or_create(
        campaign=campaign,
        association=association,
        kind=Diagnostic.Kind.SELF_ASSESSMENT,
        defaults={"version": campaign.version, "created_by": user},
    )
    return diagnostic
