"""Figures of the associations' partnerships: agreements by kind of partner, by area."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from associations.models import Association, Province
from partnerships.models import Agreement, Partner
from takwia.figures import share_percent


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
    agreements = agreements.current().exclude(status=Agreement.Status.CANCELLED)
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
        Agreement.objects.current()
        .filter(association=OuterRef("pk"))
        .exclude(status=Agreement.Status.CANCELLED)
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


def agreements_by_area(*, agreements, level: str) -> dict[str, dict[str, int]]:
    """Agreements under way or ended (not planned or cancelled) among ``agreements``
    (already scoped to the reader), by area and kind of partner: {area code: {partner kind: count}}.
    One grouped query."""
    key = "association__commune__" + ("province__code" if level == "province" else "code")
    rows = (
        agreements.current()
        .filter(status__in=[Agreement.Status.ACTIVE, Agreement.Status.ENDED])
        .values(key, "partner__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row[key], {})[row["partner__kind"]] = row["n"]
    return out
