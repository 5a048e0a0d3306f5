"""Axis score distributions: exact mean, quartiles and n of each axis over a set of
diagnostics. Quartiles follow PostgreSQL's ``percentile_cont`` (linear interpolation
between the two order statistics around f x (n - 1)), computed the same way on every
database: the order statistics are picked by one window query, then interpolated
exactly."""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, F, Sum, Window
from django.db.models.functions import RowNumber

from diagnostics.models import Score
from takwia.figures import exact

QUARTILES = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))


@dataclass
class AxisDistribution:
    axis: object
    mean: Fraction
    q1: Fraction
    median: Fraction
    q3: Fraction
    n: int


def _positions(n: int, fraction: Fraction) -> tuple[int, int, Fraction]:
    """1-based ranks of the order statistics around f x (n - 1), and the weight of the
    upper one."""
    position = fraction * (n - 1)
    low = int(position)
    return low + 1, min(low + 2, n), position - low


def percentile_cont(ordered: dict[int, Fraction], n: int, fraction: Fraction) -> Fraction:
    low, high, weight = _positions(n, fraction)
    return ordered[low] + weight * (ordered[high] - ordered[low])


def axis_distribution(*, diagnostics, structure) -> list[AxisDistribution]:
    scores = Score.objects.filter(level=Score.Level.AXIS, diagnostic__in=diagnostics)
    stats = {
        row["code"]: (exact(row["total"]), row["n"])
        for row in scores.values("code").annotate(total=Sum("score"), n=Count("pk")).order_by()
    }
    ranks = {
        rank
        for _total, n in stats.values()
        for fraction in QUARTILES
        for rank in _positions(n, fraction)[:2]
    }
    ordered: dict[str, dict[int, Fraction]] = {}
    if ranks:
        rows = (
            scores.annotate(
                rank=Window(RowNumber(), partition_by=F("code"), order_by=[F("score"), F("pk")])
            )
            .filter(rank__in=sorted(ranks))
            .values_list("code", "rank", "score")
        )
        for code, rank, score in rows:
            ordered.setdefault(code, {})[rank] = exact(score)
    result = []
    for axis in structure.axes:
        if axis.code not in stats:
            continue
        total, n = stats[axis.code]
        q1, median, q3 = (
            percentile_cont(ordered[axis.code], n, fraction) for fraction in QUARTILES
        )
        result.append(AxisDistribution(axis, total / n, q1, median, q3, n))
    return result
