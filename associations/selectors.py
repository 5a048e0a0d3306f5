"""Reads and statistics over the registry and the territory, computed by the database."""

from django.db.models import Count, Q

from associations.models import Association, Milieu, Province


def association_counts(*, user) -> dict[str, int]:
    """Totals of the associations ``user`` may see, in one aggregate query."""
    return Association.objects.visible_to(user).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=Association.Status.ACTIVE)),
        dormant=Count("pk", filter=Q(status=Association.Status.DORMANT)),
        rural=Count("pk", filter=Q(commune__milieu=Milieu.RURAL)),
        urban=Count("pk", filter=Q(commune__milieu=Milieu.URBAN)),
    )


def provinces_with_figures(*, user, region=None) -> list[Province]:
    """The provinces ``user`` may see, each with its commune and association counts.

    Two queries whatever the number of provinces or associations: the provinces
    (with their commune count) and one grouped count of the visible associations.
    """
    provinces = Province.objects.visible_to(user).select_related("region")
    if region is not None:
        provinces = provinces.filter(region=region)
    provinces = list(
        provinces.annotate(commune_count=Count("communes")).order_by("region__code", "code")
    )
    counts = {
        row["commune__province"]: row
        for row in Association.objects.visible_to(user)
        .filter(commune__province__in=[province.pk for province in provinces])
        .values("commune__province")
        .annotate(
            total=Count("pk"),
            active=Count("pk", filter=Q(status=Association.Status.ACTIVE)),
            rural=Count("pk", filter=Q(commune__milieu=Milieu.RURAL)),
        )
        .order_by()
    }
    empty = {"total": 0, "active": 0, "rural": 0}
    for province in provinces:
        figures = counts.get(province.pk, empty)
        province.association_count = figures["total"]
        province.active_count = figures["active"]
        province.rural_count = figures["rural"]
    return provinces


def communes_with_figures(*, user, province: Province):
    """The communes of ``province`` with the number of visible associations in each."""
    visible = Association.objects.visible_to(user).filter(commune__province=province)
    counts = dict(
        visible.values("commune").annotate(n=Count("pk")).order_by().values_list("commune", "n")
    )
    communes = list(province.communes.order_by("name_fr"))
    for commune in communes:
        commune.association_count = counts.get(commune.pk, 0)
    return communes
