"""Programme figures computed by the database, matching volunteers to diagnosed needs."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from volunteers.models import Deliverable, Host, Placement, Volunteer
from volunteers.vocabulary import nationality_label

MOROCCAN = ("Maroc", "Marocaine", "Marocain")


def _ranked(counts: Counter) -> list[tuple]:
    """(label, count), most first, then by label."""
    return sorted(counts.items(), key=lambda pair: (-pair[1], str(pair[0])))


def volunteer_figures(*, programme=None) -> dict:
    """Active volunteers by category, programme and nationality; Moroccans serving
    abroad against volunteers from abroad serving in Morocco; placements by kind of
    host and by theme; deliverables by kind. Grouped counts, five queries."""
    volunteers = Volunteer.objects.current()
    placements = Placement.objects.filter(archived=False)
    deliverables = Deliverable.objects.filter(archived=False, placement__archived=False)
    if programme is not None:
        volunteers = volunteers.filter(programme=programme)
        placements = placements.filter(programme=programme)
        deliverables = deliverables.filter(placement__programme=programme)
    active = volunteers.filter(status=Volunteer.Status.ACTIVE)
    categories = dict(Volunteer.Category.choices)
    kinds = dict(Host.Kind.choices)
    deliverable_kinds = dict(Deliverable.Kind.choices)
    crossing = placements.aggregate(
        moroccans_abroad=Count(
            "volunteer",
            filter=Q(volunteer__nationality__in=MOROCCAN) & ~Q(host__country="Maroc"),
            distinct=True,
        ),
        foreigners_in_morocco=Count(
            "volunteer",
            filter=~Q(volunteer__nationality__in=MOROCCAN) & Q(host__country="Maroc"),
            distinct=True,
        ),
    )
    # Category x programme in one grouped query: the total, both breakdowns.
    categories_n, programmes_n = Counter(), Counter()
    for row in active.values("category", "programme__name").annotate(n=Count("pk")).order_by():
        categories_n[categories[row["category"]]] += row["n"]
        programmes_n[row["programme__name"]] += row["n"]
    return {
        "active": sum(categories_n.values()),
        "by_category": _ranked(categories_n),
        "by_programme": _ranked(programmes_n),
        "by_nationality": [
            (nationality_label(nationality), n)
            for nationality, n in volunteers.values_list("nationality")
            .annotate(n=Count("pk"))
            .order_by("-n", "nationality")
        ],
        "crossing": crossing,
        "placements_by_host_kind": [
            (kinds[row["host__kind"]], row["n"])
            for row in placements.values("host__kind").annotate(n=Count("pk")).order_by("-n")
        ],
        "placements_by_theme": list(
            placements.values_list("theme").annotate(n=Count("pk")).order_by("-n")
        ),
        "deliverables_by_kind": [
            (deliverable_kinds[row["kind"]], row["n"])
            for row in deliverables.values("kind").annotate(n=Count("pk")).order_by("-n")
        ],
    }


@dataclass
class Match:
    volunteer: Volunteer
    reasons: list  # sub-dimension codes the volunteer's skills answer


def volunteers_matching_for_association(*, weak_codes: set[str], limit: int = 10) -> list[Match]:
    """Volunteers available or candidate whose skills answer the weak sub-dimensions,
    those with most answering skills first. The database selects and ranks them; only
    the ``limit`` kept are read with their skills."""
    from volunteers.models import Skill

    useful = [skill.pk for skill in Skill.objects.all() if set(skill.subdimensions) & weak_codes]
    if not useful:
        return []
    pool = (
        Volunteer.objects.filter(
            status__in=[Volunteer.Status.AVAILABLE, Volunteer.Status.CANDIDATE],
            skills__in=useful,
        )
        .annotate(answering=Count("skills", distinct=True))
        .order_by("-answering", "last_name", "pk")
        .prefetch_related("skills")[:limit]
    )
    return [
        Match(
            volunteer,
            sorted(
                {c for skill in volunteer.skills.all() for c in skill.subdimensions} & weak_codes
            ),
        )
        for volunteer in pool
    ]


def associations_needing_volunteer(*, volunteer: Volunteer, user, limit: int = 10):
    """Associations (in the user's scope) whose scored diagnostics are weak on a
    sub-dimension the volunteer's skills answer, with those sub-dimensions (the
    diagnostic's own definition of "weak")."""
    from associations.models import Association
    from diagnostics.selectors import associations_weak_on

    codes = {code for skill in volunteer.skills.all() for code in skill.subdimensions}
    if not codes:
        return []
    return associations_weak_on(
        codes=codes, associations=Association.objects.visible_to(user), limit=limit
    )


PLACED = (Placement.Status.ONGOING, Placement.Status.DONE)


def placements_by_area(*, placements, level: str) -> dict[str, int]:
    """Volunteers placed (placement ongoing or done) with an association of the registry,
    among ``placements`` (already scoped to the reader),
    by the association's province or commune; placements with a public body, a local
    authority or a university have no place on the map. One grouped query."""
    key = "host__association__commune__" + ("province__code" if level == "province" else "code")
    rows = (
        placements.filter(status__in=PLACED, host__association__isnull=False)
        .values(key)
        .annotate(n=Count("volunteer", distinct=True))
        .order_by()
    )
    return {row[key]: row["n"] for row in rows}
