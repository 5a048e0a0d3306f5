"""The four pages of a kind's import: upload, preview, confirm, template."""

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from takwia.access import get_visible_or_404
from takwia.imports import kinds
from takwia.imports.kinds import (
    PREVIEW_ROWS,
    ImportFileForm,
    ImportKind,
    mark_applied,
    preview_table,
    result_counts,
    stored_errors,
)
from takwia.jobs import job_request
from takwia.models import StagedImport
from takwia.tabular import ImportRejected, csv_chunks, xlsx_bytes


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
            if kinds.runs_in_background(raw):
                staged.save()
                return self._in_background(request, staged, "check")
            try:
                result = self.kind.run(raw, user=request.user, dry_run=True)
            except ImportRejected as exc:
                errors = exc.errors
            else:
                counts = result_counts(result)
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
        background = kinds.runs_in_background(raw)
        counts, errors = None, None
        if staged.status == StagedImport.Status.APPLIED:
            pass
        elif background:
            if staged.checked_at is not None:
                errors = stored_errors(staged) or None
                if not errors:
                    counts = {"created": staged.created_count, "updated": staged.updated_count}
        else:
            try:
                # Checked again: the records may have changed since the upload.
                counts = result_counts(self.kind.run(raw, user=request.user, dry_run=True))
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
        if staged.status != StagedImport.Status.APPLIED and kinds.runs_in_background(
            staged.content
        ):
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
            mark_applied(staged, result)
        messages.success(
            request,
            _("Import terminé : %(created)s créé(s), %(updated)s mis à jour.")
            % result_counts(result),
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
