"""Estimation of a campaign's findings: shares, margins of error, display rounding.

Pure functions on counts (no Django, no database): the caller groups its SQL counts
by stratum and passes them in. The French version of these rules, with a worked
example, is ``docs/method.md``; the two texts say the same thing.

Design. A provincial campaign draws a stratified sample of the province's active
associations: strata are milieu x first domain (the alphabetically first domain
code, ``sans-domaine`` when there is none); the sample size is allocated to the
strata in proportion to their size, by largest remainders; within each stratum the
associations are drawn by simple random sampling without replacement, with a seed,
so that the same seed gives the same sample.

Notation, per stratum h (``StratumCounts``):
    N_h  active associations of the stratum in the registry at the draw;
    r_h  sampled associations of the stratum with a counted diagnostic (respondents);
    b_h  respondents in the finding's base (the domain: e.g. "carried out a project",
         and/or a sub-group such as a milieu or a domain of intervention);
    a_h  respondents in the base for whom the finding's predicate holds.
    0 <= a_h <= b_h <= r_h <= N_h.

Rules.

1. Weights and non-response. Each respondent of stratum h stands for
   w_h = N_h / r_h registry associations: the weight uses the respondents, not the
   sampled units, so the sampled associations that were never diagnosed are made up
   for by the respondents of their own stratum. This assumes that within a stratum
   the respondents are a simple random sample of the stratum (non-response at
   random within strata).

2. Associations added by hand to a drawn sample (``HAND_ADDED_RULE``) are outside the
   probability sample: they are left out of every weighted estimate and of its
   margin (their counts are never passed to ``stratified_share``), but they are
   counted in the unweighted counts (number of diagnosed associations, per-association
   results, figures computed with ``simple_share``). A hand-picked campaign (no draw)
   gets unweighted figures only: ``simple_share``, the exact share, no margin.

3. Share. The finding is a domain proportion, estimated by the combined ratio
   estimator  p = A / D  with  A = sum_h w_h a_h  and  D = sum_h w_h b_h
   (D, ``weighted_base``, estimates the number of registry associations in the base).
   No share when the base is empty (b_h = 0 everywhere).

4. Variance. Linearisation variable z_i = d_i (y_i - p), with d_i = 1 when unit i
   is in the base and y_i = 1 when the predicate holds: z = 0 outside the base,
   1 - p for a hit, -p for a non-hit in the base. From the counts:
       sum_z  = a_h - p b_h
       sum_z2 = a_h (1 - p)^2 + (b_h - a_h) p^2
       s2_h   = (sum_z2 - sum_z^2 / r_h) / (r_h - 1)
       V(p)   = (1 / D^2) sum_h N_h^2 (1 - r_h / N_h) s2_h / r_h
   with the finite-population correction 1 - r_h / N_h of each stratum and the
   r_h - 1 denominator. Every quantity is an exact fraction.

5. A stratum with a single respondent (r_h = 1) has no within-stratum variance of
   its own: its one value of z is centred on the estimated mean of z over the whole
   population, which is 0 by construction of p (sum_h w_h sum_z = A - p D = 0),
   instead of on the unknown stratum mean, so s2_h = z^2 (= sum_z2). Its deviation
   then includes the difference between its stratum and the rest, so the margin
   errs on the safe side (larger), as collapsing strata would, without choosing a
   partner stratum, and it works for sub-groups (a singleton outside the base adds
   nothing, as a stratum whose respondents are all outside the base does). This is
   the "centred" treatment of single-unit strata of survey software. Pooling the
   variance of the other strata was not chosen: for a sub-group, the strata outside
   it have z = 0 and would pull the pooled variance towards 0. When N_h = 1 as
   well, the stratum is fully observed and adds nothing (fpc 0).

6. A stratum with no respondent (r_h = 0) is left out: it has no weight to carry,
   and the figures describe the strata that have respondents. ``coverage`` is the
   registry share of those strata, sum N_h (r_h > 0) / sum N_h; below 1 it must be
   reported with the figure. Its code is listed in ``left_out``.

7. A stratum fully observed (r_h = N_h) has a finite-population correction of 0 and
   adds no variance. When every stratum with respondents is fully observed (a
   census), the share is exact and the margin is 0.

8. 95 % margin: margin = 1.96 sqrt(V), as a proportion (0..1); the interval is
   p - margin .. p + margin, clipped to [0, 1]. The square root is taken with
   ``decimal`` at ``PRECISION`` significant digits (the only inexact step).

9. 0 % and 100 %. When p = 0 or p = 1 (and the strata are not all fully observed),
   V is 0 although the figure is uncertain. Then no symmetric margin is given
   (``margin`` is None, ``one_sided`` is True) and ``low``/``high`` carry the exact
   Clopper-Pearson bound for a base of n = b (unweighted) associations, the end of
   its two-sided 95 % interval (2.5 % on the open side, as with +/- 1.96):
       at 0 %:   low = 0,                  high = 1 - 0.025^(1/n)
       at 100 %: low = 0.025^(1/n),        high = 1
   (the bound treats the base as a simple random sample: the weights are ignored).

10. Small bases. A figure on fewer than 30 associations (unweighted base) is
    flagged ``caution``: to be read with caution. A figure on fewer than 5
    associations is flagged ``suppressed``: it is never printed in a report
    (``display`` returns None). A suppressed figure is also a caution one.

11. Rounding. Figures are computed from exact values and rounded once, at display,
    half up (ties away from zero): 6.25 -> 6.3, 31.25 -> 31.3, -0.05 -> -0.1
    (``round_half_up``). Shares are displayed in percent with one decimal place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

from takwia.figures import percent, round_half_up

# Significant digits of the Decimal computations (square root of the variance, the
# Clopper-Pearson bound); they round half even internally, display rounds half up.
PRECISION = 28
_CONTEXT = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)

# 1.96, the 97.5 % quantile of the normal distribution, as an exact fraction.
Z_95 = Fraction(49, 25)
# The tail probability of each end of the 95 % interval (Clopper-Pearson bound).
TAIL_95 = Decimal("0.025")
# Under 30 associations in the base: "à interpréter avec prudence".
CAUTION_BASE = 30
# Under 5 associations in the base: never printed in a report.
SUPPRESSION_BASE = 5

# The stratum code of an association added by hand to a sample (SampleEntry.stratum
# is blank for them; a draw always writes "milieu/domain").
HAND_ADDED_STRATUM = ""
HAND_ADDED_RULE = (
    "Associations added by hand to a drawn sample are outside the probability sample: "
    "they are left out of the weighted estimates and of their margins, and counted in "
    "the unweighted counts (number of diagnosed associations, per-association results, "
    "unweighted figures)."
)


@dataclass(frozen=True)
class StratumCounts:
    stratum: str  # stratum code
    population: int  # N_h: active associations of the stratum in the registry at the draw
    respondents: int  # r_h: sampled associations of the stratum with a counted diagnostic
    base: int  # b_h: respondents of the stratum in the finding's base (domain)
    hits: int  # a_h: respondents in the base for whom the predicate holds (a_h <= b_h <= r_h)


@dataclass(frozen=True)
class Estimate:
    share: Fraction | None  # ratio estimator p (None when the base is empty)
    variance: Fraction | None  # linearised variance of p (exact); None without a design
    margin: Decimal | None  # 1.96 sqrt(variance), a proportion; None: no symmetric margin
    low: Decimal | None  # the 95 % interval, clipped to [0, 1] (one-sided: carries the bound)
    high: Decimal | None
    base: int  # sum b_h: unweighted respondents in the base
    weighted_base: Fraction  # D = sum_h (N_h / r_h) b_h: registry associations in the base
    coverage: Fraction  # registry share of the strata with at least one respondent
    respondents: int  # sum r_h: respondents of the strata taken into account
    weighted: bool  # False for a hand-picked (non-probability) sample
    one_sided: bool  # share 0 or 1 from a sample: low/high carry the Clopper-Pearson bound
    caution: bool  # base < 30: to be read with caution
    suppressed: bool  # base < 5: never printed in a report
    singletons: tuple[str, ...]  # strata with one respondent (rule 5)
    left_out: tuple[str, ...]  # strata with no respondent (rule 6)


def _check(strata: tuple[StratumCounts, ...]) -> None:
    seen = set()
    for s in strata:
        if s.stratum == HAND_ADDED_STRATUM:
            raise ValueError(f"hand-added associations are not a stratum: {HAND_ADDED_RULE}")
        if s.stratum in seen:
            raise ValueError(f"stratum {s.stratum!r} is given twice")
        seen.add(s.stratum)
        values = (s.population, s.respondents, s.base, s.hits)
        if any(isinstance(v, bool) or not isinstance(v, int) for v in values):
            raise TypeError(f"stratum {s.stratum!r}: counts must be integers")
        if not 0 <= s.hits <= s.base <= s.respondents <= s.population:
            raise ValueError(
                f"stratum {s.stratum!r}: expected 0 <= hits <= base <= respondents <= "
                f"population, got {s.hits}, {s.base}, {s.respondents}, {s.population}"
            )


def _decimal(value: Fraction) -> Decimal:
    return _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def _flags(base: int) -> tuple[bool, bool]:
    return base < CAUTION_BASE, base < SUPPRESSION_BASE


def clopper_pearson_bound(share: Fraction, base: int) -> Decimal:
    """The exact bound of a 0 % or 100 % share on ``base`` associations (rule 9): the
    upper end 1 - 0.025^(1/n) at 0 %, the lower end 0.025^(1/n) at 100 %."""
    if base < 1 or share not in (0, 1):
        raise ValueError("a Clopper-Pearson bound is given for a share of 0 or 1 only")
    root = _CONTEXT.power(TAIL_95, _CONTEXT.divide(Decimal(1), Decimal(base)))
    return _CONTEXT.subtract(Decimal(1), root) if share == 0 else root


def stratified_share(strata: Iterable[StratumCounts]) -> Estimate:
    """A finding's share estimated from a stratified random sample (rules 1 to 10).

    ``strata``: the counts of every stratum of the draw (including those without
    respondents, so that ``coverage`` is right), hand-added associations excluded.
    """
    strata = tuple(strata)
    _check(strata)
    counted = [s for s in strata if s.respondents > 0]
    population = sum(s.population for s in strata)
    covered = sum(s.population for s in counted)
    coverage = Fraction(covered, population) if population else Fraction(0)
    base = sum(s.base for s in counted)
    respondents = sum(s.respondents for s in counted)
    weighted_base = sum(
        (Fraction(s.population, s.respondents) * s.base for s in counted), Fraction(0)
    )
    weighted_hits = sum(
        (Fraction(s.population, s.respondents) * s.hits for s in counted), Fraction(0)
    )
    caution, suppressed = _flags(base)
    common = dict(
        base=base,
        weighted_base=weighted_base,
        coverage=coverage,
        respondents=respondents,
        weighted=True,
        caution=caution,
        suppressed=suppressed,
        singletons=tuple(s.stratum for s in counted if s.respondents == 1),
        left_out=tuple(s.stratum for s in strata if s.respondents == 0),
    )
    if not weighted_base:
        return Estimate(
            share=None, variance=None, margin=None, low=None, high=None, one_sided=False, **common
        )
    p = weighted_hits / weighted_base
    total = Fraction(0)
    for s in counted:
        n = s.respondents
        sum_z = s.hits - p * s.base
        sum_z2 = s.hits * (1 - p) ** 2 + (s.base - s.hits) * p**2
        if n >= 2:
            s2 = (sum_z2 - sum_z**2 / n) / (n - 1)
        else:
            s2 = sum_z2  # rule 5: centred on the population mean of z, which is 0
        # N_h^2 (1 - r_h / N_h) s2_h / r_h
        total += Fraction(s.population * (s.population - n), n) * s2
    variance = total / weighted_base**2
    census = all(s.respondents == s.population for s in counted)
    if p in (0, 1) and not census:
        bound = clopper_pearson_bound(p, base)
        low, high = (Decimal(0), bound) if p == 0 else (bound, Decimal(1))
        return Estimate(
            share=p, variance=variance, margin=None, low=low, high=high, one_sided=True, **common
        )
    margin = _CONTEXT.sqrt(_decimal(Z_95**2 * variance))
    centre = _decimal(p)
    low = max(Decimal(0), _CONTEXT.subtract(centre, margin))
    high = min(Decimal(1), _CONTEXT.add(centre, margin))
    return Estimate(
        share=p, variance=variance, margin=margin, low=low, high=high, one_sided=False, **common
    )


def simple_share(hits: int, base: int) -> Estimate:
    """A finding's share among hand-picked associations (not a probability sample):
    the exact share of the diagnosed associations, no weight, no margin. The figure
    describes these associations only (``weighted`` is False, ``coverage`` is 1 by
    convention, ``weighted_base`` is the base)."""
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (hits, base)):
        raise TypeError("counts must be integers")
    if not 0 <= hits <= base:
        raise ValueError(f"expected 0 <= hits <= base, got {hits}, {base}")
    caution, suppressed = _flags(base)
    return Estimate(
        share=Fraction(hits, base) if base else None,
        variance=None,
        margin=None,
        low=None,
        high=None,
        base=base,
        weighted_base=Fraction(base),
        coverage=Fraction(1),
        respondents=base,
        weighted=False,
        one_sided=False,
        caution=caution,
        suppressed=suppressed,
        singletons=(),
        left_out=(),
    )


def _french(value: Decimal) -> str:
    return str(value).replace(".", ",")


def display(estimate: Estimate) -> str | None:
    """The printed figure, in percent with one decimal place, rounded half up once:
    "53,3 % ± 33,5" (weighted), "53,3 %" (hand-picked), "0,0 % (au plus 16,8 %)" or
    "100,0 % (au moins 83,2 %)" (rule 9); None when the figure must not be printed
    (suppressed, or no base)."""
    if estimate.share is None or estimate.suppressed:
        return None
    share = _french(round_half_up(percent(estimate.share)))
    if estimate.one_sided:
        if estimate.share == 0:
            return f"{share} % (au plus {_french(round_half_up(percent(estimate.high)))} %)"
        return f"{share} % (au moins {_french(round_half_up(percent(estimate.low)))} %)"
    if estimate.margin is None:
        return f"{share} %"
    return f"{share} % ± {_french(round_half_up(percent(estimate.margin)))}"
