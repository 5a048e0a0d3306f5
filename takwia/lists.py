"""Capped lists for pages that show the first rows of a list and how many there are."""

from dataclasses import dataclass

from django.db.models import Count, Window

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
