"""Choropleths as inline SVG drawn on the server: the same markup in pages and PDFs.

One fixed projection (equirectangular, longitudes scaled by cos 30°, Morocco's middle
latitude), fitted to the shapes drawn. The SVG carries no text (SVG text is not shaped
for Arabic by every renderer): the legend and the table of figures are HTML around it,
and the table is the accessible way to read the map, so the drawing is hidden from
assistive technologies and its links are left out of the tab order.
"""

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

SCALE_X = math.cos(math.radians(30))
WIDTH = 1000  # viewBox units; the page scales it
MARGIN = 8
STROKE = "#6c757d"
OUTSIDE_FILL = "#f8f9fa"
OUTSIDE_STROKE = "#adb5bd"
GROUND_FILL = "#dee2e6"
HATCH = "hatch"  # an area's fill for "données insuffisantes": the hatch pattern


@dataclass
class Shape:
    code: str
    polygons: list  # [[ring of [lon, lat], hole, ...], ...]
    fill: str
    href: str | None = None
    title: str = ""
    outside: bool = False  # out of the user's scope: drawn pale, without a link


def _bbox(shapes: list[Shape]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for shape in shapes:
        for polygon in shape.polygons:
            for lon, lat in polygon[0]:
                xs.append(lon * SCALE_X)
                ys.append(-lat)
    return min(xs), min(ys), max(xs), max(ys)


def _path(polygons: list, transform) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [transform(lon, lat) for lon, lat in ring]
            # Consecutive points that round to the same place add bytes, not detail.
            pairs = zip(points, points[1:], strict=False)
            kept = [points[0]] + [point for prev, point in pairs if point != prev]
            if len(kept) < 3:
                continue
            head, *rest = kept
            parts.append(
                f"M{head[0]} {head[1]}" + "L" + " ".join(f"{x} {y}" for x, y in rest) + "Z"
            )
    return "".join(parts)


def map_svg(
    shapes: list[Shape],
    *,
    label: str,
    uid: str = "map",
    css_class: str = "map",
    ground: list | None = None,
) -> SafeString:
    """The shapes, filled, each a link when it has one, fitted to a 1000-wide viewBox.
    ``uid`` keeps the ids of several maps on one page (a report) apart; ``ground`` (the
    province's polygons) is drawn beneath, so that where the source's communes leave a
    gap the province shows rather than the page."""
    if not shapes:
        return mark_safe("")
    x0, y0, x1, y1 = _bbox(shapes)
    span = max(x1 - x0, 1e-9)
    scale = (WIDTH - 2 * MARGIN) / span
    height = round((y1 - y0) * scale + 2 * MARGIN)
    precision = 1 if scale < 200 else 0  # a country needs tenths, a province not

    def transform(lon: float, lat: float) -> tuple:
        x = round((lon * SCALE_X - x0) * scale + MARGIN, precision)
        y = round((-lat - y0) * scale + MARGIN, precision)
        return (int(x), int(y)) if precision == 0 else (x, y)

    body = []
    if ground:
        body.append(f'<path d="{_path(ground, transform)}" fill="{GROUND_FILL}" stroke="none"/>')
    for shape in shapes:
        d = _path(shape.polygons, transform)
        if not d:
            continue
        stroke = OUTSIDE_STROKE if shape.outside else STROKE
        fill = f"url(#{uid}-hatch)" if shape.fill == HATCH else shape.fill
        path = (
            f'<path data-code="{escape(shape.code)}" d="{d}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="0.6"><title>{escape(shape.title)}</title></path>'
        )
        if shape.href and not shape.outside:
            path = f'<a href={quoteattr(shape.href)} tabindex="-1">{path}</a>'
        body.append(path)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="{css_class}" aria-hidden="true" focusable="false" '
        f'preserveAspectRatio="xMidYMid meet" data-label={quoteattr(label)}>'
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e9ecef"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#868e96" stroke-width="1.5"/></pattern></defs>'
        + "".join(body)
        + "</svg>"
    )
