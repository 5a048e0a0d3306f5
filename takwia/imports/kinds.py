"""What every web import shares: the kind of record, the upload form, the thresholds,
the errors as stored and shown, the preview of the first rows."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from takwia.models import StagedImport
from takwia.tabular import (
    RowError,
    columns_ignored,
    csv_chunks,
    header_key,
    table_read,
)
from takwia.tabular.importer import TableImport

# Above this many lines a file is checked and imported in the background (about
# two seconds of work at the rates measured in bench/).
INLINE_LINES = 2_000
PREVIEW_ROWS = 100
# The upload page takes smaller files than the command line (MAX_FILE_BYTES).
UPLOAD_MAX_BYTES = 10 * 2**20
SHOWN_ERRORS = 200

ERROR_TOO_BIG = gettext_lazy("Le fichier dépasse %(megabytes)s Mo : découpez-le.")
ERROR_EXTENSION = gettext_lazy("Fichier .csv ou .xlsx attendu.")
STEPS = {"check": gettext_lazy("Vérification"), "apply": gettext_lazy("Import")}
# Job messages are stored in French: they carry figures, so no catalogue entry matches.
MESSAGE_REFUSED = "Fichier refusé : {count} erreur(s), rien n'a été enregistré."
MESSAGE_CHECKED = "Fichier valide : {created} à créer, {updated} à mettre à jour."
MESSAGE_APPLIED = "Import terminé : {created} créé(s), {updated} mis à jour."
MESSAGE_ALREADY_APPLIED = "Ce fichier a déjà été importé."


def runs_in_background(content: bytes) -> bool:
    return bytes(content).count(b"\n") > INLINE_LINES


@dataclass(frozen=True)
class ImportKind:
    """One kind of record imported through the web."""

    key: str  # StagedImport.kind, part of the URL names ("import_<key>")
    namespace: str  # the app's URL namespace
    importer: type[TableImport]
    permission: str
    title: Promise  # "Importer des volontaires"
    explanation: Promise  # how a row finds the record it updates
    list_url: str  # the list the breadcrumb leads back to
    list_label: Promise
    template_filename: str  # "modele-volontaires"

    @property
    def columns(self):
        return self.importer.columns

    @property
    def job_kind(self) -> str:
        return f"{self.key}_import"

    def url_name(self, page: str = "") -> str:
        return f"{self.namespace}:import_{self.key}" + (f"_{page}" if page else "")

    def check_rights(self, user) -> None:
        if not user.has_perm(self.permission):
            raise PermissionDenied

    def run(self, raw: bytes, *, user, dry_run: bool, source: str = "", progress=None):
        importer = self.importer(user=user, dry_run=dry_run, source=source, progress=progress)
        return importer.run(raw)


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou Excel (.xlsx)"),
        help_text=gettext_lazy("En-têtes en français, comme dans le modèle. 10 Mo au plus."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(ERROR_TOO_BIG % {"megabytes": UPLOAD_MAX_BYTES // 2**20})
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(ERROR_EXTENSION)
        return upload


def error_rows(errors) -> list[list]:
    return [
        [error.line, error.column, error.message]
        if isinstance(error, RowError)
        else ["", "", str(error)]
        for error in errors
    ]


def stored_errors(staged: StagedImport) -> list:
    return [
        RowError(line, message, column) if line else message
        for line, column, message in staged.check_report.get("errors", [])
    ]


def errors_report(errors) -> bytes:
    return b"".join(csv_chunks(["Ligne", "Colonne", "Problème"], error_rows(errors)))


def preview_table(raw: bytes, kind: ImportKind) -> tuple[list[str], list[list], list[str]]:
    """The headers, the first PREVIEW_ROWS rows (line number and cells as written, for the
    columns the import recognises) and the ignored headers of a file that passed the check.
    Reading is streamed: only those rows are read."""
    table = table_read(raw)
    by_key = {}
    for column in kind.columns:
        for key in column.keys():
            by_key.setdefault(key, column.header)
    present = [(header_key(h), h) for h in table.headers if h and header_key(h) in by_key]
    rows = []
    for line, row in table.rows:
        rows.append([line, *(row.get(key, "") for key, _header in present)])
        if len(rows) >= PREVIEW_ROWS:
            break
    return [header for _key, header in present], rows, columns_ignored(table, kind.columns)


def result_counts(result) -> dict:
    return {"created": getattr(result, "created", 0), "updated": getattr(result, "updated", 0)}


def mark_applied(staged: StagedImport, result) -> None:
    counts = result_counts(result)
    staged.status = StagedImport.Status.APPLIED
    staged.applied_at = timezone.now()
    staged.created_count, staged.updated_count = counts["created"], counts["updated"]
    staged.save()
