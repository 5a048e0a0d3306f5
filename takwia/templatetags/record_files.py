"""Template helpers for files attached to records (takwia.files)."""

from django import template

from takwia.files import names

register = template.Library()


@register.filter
def shown_name(name) -> str:
    """A stored file's name as a person reads it (no folders)."""
    return names.shown_name(str(name or ""))
