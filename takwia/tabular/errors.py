"""What an import says when it refuses a file: French, line-numbered, all or nothing."""

from dataclasses import dataclass

from takwia.text import normalize_search


class CellError(ValueError):
    """Raised by a column parser; the message is French and names the problem only."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem of an imported file: line number (1 = header), column, French message."""

    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        if self.column:
            return f"Ligne {self.line}, colonne « {self.column} » : {self.message}"
        return f"Ligne {self.line} : {self.message}"


class ImportRejected(Exception):
    """An import refused as a whole; ``errors`` holds French, line-numbered messages."""

    def __init__(self, errors: list):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def header_key(text: str) -> str:
    """The form under which headers are compared: no accents, case, stray spaces or quotes."""
    return normalize_search(str(text).replace("’", "'").replace("*", ""))
