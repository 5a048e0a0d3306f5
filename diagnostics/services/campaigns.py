"""Writes of campaigns: the stratified draw of the sample."""

import random

from django.db import transaction

from associations.models import Association
from diagnostics.models import Campaign, SampleEntry
from diagnostics.models.campaigns import stratum_code

ERROR_SAMPLE_SIZE = "La taille de l'échantillon doit être comprise entre 1 et {available}."


@transaction.atomic
def campaign_sample_draw(*, campaign: Campaign, size: int, seed: int) -> list[SampleEntry]:
    """Draw a representative sample of the province's active associations.

    Strata are milieu x first domain (alphabetical code); each stratum gets a share
    of ``size`` proportional to its size (largest remainders), drawn at random with
    ``seed``, so the same seed gives the same sample. Each entry keeps its stratum's
    registry size N_h; estimates weigh each diagnosed association N_h / r_h
    (docs/method.md).
    """
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
    campaign.save(update_fields=["sample_seed"])
    return entries


def sample_add(*, campaign: Campaign, association: Association) -> SampleEntry:
    """Add an association by hand: outside the probability sample (no stratum)."""
    entry, _created = SampleEntry.objects.get_or_create(campaign=campaign, association=association)
    return entry
