"""Reads of the diagnostic: a diagnostic's results against its province, campaign tables."""

from dataclasses import dataclass

from django.db.models import Aggregate, Avg, Count, F, FloatField, Q, Sum

from diagnostics import scoring
from diagnostics.models import Campaign, Diagnostic, Score
from diagnostics.services import Structure, structure_for

STRONG_FROM = 60.0
WEAK_BELOW = 50.0


@dataclass
class SubScore:
    axis: str
    name: str
    code: str
    score: float
    level: dict | None


@dataclass
class Results:
    diagnostic: Diagnostic
    structure: Structure
    axes: list[tuple[str, str, float | None, float | None]]  # code, name, score, province
    strengths: list[SubScore]
    weaknesses: list[SubScore]
    changes: list[tuple[str, float, float]]  # axis name, previous, now
    previous: Diagnostic | None
    level: dict | None
    province_count: int


def _scores(diagnostic: Diagnostic) -> dict[tuple[str, str], float]:
    return {
        (level, code): float(score)
        for level, code, score in diagnostic.scores.values_list("level", "code", "score")
    }


def diagnostic_results(*, diagnostic: Diagnostic) -> Results:
    """One diagnostic's scores, its province's averages (same questionnaire version),
    its strengths and weaknesses by sub-dimension, and what changed since the
    association's previous scored diagnostic. A constant number of queries."""
    structure = structure_for(diagnostic.version)
    own = _scores(diagnostic)
    province = diagnostic.association.commune.province_id
    peers = Score.objects.filter(
        level=Score.Level.AXIS,
        diagnostic__in=Diagnostic.objects.scored().filter(
            version=diagnostic.version, association__commune__province_id=province
        ),
    )
    averages = {
        row["code"]: float(row["mean"])
        for row in peers.values("code").annotate(mean=Avg("score")).order_by()
    }
    province_count = (
        Diagnostic.objects.scored()
        .filter(version=diagnostic.version, association__commune__province_id=province)
        .count()
    )
    axes = [
        (axis.code, axis.name, own.get(("axis", axis.code)), averages.get(axis.code))
        for axis in structure.axes
    ]
    levels = structure.version.maturity_levels
    subscores = [
        SubScore(axis.name, sub.name, sub.code, own[("subdimension", sub.code)], None)
        for axis in structure.axes
        for sub in axis.subdimensions.all()
        if ("subdimension", sub.code) in own
    ]
    for entry in subscores:
        entry.level = scoring.maturity(entry.score, levels)
    ordered = sorted(subscores, key=lambda entry: entry.score)
    weaknesses = [entry for entry in ordered if entry.score < WEAK_BELOW][:5]
    strengths = [entry for entry in reversed(ordered) if entry.score >= STRONG_FROM][:5]
    previous = (
        Diagnostic.objects.scored()
        .filter(association=diagnostic.association, submitted_at__lt=diagnostic.submitted_at)
        .order_by("-submitted_at")
        .first()
        if diagnostic.submitted_at
        else None
    )
    changes = []
    if previous is not None:
        before = _scores(previous)
        for code, name, now, _ in axes:
            if now is not None and ("axis", code) in before:
                changes.append((name, before[("axis", code)], now))
    overall = float(diagnostic.overall_score) if diagnostic.overall_score is not None else None
    return Results(
        diagnostic=diagnostic,
        structure=structure,
        axes=axes,
        strengths=strengths,
        weaknesses=weaknesses,
        changes=changes,
        previous=previous,
        level=scoring.maturity(overall, levels),
        province_count=province_count,
    )


def results_radar(results: Results):
    """The radar of one diagnostic against its province (numbered spokes) and its legend,
    the same on the results page and in the association's PDF."""
    from django.utils.translation import gettext as _

    from takwia.charts import radar_legend, radar_svg

    radar = radar_svg(
        [str(number) for number in range(1, len(results.axes) + 1)],
        [score or 0 for _code, _name, score, _average in results.axes],
        reference=[average or 0 for _code, _name, _score, average in results.axes],
        title=_("Scores par axe de l'association et moyenne de la province"),
    )
    return radar, radar_legend(_("Cette association"), _("Moyenne de la province"))


def campaign_sample(*, campaign: Campaign):
    """The sample's associations with their diagnostic (if any), in one query."""
    diagnostics = {
        d.association_id: d
        for d in campaign.diagnostics.only("pk", "association_id", "status", "overall_score")
    }
    entries = list(
        campaign.entries.select_related("association__commune").order_by("association__name_fr")
    )
    for entry in entries:
        entry.diagnostic = diagnostics.get(entry.association_id)
    return entries


def campaign_counts(*, campaign: Campaign) -> dict[str, int]:
    return campaign.diagnostics.aggregate(
        total=Count("pk"),
        drafts=Count(
            "pk", filter=Q(status__in=[Diagnostic.Status.DRAFT, Diagnostic.Status.RETURNED])
        ),
        submitted=Count("pk", filter=Q(status=Diagnostic.Status.SUBMITTED)),
        validated=Count("pk", filter=Q(status=Diagnostic.Status.VALIDATED)),
    )


# --- Provincial results: findings as shares, counted by the database ---------------

Z_95 = 1.96


@dataclass
class FindingShare:
    finding: object
    count: int
    base: int
    weighted_percent: float | None = None
    margin: float | None = None

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.base, 1) if self.base else 0.0


def _answer_groups(answers, findings, *, by: str | None = None, weighted: bool = False):
    """Answers to the findings' questions grouped by question, value (and ``by``, and the
    sampling weight): one GROUP BY in the database, a few hundred groups whatever the
    number of diagnostics. The findings are then read off these groups."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    fields = ["question_id", "value_bool", "value_int", "value_text", "choices"]
    if by:
        fields.append(by)
    if weighted:
        fields.append("weight")
    return (
        answers.filter(question_id__in={finding.question_id for finding in findings})
        .annotate(choices=Cast("value_choices", TextField()))
        .values(*fields)
        .annotate(n=Count("pk"))
        .order_by()
    )


def _group_value(row: dict, kind: str):
    import json

    if kind == "yes_no":
        return row["value_bool"]
    if kind in {"integer", "scale"}:
        return row["value_int"]
    if kind == "multiple":
        try:
            return json.loads(row["choices"] or "[]")
        except (TypeError, ValueError):
            return []
    return row["value_text"] or None


def _shares_from_groups(findings, groups, *, weighted: bool, population: float | None) -> list:
    """Each finding's count and base (and weighted share, Kish margin) from the groups."""
    from diagnostics.scoring import predicate_holds

    by_question: dict = {}
    for row in groups:
        by_question.setdefault(row["question_id"], []).append(row)
    shares = []
    for finding in findings:
        kind = finding.question.kind
        count = base = 0
        w_match = w_base = w2_base = 0.0
        for row in by_question.get(finding.question_id, []):
            value = _group_value(row, kind)
            if value is None:
                continue
            if finding.base and not predicate_holds(finding.base, value):
                continue
            n, w = row["n"], float(row.get("weight") or 1.0)
            base += n
            w_base += n * w
            w2_base += n * w * w
            if predicate_holds(finding.predicate, value):
                count += n
                w_match += n * w
        share = FindingShare(finding, count, base)
        if weighted and w_base:
            p = w_match / w_base
            # Effective sample size of a weighted mean (Kish), finite population corrected.
            n_eff = w_base**2 / w2_base
            fpc = max(0.0, 1 - base / population) if population else 1.0
            share.weighted_percent = round(100 * p, 1)
            share.margin = round(100 * Z_95 * (p * (1 - p) / n_eff * fpc) ** 0.5, 1)
        shares.append(share)
    return shares


def _scored_in(campaign: Campaign, domain: str | None = None):
    diagnostics = Diagnostic.objects.scored().filter(campaign=campaign)
    if domain:
        diagnostics = diagnostics.filter(association__domains__code=domain)
    return diagnostics


def _answers_with_weight(campaign: Campaign, domain: str | None = None):
    from django.db.models import OuterRef, Subquery

    from diagnostics.models import Answer, SampleEntry

    weight = SampleEntry.objects.filter(
        campaign_id=OuterRef("diagnostic__campaign_id"),
        association_id=OuterRef("diagnostic__association_id"),
    ).values("weight")[:1]
    return Answer.objects.filter(diagnostic__in=_scored_in(campaign, domain)).annotate(
        weight=Subquery(weight)
    )


@dataclass
class CampaignResults:
    campaign: Campaign
    diagnosed: int
    weighted: bool
    by_axis: list  # (axis, [FindingShare])
    by_milieu: dict  # milieu -> {finding code: FindingShare}
    distribution: list  # (axis, mean, q1, median, q3, n)


def campaign_results(*, campaign: Campaign, domain: str | None = None) -> CampaignResults:
    """Every finding of the campaign's questionnaire as a share of the diagnosed
    associations (with its base), weighted to the registry with a 95 % margin of
    error when the sample was drawn; the same by milieu; axis score distributions.
    ``domain`` (a domain code) restricts everything to the associations of that domain.
    A constant number of queries, whatever the number of diagnostics."""
    from associations.models import Milieu

    findings = list(campaign.version.findings.select_related("question", "axis"))
    diagnosed = _scored_in(campaign, domain).count()
    weighted = campaign.sample_seed is not None
    population = campaign.entries.aggregate(total=Sum("weight"))["total"] if weighted else None
    shares, per_milieu = [], {}
    if findings:
        from diagnostics.models import Answer

        groups = _answer_groups(_answers_with_weight(campaign, domain), findings, weighted=True)
        shares = _shares_from_groups(findings, groups, weighted=weighted, population=population)
        answers = Answer.objects.filter(diagnostic__in=_scored_in(campaign, domain)).annotate(
            milieu=F("diagnostic__association__commune__milieu")
        )
        milieu_groups: dict = {}
        for row in _answer_groups(answers, findings, by="milieu"):
            milieu_groups.setdefault(row["milieu"], []).append(row)
        for milieu, rows in milieu_groups.items():
            per_milieu[milieu] = {
                s.finding.code: s
                for s in _shares_from_groups(findings, rows, weighted=False, population=None)
            }
    structure = structure_for(campaign.version)
    by_axis = [
        (axis, [share for share in shares if share.finding.axis_id == axis.pk])
        for axis in structure.axes
    ]
    return CampaignResults(
        campaign=campaign,
        diagnosed=diagnosed,
        weighted=weighted,
        by_axis=by_axis,
        by_milieu={str(Milieu(m).label): v for m, v in per_milieu.items() if m},
        distribution=axis_distribution(campaign=campaign, structure=structure, domain=domain),
    )


def axis_distribution(*, campaign: Campaign, structure: Structure, domain=None) -> list:
    """Mean, quartiles and n of each axis score (PostgreSQL's percentile_cont; elsewhere
    the quartiles are read by offset, three small queries per axis)."""
    from django.db import connection

    scores = Score.objects.filter(
        level=Score.Level.AXIS, diagnostic__in=_scored_in(campaign, domain)
    )
    means = {
        row["code"]: (float(row["mean"]), row["n"])
        for row in scores.values("code").annotate(mean=Avg("score"), n=Count("pk")).order_by()
    }
    quartiles: dict[str, tuple] = {}
    if connection.vendor == "postgresql":
        rows = (
            scores.values("code")
            .annotate(
                q1=Percentile("score", 0.25),
                median=Percentile("score", 0.5),
                q3=Percentile("score", 0.75),
            )
            .order_by()
        )
        quartiles = {row["code"]: (row["q1"], row["median"], row["q3"]) for row in rows}
    else:
        for code, (_, n) in means.items():
            ordered = scores.filter(code=code).order_by("score").values_list("score", flat=True)
            quartiles[code] = tuple(
                float(ordered[min(n - 1, int(fraction * (n - 1) + 0.5))])
                for fraction in (0.25, 0.5, 0.75)
            )
    result = []
    for axis in structure.axes:
        if axis.code in means:
            mean, n = means[axis.code]
            q1, median, q3 = quartiles.get(axis.code, (None, None, None))
            result.append((axis, round(mean, 1), _round(q1), _round(median), _round(q3), n))
    return result


def _round(value):
    return None if value is None else round(float(value), 1)


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def findings_by_province(*, version, user) -> tuple[list, list, dict, dict]:
    """Every finding's share per province (the user's provinces) and nationally, for one
    questionnaire version: two GROUP BY over the scored diagnostics' answers."""
    from associations.models import Province
    from diagnostics.models import Answer

    findings = list(version.findings.select_related("question", "axis"))
    visible = Diagnostic.objects.visible_to(user).scored().filter(version=version)
    answers = Answer.objects.filter(diagnostic__in=visible).annotate(
        province=F("diagnostic__association__commune__province")
    )
    per_province_groups: dict = {}
    for row in _answer_groups(answers, findings, by="province"):
        per_province_groups.setdefault(row["province"], []).append(row)
    per_province = {
        province: {
            s.finding.code: s
            for s in _shares_from_groups(findings, rows, weighted=False, population=None)
        }
        for province, rows in per_province_groups.items()
    }
    everywhere = _answer_groups(
        Answer.objects.filter(diagnostic__in=Diagnostic.objects.scored().filter(version=version)),
        findings,
    )
    national = {
        s.finding.code: s
        for s in _shares_from_groups(findings, everywhere, weighted=False, population=None)
    }
    provinces = list(Province.objects.filter(pk__in=per_province).order_by("name_fr"))
    return findings, provinces, per_province, national


# --- Needs identification ------------------------------------------------------------

NEED_THRESHOLD = 50.0


@dataclass
class Need:
    subdimension: object
    axis: object
    assessed: int
    below: int
    mean_gap: float
    weight: int

    @property
    def share_below(self) -> float:
        return round(100 * self.below / self.assessed, 1) if self.assessed else 0.0

    @property
    def index(self) -> float:
        """share below the threshold (0-1) x mean gap (points) x weight."""
        return (
            round(self.below / self.assessed * self.mean_gap * self.weight, 1)
            if self.assessed
            else 0.0
        )


def needs_ranking(
    *, campaign: Campaign, milieu: str | None = None, domain: str | None = None
) -> list[Need]:
    """Sub-dimensions ranked by need: how many diagnosed associations score below the
    threshold, how far below on average, times the sub-dimension's weight in the method.
    One grouped aggregate over the stored sub-dimension scores."""
    from django.db.models import ExpressionWrapper, FloatField, Value

    diagnostics = Diagnostic.objects.scored().filter(campaign=campaign)
    if milieu:
        diagnostics = diagnostics.filter(association__commune__milieu=milieu)
    if domain:
        diagnostics = diagnostics.filter(association__domains__code=domain)
    below = Q(score__lt=NEED_THRESHOLD)
    gap = ExpressionWrapper(Value(NEED_THRESHOLD) - F("score"), output_field=FloatField())
    rows = (
        Score.objects.filter(level=Score.Level.SUBDIMENSION, diagnostic__in=diagnostics)
        .values("code")
        .annotate(assessed=Count("pk"), below=Count("pk", filter=below), gap=Avg(gap, filter=below))
        .order_by()
    )
    structure = structure_for(campaign.version)
    subs = {sub.code: (sub, axis) for axis in structure.axes for sub in axis.subdimensions.all()}
    needs = [
        Need(subs[row["code"]][0], subs[row["code"]][1], row["assessed"], row["below"],
             round(float(row["gap"] or 0), 1), subs[row["code"]][0].weight)
        for row in rows
        if row["code"] in subs
    ]  # fmt: skip
    return sorted(needs, key=lambda need: (-need.index, need.subdimension.code))


@dataclass
class PlanProgress:
    planned: int
    done: int
    cancelled: int
    budget: float
    budget_done: float
    reached: int
    targeted: int
    movement: list  # (subdimension code, name, before, after, n)


def plan_progress(*, plan) -> PlanProgress:
    """Actions done against planned, budget, associations reached and, once a later
    campaign re-diagnosed them, how the targeted sub-dimensions moved (in SQL)."""
    from diagnostics.models import Action

    actions = Action.objects.filter(plan=plan)
    counts = actions.aggregate(
        planned=Count("pk", filter=~Q(status=Action.Status.CANCELLED)),
        done=Count("pk", filter=Q(status=Action.Status.DONE)),
        cancelled=Count("pk", filter=Q(status=Action.Status.CANCELLED)),
        committed=Sum("budget", filter=~Q(status=Action.Status.CANCELLED)),
        spent=Sum("budget", filter=Q(status=Action.Status.DONE)),
    )
    reached = (
        Action.participants.through.objects.filter(action__plan=plan)
        .values("association_id")
        .distinct()
        .count()
    )
    targeted = (
        Action.targets.through.objects.filter(action__plan=plan)
        .values("association_id")
        .distinct()
        .count()
    )
    movement = []
    if plan.campaign is not None:
        later = (
            Campaign.objects.filter(province=plan.province, starts_on__gt=plan.campaign.starts_on)
            .order_by("starts_on")
            .first()
        )
        codes = sorted(
            {code for codes in actions.values_list("subdimensions", flat=True) for code in codes}
        )
        if later is not None and codes:
            target_ids = Action.targets.through.objects.filter(action__plan=plan).values(
                "association_id"
            )
            rows = (
                Score.objects.filter(
                    level=Score.Level.SUBDIMENSION,
                    code__in=codes,
                    diagnostic__association_id__in=target_ids,
                    diagnostic__campaign__in=[plan.campaign, later],
                    diagnostic__status__in=[
                        Diagnostic.Status.SUBMITTED,
                        Diagnostic.Status.VALIDATED,
                    ],
                )
                .values("code")
                .annotate(
                    before=Avg("score", filter=Q(diagnostic__campaign=plan.campaign)),
                    after=Avg("score", filter=Q(diagnostic__campaign=later)),
                    n=Count(
                        "diagnostic__association",
                        filter=Q(diagnostic__campaign=later),
                        distinct=True,
                    ),
                )
                .order_by("code")
            )
            names = {
                sub.code: sub.name
                for axis in structure_for(plan.campaign.version).axes
                for sub in axis.subdimensions.all()
            }
            movement = [
                (
                    row["code"],
                    names.get(row["code"], row["code"]),
                    _round(row["before"]),
                    _round(row["after"]),
                    row["n"],
                )
                for row in rows
            ]
    return PlanProgress(
        planned=counts["planned"],
        done=counts["done"],
        cancelled=counts["cancelled"],
        budget=float(counts["committed"] or 0),
        budget_done=float(counts["spent"] or 0),
        reached=reached,
        targeted=targeted,
        movement=movement,
    )
