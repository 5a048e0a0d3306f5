"""Reads of the decentralised cooperation: indicator progress per pair and programme.

Archived indicators and pairs are left out of the charts (they were recorded by
mistake or abandoned); their pages stay reachable, with their history.
"""

from dataclasses import dataclass, field

from django.db.models import Avg

from partnerships.models import CommunePair, Indicator, Measurement
from takwia.figures import exact, round_half_up


@dataclass
class IndicatorSeries:
    indicator: Indicator
    points: list  # (year, value)
    targets: list = field(default_factory=list)  # (year, target of that year)
    measurements: list = field(default_factory=list)  # the yearly records (one pair only)

    @property
    def latest(self):
        return self.points[-1][1] if self.points else None

    @property
    def progress(self) -> float | None:
        """Share of the way from baseline to target reached by the latest value."""
        if self.latest is None or self.indicator.target == self.indicator.baseline:
            return None
        done = exact(self.latest - self.indicator.baseline) / exact(
            self.indicator.target - self.indicator.baseline
        )
        return float(round_half_up(100 * done))

    @property
    def rows(self) -> list[tuple]:
        """Year by year: (year, value or None, target of the year or None, record or None)."""
        values, targets = dict(self.points), dict(self.targets)
        records = {m.year: m for m in self.measurements}
        return [
            (year, values.get(year), targets.get(year), records.get(year))
            for year in sorted(set(values) | set(targets))
        ]


def programme_indicators(*, programme) -> list[Indicator]:
    return list(
        Indicator.objects.current().filter(result__programme=programme).select_related("result")
    )


def indicator_series(*, programme, pairs) -> dict:
    """For each pair, each current indicator's yearly values and targets (one query for all
    the yearly records, one for the indicators)."""
    indicators = programme_indicators(programme=programme)
    records: dict = {}
    for measurement in Measurement.objects.filter(pair__in=pairs, indicator__in=indicators):
        records.setdefault((measurement.pair_id, measurement.indicator_id), []).append(measurement)
    result = {}
    for pair in pairs:
        result[pair.pk] = []
        for indicator in indicators:
            rows = sorted(records.get((pair.pk, indicator.pk), []), key=lambda m: m.year)
            result[pair.pk].append(
                IndicatorSeries(
                    indicator,
                    [(m.year, m.value) for m in rows],
                    [(m.year, m.target) for m in rows if m.target is not None],
                    rows,
                )
            )
    return result


def programme_series(*, programme, pairs, indicators=None) -> list[IndicatorSeries]:
    """Each indicator averaged over the pairs, year by year (one grouped aggregate): the
    targets are set per pair, so the programme's line is the mean pair against them."""
    if indicators is None:
        indicators = programme_indicators(programme=programme)
    by_pk = {indicator.pk: indicator for indicator in indicators}
    values: dict = {}
    targets: dict = {}
    for row in (
        Measurement.objects.filter(pair__in=pairs, indicator__in=list(by_pk))
        .values("indicator_id", "year")
        .annotate(total=Avg("value"), target=Avg("target"))
        .order_by("year")
    ):
        values.setdefault(row["indicator_id"], []).append((row["year"], row["total"]))
        if row["target"] is not None:
            targets.setdefault(row["indicator_id"], []).append((row["year"], row["target"]))
    return [
        IndicatorSeries(indicator, values.get(pk, []), targets.get(pk, []))
        for pk, indicator in by_pk.items()
    ]


def visible_pairs(*, user, programme, archived: bool = False):
    """The pairs of ``programme`` that ``user`` sees (current ones unless ``archived``)."""
    pairs = CommunePair.objects.visible_to(user).filter(programme=programme)
    if not archived:
        pairs = pairs.current()
    return pairs.prefetch_related("communes")
