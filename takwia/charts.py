"""Charts as inline SVG, drawn on the server: the same markup in pages and in PDFs.

No JavaScript, no external file: WeasyPrint renders them as they are, and a page
shows them without scripts. Every chart carries a <title> and the figures are
always written next to the shapes, so the chart is never the only way to read them.
"""

import math
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#0b5394"
TRACK_COLOUR = "#e9ecef"
TEXT_COLOUR = "#212529"
SECOND_COLOUR = "#b45309"


def bar_svg(percent: float, *, width: int = 220, height: int = 12, rtl: bool = False) -> SafeString:
    """One bar of a percentage. Labels and figures stay in the HTML around it: SVG text
    is not shaped for Arabic by every renderer (WeasyPrint draws it letter by letter)."""
    share = max(0.0, min(100.0, float(percent))) / 100
    filled = width * share
    x = width - filled if rtl else 0
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart chart-bar" aria-hidden="true">'
        f'<rect width="{width}" height="{height}" rx="2" fill="{TRACK_COLOUR}"/>'
        f'<rect x="{x:.1f}" width="{filled:.1f}" height="{height}" rx="2" fill="{BAR_COLOUR}"/>'
        "</svg>"
    )


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def radar_svg(
    axes: list[str],
    values: list[float],
    *,
    title: str,
    reference: list[float] | None = None,
    size: int = 360,
) -> SafeString:
    """A radar of scores 0-100 (one spoke per axis), optionally against a reference
    (dashed). The legend is left to the HTML around it (see ``radar_legend``)."""
    centre = size / 2
    radius = size / 2 - 40
    count = len(axes)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * max(0.0, min(100.0, value)) / 100
        return centre + distance * math.cos(angle), centre + distance * math.sin(angle)

    def polygon(series: list[float]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(series)))

    height = size
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{size}" height="{height}" '
        f'viewBox="0 0 {size} {height}" class="chart chart-radar" '
        f'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for ring in (25, 50, 75, 100):
        parts.append(
            f'<polygon points="{polygon([ring] * count)}" fill="none" stroke="#ced4da" '
            f'stroke-width="1"/>'
        )
    for index, label in enumerate(axes):
        x, y = point(index, 100)
        lx, ly = point(index, 116)
        anchor = "middle" if abs(lx - centre) < 10 else ("start" if lx > centre else "end")
        parts.append(
            f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ced4da"/>'
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" fill="{TEXT_COLOUR}" '
            f'font-weight="bold">{escape(_truncate(label, 24))}</text>'
        )
    if reference is not None:
        parts.append(
            f'<polygon points="{polygon(reference)}" fill="none" stroke="{SECOND_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="5 3"/>'
        )
    parts.append(
        f'<polygon points="{polygon(values)}" fill="{BAR_COLOUR}" fill-opacity="0.25" '
        f'stroke="{BAR_COLOUR}" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def radar_legend(mine: str, theirs: str) -> SafeString:
    """The radar's legend in HTML, so that its words are shaped in any script."""
    return mark_safe(  # noqa: S308 - both texts escaped
        # Swatches in SVG: a style attribute would be refused by the CSP.
        '<p class="chart-legend small">'
        '<svg class="swatch" viewBox="0 0 18 11" aria-hidden="true" focusable="false">'
        f'<rect x="0.5" y="0.5" width="17" height="10" fill="{BAR_COLOUR}" fill-opacity="0.25" '
        f'stroke="{BAR_COLOUR}"/></svg> {escape(mine)} '
        '<svg class="swatch" viewBox="0 0 18 11" aria-hidden="true" focusable="false">'
        f'<line x1="0" y1="5.5" x2="18" y2="5.5" stroke="{SECOND_COLOUR}" stroke-width="2" '
        f'stroke-dasharray="4 2"/></svg> {escape(theirs)}</p>'
    )


def line_svg(
    points: list[tuple[int, float]],
    *,
    title: str,
    target: float | None = None,
    baseline: float | None = None,
    target_points: list[tuple[int, float]] | None = None,
    width: int = 320,
    height: int = 160,
) -> SafeString:
    """Values over years, with the target as a dashed line (and the targets set year by
    year, ``target_points``, as dotted squares joined); axis labels are numbers only."""
    left, right, top, bottom = 36, 18, 10, 24
    target_points = target_points or []
    values = [float(v) for _, v in [*points, *target_points]] + [
        float(x) for x in (target, baseline) if x is not None
    ]
    high = max(values + [1.0]) * 1.1
    years = [year for year, _ in [*points, *target_points]] or [0]
    first, last = min(years), max(years)
    span = max(last - first, 1)

    def x(year):
        return left + (width - left - right) * (year - first) / span

    def y(value):
        return top + (height - top - bottom) * (1 - float(value) / high)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart chart-line" '
        f'font-family="DejaVu Sans, sans-serif" font-size="10">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" '
        f'y2="{height - bottom}" stroke="#adb5bd"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#adb5bd"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" '
        f'fill="{TEXT_COLOUR}">{high / 1.1:.0f}</text>',
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end" '
        f'fill="{TEXT_COLOUR}">0</text>',
    ]
    if target is not None:
        parts.append(
            f'<line x1="{left}" y1="{y(target):.1f}" x2="{width - right}" y2="{y(target):.1f}" '
            f'stroke="{SECOND_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
    if target_points:
        path = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in target_points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{SECOND_COLOUR}" '
            'stroke-width="1.5" stroke-dasharray="2 2" class="chart-yearly-targets"/>'
        )
        for year, value in target_points:
            parts.append(
                f'<rect x="{x(year) - 3:.1f}" y="{y(value) - 3:.1f}" width="6" height="6" '
                f'fill="none" stroke="{SECOND_COLOUR}"/>'
            )
    if points:
        path = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{BAR_COLOUR}" stroke-width="2" '
            'class="chart-values"/>'
        )
        for year, value in points:
            parts.append(
                f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="3" fill="{BAR_COLOUR}"/>'
            )
        for year in sorted(set(years)):
            parts.append(
                f'<text x="{x(year):.1f}" y="{height - 8}" text-anchor="middle" '
                f'fill="{TEXT_COLOUR}">{year}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - the title is escaped, the rest numbers
