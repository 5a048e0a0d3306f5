"""Reads and statistics over the registry and the territory, computed by the database."""

from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from associations.models import Association, Domain, Milieu, Province
from takwia.access import sees_whole_country
from takwia.figures import share_percent
from takwia.freshness import cached_figures, figures_changed, user_scope
from takwia.history import HistoryEntry, record_history

# Nationwide figures scan the whole registry (250,000 rows: ~80 ms on PostgreSQL),
# and are the same for every national user: they are cached briefly, and dropped
# whenever an association is saved (see associations/signals.py).
NATIONAL_FIGURES_TTL = 60
NATIONAL_TOTALS_KEY = "registry:national-totals"
NATIONAL_BY_PROVINCE_KEY = "registry:national-by-province"

_STATUS_COUNTS = {
    "total": Count("*"),
    "active": Count("pk", filter=Q(status=Association.Status.ACTIVE)),
    "dormant": Count("pk", filter=Q(status=Association.Status.DORMANT)),
    "rural": Count("pk", filter=Q(commune__milieu=Milieu.RURAL)),
}


def national_figures_invalidate() -> None:
    cache.delete_many([NATIONAL_TOTALS_KEY, NATIONAL_BY_PROVINCE_KEY, REGISTRY_FIGURES_KEY])
    figures_changed()


def association_counts(*, user) -> dict[str, int]:
    """Totals of the (non-archived) associations ``user`` may see, in one aggregate query."""

    def compute():
        return Association.objects.visible_to(user).current().aggregate(**_STATUS_COUNTS)

    if sees_whole_country(user):
        return cache.get_or_set(NATIONAL_TOTALS_KEY, compute, NATIONAL_FIGURES_TTL)
    # A province's counts (12,000 rows in the largest) until the figures change.
    return cached_figures(("association-counts", user_scope(user)), compute)


def _counts_by_province(*, user) -> dict[int, dict[str, int]]:
    def compute():
        rows = (
            Association.objects.visible_to(user)
            .current()
            .values("commune__province")
            .annotate(**_STATUS_COUNTS)
            .order_by()
        )
        return {row.pop("commune__province"): row for row in rows}

    if sees_whole_country(user):
        return cache.get_or_set(NATIONAL_BY_PROVINCE_KEY, compute, NATIONAL_FIGURES_TTL)
    return cached_figures(("association-counts-by-province", user_scope(user)), compute)


def provinces_with_figures(*, user) -> list[Province]:
    """The provinces ``user`` may see, each with its commune and association counts.

    Two queries at most whatever the number of provinces or associations: the
    provinces (with their commune count) and one grouped count of the visible
    associations (cached for nationwide users).
    """
    provinces = list(
        Province.objects.visible_to(user)
        .select_related("region")
        .annotate(commune_count=Count("communes"))
        .order_by("region__code", "code")
    )
    counts = _counts_by_province(user=user)
    empty = {"total": 0, "active": 0, "rural": 0}
    for province in provinces:
        figures = counts.get(province.pk, empty)
        province.association_count = figures["total"]
        province.active_count = figures["active"]
        province.rural_count = figures["rural"]
    return provinces


def communes_with_figures(*, user, province: Province):
    """The communes of ``province`` with the number of visible associations in each."""
    visible = Association.objects.visible_to(user).current().filter(commune__province=province)
    counts = dict(
        visible.values("commune").annotate(n=Count("*")).order_by().values_list("commune", "n")
    )
    communes = list(province.communes.order_by("name_fr"))
    for commune in communes:
        commune.association_count = counts.get(commune.pk, 0)
    return communes


HISTORY_LIMIT = 30


# The labels read with each many-to-many row: two names and one more column (the
# domain's code, the network's level, which the association page displays).
_M2M_LABELS = {
    "domains": ("name_fr", "name_ar", "code"),
    "target_populations": ("name_fr", "name_ar", "code"),
    "networks": ("name", "name", "level"),
}


def _m2m_rows(association, history_ids: list[int]) -> list[tuple]:
    """The association's current many-to-many rows and those of the given history
    records, with their labels, in one query (a UNION ALL of the six tables):
    (kind, owner, related id, label fr, label ar, extra), kind ``current:<field>``
    (owner: the association) or ``history:<field>`` (owner: the history record)."""
    from django.apps import apps
    from django.db.models import CharField, Value

    parts = []
    for name, (fr, ar, extra) in _M2M_LABELS.items():
        field = Association._meta.get_field(name)
        column = get_m2m_reverse_field_name(field)
        labels = [f"{column}_id", f"{column}__{fr}", f"{column}__{ar}", f"{column}__{extra}"]
        historical = apps.get_model("associations", f"HistoricalAssociation_{name}")
        for kind, queryset, owner in (
            ("current", field.remote_field.through.objects.filter(association=association),
             "association_id"),
            ("history", historical.objects.filter(history_id__in=history_ids), "history_id"),
        ):  # fmt: skip
            parts.append(
                queryset.order_by()
                .annotate(kind=Value(f"{kind}:{name}", output_field=CharField()))
                .values_list(owner, *labels, "kind")
            )
    return list(parts[0].union(*parts[1:], all=True))


def _m2m_snapshots(association, records) -> dict[str, dict[int, set]]:
    """For each many-to-many field, the related names held by each history record; the
    association's current related objects are put in its prefetch cache on the way
    (``association.domains.all()`` then runs no query).

    One query whatever the number of records (simple-history's own ``diff_against``
    runs several per record and field).
    """
    from associations.models import Network, TargetPopulation

    ids = [record.history_id for record in records]
    snapshots = {name: {history_id: set() for history_id in ids} for name in _M2M_LABELS}
    current: dict[str, list] = {name: [] for name in _M2M_LABELS}
    models = {"domains": Domain, "target_populations": TargetPopulation}
    for owner, related, fr, ar, extra, kind in _m2m_rows(association, ids):
        source, name = kind.split(":")
        if name == "networks":
            instance = Network(pk=related, name=fr, level=extra)
        else:
            instance = models[name](pk=related, name_fr=fr, name_ar=ar, code=extra)
        if source == "current":
            current[name].append(instance)
        else:
            snapshots[name][owner].add(str(instance))
    cache = association.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, objects in current.items():
        # What prefetch_related stores: a queryset whose results are already known.
        queryset = getattr(association, name).all()
        queryset._result_cache = sorted(
            objects, key=lambda o: (getattr(o, "name_fr", None) or o.name, o.pk)
        )
        queryset._prefetch_done = True
        cache[name] = queryset
    return snapshots


def association_history(*, association) -> list[HistoryEntry]:
    """The latest changes of one association: when, who, what (field: old -> new), every
    value as a reader reads it (takwia.history.shown_changes: labels, names, never a code).

    Bounded to HISTORY_LIMIT entries (+1 to diff the oldest shown against its
    predecessor); the association's domains, target populations and networks are read
    by one query (see _m2m_snapshots), related names by one per foreign key changed.
    """
    return record_history(association, limit=HISTORY_LIMIT, snapshots=_m2m_snapshots)


INDH_LAUNCH = date(2005, 1, 1)  # "before / after 2005": the year the INDH was launched


@dataclass
class Share:
    """A count and its share of a base, for the registry figures."""

    key: str
    label: object  # a lazy translation or a model instance: rendered in the reader's language
    count: int
    base: int

    @property
    def percent(self) -> float:
        return share_percent(self.count, self.base)


@dataclass
class RegistryFigures:
    total: int
    active: int
    dormant: int
    by_milieu: list[Share] = field(default_factory=list)
    by_period: list[Share] = field(default_factory=list)
    by_initiator: list[Share] = field(default_factory=list)
    in_network: Share | None = None
    by_domain: list[Share] = field(default_factory=list)


def registry_figures(*, queryset) -> RegistryFigures:
    """The registry's headline figures over ``queryset`` (already scoped and filtered).

    Two queries whatever the number of associations: one aggregate of conditional
    counts (status, milieu, creation period, initiator, network membership) and one
    grouped count per domain. Archived associations are left out.
    """
    queryset = queryset.current()
    through = Association.networks.through
    initiators = Association.Initiator
    counts = queryset.alias(
        in_network=Exists(through.objects.filter(association_id=OuterRef("pk")))
    ).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=Association.Status.ACTIVE)),
        urban=Count("pk", filter=Q(commune__milieu=Milieu.URBAN)),
        rural=Count("pk", filter=Q(commune__milieu=Milieu.RURAL)),
        before=Count("pk", filter=Q(founded_on__lt=INDH_LAUNCH)),
        after=Count("pk", filter=Q(founded_on__gte=INDH_LAUNCH)),
        **{
            f"initiator_{value}": Count("pk", filter=Q(initiator=value))
            for value in initiators.values
        },
        networked=Count("pk", filter=Q(in_network=True)),
    )
    total = counts["total"]
    domain_counts = dict(
        Association.domains.through.objects.filter(association__in=queryset.values("pk"))
        .values("domain")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("domain", "n")
    )
    domains = [
        Share(domain.code, domain, domain_counts[domain.pk], total)
        for domain in Domain.objects.filter(pk__in=domain_counts)
    ]
    domains.sort(key=lambda share: (-share.count, share.label.name_fr))
    dated = counts["before"] + counts["after"]
    initiated = sum(counts[f"initiator_{value}"] for value in initiators.values)
    return RegistryFigures(
        total=total,
        active=counts["active"],
        dormant=total - counts["active"],
        by_milieu=[
            Share("urban", Milieu.URBAN.label, counts["urban"], total),
            Share("rural", Milieu.RURAL.label, counts["rural"], total),
        ],
        # Shares of the associations whose date (or initiator) is known: the base is shown.
        by_period=[
            Share("before", _("Avant 2005"), counts["before"], dated),
            Share("after", _("2005 et après (INDH)"), counts["after"], dated),
        ],
        by_initiator=[
            Share(value, label, counts[f"initiator_{value}"], initiated)
            for value, label in initiators.choices
        ],
        in_network=Share("network", _("Membres d'au moins un réseau"), counts["networked"], total),
        by_domain=domains,
    )


REGISTRY_FIGURES_KEY = "registry:national-figures"


def registry_figures_for(*, user, province: Province | None = None) -> RegistryFigures:
    """The figures of one province, or of everything ``user`` may see (cached nationally)."""
    queryset = Association.objects.visible_to(user)
    if province is not None:
        return registry_figures(queryset=queryset.filter(commune__province=province))
    if sees_whole_country(user):
        return cache.get_or_set(
            REGISTRY_FIGURES_KEY,
            lambda: registry_figures(queryset=queryset),
            NATIONAL_FIGURES_TTL,
        )
    return registry_figures(queryset=queryset)


_AREA_KEYS = {"province": "commune__province__code", "commune": "commune__code"}


def associations_by_area(*, associations, level: str) -> dict[str, int]:
    """Non-archived associations of ``associations`` by province or commune code."""
    key = _AREA_KEYS[level]
    rows = associations.current().values(key).annotate(n=Count("pk")).order_by()
    return {row[key]: row["n"] for row in rows}
