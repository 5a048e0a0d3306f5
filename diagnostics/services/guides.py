"""Writes of the library of guides and tools: publish or edit a guide, archive it.

Every write names its author in the guide's history; nothing is deleted (an outdated
guide is archived: out of the library, the recommendations and the pickers, its page
and history kept)."""

from django.db import transaction

from diagnostics.models import Guide


def guide_save(*, form, user) -> Guide:
    """Save a validated guide form (a new guide is credited to ``user``), its files and
    its sub-dimensions in one transaction."""
    with transaction.atomic():
        guide = form.save(commit=False)
        if guide.pk is None:
            guide.created_by = user
        guide._history_user = user
        guide.save()
        form.save_m2m()
    return guide


def guide_archive(*, guide: Guide, user, archived: bool = True) -> None:
    """Archive (or restore) a guide; a no-op when it already is."""
    if guide.archived == archived:
        return
    guide.archived = archived
    guide._history_user = user
    guide.save()
