"""The diagnostic's figures by area (province or commune), for the maps: scores with
one unit per association, the top-ranked need of each province, plan progress. Each is
a constant number of grouped queries, whatever the number of diagnostics."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q, Sum

from diagnostics.models import Action, Campaign, Diagnostic, QuestionnaireVersion, Score
from diagnostics.models.entry import scored_through
from diagnostics.questionnaire.estimation import SUPPRESSION_BASE
from diagnostics.questionnaire.structure import structure_for
from diagnostics.selectors import summary
from diagnostics.selectors.needs import Need, ranking
from takwia.figures import exact

# Below this many diagnosed associations an area's means and needs are not shown (the
# reports' suppression rule, named once in the estimator).
MAP_MIN_DIAGNOSED = SUPPRESSION_BASE

_AREA = {"province": "commune__province__code", "commune": "commune__code"}


def _key(level: str, prefix: str = "") -> str:
    return prefix + _AREA[level]


@dataclass
class AreaScores:
    diagnosed: int
    overall: Fraction | None
    axes: dict = field(default_factory=dict)  # axis code -> exact mean


def map_axes() -> list:
    """The axes (code, name) of the latest published questionnaire, in order."""
    version = QuestionnaireVersion.objects.published().order_by("-number").first()
    if version is None:
        return []
    return [(axis.code, axis.name) for axis in structure_for(version).axes]


def scores_by_area(*, associations, level: str) -> dict[str, AreaScores]:
    """Diagnosed associations and the exact mean overall and axis scores by area, over
    the latest scored diagnostic of each of ``associations`` (one unit per association).
    Two grouped queries."""
    latest = (
        Diagnostic.objects.scored().filter(association__in=associations).latest_per_association()
    )
    key = _key(level, "association__")
    out = {
        row[key]: AreaScores(
            row["n"], exact(row["total"]) / row["n"] if row["total"] is not None else None
        )
        for row in latest.values(key).annotate(n=Count("pk"), total=Sum("overall_score")).order_by()
    }
    axis_key = "diagnostic__" + key
    rows = (
        Score.objects.filter(level=Score.Level.AXIS, diagnostic__in=latest)
        .values(axis_key, "code")
        .annotate(total=Sum("score"), n=Count("pk"))
        .order_by()
    )
    for row in rows:
        if row[axis_key] in out and row["n"]:
            out[row[axis_key]].axes[row["code"]] = exact(row["total"]) / row["n"]
    return out


def top_needs_by_province(*, provinces, campaigns) -> dict[str, tuple[Need, int]]:
    """Each province's top-ranked need in its latest campaign that has scored
    diagnostics, with that campaign's number of diagnosed associations: the ranking of
    the needs page, one campaign per province (a query per province that has one)."""
    latest = (
        campaigns.filter(province__in=provinces)
        .annotate(n=Count("diagnostics", filter=scored_through("diagnostics__")))
        .filter(n__gt=0)
        .select_related("province", "version")
        .order_by("province_id", "-starts_on", "-pk")
    )
    chosen = {}
    for campaign in latest:
        chosen.setdefault(campaign.province.code, campaign)
    shown = [c.pk for c in chosen.values() if c.n >= MAP_MIN_DIAGNOSED]
    summary.up_to_date(Campaign.objects.filter(pk__in=shown))  # one query when up to date
    out = {}
    for code, campaign in chosen.items():
        needs = ranking(campaign=campaign) if campaign.pk in shown else []
        out[code] = (needs[0] if needs else None, campaign.n)
    return out


@dataclass
class AreaPlan:
    planned: int = 0
    done: int = 0
    reached: int = 0

    @property
    def done_share(self) -> Fraction | None:
        return Fraction(self.done, self.planned) if self.planned else None


def plans_by_area(*, plans, level: str) -> dict[str, AreaPlan]:
    """Actions planned (not cancelled) and done by province, and associations reached
    (taking part in an action) by area, over ``plans``. Two grouped queries."""
    out: dict[str, AreaPlan] = {}
    if level == "province":
        rows = (
            Action.objects.filter(plan__in=plans)
            .values("plan__province__code")
            .annotate(
                planned=Count("pk", filter=~Q(status=Action.Status.CANCELLED)),
                done=Count("pk", filter=Q(status=Action.Status.DONE)),
            )
            .order_by()
        )
        for row in rows:
            out[row["plan__province__code"]] = AreaPlan(row["planned"], row["done"])
    key = _key(level, "association__")
    reached = (
        Action.participants.through.objects.filter(action__plan__in=plans)
        .values(key)
        .annotate(n=Count("association_id", distinct=True))
        .order_by()
    )
    for row in reached:
        out.setdefault(row[key], AreaPlan()).reached = row["n"]
    return out
