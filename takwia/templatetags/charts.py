from django import template
from django.utils.translation import get_language_bidi

from takwia.charts import bar_svg

register = template.Library()


@register.simple_tag
def bar(percent, width=220):
    """``{% bar share.percent %}``: an SVG bar, filled from the reading side."""
    return bar_svg(percent or 0, width=int(width), rtl=get_language_bidi())


@register.filter
def get_item(mapping, key):
    """``{{ values|get_item:code }}``: a dictionary entry by a variable key."""
    return mapping.get(key) if mapping else None
