"""Classes and colours of a map: five classes on a colour-blind-safe sequential scale,
categories on a qualitative one, "données insuffisantes" hatched, and the legend."""

import math
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from diagnostics.selectors import MAP_MIN_DIAGNOSED

from .render import HATCH

# ColorBrewer "Blues" (sequential, readable with every kind of colour blindness),
# lightest to darkest; categories take the Okabe-Ito palette.
BLUES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
CATEGORY_COLOURS = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
]  # fmt: skip
CLASSES = len(BLUES)


@dataclass
class LegendEntry:
    fill: str
    label: str


def _nice(value: Fraction) -> Fraction:
    """The smallest of 1, 2, 2.5, 5 x 10^k at least ``value`` (a readable class width)."""
    if value <= 0:
        return Fraction(1)
    step = Fraction(1, 1000)
    while True:
        for factor in (1, 2, Fraction(5, 2), 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def breaks_for(indicator, values: list[Fraction]) -> list[Fraction]:
    """Upper bounds of the five classes: 20, 40, ... for a 0-100 figure, otherwise equal
    steps of a readable width up to the largest figure."""
    top = Fraction(indicator.bounded) if indicator.bounded else max(values, default=Fraction(0))
    width = Fraction(top, CLASSES) if indicator.bounded else _nice(Fraction(top, CLASSES))
    if indicator.places == 0:
        width = max(Fraction(1), Fraction(math.ceil(width)))  # counts: whole bounds
    return [width * (index + 1) for index in range(CLASSES)]


def class_of(value: Fraction, breaks: list[Fraction]) -> int:
    """The class of a figure: the first whose upper bound it does not pass."""
    for index, upper in enumerate(breaks):
        if value <= upper:
            return index
    return len(breaks) - 1


def _fmt(value: Fraction, places: int = 1) -> str:
    from takwia.templatetags.figures import fig

    return fig(value, places)


def classify(figures, diagnosed: dict):
    """Class and colour every area of ``figures`` (a MapFigures), hide what rests on
    fewer than MAP_MIN_DIAGNOSED diagnosed associations, and write the legend."""
    indicator = figures.indicator
    for area in figures.areas:
        area.diagnosed = diagnosed.get(area.code, 0)
        if area.outside:
            area.value, area.category = None, None
            continue
        if indicator.diagnosed_only and area.diagnosed < MAP_MIN_DIAGNOSED:
            area.insufficient = True
            area.value, area.category = None, None
    legend = []
    if indicator.categorical:
        names = sorted({area.category for area in figures.areas if area.category})
        colours = dict(zip(names, CATEGORY_COLOURS, strict=False))
        for area in figures.areas:
            if area.category in colours:
                area.fill = colours[area.category]
        legend = [LegendEntry(colour, name) for name, colour in colours.items()]
    else:
        values = [area.value for area in figures.areas if area.value is not None]
        figures.breaks = breaks_for(indicator, values)
        lower, places = Fraction(0), indicator.places
        for index, upper in enumerate(figures.breaks):
            # Upper bounds belong to their class: whole counts start one above the last.
            low = lower + 1 if places == 0 and index else lower
            label = (
                _fmt(upper, places)
                if low == upper
                else f"{_fmt(low, places)} – {_fmt(upper, places)}"
            )
            legend.append(LegendEntry(BLUES[index], label))
            lower = upper
        for area in figures.areas:
            if area.value is not None:
                area.klass = class_of(area.value, figures.breaks)
                area.fill = BLUES[area.klass]
    for area in figures.areas:
        if area.insufficient:
            area.fill = HATCH
        elif not area.fill:
            area.fill = "#ffffff" if not area.outside else "#f8f9fa"
    if any(area.insufficient for area in figures.areas):
        legend.append(
            LegendEntry(
                "hatch",
                _("données insuffisantes (moins de %(n)s associations diagnostiquées)")
                % {"n": MAP_MIN_DIAGNOSED},
            )
        )
    if any(
        not area.outside and area.value is None and not area.insufficient and area.category is None
        for area in figures.areas
    ):
        legend.append(LegendEntry("#ffffff", _("aucune donnée")))
    if any(area.outside for area in figures.areas):
        legend.append(LegendEntry("#f8f9fa", _("hors de votre périmètre")))
    figures.legend = legend
    return figures
