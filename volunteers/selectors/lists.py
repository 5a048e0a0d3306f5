"""The lists of volunteering: searched, filtered, sorted by name (accents and case
ignored), a page at a time."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from takwia.lists import filter_words
from volunteers.models import Event, Host, Placement, Programme, Volunteer

PAGE_SIZE = 50


def paginate(queryset, number) -> Page:
    """A page of ``queryset`` (two queries: the count, the rows); a page number out of
    range or malformed gives the nearest page."""
    return Paginator(queryset, PAGE_SIZE).get_page(number)


@dataclass
class VolunteerFilter:
    query: str = ""
    programme: int | None = None
    category: str = ""
    status: str = ""
    archived: bool = False

    @classmethod
    def from_query(cls, params) -> "VolunteerFilter":
        """The list's query string, an unknown value ignored (never an error)."""
        programme = params.get("programme", "")
        return cls(
            query=params.get("q", "").strip()[:200],
            programme=int(programme) if programme.isdigit() else None,
            category=c if (c := params.get("category", "")) in Volunteer.Category.values else "",
            status=s if (s := params.get("status", "")) in Volunteer.Status.values else "",
            archived=params.get("archived") == "1",
        )


def volunteers_listed(*, user, wanted: VolunteerFilter):
    volunteers = Volunteer.objects.visible_to(user).filter(archived=wanted.archived)
    volunteers = filter_words(volunteers, wanted.query, "search_text")
    if wanted.programme:
        volunteers = volunteers.filter(programme_id=wanted.programme)
    if wanted.category:
        volunteers = volunteers.filter(category=wanted.category)
    if wanted.status:
        volunteers = volunteers.filter(status=wanted.status)
    return volunteers.select_related("programme").order_by("search_text", "pk")


@dataclass
class HostFilter:
    query: str = ""
    kind: str = ""
    country: str = ""
    archived: bool = False

    @classmethod
    def from_query(cls, params) -> "HostFilter":
        return cls(
            query=params.get("q", "").strip()[:200],
            kind=k if (k := params.get("kind", "")) in Host.Kind.values else "",
            country=params.get("country", "").strip()[:80],
            archived=params.get("archived") == "1",
        )


def hosts_listed(*, user, wanted: HostFilter):
    hosts = Host.objects.visible_to(user).filter(archived=wanted.archived)
    hosts = filter_words(hosts, wanted.query, "search_text")
    if wanted.kind:
        hosts = hosts.filter(kind=wanted.kind)
    if wanted.country:
        hosts = hosts.filter(country=wanted.country)
    return hosts.order_by("search_text", "pk")


def host_countries(*, user) -> list[str]:
    return list(
        Host.objects.visible_to(user).values_list("country", flat=True).distinct().order_by()
    )


def programmes_listed(*, user, archived: bool = False):
    return Programme.objects.visible_to(user).filter(archived=archived)


def placements_listed(*, user, programme: int | None = None, status: str = ""):
    placements = Placement.objects.visible_to(user).filter(archived=False)
    if programme:
        placements = placements.filter(programme_id=programme)
    if status in Placement.Status.values:
        placements = placements.filter(status=status)
    return placements.select_related("volunteer", "host", "programme").order_by("-starts_on", "pk")


def events_of(*, programme):
    return Event.objects.filter(programme=programme, archived=False)
