"""What each kind of question means, written once: how a raw value (form text or JSON)
is parsed, stored in and read back from its ``Answer`` column, read off a grouped row,
scored, shown, and which widget enters it. Pages, the autosave, scoring, findings,
exports and the browser all go through ``KINDS``.
"""

from fractions import Fraction
from typing import Any

from diagnostics.questionnaire.values import (  # noqa: F401 (kinds.ERROR_* is public)
    COLUMNS,
    EARLIEST_DATE,
    ERROR_CHOICE,
    ERROR_CONTROL,
    ERROR_DATE,
    ERROR_DATE_RANGE,
    ERROR_EXCLUSIVE,
    ERROR_FUTURE,
    ERROR_INTEGER,
    ERROR_RANGE,
    ERROR_REQUIRED,
    ERROR_TEXT_LONG,
    ERROR_YES_NO,
    TEXT_LIMIT,
    date_parse,
)
from diagnostics.questionnaire.values import (
    CONTROL as _CONTROL,
)
from diagnostics.questionnaire.values import (
    as_text as _as_text,
)
from diagnostics.questionnaire.values import (
    choices_of as _choices,
)
from diagnostics.questionnaire.values import (
    is_empty as _is_empty,
)


class Kind:
    """One kind of question. ``spec`` is the question's own data from the file."""

    code = ""
    column = ""
    widget = ""
    scored = True

    def parse(self, spec: dict, raw: Any) -> tuple[Any, str | None]:
        raise NotImplementedError

    def store(self, answer, value: Any) -> None:
        for column, empty in COLUMNS.items():
            setattr(answer, column, list(empty) if isinstance(empty, list) else empty)
        setattr(answer, self.column, value)

    def read(self, answer) -> Any:
        return self.from_column(getattr(answer, self.column))

    def from_column(self, value: Any) -> Any:
        return value if value not in ("", []) else None

    def max_points(self, spec: dict) -> Fraction:
        return Fraction(0)

    def points(self, spec: dict, value: Any) -> Fraction:
        return Fraction(0)

    def display(self, spec: dict, value: Any, labels: dict[str, str] | None = None) -> str:
        """The answer as a person reads it (choice labels, dd/mm/yyyy)."""
        return "" if value is None else str(value)

    def export(self, value: Any) -> Any:
        """The answer in a raw data file (codes)."""
        return value

    def operand_ok(self, spec: dict, operator: str, operand: Any) -> bool:
        """Whether ``operand`` is a value this kind can take for ``operator`` (loader)."""
        return False

    def sample_values(self, spec: dict, operands: list) -> list:
        """Representative values, enough to decide whether a predicate can ever hold."""
        return []


class YesNo(Kind):
    code = "yes_no"
    column = "value_bool"
    widget = "yes_no"

    def parse(self, spec, raw):
        if isinstance(raw, bool):
            return raw, None
        text = (_as_text(raw) or "").strip().lower()
        if text in {"yes", "oui", "true", "1", "نعم"}:
            return True, None
        if text in {"no", "non", "false", "0", "لا"}:
            return False, None
        return None, ERROR_YES_NO

    def from_column(self, value):
        return value

    def max_points(self, spec):
        return Fraction(max(spec["points"].values()))

    def points(self, spec, value):
        return Fraction(spec["points"]["yes" if value else "no"])

    def display(self, spec, value, labels=None):
        if value is None:
            return ""
        return (labels or {}).get("yes" if value else "no", "oui" if value else "non")

    def export(self, value):
        """1 for yes, 0 for no: a column's mean is the share of yes."""
        return None if value is None else int(value)

    def operand_ok(self, spec, operator, operand):
        return operator == "equals" and isinstance(operand, bool)

    def sample_values(self, spec, operands):
        return [True, False]


class Single(Kind):
    code = "single"
    column = "value_text"
    widget = "choices"

    def parse(self, spec, raw):
        text = _as_text(raw)
        codes = {choice["code"] for choice in _choices(spec)}
        return (text, None) if text in codes else (None, ERROR_CHOICE)

    def max_points(self, spec):
        return Fraction(max((choice.get("points") or 0 for choice in _choices(spec)), default=0))

    def points(self, spec, value):
        for choice in _choices(spec):
            if choice["code"] == value:
                return Fraction(choice.get("points") or 0)
        return Fraction(0)

    def display(self, spec, value, labels=None):
        return "" if value is None else (labels or {}).get(value, value)

    def operand_ok(self, spec, operator, operand):
        codes = {choice["code"] for choice in _choices(spec)}
        if operator == "equals":
            return operand in codes
        if operator == "in":
            return isinstance(operand, list) and bool(operand) and set(operand) <= codes
        return False

    def sample_values(self, spec, operands):
        return [choice["code"] for choice in _choices(spec)]


class Multiple(Kind):
    code = "multiple"
    column = "value_choices"
    widget = "choices"

    def parse(self, spec, raw):
        values = raw if isinstance(raw, list) else [raw]
        if any(not isinstance(value, str) for value in values):
            return None, ERROR_CHOICE
        codes = [choice["code"] for choice in _choices(spec)]
        if any(value not in codes for value in values):
            return None, ERROR_CHOICE
        picked = [code for code in codes if code in values]
        for choice in _choices(spec):
            if choice.get("exclusive") and choice["code"] in picked and len(picked) > 1:
                return None, ERROR_EXCLUSIVE.format(label=choice["label_fr"])
        return picked, None

    def max_points(self, spec):
        total = sum(choice.get("points") or 0 for choice in _choices(spec))
        return Fraction(min(total, spec.get("max_points", total)))

    def points(self, spec, value):
        points = {choice["code"]: choice.get("points") or 0 for choice in _choices(spec)}
        return min(Fraction(sum(points.get(code, 0) for code in value)), self.max_points(spec))

    def display(self, spec, value, labels=None):
        return " | ".join((labels or {}).get(code, code) for code in value or [])

    def export(self, value):
        return " ".join(value or [])

    def operand_ok(self, spec, operator, operand):
        codes = {choice["code"] for choice in _choices(spec)}
        if operator in {"contains", "excludes"}:
            return operand in codes
        if operator == "contains_any":
            return isinstance(operand, list) and bool(operand) and set(operand) <= codes
        return False

    def sample_values(self, spec, operands):
        codes = [choice["code"] for choice in _choices(spec)]
        subsets = [[code] for code in codes] + [codes]
        for choice in _choices(spec):
            if not choice.get("exclusive"):
                continue
            others = [code for code in codes if code != choice["code"]]
            subsets.append(others)
        return subsets


class Integer(Kind):
    code = "integer"
    column = "value_int"
    widget = "number"

    def bounds(self, spec) -> tuple[int, int | None]:
        return spec.get("min", 0), spec.get("max")

    def parse(self, spec, raw):
        if isinstance(raw, bool):
            return None, ERROR_INTEGER
        if isinstance(raw, int):
            value = raw
        else:
            text = (
                (_as_text(raw) or "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
            )
            digits = text[1:] if text[:1] in "+-" else text
            if not digits.isascii() or not digits.isdigit() or len(digits) > 18:
                return None, ERROR_INTEGER
            value = int(text)
        low, high = self.bounds(spec)
        if value < low or (high is not None and value > high):
            return None, ERROR_RANGE.format(low=low, high=high if high is not None else "∞")
        return value, None

    def max_points(self, spec):
        return Fraction(max(band[2] for band in spec["bands"]))

    def points(self, spec, value):
        for low, high, points in spec["bands"]:
            if value >= low and (high is None or value <= high):
                return Fraction(points)
        return Fraction(0)

    def operand_ok(self, spec, operator, operand):
        low, high = self.bounds(spec)

        def inside(number):
            return (
                isinstance(number, int)
                and not isinstance(number, bool)
                and number >= low
                and (high is None or number <= high)
            )

        if operator in {"equals", "gte", "lte"}:
            return inside(operand)
        if operator == "between":
            return (
                isinstance(operand, list)
                and len(operand) == 2
                and all(inside(number) for number in operand)
                and operand[0] <= operand[1]
            )
        if operator == "in":
            return isinstance(operand, list) and bool(operand) and all(map(inside, operand))
        return False

    def sample_values(self, spec, operands):
        low, high = self.bounds(spec)
        values = {low}
        if high is not None:
            values.add(high)
        for operand in operands:
            for number in operand if isinstance(operand, list) else [operand]:
                if isinstance(number, int):
                    values |= {number - 1, number, number + 1}
        return sorted(v for v in values if v >= low and (high is None or v <= high))


class Scale(Integer):
    code = "scale"
    widget = "scale"

    def bounds(self, spec):
        return spec["min"], spec["max"]

    def max_points(self, spec):
        return Fraction(spec.get("max_points", spec["max"] - spec["min"]))

    def points(self, spec, value):
        low, high = spec["min"], spec["max"]
        return self.max_points(spec) * Fraction(value - low, high - low)


class Date(Kind):
    code = "date"
    column = "value_date"
    widget = "date"
    scored = False

    def parse(self, spec, raw):
        return date_parse(raw)

    def display(self, spec, value, labels=None):
        return value.strftime("%d/%m/%Y") if value else ""

    def export(self, value):
        return value.isoformat() if value else None


class Text(Kind):
    code = "text"
    column = "value_text"
    widget = "text"
    scored = False

    def parse(self, spec, raw):
        text = _as_text(raw)
        if text is None:
            return None, ERROR_CHOICE
        if any(char in _CONTROL for char in text):
            return None, ERROR_CONTROL
        text = text.strip()
        limit = spec.get("max_length", TEXT_LIMIT)
        if len(text) > limit:
            return None, ERROR_TEXT_LONG.format(
                limit=f"{limit:,}".replace(",", " "), length=len(text)
            )
        return (text or None), None


KINDS: dict[str, Kind] = {
    kind.code: kind for kind in (YesNo(), Single(), Multiple(), Integer(), Scale(), Date(), Text())
}


def kind_of(code: str) -> Kind:
    return KINDS[code]


def parse(kind: str, spec: dict, raw: Any) -> tuple[Any, str | None]:
    """A raw value (form text or JSON) as the question's type, or a French error.
    An empty value means "no answer" (None, no error)."""
    if _is_empty(raw):
        return None, None
    return KINDS[kind].parse(spec, raw)
