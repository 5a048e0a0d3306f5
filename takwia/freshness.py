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

``cached_figures`` (a value) and ``{% figures_cache %}`` (a rendered fragment,
``takwia/templatetags/freshness.py``) keep what a page computes from these models under
``figures_key``: the token, the language and the day are always part of the key, so a
write shows at once, a language its own text, and a list relative to today the right
day. ``FRAGMENT_TTL`` bounds what depends on the clock within the day (ages in days
since a submission) and frees the memory of entries nobody reads again.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language

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
    # Shown in the lists and home pages cached under the token (filter choices,
    # the volunteer manager's figures and work lists).
    "associations.Network",
    "associations.Commune",
    "volunteers.Volunteer",
    "volunteers.Host",
    "volunteers.Deliverable",
)

FRAGMENT_TTL = 60


def figures_token() -> str:
    token = cache.get(FIGURES_TOKEN_KEY)
    if token is None:
        cache.add(FIGURES_TOKEN_KEY, uuid.uuid4().hex, TOKEN_TTL)
        token = cache.get(FIGURES_TOKEN_KEY) or uuid.uuid4().hex
    return token


def request_figures_token(request) -> str:
    """The figures' token, read once per request (a page's fragments share one state)."""
    token = getattr(request, "_figures_token", None)
    if token is None:
        token = request._figures_token = figures_token()
    return token


def figures_key(*parts, token: str | None = None) -> str:
    """The cache key of something computed from the figures: ``parts`` (what it is and
    whose it is), the language, the day and the figures' token (``token`` when already
    read)."""
    words = [str(part) for part in parts]
    words += [get_language() or "", timezone.localdate().isoformat(), token or figures_token()]
    return "figures:" + hashlib.sha256("\x1f".join(words).encode()).hexdigest()


def cached_figures(parts: tuple, compute, ttl: int = FRAGMENT_TTL, token: str | None = None):
    """``compute()``, once per state of the figures (see ``figures_key``)."""
    key = figures_key(*parts, token=token)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl)
    return value


def user_scope(user) -> str:
    """What a user's cached pages depend on besides the figures: who they are and their
    role (their provinces are watched below: a change replaces the token)."""
    flags = f"{int(user.is_superuser)}{int(user.is_staff)}{int(user.extra_permissions)}"
    return f"{user.pk}|{user.role}|{user.association_id or ''}|{flags}"


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
    # A person's provinces decide what their cached pages hold (user_scope).
    from django.contrib.auth import get_user_model

    m2m_changed.connect(
        figures_changed,
        sender=get_user_model().provinces.through,
        dispatch_uid="figures:user:provinces",
    )
