"""The one display rounding, shared by every published share (registry, partnerships,
questionnaire progress, diagnostic figures)."""

from fractions import Fraction

import pytest

from associations.selectors import Share
from takwia.figures import round_half_up, share_percent


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(1, 16, 6.3), (5, 16, 31.3), (1, 3, 33.3), (2, 3, 66.7), (0, 7, 0.0), (3, 0, 0.0)],
)
def test_a_share_is_rounded_once_half_up_from_the_exact_fraction(part, whole, shown):
    assert share_percent(part, whole) == shown
    # Python's own round() on the float gives 6.2 and 31.2 for the first two.
    if whole:
        assert str(round_half_up(Fraction(100 * part, whole))) == f"{shown:.1f}"


def test_registry_figures_use_the_same_rounding():
    assert Share(key="x", label="x", count=1, base=16).percent == 6.3
