"""Columns of an import/export format, their cell parsers, and the parsing of a table."""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from takwia.tabular.errors import CellError, ImportRejected, RowError, header_key
from takwia.tabular.reading import Table

ERROR_MISSING_COLUMNS = "Colonnes manquantes : {columns}."
ERROR_ALIAS_HEADERS = (
    "les colonnes {headers} désignent la même donnée ({column}) : gardez-en une seule."
)
ERROR_REQUIRED = "valeur obligatoire."
ERROR_INTEGER = "nombre entier positif attendu, « {value} » reçu."
ERROR_DATE = "date attendue au format jj/mm/aaaa, « {value} » reçu."
ERROR_TOO_LONG = "{length} caractères au plus, {actual} reçus."
ERROR_CHOICE = "« {value} » n'est pas une valeur reconnue ({allowed})."
ERROR_BOOLEAN = "« oui » ou « non » attendu, « {value} » reçu."

LIST_SEPARATORS = re.compile(r"\s*[|;,]\s*")
LIST_JOINER = " | "


# Parsers: text in, value out, CellError with a French message otherwise.


def text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(ERROR_TOO_LONG.format(length=max_length, actual=len(value)))
        return value

    return parse


def whole_number(value: str) -> int:
    digits = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not digits.isascii() or not digits.isdigit():
        raise CellError(ERROR_INTEGER.format(value=value))
    return int(digits)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def day(value: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(ERROR_DATE.format(value=value))


def yes_no(value: str) -> bool:
    key = header_key(value)
    if key in {"oui", "o", "yes", "y", "1", "vrai", "true", "نعم"}:
        return True
    if key in {"non", "n", "no", "0", "faux", "false", "لا"}:
        return False
    raise CellError(ERROR_BOOLEAN.format(value=value))


def choice(options: dict[str, Any], shown: Iterable[str]) -> Callable[[str], Any]:
    """A parser accepting the keys of ``options`` (compared by ``header_key``)."""
    lookup = {header_key(key): option for key, option in options.items()}
    allowed = ", ".join(f"« {label} »" for label in shown)

    def parse(value: str) -> Any:
        try:
            return lookup[header_key(value)]
        except KeyError:
            raise CellError(ERROR_CHOICE.format(value=value, allowed=allowed)) from None

    return parse


def choice_of(choices, aliases: dict | None = None) -> Callable[[str], Any]:
    """A parser for a model's TextChoices: its codes, its French labels and ``aliases``
    (other words people write, mapped to codes) are accepted; the labels are listed
    in the error message."""
    options = {**{value: value for value in choices.values}, **(aliases or {})}
    options.update({str(label): value for value, label in choices.choices})
    return choice(options, choices.labels)


def split_list(value: str) -> list[str]:
    """Items of a list cell: separated by ``|`` (as exports write them), else ``;`` or ``,``."""
    if "|" in value:
        items = value.split("|")
    else:
        items = LIST_SEPARATORS.split(value)
    return [item.strip() for item in items if item.strip()]


@dataclass(frozen=True)
class Column:
    """A column of an import/export format: its key, French header and cell parser.

    ``aliases`` are other headers accepted on import; ``help`` and ``example`` are
    shown in the README and in the template file.
    """

    key: str
    header: str
    parse: Callable[[str], Any] = lambda value: value
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: str = ""

    def keys(self) -> tuple[str, ...]:
        return tuple(header_key(name) for name in (self.header, self.key, *self.aliases))


def columns_resolve(
    table: Table, columns: list[Column], *, required_keys: Iterable[str] | None = None
) -> dict[str, str]:
    """Map each column key to the file's header key; ImportRejected if a required one is
    absent, or if two headers of the file name the same column (``Nom`` beside
    ``Nom (français)``: which one to read would be a guess)."""
    written = {header_key(header): header for header in table.headers if header}
    resolved, missing, errors = {}, [], []
    required = set(required_keys) if required_keys is not None else set()
    for column in columns:
        found = list(dict.fromkeys(key for key in column.keys() if key in written))
        if len(found) > 1:
            headers = " et ".join(f"« {written[key]} »" for key in found)
            message = ERROR_ALIAS_HEADERS.format(headers=headers, column=column.header)
            errors.append(RowError(table.header_line, message, written[found[1]]))
        if found:
            resolved[column.key] = found[0]
        elif column.required or column.key in required:
            missing.append(f"« {column.header} »")
    if missing:
        errors.append(ERROR_MISSING_COLUMNS.format(columns=", ".join(missing)))
    if errors:
        raise ImportRejected(errors)
    return resolved


def columns_ignored(table: Table, columns: list[Column]) -> list[str]:
    """Headers of the file that no column recognises (shown in the preview)."""
    known = {key for column in columns for key in column.keys()}
    return [header for header in table.headers if header and header_key(header) not in known]


PROGRESS_EVERY = 5_000


def rows_parsed(
    table: Table,
    columns: list[Column],
    resolved: dict[str, str],
    errors: list,
    *,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Parse every cell of the columns present, one row at a time (nothing is kept).

    Yields ``(line, values)`` for each good row, where values hold the parsed cells of
    the columns present in the file (``None`` for an empty optional cell); a row with
    a bad cell is left out and its errors appended to ``errors``. ``progress`` is told
    the line reached every PROGRESS_EVERY rows.
    """
    present = [column for column in columns if column.key in resolved]
    for count, (line, row) in enumerate(table.rows, start=1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(line)
        values, row_errors = {}, []
        for column in present:
            raw = row.get(resolved[column.key], "")
            if not raw:
                if column.required:
                    row_errors.append(RowError(line, ERROR_REQUIRED, column.header))
                values[column.key] = None
                continue
            try:
                values[column.key] = column.parse(raw)
            except CellError as exc:
                row_errors.append(RowError(line, str(exc), column.header))
        if row_errors:
            errors.extend(row_errors)
        else:
            yield line, values
