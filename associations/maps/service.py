"""One map ready to include: its indicator menu and its rendered fragment (drawing,
legend, table), cached per scope, indicator, language and state of the figures."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from associations.models import Association, Province
from associations.selectors import registry_digest
from diagnostics.selectors import diagnostic_figures_digest
from partnerships.selectors import agreements_digest
from takwia.roles import Role
from volunteers.selectors import placements_digest

from .boundaries import commune_shapes, province_shapes
from .indicators import indicators, map_figures
from .render import Shape, map_svg

MAP_TTL = 6 * 3600  # the key changes with the figures; the TTL only frees memory


def figures_digest(*, user) -> str:
    """Changes whenever a figure any map shows changes: the key of the cached maps."""
    associations = Association.objects.visible_to(user)
    parts = (
        registry_digest(associations=associations)
        + diagnostic_figures_digest(associations=associations)
        + placements_digest()
        + agreements_digest()
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def _scope(user) -> str:
    codes = ",".join(Province.objects.visible_to(user).values_list("code", flat=True))
    return f"{user.role}|{user.association_id or ''}|{codes}"


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


def map_fragment(*, user, level: str, indicator_key: str, province=None) -> tuple[str, object]:
    """The rendered map (SVG, legend, table of the same figures) and its indicator."""
    chosen = {item.key: item for item in indicators(level=level)}
    indicator = chosen.get(indicator_key) or next(iter(chosen.values()))
    key = (
        "map:"
        + hashlib.sha256(
            "|".join(
                [
                    level,
                    province.code if province else "",
                    indicator.key,
                    get_language() or "",
                    _scope(user),
                    figures_digest(user=user),
                ]
            ).encode()
        ).hexdigest()
    )
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


def home_map(*, user) -> dict | None:
    """The map a home page opens on, for ``associations/_home_map.html``: the country
    by province, or the user's province by commune when they follow only one; None
    for those who may not read the province pages (presidents, no role)."""
    if not user.has_perm("associations.view_province") or user.role not in HOME_INDICATOR:
        return None
    provinces = list(Province.objects.visible_to(user)[:2])
    province = provinces[0] if len(provinces) == 1 else None
    level = "commune" if province else "province"
    html, indicator = map_fragment(
        user=user, level=level, indicator_key=HOME_INDICATOR[user.role], province=province
    )
    return {"map_html": html, "indicator": indicator, "province": province}
