"""``{% load figures %}``: published figures rounded once, half up, at display."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from takwia.figures import exact, round_half_up

register = template.Library()


@register.filter
def fig(value, places=1):
    """``{{ score|fig }}`` -> "62,5"; ``{{ score|fig:0 }}`` -> "63"; None -> "—"."""
    if value is None or value == "":
        return "—"
    rounded = round_half_up(exact(value), int(places))
    return number_format(rounded, decimal_pos=int(places))


@register.filter
def fig_percent(value, places=1):
    """``{{ proportion|fig_percent }}``: a proportion (0..1) in percent, rounded once."""
    if value is None or value == "":
        return "—"
    rounded = round_half_up(exact(value) * 100, int(places))
    return number_format(rounded, decimal_pos=int(places))


@register.filter
def mad(value):
    """``{{ action.budget|mad }}`` -> "15 000 MAD"; an amount nobody set -> "à définir"."""
    if value is None or value == "":
        return _("à définir")
    rounded = round_half_up(exact(value), 0)
    amount = number_format(rounded, decimal_pos=0, force_grouping=True)
    return _("%(amount)s MAD") % {"amount": amount}
