"""The lists of partnership records: scoped, searched (every word, in any order, case and
accents ignored: takwia.lists.filter_words) and sorted by name the same way."""

from django.db.models import Count, Q

from associations.models import Network
from partnerships.models import Agreement, Partner
from takwia.lists import filter_words
from takwia.text import normalize_search

# Sorts of the agreement list: by the normalised names (accents and case ignored).
AGREEMENT_ORDER = {
    "": ("-starts_on", "-pk"),
    "association": ("association__search_text", "-starts_on", "pk"),
    "partner": ("partner__search_text", "-starts_on", "pk"),
}


def agreement_list_rows(
    *,
    user,
    province: str = "",
    partner_kind: str = "",
    query: str = "",
    sort: str = "",
    archived: bool = False,
):
    """The agreements ``user`` sees (archived ones instead, when asked), filtered and sorted;
    a query matches the association's names and acronym and the partner's name."""
    agreements = Agreement.objects.visible_to(user).filter(archived=archived)
    if province:
        agreements = agreements.filter(association__commune__province__code=province)
    if partner_kind:
        agreements = agreements.filter(partner__kind=partner_kind)
    agreements = filter_words(agreements, query, "association__search_text", "partner__search_text")
    return agreements.select_related("association__commune__province", "partner").order_by(
        *AGREEMENT_ORDER.get(sort, AGREEMENT_ORDER[""])
    )


def partner_list_rows(*, user, query: str = "", kind: str = "", archived: bool = False):
    """The partners, by name (accents and case ignored), each with its number of agreements."""
    partners = Partner.objects.visible_to(user).filter(archived=archived)
    if kind:
        partners = partners.filter(kind=kind)
    partners = filter_words(partners, query, "search_text")
    visible = Agreement.objects.visible_to(user).current().values("pk")
    return partners.annotate(
        agreement_count=Count("agreements", filter=Q(agreements__in=visible))
    ).order_by("search_text", "pk")


def network_list_rows(*, user, archived: bool = False) -> list:
    """The networks by name (accents and case ignored: a few dozen, sorted here), with their
    number of member associations (all of them: a network's size is no secret; its members
    are listed within the reader's scope)."""
    networks = (
        Network.objects.visible_to(user)
        .filter(archived=archived)
        .annotate(member_count=Count("members"))
    )
    return sorted(networks, key=lambda network: (normalize_search(network.name), network.pk))
