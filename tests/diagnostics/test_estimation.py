"""The estimation rules of diagnostics/questionnaire/estimation.py (docs/method.md).

Every expected value is computed here by hand, as exact fractions, from the unit-level
values written out (never by calling the code under test). No database is needed.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from diagnostics.questionnaire.estimation import (
    HAND_ADDED_STRATUM,
    Estimate,
    StratumCounts,
    display,
    percent,
    round_half_up,
    simple_share,
    stratified_share,
)

Z2 = Fraction(196, 100) ** 2  # 1.96 squared
TOLERANCE = Fraction(1, 10**20)  # the Decimal square root is taken at 28 digits


def sample_variance(values: list[Fraction]) -> Fraction:
    """sum (v - mean)^2 / (n - 1), from the values themselves."""
    mean = sum(values, Fraction(0)) / len(values)
    return sum(((v - mean) ** 2 for v in values), Fraction(0)) / (len(values) - 1)


def z_values(outside: int, hits: int, misses: int, p: Fraction) -> list[Fraction]:
    """The linearisation variable of a stratum's respondents: 0 outside the base,
    1 - p for a hit, -p for a non-hit in the base."""
    return [Fraction(0)] * outside + [1 - p] * hits + [-p] * misses


def assert_margin(estimate: Estimate, variance: Fraction) -> None:
    """margin = 1.96 sqrt(V): its square equals 1.96^2 V up to the Decimal precision."""
    assert estimate.variance == variance
    assert abs(Fraction(estimate.margin) ** 2 - Z2 * variance) < TOLERANCE
    assert abs(Fraction(estimate.low) - max(0, estimate.share - Fraction(estimate.margin))) < (
        TOLERANCE
    )
    assert abs(Fraction(estimate.high) - min(1, estimate.share + Fraction(estimate.margin))) < (
        TOLERANCE
    )


def test_one_stratum_is_simple_random_sampling_with_fpc():
    # 10 associations diagnosed out of 50, 4 of them hits.
    estimate = stratified_share([StratumCounts("rural/agriculture", 50, 10, 10, 4)])
    p = Fraction(4, 10)
    # Textbook SRS: V = (1 - n/N) s^2 / n, s^2 of the 0/1 values.
    s2 = sample_variance([Fraction(1)] * 4 + [Fraction(0)] * 6)
    assert s2 == Fraction(4 * 6, 10 * 9)
    variance = (1 - Fraction(10, 50)) * s2 / 10
    assert estimate.share == p
    assert estimate.weighted_base == 50
    assert estimate.base == 10
    assert estimate.coverage == 1
    assert not estimate.one_sided
    assert_margin(estimate, variance)


def test_two_strata_weighted_share_and_margin():
    # Rural: 40 associations, 5 diagnosed, 3 hits; urban: 60, 4 diagnosed, 1 hit.
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 40, 5, 5, 3),
            StratumCounts("urban/education", 60, 4, 4, 1),
        ]
    )
    p = Fraction(3 * 40 * 4 + 1 * 60 * 5, 5 * 40 * 4 + 4 * 60 * 5)  # (8*3 + 15*1) / (8*5 + 15*4)
    assert p == Fraction(39, 100)
    s2_rural = sample_variance(z_values(0, 3, 2, p))
    s2_urban = sample_variance(z_values(0, 1, 3, p))
    variance = (
        40**2 * (1 - Fraction(5, 40)) * s2_rural / 5 + 60**2 * (1 - Fraction(4, 60)) * s2_urban / 4
    ) / 100**2
    assert estimate.share == p
    assert estimate.weighted_base == 8 * 5 + 15 * 4
    assert estimate.base == 9
    assert_margin(estimate, variance)


def test_non_response_weights_by_respondents():
    # Rural: 6 sampled, 5 diagnosed (one never was); urban: 4 sampled, 4 diagnosed.
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 62, 5, 5, 2),
            StratumCounts("urban/education", 38, 4, 4, 3),
        ]
    )
    w_rural, w_urban = Fraction(62, 5), Fraction(38, 4)  # N_h / r_h, not N_h / n_h (62/6)
    p = (w_rural * 2 + w_urban * 3) / (w_rural * 5 + w_urban * 4)
    assert estimate.share == p
    assert estimate.weighted_base == 62 + 38  # the respondents stand for the whole stratum
    assert estimate.share != (Fraction(62, 6) * 2 + w_urban * 3) / (Fraction(62, 6) * 5 + 38)
    variance = (
        62**2 * (1 - Fraction(5, 62)) * sample_variance(z_values(0, 2, 3, p)) / 5
        + 38**2 * (1 - Fraction(4, 38)) * sample_variance(z_values(0, 3, 1, p)) / 4
    ) / (62 + 38) ** 2
    assert_margin(estimate, variance)


def test_domain_smaller_than_respondents():
    # Among 8 rural respondents, 5 carried out a project (2 of them received support);
    # among 6 urban respondents, 3 did (all 3 received support).
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 40, 8, 5, 2),
            StratumCounts("urban/education", 60, 6, 3, 3),
        ]
    )
    w_rural, w_urban = Fraction(40, 8), Fraction(60, 6)
    d = w_rural * 5 + w_urban * 3
    assert d == 55
    p = (w_rural * 2 + w_urban * 3) / d
    assert p == Fraction(8, 11)
    z_rural = z_values(3, 2, 3, p)  # 3 outside the base count, with z = 0
    z_urban = z_values(3, 3, 0, p)
    variance = (
        40**2 * (1 - Fraction(8, 40)) * sample_variance(z_rural) / 8
        + 60**2 * (1 - Fraction(6, 60)) * sample_variance(z_urban) / 6
    ) / d**2
    assert estimate.share == p
    assert estimate.base == 8
    assert estimate.respondents == 14
    assert estimate.weighted_base == d
    assert_margin(estimate, variance)


def test_sub_group_by_milieu_is_a_domain():
    # The rural figure: urban respondents are outside the base (b_h = 0). Their z is 0,
    # so the share and its variance are those of the rural strata alone.
    rural = [
        StratumCounts("rural/agriculture", 40, 5, 5, 3),
        StratumCounts("rural/femmes", 20, 3, 3, 1),
    ]
    estimate = stratified_share([*rural, StratumCounts("urban/education", 60, 4, 0, 0)])
    w1, w2 = Fraction(40, 5), Fraction(20, 3)
    p = (w1 * 3 + w2 * 1) / (w1 * 5 + w2 * 3)
    assert p == Fraction(24 + Fraction(20, 3), 40 + 20)
    variance = (
        40**2 * (1 - Fraction(5, 40)) * sample_variance(z_values(0, 3, 2, p)) / 5
        + 20**2 * (1 - Fraction(3, 20)) * sample_variance(z_values(0, 1, 2, p)) / 3
        + 60**2 * (1 - Fraction(4, 60)) * sample_variance(z_values(4, 0, 0, p)) / 4
    ) / (40 + 20) ** 2
    assert sample_variance(z_values(4, 0, 0, p)) == 0
    assert estimate.share == p
    assert estimate.base == 8
    assert estimate.coverage == 1
    assert_margin(estimate, variance)


def test_single_respondent_stratum_is_centred_on_zero():
    # Stratum A: 30 associations, 1 respondent, a hit; stratum B: 20, 4 respondents, 1 hit.
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 30, 1, 1, 1),
            StratumCounts("urban/education", 20, 4, 4, 1),
        ]
    )
    p = Fraction(30 * 1 + 5 * 1, 30 * 1 + 5 * 4)
    assert p == Fraction(7, 10)
    # The one z of stratum A is 1 - p; its variance is taken around 0 (the population
    # mean of z): (1 - p)^2 / 1.
    s2_a = (1 - p) ** 2
    s2_b = sample_variance(z_values(0, 1, 3, p))
    variance = (
        30**2 * (1 - Fraction(1, 30)) * s2_a / 1 + 20**2 * (1 - Fraction(4, 20)) * s2_b / 4
    ) / 50**2
    assert estimate.share == p
    assert estimate.singletons == ("rural/agriculture",)
    assert_margin(estimate, variance)


def test_single_respondent_outside_the_base_adds_nothing():
    # For a sub-group, a singleton stratum outside it has z = 0: no contribution.
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 30, 1, 0, 0),
            StratumCounts("urban/education", 20, 4, 4, 1),
        ]
    )
    p = Fraction(1, 4)
    variance = 20**2 * (1 - Fraction(4, 20)) * sample_variance(z_values(0, 1, 3, p)) / 4 / 20**2
    assert estimate.share == p
    assert_margin(estimate, variance)


def test_single_respondent_of_a_single_association_stratum_is_exact():
    # N_h = r_h = 1: fully observed, fpc 0, no variance from that stratum.
    estimate = stratified_share(
        [
            StratumCounts("rural/patrimoine", 1, 1, 1, 1),
            StratumCounts("urban/education", 20, 4, 4, 1),
        ]
    )
    p = Fraction(1 * 1 + 5 * 1, 1 * 1 + 5 * 4)
    variance = 20**2 * (1 - Fraction(4, 20)) * sample_variance(z_values(0, 1, 3, p)) / 4 / 21**2
    assert estimate.share == p
    assert_margin(estimate, variance)


def test_stratum_without_respondent_is_left_out_and_coverage_reported():
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 40, 5, 5, 3),
            StratumCounts("rural/sport", 10, 0, 0, 0),
            StratumCounts("urban/education", 60, 4, 4, 1),
        ]
    )
    assert estimate.share == Fraction(8 * 3 + 15 * 1, 8 * 5 + 15 * 4)
    assert estimate.weighted_base == 40 + 60
    assert estimate.coverage == Fraction(40 + 60, 40 + 10 + 60)
    assert estimate.left_out == ("rural/sport",)


def test_census_has_no_margin_but_an_exact_share():
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 4, 4, 4, 1),
            StratumCounts("urban/education", 3, 3, 3, 2),
        ]
    )
    assert estimate.share == Fraction(1 + 2, 4 + 3)
    assert estimate.variance == 0
    assert estimate.margin == 0
    assert Fraction(estimate.low) == Fraction(estimate.high)
    assert abs(Fraction(estimate.low) - Fraction(3, 7)) < TOLERANCE
    assert not estimate.one_sided
    # A census at 0 % is exact too: no bound.
    nobody = stratified_share([StratumCounts("rural/agriculture", 4, 4, 4, 0)])
    assert nobody.share == 0 and nobody.margin == 0 and not nobody.one_sided


def test_zero_percent_gives_a_non_zero_upper_bound():
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 100, 12, 12, 0),
            StratumCounts("urban/education", 50, 8, 8, 0),
        ]
    )
    assert estimate.share == 0
    assert estimate.variance == 0
    assert estimate.margin is None
    assert estimate.one_sided
    assert estimate.low == 0
    # Clopper-Pearson with n = 20: (1 - high)^20 = 0.025.
    assert abs(float(estimate.high) - (1 - 0.025 ** (1 / 20))) < 1e-12
    assert abs((1 - estimate.high) ** 20 - Decimal("0.025")) < Decimal("1e-20")
    assert estimate.high > Decimal("0.168") and estimate.high < Decimal("0.169")
    assert display(estimate) == "0,0 % (au plus 16,8 %)"


def test_hundred_percent_gives_a_non_one_lower_bound():
    estimate = stratified_share([StratumCounts("rural/agriculture", 100, 20, 20, 20)])
    assert estimate.share == 1
    assert estimate.margin is None
    assert estimate.one_sided
    assert estimate.high == 1
    assert abs(float(estimate.low) - 0.025 ** (1 / 20)) < 1e-12
    assert abs(estimate.low**20 - Decimal("0.025")) < Decimal("1e-20")
    assert display(estimate) == "100,0 % (au moins 83,2 %)"


@pytest.mark.parametrize(
    ("base", "caution", "suppressed"),
    [(0, True, True), (4, True, True), (5, True, False), (29, True, False), (30, False, False)],
)
def test_caution_and_suppressed_flags(base, caution, suppressed):
    estimate = stratified_share([StratumCounts("rural/agriculture", 200, 40, base, base // 2)])
    assert estimate.base == base
    assert estimate.caution is caution
    assert estimate.suppressed is suppressed
    assert (display(estimate) is None) is suppressed
    hand_picked = simple_share(base // 2, base)
    assert (hand_picked.caution, hand_picked.suppressed) == (caution, suppressed)


def test_empty_base_has_no_share():
    estimate = stratified_share([StratumCounts("rural/agriculture", 50, 10, 0, 0)])
    assert estimate.share is None and estimate.margin is None
    assert estimate.weighted_base == 0
    assert display(estimate) is None


def test_simple_share_of_a_hand_picked_sample():
    estimate = simple_share(7, 20)
    assert estimate.share == Fraction(7, 20)
    assert estimate.margin is None and estimate.variance is None
    assert not estimate.weighted
    assert estimate.base == 20
    assert display(estimate) == "35,0 %"
    assert simple_share(0, 0).share is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(625, 100), "6.3"),
        (Fraction(3125, 100), "31.3"),
        (Fraction(5, 100), "0.1"),
        (Fraction(-5, 100), "-0.1"),
        (Fraction(-1, 100), "0.0"),
        (Fraction(1, 3), "0.3"),
        (Fraction(4999, 100000), "0.0"),
        (Decimal("6.25"), "6.3"),
        (Decimal("31.25"), "31.3"),
        (Decimal("0.05"), "0.1"),
        (Decimal("-0.05"), "-0.1"),
        (100, "100.0"),
    ],
)
def test_rounding_ties_half_up(value, expected):
    assert str(round_half_up(value)) == expected


def test_rounding_places_and_percent():
    assert round_half_up(Fraction(5, 2), 0) == Decimal("3")
    assert round_half_up(Fraction(1, 8), 2) == Decimal("0.13")
    assert percent(Fraction(1, 16)) == Fraction(25, 4)
    assert round_half_up(percent(Fraction(1, 16))) == Decimal("6.3")  # 6.25 %
    with pytest.raises(TypeError):
        round_half_up(6.25)


@pytest.mark.parametrize(
    "counts",
    [
        StratumCounts("rural/agriculture", 10, 5, 3, 4),  # hits > base
        StratumCounts("rural/agriculture", 10, 5, 6, 1),  # base > respondents
        StratumCounts("rural/agriculture", 10, 11, 3, 1),  # respondents > population
        StratumCounts(HAND_ADDED_STRATUM, 10, 5, 3, 1),  # hand-added: not a stratum
    ],
)
def test_invalid_counts_are_refused(counts):
    with pytest.raises(ValueError):
        stratified_share([counts])


def test_a_stratum_given_twice_is_refused():
    counts = StratumCounts("rural/agriculture", 10, 5, 3, 1)
    with pytest.raises(ValueError):
        stratified_share([counts, counts])


def test_worked_example_of_the_method_page():
    """docs/method.md, "Exemple complet": 100 associations, two strata, non-response in one."""
    # Draw of 10: quotas 10 * 62/100 = 6.2 and 10 * 38/100 = 3.8 -> 6 + 3, the one left
    # goes to the largest remainder (0.8): 6 and 4. One rural association never diagnosed.
    estimate = stratified_share(
        [
            StratumCounts("rural/agriculture", 62, 5, 5, 2),
            StratumCounts("urban/education", 38, 4, 4, 3),
        ]
    )
    # Weights 62/5 = 12.4 and 38/4 = 9.5.
    assert estimate.weighted_base == Fraction(124, 10) * 5 + Fraction(95, 10) * 4 == 100
    p = (Fraction(124, 10) * 2 + Fraction(95, 10) * 3) / 100  # (24.8 + 28.5) / 100
    assert p == Fraction(533, 1000)
    # Within-stratum variances: 1.2 / 4 = 0.3 (rural), 0.75 / 3 = 0.25 (urban).
    assert sample_variance(z_values(0, 2, 3, p)) == Fraction(3, 10)
    assert sample_variance(z_values(0, 3, 1, p)) == Fraction(1, 4)
    # V = (62 * 57 * 0.3 / 5 + 38 * 34 * 0.25 / 4) / 100^2 = (212.04 + 80.75) / 10000
    variance = (62 * 57 * Fraction(3, 10) / 5 + 38 * 34 * Fraction(1, 4) / 4) / 100**2
    assert variance == Fraction(29279, 1000000)
    assert estimate.share == p
    assert_margin(estimate, variance)
    # sqrt(0.029279) = 0.171111..., 1.96 x 0.171111... = 0.335378 -> 33.5 points.
    assert Decimal("0.33537") < estimate.margin < Decimal("0.33538")
    assert estimate.caution and not estimate.suppressed  # base 9 < 30
    assert display(estimate) == "53,3 % ± 33,5"
