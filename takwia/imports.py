"""Web imports of tabular files: upload, preview, confirm, all or nothing, as background jobs.

The registry's flow (associations/import_views.py) for every other kind of record:
an ``ImportKind`` names the importer (a ``takwia.tabular.TableImport``), the
permission (ROLE_PERMISSIONS) and the pages' words; ``ImportViews(kind).urls(prefix)``
gives the four pages (upload, preview, confirm, template) to add to the app's
urls, and a ``StagedImportRun`` subclass registered in ``takwia.jobs.RENDERERS``
checks and writes a long file in the background.

1. The upload page keeps the file (``StagedImport``). A short one is checked at
   once (a dry run): errors are listed with their line and column, else the
   preview opens; a long one (more than ``INLINE_LINES`` lines) is checked by a
   worker, the request answering with the job's page (progress, no reload).
2. The preview shows what the check found (counts, the first rows as written).
3. Confirmation writes the whole file in one transaction (a long one in a job),
   once: the staged file is locked and marked applied in the same transaction.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from takwia.access import get_visible_or_404
from takwia.jobs import digest, job_request
from takwia.models import StagedImport
from takwia.tabular import (
    ImportRejected,
    RowError,
    columns_ignored,
    csv_chunks,
    header_key,
    table_read,
    xlsx_bytes,
)
from takwia.tabular.importer import TableImport
from takwia.tabular.reading import MAX_FILE_BYTES

# Above this many lines a file is checked and imported in the background (about
# two seconds of work at the rates measured in bench/).
INLINE_LINES = 2_000
PREVIEW_ROWS = 100
SHOWN_ERRORS = 200

ERROR_TOO_BIG = gettext_lazy("Le fichier dépasse %(megabytes)s Mo : découpez-le.")
ERROR_EXTENSION = gettext_lazy("Fichier .csv ou .xlsx attendu.")
STEPS = {"check": gettext_lazy("Vérification"), "apply": gettext_lazy("Import")}
# Job messages are stored in French and translated when shown (gettext_noop style).
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
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(ERROR_TOO_BIG % {"megabytes": MAX_FILE_BYTES // 2**20})
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(ERROR_EXTENSION)
        return upload


def _error_rows(errors) -> list[list]:
    return [
        [error.line, error.column, error.message]
        if isinstance(error, RowError)
        else ["", "", str(error)]
        for error in errors
    ]


def _stored_errors(staged: StagedImport) -> list:
    return [
        RowError(line, message, column) if line else message
        for line, column, message in staged.check_report.get("errors", [])
    ]


def _errors_report(errors) -> bytes:
    return b"".join(csv_chunks(["Ligne", "Colonne", "Problème"], _error_rows(errors)))


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


def _counts(result) -> dict:
    return {"created": getattr(result, "created", 0), "updated": getattr(result, "updated", 0)}


class ImportViews:
    """The four pages of one kind's import; ``urls(prefix)`` goes into the app's urls."""

    upload_template = "imports/upload.html"
    preview_template = "imports/preview.html"

    def __init__(self, kind: ImportKind):
        self.kind = kind

    def urls(self, prefix: str) -> list:
        name = f"import_{self.kind.key}"
        return [
            path(prefix, self.upload, name=name),
            path(f"{prefix}template.<str:file_format>", self.template, name=f"{name}_template"),
            path(f"{prefix}<int:pk>/", self.preview, name=f"{name}_preview"),
            path(f"{prefix}<int:pk>/confirm/", require_POST(self.confirm), name=f"{name}_confirm"),
        ]

    def _staged(self, request, pk, queryset=None):
        queryset = queryset if queryset is not None else StagedImport.objects
        return get_visible_or_404(queryset.filter(kind=self.kind.key), request.user, pk=pk)

    def _in_background(self, request, staged: StagedImport, step: str):
        outcome = job_request(
            user=request.user,
            kind=self.kind.job_kind,
            params={"staged": staged.pk, "step": step},
        )
        return redirect("job_detail", pk=outcome.job.pk)

    def _context(self, **extra) -> dict:
        return {"kind": self.kind, "urls": _Urls(self.kind), **extra}

    def upload(self, request):
        self.kind.check_rights(request.user)
        form = ImportFileForm(request.POST or None, request.FILES or None)
        errors = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            raw = upload.read()
            staged = StagedImport(
                kind=self.kind.key,
                uploaded_by=request.user,
                filename=upload.name[:255],
                content=raw,
            )
            if runs_in_background(raw):
                staged.save()
                return self._in_background(request, staged, "check")
            try:
                result = self.kind.run(raw, user=request.user, dry_run=True)
            except ImportRejected as exc:
                errors = exc.errors
            else:
                counts = _counts(result)
                staged.created_count, staged.updated_count = counts["created"], counts["updated"]
                staged.save()
                return redirect(self.kind.url_name("preview"), pk=staged.pk)
        recent = (
            StagedImport.objects.visible_to(request.user)
            .filter(kind=self.kind.key)
            .select_related("uploaded_by")[:10]
        )
        context = self._context(form=form, errors=errors, recent=recent)
        return render(request, self.upload_template, context, status=422 if errors else 200)

    def preview(self, request, pk):
        self.kind.check_rights(request.user)
        staged = self._staged(request, pk)
        raw = bytes(staged.content)
        background = runs_in_background(raw)
        counts, errors = None, None
        if staged.status == StagedImport.Status.APPLIED:
            pass
        elif background:
            if staged.checked_at is not None:
                errors = _stored_errors(staged) or None
                if not errors:
                    counts = {"created": staged.created_count, "updated": staged.updated_count}
        else:
            try:
                # Checked again: the records may have changed since the upload.
                counts = _counts(self.kind.run(raw, user=request.user, dry_run=True))
            except ImportRejected as exc:
                errors = exc.errors
        headers, rows, ignored = preview_table(raw, self.kind) if counts else ([], [], [])
        context = self._context(
            staged=staged,
            counts=counts,
            errors=errors,
            checking=background and staged.checked_at is None,
            headers=headers,
            rows=rows,
            ignored=ignored,
            preview_limit=PREVIEW_ROWS,
        )
        return render(request, self.preview_template, context)

    def confirm(self, request, pk):
        self.kind.check_rights(request.user)
        staged = self._staged(request, pk)
        if staged.status != StagedImport.Status.APPLIED and runs_in_background(staged.content):
            return self._in_background(request, staged, "apply")
        with transaction.atomic():
            staged = self._staged(request, pk, StagedImport.objects.select_for_update())
            if staged.status == StagedImport.Status.APPLIED:
                messages.info(request, _("Ce fichier a déjà été importé."))
                return redirect(self.kind.url_name())
            try:
                result = self.kind.run(
                    bytes(staged.content),
                    user=request.user,
                    dry_run=False,
                    source=staged.filename,
                )
            except ImportRejected:
                messages.error(
                    request,
                    _("Le fichier ne passe plus la vérification : rien n'a été enregistré."),
                )
                return redirect(self.kind.url_name("preview"), pk=staged.pk)
            _mark_applied(staged, result)
        messages.success(
            request,
            _("Import terminé : %(created)s créé(s), %(updated)s mis à jour.") % _counts(result),
        )
        return redirect(self.kind.url_name())

    def template(self, request, file_format):
        self.kind.check_rights(request.user)
        headers = [column.header for column in self.kind.columns]
        if file_format == "xlsx":
            content = xlsx_bytes(headers, [], title=str(self.kind.list_label))
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif file_format == "csv":
            content = b"".join(csv_chunks(headers, []))
            content_type = "text/csv; charset=utf-8"
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        filename = f"{self.kind.template_filename}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@dataclass(frozen=True)
class _Urls:
    """The URL names of a kind's pages, for its templates."""

    kind: ImportKind

    @property
    def upload(self):
        return self.kind.url_name()

    @property
    def preview(self):
        return self.kind.url_name("preview")

    @property
    def confirm(self):
        return self.kind.url_name("confirm")

    @property
    def template(self):
        return self.kind.url_name("template")


def _mark_applied(staged: StagedImport, result) -> None:
    counts = _counts(result)
    staged.status = StagedImport.Status.APPLIED
    staged.applied_at = timezone.now()
    staged.created_count, staged.updated_count = counts["created"], counts["updated"]
    staged.save()


class StagedImportRun:
    """The Renderer (takwia/jobs.py) of a staged file's check or confirmation; each kind
    subclasses it with its ``kind`` and is registered in ``RENDERERS`` as its job kind."""

    kind: ImportKind
    final_message = ""
    next_label = gettext_lazy("Voir l'aperçu de l'import")

    @property
    def label(self):
        return self.kind.title

    @property
    def permission(self) -> str:
        return self.kind.permission

    def resolve(self, *, user, params: dict) -> dict:
        step = params.get("step")
        if step not in STEPS:
            raise Http404
        staged = get_visible_or_404(
            StagedImport.objects.filter(kind=self.kind.key), user, pk=params.get("staged")
        )
        title = f"{STEPS[step]} de « {staged.filename} »"
        return {"params": {"staged": staged.pk, "step": step}, "title": title}

    def fingerprint(self, *, params: dict, language: str) -> str:
        # The same step of the same file is one job: a second click joins it.
        return digest(self.kind.job_kind, params["staged"], params["step"])

    def next_url(self, job) -> str:
        return reverse(self.kind.url_name("preview"), args=[job.params["staged"]])

    def render(self, *, job, progress) -> tuple[str, bytes]:
        staged = StagedImport.objects.get(pk=job.params["staged"], kind=self.kind.key)
        if job.params["step"] == "check":
            return self._check(staged, job.requested_by, progress)
        return self._apply(staged, job.requested_by, progress)

    def _refused(self, staged, exc, name):
        staged.check_report = {"errors": _error_rows(exc.errors)[:SHOWN_ERRORS]}
        staged.checked_at = timezone.now()
        staged.save(update_fields=["check_report", "checked_at"])
        self.final_message = MESSAGE_REFUSED.format(count=len(exc.errors))
        return name, _errors_report(exc.errors)

    def _check(self, staged, user, progress):
        name = f"verification-{staged.pk}.csv"
        try:
            result = self.kind.run(
                bytes(staged.content), user=user, dry_run=True, progress=progress
            )
        except ImportRejected as exc:
            return self._refused(staged, exc, name)
        counts = _counts(result)
        staged.check_report = {}
        staged.checked_at = timezone.now()
        staged.created_count, staged.updated_count = counts["created"], counts["updated"]
        staged.save()
        self.final_message = MESSAGE_CHECKED.format(**counts)
        return name, _summary(MESSAGE_CHECKED.format(**counts))

    def _apply(self, staged, user, progress):
        name = f"import-{staged.pk}.csv"
        with transaction.atomic():
            staged = StagedImport.objects.select_for_update().get(pk=staged.pk)
            if staged.status == StagedImport.Status.APPLIED:
                self.final_message = MESSAGE_ALREADY_APPLIED
                return name, _summary(MESSAGE_ALREADY_APPLIED)
            try:
                result = self.kind.run(
                    bytes(staged.content),
                    user=user,
                    dry_run=False,
                    source=staged.filename,
                    progress=progress,
                )
            except ImportRejected as exc:
                return self._refused(staged, exc, name)
            _mark_applied(staged, result)
        self.final_message = MESSAGE_APPLIED.format(**_counts(result))
        return name, _summary(self.final_message)


def _summary(message: str) -> bytes:
    return b"".join(csv_chunks(["Message"], [[message]]))
