"""Raw values as they arrive from a form or JSON, before a kind reads them: the French
messages of entry, the limits, empty and text-like values, dates (dd/mm/yyyy)."""

from datetime import date, datetime
from typing import Any

ERROR_REQUIRED = "Réponse obligatoire."
ERROR_YES_NO = "Répondez par oui ou par non."
ERROR_CHOICE = "Choisissez une des réponses proposées."
ERROR_EXCLUSIVE = "« {label} » ne peut pas être cochée avec une autre réponse."
ERROR_INTEGER = "Nombre entier attendu (chiffres seulement, par exemple 4)."
ERROR_RANGE = "Nombre entre {low} et {high} attendu."
ERROR_DATE = "Date attendue au format jj/mm/aaaa."
ERROR_DATE_RANGE = "Date entre le 01/01/1900 et aujourd'hui attendue."
ERROR_FUTURE = "La date ne peut pas être dans le futur."
ERROR_TEXT_LONG = "{limit} caractères au plus (vous en avez saisi {length})."
ERROR_CONTROL = "Le texte contient des caractères invisibles non autorisés."

TEXT_LIMIT = 2000
EARLIEST_DATE = date(1900, 1, 1)
# Every Answer column and its empty value: storing one kind clears the others.
COLUMNS = {
    "value_bool": None,
    "value_int": None,
    "value_date": None,
    "value_text": "",
    "value_choices": [],
}
CONTROL = {chr(code) for code in range(32)} - {"\n", "\r", "\t"}


def is_empty(raw: Any) -> bool:
    return raw is None or raw == "" or raw == [] or (isinstance(raw, str) and not raw.strip())


def choices_of(spec: dict) -> list[dict]:
    return spec.get("choices", [])


def as_text(raw: Any) -> str | None:
    """A scalar sent by a form or JSON as text (None for lists, dicts...)."""
    if isinstance(raw, bool) or isinstance(raw, list | dict):
        return None
    return str(raw)


def date_parse(raw: Any, *, allow_future: bool = False) -> tuple[date | None, str | None]:
    """A date written jj/mm/aaaa (or ISO), from 1900 to today, or a French error."""
    from django.utils import timezone

    text = as_text(raw)
    if text is None or "\x00" in text:
        return None, ERROR_DATE
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            value = datetime.strptime(text.strip(), fmt).date()
            break
        except ValueError:
            continue
    else:
        return None, ERROR_DATE
    if value < EARLIEST_DATE:
        return None, ERROR_DATE_RANGE
    if not allow_future and value > timezone.localdate():
        return None, ERROR_FUTURE
    return value, None
