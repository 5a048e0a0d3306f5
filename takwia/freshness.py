"""Freshness of the published figures: one token that every cached figure carries.

Cached maps (and any other rendering of the figures) put ``figures_token()`` in their
cache key. Any write that can move a figure replaces the token, so the next reader
computes afresh; nothing needs to know which cached entries existed.

Rules:
- the token lives in the cache configured for the site (Redis in production, shared
  by every node), so a write on one node is seen by all;
- a save or delete of a model listed in ``WATCHED`` replaces it (signals, connected
  in ``TakwiaConfig.ready``), except a save restricted (``update_fields``) to fields
  the model declares unread by any figure (``FIGURES_UNREAD_FIELDS``: a draft
  diagnostic's autosave); bulk writes, which send no signal, call
  ``figures_changed()`` themselves;
- inside a transaction the token is replaced at once and again at its commit: a reader
  that took the new token before the commit, and cached figures of the data it could
  still see, is not read after the commit;
- the results summary (``diagnostics.analytics``) replaces it whenever its rows move,
  so figures computed from it may be cached under the token like any other;
- the token lives at most ``TOKEN_TTL``: a write that escaped both is seen within
  that time, and a token lost with the cache is simply a new token (an unknown token
  never matches an old entry, unlike a counter that could restart at a used value).
"""

import uuid

from django.core.cache import cache
from django.db import connection, transaction

FIGURES_TOKEN_KEY = "figures:token"
TOKEN_TTL = 15 * 60

# The models whose rows the published figures (maps, counters) are computed from.
WATCHED = (
    "associations.Association",
    "diagnostics.Diagnostic",
    "diagnostics.Campaign",
    "diagnostics.SampleEntry",
    "diagnostics.Action",
    "diagnostics.Plan",
    "volunteers.Placement",
    "partnerships.Agreement",
)


def figures_token() -> str:
    token = cache.get(FIGURES_TOKEN_KEY)
    if token is None:
        cache.add(FIGURES_TOKEN_KEY, uuid.uuid4().hex, TOKEN_TTL)
        token = cache.get(FIGURES_TOKEN_KEY) or uuid.uuid4().hex
    return token


def figures_changed(**_signal_arguments) -> None:
    """Forget every cached figure (usable as a signal receiver)."""
    _new_token()
    if connection.in_atomic_block and not any(
        entry[1] is _new_token for entry in connection.run_on_commit
    ):
        transaction.on_commit(_new_token)  # once per transaction


def _new_token() -> None:
    cache.set(FIGURES_TOKEN_KEY, uuid.uuid4().hex, TOKEN_TTL)


def _saved(sender, update_fields=None, **_signal_arguments) -> None:
    unread = getattr(sender, "FIGURES_UNREAD_FIELDS", frozenset())
    if update_fields and unread.issuperset(update_fields):
        return
    figures_changed()


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"figures:{label}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"figures:{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                figures_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"figures:{label}:{field.name}",
            )
