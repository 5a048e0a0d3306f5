"""Axis score distributions: exact mean, quartiles and n of each axis over a campaign's
counted diagnostics, read off the summary's score histograms. Quartiles follow
PostgreSQL's ``percentile_cont`` (linear interpolation between the two order statistics
around f x (n - 1)), computed the same way on every database: the order statistics
are picked from the histogram, then interpolated exactly."""

from dataclasses import dataclass
from fractions import Fraction

from diagnostics.selectors.summary import histogram_mean, score_histograms, statuses

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


def order_statistic(histogram: list[tuple[Fraction, int]], rank: int) -> Fraction:
    """The ``rank``-th smallest value (1-based) of an increasing (value, count) histogram."""
    seen = 0
    for value, count in histogram:
        seen += count
        if rank <= seen:
            return value
    raise ValueError(f"rank {rank} beyond {seen} values")


def percentile_cont(histogram: list[tuple[Fraction, int]], n: int, fraction: Fraction) -> Fraction:
    low, high, weight = _positions(n, fraction)
    below, above = order_statistic(histogram, low), order_statistic(histogram, high)
    return below + weight * (above - below)


def axis_distribution(
    *, campaign, structure, validated_only: bool = False, domain: str | None = None
) -> list[AxisDistribution]:
    histograms = score_histograms(
        campaign=campaign,
        status__in=statuses(validated_only),
        level="axis",
        domain=domain or "",
    )
    result = []
    for axis in structure.axes:
        histogram = histograms.get(axis.code)
        if not histogram:
            continue
        n = sum(count for _value, count in histogram)
        q1, median, q3 = (percentile_cont(histogram, n, fraction) for fraction in QUARTILES)
        result.append(AxisDistribution(axis, histogram_mean(histogram), q1, median, q3, n))
    return result
