"""The campaigns' results summary (``diagnostics.models.summary``), precomputed like
DHIS2's analytics tables: built from the diagnostics, kept up to date by the services
(``change``), marked stale by any other write (``signals``) and rebuilt before it is read
(``fresh``), or all at once (``manage.py summary_rebuild``). Services and selectors both
use it; it uses neither."""

from diagnostics.analytics.build import (
    DIMENSIONS,
    TABLES,
    affected_campaigns,
    change,
    contributions,
    decode,
    encode,
    fresh,
    histogram_sum,
    mark_stale,
    rebuild,
    sample_entry_relation,
)

__all__ = [
    "DIMENSIONS",
    "TABLES",
    "affected_campaigns",
    "change",
    "contributions",
    "decode",
    "encode",
    "fresh",
    "histogram_sum",
    "mark_stale",
    "rebuild",
    "sample_entry_relation",
]
