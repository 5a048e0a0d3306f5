"""Plan progress: actions done against planned, budget, associations reached, and how
the targeted sub-dimensions moved for the same associations before and after."""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from diagnostics.models import Action, Attendee, Campaign, Diagnostic, Plan, Score
from diagnostics.questionnaire.structure import structure_for
from takwia.figures import exact


@dataclass
class Movement:
    code: str
    name: str
    before: Fraction
    after: Fraction
    n: int  # associations diagnosed in both campaigns (paired)


@dataclass
class PlanProgress:
    planned: int
    done: int
    cancelled: int
    budget: Decimal | None
    budget_done: Decimal | None
    reached: int
    targeted: int
    unbudgeted: int = 0  # actions (not cancelled) whose budget is still "à définir"
    people: int = 0  # attendance by person, over the plan's actions
    women: int = 0
    men: int = 0
    movement: list = field(default_factory=list)
    later: Campaign | None = None


def _associations_counted(through):
    """The distinct associations of a plan's actions in ``through`` (targets or
    participants), as a sub-query of the plan."""
    counted = (
        through.objects.filter(action__plan=OuterRef("pk"))
        .order_by()
        .values("action__plan")
        .annotate(n=Count("association_id", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def attendance_counts(*, actions) -> dict:
    """People present at ``actions`` (a queryset), women and men: derived from the
    attendance taken person by person, in one query."""
    return Attendee.objects.filter(action__in=actions).aggregate(
        people=Count("pk"),
        women=Count("pk", filter=Q(sex=Attendee.Sex.WOMAN)),
        men=Count("pk", filter=Q(sex=Attendee.Sex.MAN)),
    )


def plan_progress(*, plan) -> PlanProgress:
    """Actions done against planned, budget (None where none was set), associations
    reached and, once a later campaign re-diagnosed them, how the targeted
    sub-dimensions moved: the mean before and after over the same associations, those
    targeted that have a scored diagnostic in both campaigns."""
    actions = Action.objects.filter(plan=plan)
    counts = actions.aggregate(
        planned=Count("pk", filter=~Q(status=Action.Status.CANCELLED)),
        done=Count("pk", filter=Q(status=Action.Status.DONE)),
        cancelled=Count("pk", filter=Q(status=Action.Status.CANCELLED)),
        committed=Sum("budget", filter=~Q(status=Action.Status.CANCELLED)),
        spent=Sum("budget", filter=Q(status=Action.Status.DONE)),
        unbudgeted=Count("pk", filter=~Q(status=Action.Status.CANCELLED) & Q(budget__isnull=True)),
    )
    people = attendance_counts(actions=actions)
    # Associations reached and targeted, each counted once, in one query.
    reached, targeted = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(
            reached=_associations_counted(Action.participants.through),
            targeted=_associations_counted(Action.targets.through),
        )
        .values_list("reached", "targeted")
        .get()
    )
    target_ids = Action.targets.through.objects.filter(action__plan=plan).values("association_id")
    movement, later = [], None
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
            scored = Diagnostic.objects.scored()
            paired = (
                scored.filter(campaign=plan.campaign, association_id__in=target_ids)
                .filter(association_id__in=scored.filter(campaign=later).values("association_id"))
                .values("association_id")
            )
            both = Score.objects.filter(
                level=Score.Level.SUBDIMENSION,
                code__in=codes,
                diagnostic__association_id__in=paired,
                diagnostic__campaign__in=[plan.campaign, later],
                diagnostic__in=scored,
            )
            # The same associations on both sides, sub-dimension by sub-dimension.
            other_side = both.filter(
                code=OuterRef("code"),
                diagnostic__association_id=OuterRef("diagnostic__association_id"),
            ).exclude(diagnostic__campaign_id=OuterRef("diagnostic__campaign_id"))
            rows = (
                both.filter(Exists(other_side))
                .values("code")
                .annotate(
                    before=Sum("score", filter=Q(diagnostic__campaign=plan.campaign)),
                    n_before=Count("pk", filter=Q(diagnostic__campaign=plan.campaign)),
                    after=Sum("score", filter=Q(diagnostic__campaign=later)),
                    n_after=Count("pk", filter=Q(diagnostic__campaign=later)),
                )
                .order_by("code")
            )
            names = structure_for(plan.campaign.version).subdimension_names
            movement = [
                Movement(
                    row["code"],
                    names.get(row["code"], row["code"]),
                    exact(row["before"]) / row["n_before"],
                    exact(row["after"]) / row["n_after"],
                    row["n_after"],
                )
                for row in rows
                if row["n_before"] and row["n_after"]
            ]
    return PlanProgress(
        planned=counts["planned"],
        done=counts["done"],
        cancelled=counts["cancelled"],
        budget=counts["committed"],
        budget_done=counts["spent"],
        unbudgeted=counts["unbudgeted"],
        people=people["people"],
        women=people["women"],
        men=people["men"],
        reached=reached,
        targeted=targeted,
        movement=movement,
        later=later,
    )
