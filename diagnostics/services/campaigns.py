"""Writes of campaigns: edit, close and reopen, the stratified draw of the sample."""

import random

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from diagnostics.models import Campaign, SampleEntry
from diagnostics.models.campaigns import stratum_code
from takwia.editing import save_unchanged

ERROR_SAMPLE_SIZE = "La taille de l'échantillon doit être comprise entre 1 et {available}."
ERROR_CAMPAIGN_CLOSED = _(
    "Cette campagne est clôturée : elle n'accepte plus de nouveau diagnostic, d'ajout à "
    "l'échantillon ni de soumission."
)


class CampaignClosed(ValueError):
    def __init__(self):
        super().__init__(str(ERROR_CAMPAIGN_CLOSED))


def campaign_require_open(campaign: Campaign) -> None:
    """``CampaignClosed`` unless the campaign takes new work (``Campaign.is_open``)."""
    if not campaign.is_open:
        raise CampaignClosed


def campaign_update(*, form, user) -> Campaign:
    """Save the campaign's edit form (``StaleEdit`` when it changed meanwhile)."""
    return save_unchanged(form=form, user=user)


def _status_set(campaign: Campaign, status: str, user) -> bool:
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status == status:  # a second click changes nothing
            return False
        locked.status = status
        locked._history_user = user
        locked.save(update_fields=["status", "updated_at"])
    campaign.refresh_from_db()
    return True


def campaign_close(*, campaign: Campaign, user) -> bool:
    """Close the campaign; False when it already was."""
    return _status_set(campaign, Campaign.Status.CLOSED, user)


def campaign_reopen(*, campaign: Campaign, user) -> bool:
    """Reopen a closed campaign (under way again); False when it was not closed."""
    if campaign.is_open:
        return False
    return _status_set(campaign, Campaign.Status.ONGOING, user)


@transaction.atomic
def campaign_sample_draw(
    *, campaign: Campaign, size: int, seed: int, user=None
) -> list[SampleEntry]:
    """Draw a representative sample of the province's active associations.

    Strata are milieu x first domain (alphabetical code); each stratum gets a share
    of ``size`` proportional to its size (largest remainders), drawn at random with
    ``seed``, so the same seed gives the same sample. Each entry keeps its stratum's
    registry size N_h; estimates weigh each diagnosed association N_h / r_h
    (docs/method.md). A closed campaign is not drawn again (``CampaignClosed``).
    """
    campaign_require_open(campaign)
    population = (
        Association.objects.current()
        .filter(commune__province=campaign.province, status=Association.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", "commune__milieu")
    )
    first_domain = {}
    through = Association.domains.through
    rows = through.objects.filter(association__commune__province=campaign.province).values_list(
        "association_id", "domain__code"
    )
    for association_id, code in rows:
        if association_id not in first_domain or code < first_domain[association_id]:
            first_domain[association_id] = code
    strata: dict[str, list[int]] = {}
    for pk, milieu in population:
        strata.setdefault(stratum_code(milieu, first_domain.get(pk)), []).append(pk)
    total = sum(len(members) for members in strata.values())
    if not 1 <= size <= total:
        raise ValueError(ERROR_SAMPLE_SIZE.format(available=total))
    quotas = {name: size * len(members) / total for name, members in strata.items()}
    allocation = {name: int(quota) for name, quota in quotas.items()}
    remaining = size - sum(allocation.values())
    for name in sorted(quotas, key=lambda n: (-(quotas[n] - allocation[n]), n))[:remaining]:
        allocation[name] += 1
    rng = random.Random(seed)
    entries = []
    for name in sorted(strata):
        members, count = strata[name], allocation[name]
        if not count:
            continue
        entries += [
            SampleEntry(
                campaign=campaign,
                association_id=pk,
                stratum=name,
                population=len(members),
                weight=len(members) / count,
            )
            for pk in sorted(rng.sample(members, count))
        ]
    # A redraw replaces the entries not yet diagnosed. A diagnosed association keeps its
    # entry: drawn again, it takes the new draw's stratum; not drawn again, it is no longer
    # part of the probability sample and counts as added by hand (docs/method.md).
    SampleEntry.objects.filter(campaign=campaign).exclude(
        association__diagnostics__campaign=campaign
    ).delete()
    kept = {entry.association_id: entry for entry in campaign.entries.all()}
    SampleEntry.objects.bulk_create([e for e in entries if e.association_id not in kept])
    drawn = {entry.association_id: entry for entry in entries}
    for association_id, previous in kept.items():
        entry = drawn.get(association_id)
        fresh = (entry.stratum, entry.population, entry.weight) if entry else ("", None, 1.0)
        if (previous.stratum, previous.population, previous.weight) != fresh:
            previous.stratum, previous.population, previous.weight = fresh
            previous.save(update_fields=["stratum", "population", "weight"])
    campaign.sample_seed = seed
    campaign._history_user = user  # the campaign's history names who drew
    campaign.save(update_fields=["sample_seed"])
    return entries


def sample_add(*, campaign: Campaign, association: Association) -> SampleEntry:
    """Add an association by hand: outside the probability sample (no stratum)."""
    campaign_require_open(campaign)
    entry, _created = SampleEntry.objects.get_or_create(campaign=campaign, association=association)
    return entry
