"""Questionnaires filled in KoboToolbox or ODK Collect (the XLSForm of
``diagnostics.questionnaire.xlsform``), brought back from their CSV, XLSX or JSON
export: each submission is tied to an association of the campaign's sample by the
identifier the form asks first (registration reference or Takwia id), checked with
the questionnaire's own parsing, then entered as a submitted diagnostic through
``diagnostic_save_answers`` and ``diagnostic_submit``, with a history entry saying where
it came from. All or nothing; a file imported twice changes nothing the second time.
"""

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from associations.models import Association
from diagnostics.models import Campaign, Diagnostic
from diagnostics.questionnaire import kinds
from diagnostics.questionnaire.structure import structure_for
from diagnostics.questionnaire.xlsform import IDENTIFICATION, IDENTIFIER
from diagnostics.services.campaigns import ERROR_CAMPAIGN_CLOSED
from diagnostics.services.entry import (
    ERROR_INCOMPLETE,
    ConflictError,
    DiagnosticLocked,
    answers_of,
    diagnostic_save_answers,
    diagnostic_start,
    diagnostic_submit,
    progress_of,
)
from takwia.tabular import ImportRejected, RowError, Table, header_key, table_read

ERROR_NO_IDENTIFIER = (
    "Colonne « association_ref » introuvable : exportez les données avec les noms des "
    "questions (dans Kobo : « Valeurs et en-têtes XML »), depuis le formulaire XLSForm "
    "téléchargé de Takwia."
)
ERROR_JSON = (
    "Fichier JSON illisible : le fichier de données de Kobo (liste de soumissions) est attendu."
)
ERROR_NO_ROWS = "Le fichier ne contient aucune soumission."
ERROR_IDENTIFIER_MISSING = "identifiant de l'association manquant."
ERROR_UNKNOWN_ASSOCIATION = (
    "« {value} » ne désigne aucune association de l'échantillon de cette campagne dans votre "
    "périmètre (référence du récépissé ou identifiant Takwia attendu)."
)
ERROR_DUPLICATE = "l'association « {name} » figure déjà à la ligne {first}."
ERROR_ALREADY_SUBMITTED = (
    "le diagnostic de « {name} » est déjà {status} avec d'autres réponses : il faut le "
    "renvoyer en correction avant de l'importer à nouveau."
)
ERROR_MISSING_LIST = "{message} ({codes})"
SOURCES = {"kobo": "de KoboToolbox", "odk": "d'ODK Central", "": "d'un export Kobo ou ODK"}
HISTORY_REASON = "Importé {source} ({filename}, ligne {line})"
_SEPARATORS = re.compile(r"[/-]")


@dataclass
class SubmissionRow:
    line: int
    association: Association
    answers: dict[str, Any]
    identification: dict[str, Any]
    action: str  # "import" or "unchanged"


@dataclass
class SubmissionsResult:
    source: str
    rows: list[SubmissionRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(row.action == "import" for row in self.rows)

    @property
    def unchanged(self) -> int:
        return sum(row.action == "unchanged" for row in self.rows)


def _json_table(raw: bytes) -> Table:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportRejected([ERROR_JSON]) from exc
    if isinstance(data, dict):
        data = data.get("results", data.get("value"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportRejected([ERROR_JSON])
    headers: list[str] = []
    rows = []
    for number, item in enumerate(data, start=1):
        row = {}
        for key, value in item.items():
            if key not in headers:
                headers.append(key)
            if isinstance(value, list | dict):
                value = " ".join(map(str, value)) if isinstance(value, list) else ""
            row[header_key(key)] = "" if value is None else str(value).strip()
        # A JSON file has no lines: a submission is named by its position (1, 2...).
        rows.append((number, row))
    return Table(headers=headers, rows=rows, file_format="json")


def submissions_read(raw: bytes, filename: str = "") -> Table:
    """The export as a table: CSV or XLSX (``takwia.tabular``), or Kobo's JSON data."""
    if filename.lower().endswith(".json") or raw.lstrip()[:1] in (b"[", b"{"):
        return _json_table(raw)
    return table_read(raw)


def _source(headers: list[str]) -> str:
    keys = {header_key(header) for header in headers}
    if keys & {"_uuid", "_submission_time", "_id", "__version__"}:
        return "kobo"
    if keys & {"key", "meta-instanceid", "submissiondate", "submitterid"}:
        return "odk"
    return ""


def _columns(table: Table, known: set[str]) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Our field name -> (row key, header as written), from Kobo's ``group/name`` or ODK
    Central's ``group-name`` headers; the other columns (metadata, Kobo's one-column-
    per-choice copies) are ignored."""
    columns: dict[str, tuple[str, str]] = {}
    ignored = []
    for header in table.headers:
        key = header_key(header)
        name = _SEPARATORS.split(key)[-1]
        if name in known and name not in columns:
            columns[name] = (key, header)
        elif header:
            ignored.append(header)
    return columns, ignored


def _raw(question, value: str):
    if question.kind == "multiple":
        return value.split() if value else []
    return value


def submissions_import(
    *, campaign: Campaign, raw: bytes, user, filename: str = "", dry_run: bool = False
) -> SubmissionsResult:
    """Check every submission, then (unless ``dry_run``) enter them all as submitted
    diagnostics of the campaign. Any error refuses the whole file (``ImportRejected``
    with line- and column-numbered French messages); nothing is written then. A closed
    campaign takes none."""
    if not campaign.is_open:
        raise ImportRejected([str(ERROR_CAMPAIGN_CLOSED)])
    table = submissions_read(raw, filename)
    structure = structure_for(campaign.version)
    known = {IDENTIFIER, *IDENTIFICATION, *structure.by_code}
    columns, ignored = _columns(table, known)
    if IDENTIFIER not in columns:
        raise ImportRejected([ERROR_NO_IDENTIFIER])
    if not table.rows:
        raise ImportRejected([ERROR_NO_ROWS])
    sample = list(
        Association.objects.visible_to(user).filter(sample_entries__campaign=campaign).distinct()
    )
    by_ref = {a.registration_ref.strip().casefold(): a for a in sample if a.registration_ref}
    by_id = {str(a.pk): a for a in sample}
    existing = {
        d.association_id: d
        for d in Diagnostic.objects.assessed().filter(campaign=campaign).prefetch_related("answers")
    }
    result = SubmissionsResult(source=_source(table.headers), ignored_columns=ignored)
    errors: list[RowError] = []
    seen: dict[int, int] = {}
    id_key, id_header = columns[IDENTIFIER]
    for line, row in table.rows:
        reference = row.get(id_key, "").strip()
        if not reference:
            errors.append(RowError(line, ERROR_IDENTIFIER_MISSING, id_header))
            continue
        association = by_ref.get(reference.casefold()) or by_id.get(reference.lstrip("#"))
        if association is None:
            errors.append(
                RowError(line, ERROR_UNKNOWN_ASSOCIATION.format(value=reference), id_header)
            )
            continue
        if association.pk in seen:
            message = ERROR_DUPLICATE.format(name=association.name_fr, first=seen[association.pk])
            errors.append(RowError(line, message, id_header))
            continue
        seen[association.pk] = line
        answers, typed, row_errors = {}, {}, []
        for question in structure.questions:
            if question.code not in columns:
                continue
            key, header = columns[question.code]
            value = _raw(question, row.get(key, ""))
            parsed, error = kinds.parse(question.kind, question.spec, value)
            if error:
                row_errors.append(RowError(line, error, header))
            elif parsed is not None:
                answers[question.code], typed[question.code] = value, parsed
        identification = {}
        for name in IDENTIFICATION:
            if name in columns:
                identification[name] = row.get(columns[name][0], "")
        if identification.get("interviewed_on"):
            _date, error = kinds.date_parse(identification["interviewed_on"])
            if error:
                row_errors.append(RowError(line, error, columns["interviewed_on"][1]))
        errors += row_errors
        if row_errors:
            continue
        missing = [
            question.code for entry in progress_of(structure, typed) for question in entry.missing
        ]
        if missing:
            message = ERROR_MISSING_LIST.format(
                message=ERROR_INCOMPLETE.format(count=len(missing)).rstrip("."),
                codes=", ".join(missing),
            )
            errors.append(RowError(line, message))
            continue
        action = "import"
        diagnostic = existing.get(association.pk)
        if diagnostic is not None and not diagnostic.editable:
            if answers_of(diagnostic, structure) != structure.live(typed):
                status = diagnostic.get_status_display().lower()
                message = ERROR_ALREADY_SUBMITTED.format(name=association.name_fr, status=status)
                errors.append(RowError(line, message, id_header))
                continue
            action = "unchanged"
        result.rows.append(SubmissionRow(line, association, answers, identification, action))
    if errors:
        raise ImportRejected(errors)
    if not dry_run:
        _write(campaign=campaign, result=result, user=user, filename=filename)
    return result


@transaction.atomic
def _write(*, campaign: Campaign, result: SubmissionsResult, user, filename: str) -> None:
    structure = structure_for(campaign.version)
    source = SOURCES[result.source]
    for row in result.rows:
        if row.action != "import":
            continue
        diagnostic = diagnostic_start(campaign=campaign, association=row.association, user=user)
        # Exactly the submission's answers: whatever a draft held besides is cleared.
        raw_answers = {code: row.answers.get(code) for code in structure.by_code}
        try:
            saved = diagnostic_save_answers(
                diagnostic=diagnostic,
                raw_answers=raw_answers,
                lock_version=diagnostic.lock_version,
                user=user,
                identification=row.identification,
            )
            problems = [RowError(row.line, text, code) for code, text in saved.errors.items()]
            problems += [
                RowError(row.line, text)
                for text in diagnostic_submit(
                    diagnostic=diagnostic, user=user, lock_version=saved.lock_version
                )
            ]
        except (ConflictError, DiagnosticLocked) as exc:
            # Someone changed the diagnostic since the file was checked.
            problems = [RowError(row.line, str(exc))]
        if problems:
            # Checked above; a difference here must not leave half a file written.
            raise ImportRejected(problems)
        record = diagnostic.history.order_by("-history_date", "-history_id").first()
        record.history_change_reason = HISTORY_REASON.format(
            source=source, filename=filename or "fichier", line=row.line
        )
        record.save(update_fields=["history_change_reason"])
