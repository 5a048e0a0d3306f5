"""Capped lists for pages that show the first rows of a list and how many there are."""

from dataclasses import dataclass

from django.db.models import Count, Q, Window

from takwia.text import search_words

LIMIT = 15


@dataclass
class Listing:
    """The first rows of a list and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def listing(queryset, limit: int = LIMIT) -> Listing:
    """One query whatever the size: the first rows, each carrying the count of the whole
    list (a window over every row, computed before the limit)."""
    rows = list(queryset.annotate(listing_total=Window(Count("pk")))[:limit])
    return Listing(rows, rows[0].listing_total if rows else 0)


def filter_words(queryset, query: str, *fields: str):
    """Rows where every word of ``query`` occurs in at least one of ``fields``, words in
    any order, case, accents and Arabic spelling variants ignored.

    ``fields`` hold text already normalised by ``takwia.text.normalize_search`` (a
    ``search_text`` column, possibly across a relation: ``"partner__search_text"``).
    An empty query leaves the queryset as it is.
    """
    for word in search_words(query):
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__contains": word})
        queryset = queryset.filter(match)
    return queryset
