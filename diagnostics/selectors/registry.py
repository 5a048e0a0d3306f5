"""What other apps read of the diagnostic about associations (the registry's pages and
filters, volunteer matching): one place for "diagnosed", "weak sub-dimension" and
"the actions aimed at an association"."""

from django.db.models import Count, Exists, OuterRef

from diagnostics.models import Action, Diagnostic, Score


def diagnosed_exists():
    """An EXISTS expression for the registry's "diagnosed" filter (served by the
    diagnostics' association index): at least one submitted or validated diagnostic."""
    return Exists(Diagnostic.objects.scored().filter(association_id=OuterRef("pk")))


def association_diagnostics(*, association, user):
    """The association's diagnostics (assessments) the user may see, newest first."""
    if not user.has_perm("diagnostics.view_diagnostic"):
        return Diagnostic.objects.none()
    return (
        Diagnostic.objects.visible_to(user)
        .assessed()
        .filter(association=association)
        .select_related("campaign")
        .order_by("-created_at")
    )


def actions_aimed_at(*, association, user):
    """The actions aimed at the association (not cancelled), as the user may see them."""
    return (
        Action.objects.visible_to(user)
        .aimed_at(association)
        .select_related("plan")
        .order_by("starts_on", "pk")
    )


def associations_weak_on(*, codes: set[str], associations, limit: int = 10) -> list:
    """Associations among ``associations`` whose scored diagnostics are weak on some of
    ``codes``, most such sub-dimensions first: (id, name, sorted codes)."""
    visible = Diagnostic.objects.scored().filter(association__in=associations)
    weak = Score.objects.weak().filter(code__in=codes, diagnostic__in=visible)
    rows = (
        weak.values("diagnostic__association_id", "diagnostic__association__name_fr")
        .annotate(n=Count("code", distinct=True))
        .order_by("-n", "diagnostic__association__name_fr")[:limit]
    )
    ids = [row["diagnostic__association_id"] for row in rows]
    reasons: dict = {}
    for association_id, code in weak.filter(diagnostic__association_id__in=ids).values_list(
        "diagnostic__association_id", "code"
    ):
        reasons.setdefault(association_id, set()).add(code)
    return [
        (
            row["diagnostic__association_id"],
            row["diagnostic__association__name_fr"],
            sorted(reasons.get(row["diagnostic__association_id"], ())),
        )
        for row in rows
    ]
