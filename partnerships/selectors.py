"""Reads of the partnerships: figures by kind of partner, indicator progress."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from associations.models import Association, Province
from partnerships.models import Agreement, CommunePair, Indicator, Measurement, Partner
from takwia.figures import exact, round_half_up, share_percent


@dataclass
class PartnerFigures:
    province: Province | None
    agreements: int
    by_kind: list  # (kind label, count, percent)
    associations: int
    without_partnership: int
    in_network: int

    @property
    def without_percent(self) -> float:
        return share_percent(self.without_partnership, self.associations)

    @property
    def network_percent(self) -> float:
        return share_percent(self.in_network, self.associations)


def partner_figures(*, user, province: Province | None = None) -> list[PartnerFigures]:
    """Per province (or one), then for the whole scope: agreements by kind of partner,
    associations with no partnership, network membership. Three grouped aggregates.
    ``user=None`` is unscoped: for reports, whose scope was checked when asked for."""
    associations = (
        Association.objects.all() if user is None else Association.objects.visible_to(user)
    )
    associations = associations.current()
    agreements = Agreement.objects.all() if user is None else Agreement.objects.visible_to(user)
    agreements = agreements.exclude(status=Agreement.Status.CANCELLED)
    if province is not None:
        associations = associations.filter(commune__province=province)
        agreements = agreements.filter(association__commune__province=province)
    kinds = Partner.Kind
    by_province: dict = {}
    for row in (
        agreements.values("association__commune__province")
        .annotate(
            total=Count("pk"),
            **{kind: Count("pk", filter=Q(partner__kind=kind)) for kind in kinds.values},
        )
        .order_by()
    ):
        by_province[row["association__commune__province"]] = row
    has_agreement = Exists(
        Agreement.objects.filter(association=OuterRef("pk")).exclude(
            status=Agreement.Status.CANCELLED
        )
    )
    in_network = Exists(Association.networks.through.objects.filter(association_id=OuterRef("pk")))
    counts = {
        row["commune__province"]: row
        for row in associations.alias(has_agreement=has_agreement, in_network=in_network)
        .values("commune__province")
        .annotate(
            total=Count("pk"),
            without=Count("pk", filter=Q(has_agreement=False)),
            networked=Count("pk", filter=Q(in_network=True)),
        )
        .order_by()
    }
    provinces = {p.pk: p for p in Province.objects.filter(pk__in=set(counts) | set(by_province))}

    def figures(province_obj, agreement_rows, count_rows) -> PartnerFigures:
        total = sum(row["total"] for row in agreement_rows)
        by_kind = []
        for kind, label in kinds.choices:
            n = sum(row[kind] for row in agreement_rows)
            by_kind.append((label, n, share_percent(n, total)))
        return PartnerFigures(
            province=province_obj,
            agreements=total,
            by_kind=by_kind,
            associations=sum(row["total"] for row in count_rows),
            without_partnership=sum(row["without"] for row in count_rows),
            in_network=sum(row["networked"] for row in count_rows),
        )

    result = [
        figures(
            provinces[pk],
            [by_province[pk]] if pk in by_province else [],
            [counts.get(pk)] if pk in counts else [],
        )
        for pk in sorted(provinces, key=lambda pk: provinces[pk].name_fr)
    ]
    result.append(figures(None, list(by_province.values()), list(counts.values())))
    return result


@dataclass
class IndicatorSeries:
    indicator: Indicator
    points: list  # (year, value)

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


def indicator_series(*, programme, pairs) -> dict:
    """For each pair, each indicator's yearly values (one query for all measurements)."""
    indicators = list(
        Indicator.objects.filter(result__programme=programme).select_related("result")
    )
    values: dict = {}
    for pair_id, indicator_id, year, value in Measurement.objects.filter(
        pair__in=pairs, indicator__in=indicators
    ).values_list("pair_id", "indicator_id", "year", "value"):
        values.setdefault((pair_id, indicator_id), []).append((year, value))
    return {
        pair.pk: [
            IndicatorSeries(indicator, sorted(values.get((pair.pk, indicator.pk), [])))
            for indicator in indicators
        ]
        for pair in pairs
    }


def programme_series(*, programme, pairs) -> list[IndicatorSeries]:
    """Each indicator averaged over the pairs, year by year (one grouped aggregate): the
    targets are set per pair, so the programme's line is the mean pair against them."""
    from django.db.models import Avg

    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(result__programme=programme).select_related("result")
    }
    values: dict = {}
    for row in (
        Measurement.objects.filter(pair__in=pairs, indicator__in=list(indicators))
        .values("indicator_id", "year")
        .annotate(total=Avg("value"))
        .order_by("year")
    ):
        values.setdefault(row["indicator_id"], []).append((row["year"], row["total"]))
    return [IndicatorSeries(indicator, values.get(pk, [])) for pk, indicator in indicators.items()]


def visible_pairs(*, user, programme):
    return (
        CommunePair.objects.visible_to(user)
        .filter(programme=programme)
        .prefetch_related("communes")
    )


def agreements_by_area(*, agreements, level: str) -> dict[str, dict[str, int]]:
    """Agreements under way or ended (not planned or cancelled) among ``agreements``
    (already scoped to the reader), by area and kind of partner: {area code: {partner kind: count}}.
    One grouped query."""
    key = "association__commune__" + ("province__code" if level == "province" else "code")
    rows = (
        agreements.filter(status__in=[Agreement.Status.ACTIVE, Agreement.Status.ENDED])
        .values(key, "partner__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row[key], {})[row["partner__kind"]] = row["n"]
    return out
