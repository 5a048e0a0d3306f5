"""Long registry files are checked and written by a worker, through takwia/jobs.py.

A file of more than ``INLINE_LINES`` lines is staged at once by the upload page,
which then answers with the job's page (progress, without reloading); the check
(a dry run) stores on the staged import what the preview shows, and the
confirmation is a second job. Both give a report to download: the errors, or
the rows with what was (or would be) done. A web request never holds a worker
for the time of a long import.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from associations.exchange import PREVIEW_ROWS, associations_import
from associations.models import AssociationImport
from takwia.access import get_visible_or_404

# Above INLINE_LINES lines a file is checked and imported in the background.
from takwia.imports import INLINE_LINES
from takwia.jobs import digest
from takwia.tabular import CsvWriter, ImportRejected, RowError, csv_chunks

STEPS = {"check": "Vérification", "apply": "Import"}
MESSAGE_REFUSED = "Fichier refusé : {count} erreur(s), rien n'a été enregistré."
MESSAGE_CHECKED = "Fichier valide : {total} ligne(s). Confirmez l'import depuis l'aperçu."
MESSAGE_APPLIED = "Import terminé : {created} créée(s), {updated} mise(s) à jour."
MESSAGE_ALREADY_APPLIED = "Ce fichier a déjà été importé."
ACTIONS = {"create": "création", "update": "mise à jour", "unchanged": "inchangée"}


def runs_in_background(content: bytes) -> bool:
    return bytes(content).count(b"\n") > INLINE_LINES


def _error_rows(errors) -> list[list]:
    return [
        [error.line, error.column, error.message]
        if isinstance(error, RowError)
        else ["", "", str(error)]
        for error in errors
    ]


def _errors_report(errors) -> bytes:
    return b"".join(csv_chunks(["Ligne", "Colonne", "Problème"], _error_rows(errors)))


class _RowsReport:
    """Every row with what was (or would be) done, written as the import plans it."""

    def __init__(self):
        self.writer = CsvWriter(["Ligne", "Association", "Commune", "Action"])

    def __call__(self, row) -> None:
        self.writer.row([row.line, row.name, row.commune, ACTIONS[row.action]])


def check_report_errors(staged: AssociationImport) -> list:
    """The errors stored by the check, as the error table reads them."""
    return [
        RowError(line, message, column) if line else message
        for line, column, message in staged.check_report.get("errors", [])
    ]


class AssociationImportRun:
    """The Renderer (takwia/jobs.py) of a staged import's check or confirmation."""

    label = "Import d'associations"
    permission = "associations.add_association"
    final_message = ""  # what the job page says once done
    next_label = "Voir l'aperçu de l'import"

    def resolve(self, *, user, params: dict) -> dict:
        if not user.has_perm("associations.change_association"):
            raise PermissionDenied
        step = params.get("step")
        if step not in STEPS:
            raise Http404
        staged = get_visible_or_404(AssociationImport.objects, user, pk=params.get("staged"))
        title = f"{STEPS[step]} de « {staged.filename} »"
        return {"params": {"staged": staged.pk, "step": step}, "title": title}

    def fingerprint(self, *, params: dict, language: str) -> str:
        # The same step of the same file is one job: a second click joins it.
        return digest("association_import", params["staged"], params["step"])

    def next_url(self, job) -> str:
        return reverse("associations:import_preview", args=[job.params["staged"]])

    def render(self, *, job, progress) -> tuple[str, bytes]:
        staged = AssociationImport.objects.get(pk=job.params["staged"])
        if job.params["step"] == "check":
            return self._check(staged, job.requested_by, progress)
        return self._apply(staged, job.requested_by, progress)

    def _check(self, staged, user, progress):
        name = f"verification-{staged.pk}.csv"
        report = _RowsReport()
        try:
            result = associations_import(
                raw=bytes(staged.content),
                user=user,
                dry_run=True,
                progress=progress,
                on_row=report,
            )
        except ImportRejected as exc:
            staged.check_report = {"errors": _error_rows(exc.errors)}
            staged.checked_at = timezone.now()
            staged.save(update_fields=["check_report", "checked_at"])
            self.final_message = MESSAGE_REFUSED.format(count=len(exc.errors))
            return name, _errors_report(exc.errors)
        staged.check_report = {
            "ignored_columns": result.ignored_columns,
            "rows": [vars(row) for row in result.rows[:PREVIEW_ROWS]],
        }
        staged.checked_at = timezone.now()
        staged.created_count, staged.updated_count = result.created, result.updated
        staged.unchanged_count = result.unchanged
        staged.save()
        self.final_message = MESSAGE_CHECKED.format(total=result.total)
        return name, report.writer.content()

    def _apply(self, staged, user, progress):
        name = f"import-{staged.pk}.csv"
        with transaction.atomic():
            staged = AssociationImport.objects.select_for_update().get(pk=staged.pk)
            if staged.status == AssociationImport.Status.APPLIED:
                self.final_message = MESSAGE_ALREADY_APPLIED
                return name, b"".join(csv_chunks(["Message"], [[MESSAGE_ALREADY_APPLIED]]))
            report = _RowsReport()
            try:
                result = associations_import(
                    raw=bytes(staged.content),
                    user=user,
                    source=staged.filename,
                    progress=progress,
                    on_row=report,
                )
            except ImportRejected as exc:
                staged.check_report = {"errors": _error_rows(exc.errors)}
                staged.save(update_fields=["check_report"])
                self.final_message = MESSAGE_REFUSED.format(count=len(exc.errors))
                return name, _errors_report(exc.errors)
            staged.status = AssociationImport.Status.APPLIED
            staged.applied_at = timezone.now()
            staged.created_count, staged.updated_count = result.created, result.updated
            staged.unchanged_count = result.unchanged
            staged.save()
        self.final_message = MESSAGE_APPLIED.format(created=result.created, updated=result.updated)
        return name, report.writer.content()
