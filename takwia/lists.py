"""Capped lists for pages that show the first rows of a list and how many there are."""

from dataclasses import dataclass

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
    """Two queries whatever the size: the first rows, and the count."""
    return Listing(list(queryset[:limit]), queryset.count())
