"""One map ready to include: its indicator menu and its rendered fragment (drawing,
legend, table), cached per scope, indicator, language and state of the figures."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from associations.models import Province
from takwia.access import sees_whole_country
from takwia.freshness import figures_token
from takwia.roles import Role

from .boundaries import commune_shapes, province_shapes
from .indicators import indicators, map_figures
from .render import Shape, map_svg

MAP_TTL = 6 * 3600  # the key changes with the figures (takwia.freshness); the TTL frees memory


def _scope(user, provinces=None) -> str:
    """Who the map is drawn for: the whole country, or the codes of the user's provinces
    (``provinces`` when already read)."""
    if sees_whole_country(user):
        return "country"
    if provinces is None:
        provinces = Province.objects.visible_to(user)
    codes = ",".join(sorted(province.code for province in provinces))
    return f"{user.role}|{user.association_id or ''}|{codes}"


def _key(*, level: str, province, indicator, scope: str, token: str | None = None) -> str:
    parts = [
        level,
        province.code if province else "",
        indicator.key,
        get_language() or "",
        scope,
        token or figures_token(),
    ]
    return "map:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def map_drawing(figures, *, province=None, uid: str = "map") -> dict:
    """What ``associations/_map.html`` needs to draw ``figures``: include it with this."""
    if figures.level == "province":
        outlines = province_shapes()
    else:
        outlines = commune_shapes(province.code)
    shapes = [
        Shape(
            area.code,
            outlines[area.code],
            area.fill,
            href=area.href,
            title=area.name,
            outside=area.outside,
        )
        for area in figures.areas
        if area.code in outlines
    ]
    ground = province_shapes()[province.code] if figures.level == "commune" else None
    svg = map_svg(shapes, label=figures.indicator.label, uid=uid, ground=ground)
    return {"figures": figures, "svg": svg, "level": figures.level, "uid": uid}


def map_fragment(
    *, user, level: str, indicator_key: str, province=None, scope: str | None = None
) -> tuple[str, object]:
    """The rendered map (SVG, legend, table of the same figures) and its indicator."""
    chosen = {item.key: item for item in indicators(level=level)}
    indicator = chosen.get(indicator_key) or next(iter(chosen.values()))
    scope = scope if scope is not None else _scope(user)
    key = _key(level=level, province=province, indicator=indicator, scope=scope)
    html = cache.get(key)
    if html is None:
        figures = map_figures(
            user=user, level=level, indicator_key=indicator.key, province=province
        )
        html = render_to_string("associations/_map.html", map_drawing(figures, province=province))
        cache.set(key, html, MAP_TTL)
    return html, indicator


def map_context(*, user, level: str, indicator_key: str, province=None) -> dict:
    html, indicator = map_fragment(
        user=user, level=level, indicator_key=indicator_key, province=province
    )
    return {"map_html": html, "indicator": indicator, "indicators": indicators(level=level)}


# The indicator each role reads first on its home page: national staff and provincial
# staff follow how much of the registry is diagnosed, coordinators the scores of
# their communes, volunteer programme managers where volunteers are placed.
HOME_INDICATOR = {
    Role.NATIONAL: "diagnosed",
    Role.FIELD_AGENT: "diagnosed",
    Role.COORDINATOR: "score",
    Role.VOLUNTEER_MANAGER: "volunteers",
}


def home_map_shown(user) -> bool:
    """Whether a home page shows ``user`` a map (those who may read the province pages
    and whose role reads one first)."""
    return user.role in HOME_INDICATOR and user.has_perm("associations.view_province")


def home_map(*, user, token: str | None = None) -> dict | None:
    """The map a home page opens on, for ``associations/_home_map.html``: the country
    by province, or the user's province by commune when they follow only one; None
    for those who may not read the province pages (presidents, no role).

    A home page stays within its query budget: the map is embedded when it is in the
    cache (at most one query, the user's provinces); otherwise the page carries the
    address of the map alone (``?fragment=1``), which the browser fetches after the
    page (and which a reader without JavaScript follows as a link)."""
    if not home_map_shown(user):
        return None
    provinces = None if sees_whole_country(user) else list(Province.objects.visible_to(user))
    province = provinces[0] if provinces and len(provinces) == 1 else None
    level = "commune" if province else "province"
    chosen = {item.key: item for item in indicators(level=level, axes=False)}
    indicator = chosen[HOME_INDICATOR[user.role]]
    scope = _scope(user, provinces)
    key = _key(level=level, province=province, indicator=indicator, scope=scope, token=token)
    html = cache.get(key)
    if province:
        url = reverse("associations:province_map", args=[province.code])
    else:
        url = reverse("associations:map")
    url += "?" + urlencode({"indicator": indicator.key})
    return {
        "map_html": html,
        "indicator": indicator,
        "province": province,
        "url": url,
        "fragment_url": url + "&fragment=1",
    }
