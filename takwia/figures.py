"""Figures as ADS publishes them: exact values, rounded once, half up, at display."""

from decimal import Decimal
from fractions import Fraction


def exact(value) -> Fraction | None:
    """A number read from the database as an exact fraction. Decimals and integers are
    exact; a float (SQLite returns some aggregates as doubles) is read through its
    shortest decimal form, so 31.25 stays 31.25."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def _strict(value: Fraction | Decimal | int) -> Fraction:
    if isinstance(value, float):
        raise TypeError("floats are inexact: pass a Fraction, a Decimal or an int")
    return Fraction(value)


def percent(value: Fraction | Decimal | int) -> Fraction:
    """A proportion (0..1) in percent, exactly."""
    return _strict(value) * 100


def round_half_up(value: Fraction | Decimal | int, places: int = 1) -> Decimal:
    """The one display rounding: ``places`` decimal places, ties away from zero
    (6.25 -> 6.3, 31.25 -> 31.3, -0.05 -> -0.1), computed on the exact value."""
    if places < 0:
        raise ValueError("places must be >= 0")
    fraction = _strict(value)
    scaled = abs(fraction) * 10**places
    units, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        units += 1
    sign = "-" if fraction < 0 and units else ""
    return Decimal(f"{sign}{units}E-{places}")


def stored(value: Fraction) -> Decimal:
    """A score as stored (ten decimals: every tie at one decimal is kept exactly, and
    the stored value is 1e-10 from the exact one at most)."""
    return round_half_up(value, 10)


def share_percent(part: int, whole: int, places: int = 1) -> float:
    """A published share in percent (100 x part / whole), rounded once, half up, from the
    exact fraction (0.0 when ``whole`` is 0): 1 of 16 is 6.3, never the 6.2 of float
    rounding. A float, for the pages and charts that print it."""
    if not whole:
        return 0.0
    return float(round_half_up(Fraction(100 * part, whole), places))
