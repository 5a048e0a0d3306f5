"""``{% load tables %}``: the one way to wrap a wide table.

``<div {% table_region _("Associations") %}>`` or
``<div {% table_region labelledby="answers" key=axis.code %}>`` writes
``class="table-responsive" tabindex="0" role="region"`` and the region's name: a table
wider than the screen (390 px) scrolls sideways, so keyboard users must be able to reach
it (axe: scrollable-region-focusable) and screen readers hear what it holds.
tests/takwia/test_table_regions.py checks that no template writes the class by hand."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def table_region(label="", *, labelledby="", key="", classes=""):
    """The attributes of a keyboard-reachable, named scrolling region for a table: named
    by ``label``, or by the element ``labelledby`` (``-key`` appended when given, for the
    tables of a loop)."""
    if not label and not labelledby:
        raise template.TemplateSyntaxError("table_region needs a label or labelledby")
    if labelledby and key != "":
        labelledby = f"{labelledby}-{key}"
    name = (
        format_html('aria-labelledby="{}"', labelledby)
        if labelledby
        else format_html('aria-label="{}"', label)
    )
    css = "table-responsive" + (f" {classes}" if classes else "")
    return format_html('class="{}" tabindex="0" role="region" {}', css, name)
