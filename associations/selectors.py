"""Reads and statistics over the registry and the territory, computed by the database."""

from django.core.cache import cache
from django.db.models import Count, Q

from associations.models import Association, Milieu, Province
from takwia.access import sees_whole_country

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
    cache.delete_many([NATIONAL_TOTALS_KEY, NATIONAL_BY_PROVINCE_KEY])


def association_counts(*, user) -> dict[str, int]:
    """Totals of the (non-archived) associations ``user`` may see, in one aggregate query."""

    def compute():
        return Association.objects.visible_to(user).current().aggregate(**_STATUS_COUNTS)

    if sees_whole_country(user):
        return cache.get_or_set(NATIONAL_TOTALS_KEY, compute, NATIONAL_FIGURES_TTL)
    return compute()


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
    return compute()


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


def association_history(*, association) -> list[dict]:
    """The latest changes of one association: when, who, what (field: old -> new).

    Bounded to HISTORY_LIMIT entries (+1 to diff the oldest shown against its predecessor).
    """
    records = list(
        association.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_LIMIT + 1
        ]
    )
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if len(entries) == HISTORY_LIMIT:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["updated_at", "created_at"])
            for change in delta.changes:
                field = Association._meta.get_field(change.field)
                changes.append({"field": field.verbose_name, "old": change.old, "new": change.new})
        entries.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "kind": newer.get_history_type_display(),
                "changes": changes,
            }
        )
    return entries
