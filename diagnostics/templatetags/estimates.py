"""``{% load estimates %}``: a finding's estimate on the registry as one piece of text
("53,3 % ± 33,5", "0,0 % (au plus 16,8 %)"), written in Python rather than by an
included template: the results page prints it in about 200 cells."""

from django import template
from django.utils.formats import get_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def estimate(share) -> str:
    """``{% estimate share %}``: the weighted percent with its margin, or with its bound
    at 0 % and 100 %; "—" without an estimate (the tag's text is escaped)."""
    if share is None or not share.estimate or share.weighted_percent is None:
        return "—"
    separator = get_format("DECIMAL_SEPARATOR")

    def localize(value) -> str:  # a rounded percentage: no thousands to group
        return str(value).replace(".", separator)

    text = f"{localize(share.weighted_percent)} %"
    if share.margin is not None:
        return f"{text} ± {localize(share.margin)}"
    if share.bound is None:
        return text
    kind, value = share.bound
    if kind == "max":
        return f"{text} " + _("(au plus %(bound)s %%)") % {"bound": localize(value)}
    return f"{text} " + _("(au moins %(bound)s %%)") % {"bound": localize(value)}
