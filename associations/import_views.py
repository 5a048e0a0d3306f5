"""The upload page of registry files: check, preview, confirm, template.

A short file is checked at once and written on confirmation within the request;
a long one (more than ``import_jobs.INLINE_LINES`` lines) is checked and written
by a worker, the request answering with the job's page at once.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from associations.exchange import (
    ASSOCIATION_COLUMNS,
    PREVIEW_ROWS,
    AssociationImportResult,
    PlannedRow,
    associations_import,
    template_csv,
    template_xlsx,
)
from associations.forms import AssociationImportForm
from associations.import_jobs import check_report_errors, runs_in_background
from associations.models import AssociationImport
from associations.services import CommunesImporter
from takwia.access import get_visible_or_404
from takwia.imports import ImportKind, ImportViews, StagedImportRun
from takwia.jobs import job_request
from takwia.roles import IMPORT_COMMUNES
from takwia.tabular import ImportRejected


def _require_import_rights(user):
    if not (
        user.has_perm("associations.add_association")
        and user.has_perm("associations.change_association")
    ):
        raise PermissionDenied


def _in_background(request, staged: AssociationImport, step: str):
    outcome = job_request(
        user=request.user,
        kind="association_import",
        params={"staged": staged.pk, "step": step},
    )
    return redirect("job_detail", pk=outcome.job.pk)


def association_import(request):
    """Upload a file: it is checked at once (or by a worker when long); errors are listed,
    a clean file is previewed."""
    _require_import_rights(request.user)
    form = AssociationImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        if runs_in_background(raw):
            staged = AssociationImport.objects.create(
                uploaded_by=request.user, filename=upload.name[:255], content=raw
            )
            return _in_background(request, staged, "check")
        try:
            result = associations_import(raw=raw, user=request.user, dry_run=True)
        except ImportRejected as exc:
            errors = exc.errors
        else:
            staged = AssociationImport.objects.create(
                uploaded_by=request.user,
                filename=upload.name[:255],
                content=raw,
                created_count=result.created,
                updated_count=result.updated,
                unchanged_count=result.unchanged,
            )
            return redirect("associations:import_preview", pk=staged.pk)
    recent = AssociationImport.objects.visible_to(request.user).select_related("uploaded_by")[:10]
    return render(
        request,
        "associations/association_import.html",
        {
            "form": form,
            "errors": errors,
            "recent": recent,
            "columns": ASSOCIATION_COLUMNS,
        },
        status=422 if errors else 200,
    )


def _stored_check(staged: AssociationImport):
    """(result, errors) as the worker's check stored them; (None, None) while it runs."""
    if staged.checked_at is None:
        return None, None
    errors = check_report_errors(staged)
    if errors:
        return None, errors
    report = staged.check_report
    result = AssociationImportResult(
        created=staged.created_count,
        updated=staged.updated_count,
        unchanged=staged.unchanged_count,
        rows=[PlannedRow(**row) for row in report.get("rows", [])],
        ignored_columns=report.get("ignored_columns", []),
    )
    return result, None


def association_import_preview(request, pk):
    _require_import_rights(request.user)
    staged = get_visible_or_404(AssociationImport.objects, request.user, pk=pk)
    result, errors = None, None
    background = runs_in_background(staged.content)
    if background:
        result, errors = _stored_check(staged)
    else:
        try:
            # Checked again: the registry may have changed since the upload.
            result = associations_import(raw=bytes(staged.content), user=request.user, dry_run=True)
        except ImportRejected as exc:
            errors = exc.errors
    return render(
        request,
        "associations/association_import_preview.html",
        {
            "staged": staged,
            "result": result,
            "errors": errors,
            "checking": background and staged.checked_at is None,
            "rows": result.rows[:PREVIEW_ROWS] if result else [],
            "preview_limit": PREVIEW_ROWS,
        },
    )


@require_POST
def association_import_confirm(request, pk):
    _require_import_rights(request.user)
    staged = get_visible_or_404(AssociationImport.objects, request.user, pk=pk)
    if staged.status != AssociationImport.Status.APPLIED and runs_in_background(staged.content):
        return _in_background(request, staged, "apply")
    with transaction.atomic():
        staged = get_visible_or_404(
            AssociationImport.objects.select_for_update(), request.user, pk=pk
        )
        if staged.status == AssociationImport.Status.APPLIED:
            messages.info(request, _("Ce fichier a déjà été importé."))
            return redirect("associations:import")
        try:
            result = associations_import(
                raw=bytes(staged.content), user=request.user, source=staged.filename
            )
        except ImportRejected:
            messages.error(
                request,
                _("Le fichier ne passe plus la vérification : rien n'a été enregistré."),
            )
            return redirect("associations:import_preview", pk=staged.pk)
        staged.status = AssociationImport.Status.APPLIED
        staged.applied_at = timezone.now()
        staged.created_count = result.created
        staged.updated_count = result.updated
        staged.unchanged_count = result.unchanged
        staged.save()
    messages.success(
        request,
        _(
            "Import terminé : %(created)s association(s) créée(s), %(updated)s mise(s) à jour, "
            "%(unchanged)s inchangée(s)."
        )
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("associations:import")


def association_import_template(request, file_format):
    _require_import_rights(request.user)
    if file_format == "xlsx":
        content = template_xlsx()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif file_format == "csv":
        content, content_type = template_csv(), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="modele-associations.{file_format}"'
    return response


# Communes go through the shared flow of the other kinds (takwia/imports.py).
COMMUNES = ImportKind(
    key="communes",
    namespace="associations",
    importer=CommunesImporter,
    permission=IMPORT_COMMUNES,
    title=gettext_lazy("Importer des communes"),
    explanation=gettext_lazy(
        "Une commune déjà enregistrée est reconnue par son code HCP : elle est alors mise "
        "à jour, jamais dupliquée. La province est donnée par son code HCP."
    ),
    list_url="associations:territory",
    list_label=gettext_lazy("Territoire"),
    template_filename="modele-communes",
)

commune_urls = ImportViews(COMMUNES).urls("communes/import/")


class CommunesImportRun(StagedImportRun):
    kind = COMMUNES
