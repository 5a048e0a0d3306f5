"""The volunteer programme manager's home: their programmes' figures and work lists."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from takwia.lists import Listing, listing
from volunteers.models import UNDER_WAY, Deliverable, Placement, Volunteer
from volunteers.vocabulary import country_label

ENDING_WITHIN = 90


def _placements(user):
    return Placement.objects.visible_to(user).filter(archived=False)


def placements_ending(*, user, within_days: int = ENDING_WITHIN) -> Listing:
    """Placements under way whose end falls in the next ``within_days`` days, soonest
    first (the volunteer manager prepares the end of the mission and its report)."""
    today = timezone.localdate()
    return listing(
        _placements(user)
        .filter(status__in=UNDER_WAY, ends_on__gte=today)
        .filter(ends_on__lte=today + timedelta(days=within_days))
        .select_related("volunteer", "host")
        .order_by("ends_on", "pk")
    )


def placements_missing_deliverables(*, user) -> Listing:
    """Placements finished (done, or past their end) with no deliverable recorded."""
    today = timezone.localdate()
    return listing(
        _placements(user)
        .filter(Q(status=Placement.Status.DONE) | Q(status__in=UNDER_WAY, ends_on__lt=today))
        .exclude(Exists(Deliverable.objects.filter(placement=OuterRef("pk"), archived=False)))
        .select_related("volunteer", "host")
        .order_by("ends_on", "pk")
    )


@dataclass
class ActiveVolunteers:
    """Active volunteers (status "en mission", not archived) counted three ways."""

    total: int = 0
    by_category: list = field(default_factory=list)  # (label, n), most first
    by_programme: list = field(default_factory=list)  # (programme name, n)
    by_country: list = field(default_factory=list)  # (country label, n): where they serve
    unplaced: int = 0  # active volunteers with no placement under way


def active_volunteers(*, user) -> ActiveVolunteers:
    """Two grouped queries: category x programme, then the country of the placement
    under way of each active volunteer (a volunteer with two counts once per country)."""
    active = Volunteer.objects.visible_to(user).current().filter(status=Volunteer.Status.ACTIVE)
    rows = active.values("category", "programme__name").annotate(n=Count("pk")).order_by()
    categories, programmes = Counter(), Counter()
    labels = dict(Volunteer.Category.choices)
    for row in rows:
        categories[labels[row["category"]]] += row["n"]
        programmes[row["programme__name"]] += row["n"]
    countries = (
        _placements(user)
        .filter(status__in=UNDER_WAY, volunteer__in=active)
        .values("host__country")
        .annotate(n=Count("volunteer", distinct=True))
        .order_by()
    )
    by_country = [(country_label(row["host__country"]), row["n"]) for row in countries]
    total = sum(categories.values())

    def ranked(pairs):
        return sorted(pairs, key=lambda pair: (-pair[1], str(pair[0])))

    return ActiveVolunteers(
        total=total,
        by_category=ranked(categories.items()),
        by_programme=ranked(programmes.items()),
        by_country=ranked(by_country),
        unplaced=max(total - sum(n for _, n in by_country), 0),
    )
