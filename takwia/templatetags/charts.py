from django import template
from django.utils.translation import get_language_bidi

from takwia.charts import bar_svg

register = template.Library()


@register.simple_tag
def bar(percent, width=220):
    """``{% bar share.percent %}``: an SVG bar, filled from the reading side."""
    return bar_svg(percent or 0, width=int(width), rtl=get_language_bidi())
