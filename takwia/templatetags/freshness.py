"""``{% load freshness %}``: a fragment rendered once per state of the figures.

``{% figures_cache "home-work" scope %}...{% endfigures_cache %}`` renders its content
on a miss and keeps it under ``takwia.freshness.figures_key("home-work", scope)``
(the figures' token, the language and the day are in the key); the view passes what
the fragment reads lazily (``SimpleLazyObject``), so that a hit computes nothing.

A fragment holding a part not ready yet (an element marked ``data-fragment-pending``:
a home map still being drawn, fetched by the browser after the page) is not kept: the
next visit renders it again, with that part embedded once it is ready.

A ``{% csrf_token %}`` inside is rendered as a placeholder and replaced by the
request's own token on the way out: the cached text never carries one person's token.
"""

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from takwia.freshness import FRAGMENT_TTL, figures_key, request_figures_token

register = template.Library()

CSRF_PLACEHOLDER = "__takwia_csrf_token_placeholder__"
PENDING_MARK = "data-fragment-pending"


class FiguresCacheNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        request = context.get("request")
        token = request_figures_token(request) if request is not None else None
        key = figures_key(*(part.resolve(context) for part in self.parts), token=token)
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            if PENDING_MARK not in html:
                cache.set(key, str(html), FRAGMENT_TTL)
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        return mark_safe(html)


@register.tag
def figures_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("figures_cache needs a name")
    nodelist = parser.parse(("endfigures_cache",))
    parser.delete_first_token()
    return FiguresCacheNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
