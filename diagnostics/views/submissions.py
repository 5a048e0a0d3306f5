"""Questionnaires filled in KoboToolbox or ODK Collect, brought back into a campaign:
upload (checked at once), preview, confirm; all or nothing, in the user's scope."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from diagnostics.models import Campaign
from diagnostics.services.submissions import submissions_import
from takwia.access import get_visible_or_404
from takwia.api.models import SubmissionImport
from takwia.tabular import ImportRejected

MAX_BYTES = 20 * 1024 * 1024
ERROR_TOO_BIG = gettext_lazy("Le fichier dépasse 20 Mo : exportez moins de soumissions à la fois.")
ERROR_EXTENSION = gettext_lazy("Fichier .csv, .xlsx ou .json (export de Kobo ou d'ODK) attendu.")
PREVIEW_ROWS = 100


class SubmissionFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Export de KoboToolbox ou d'ODK Central (.csv, .xlsx ou .json)"),
        help_text=gettext_lazy(
            "Les données du formulaire XLSForm de Takwia, avec les noms des questions en "
            "en-têtes (Kobo : « Valeurs et en-têtes XML »)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(ERROR_TOO_BIG)
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".json")):
            raise forms.ValidationError(ERROR_EXTENSION)
        return upload


def _require_entry_rights(user):
    # Entering a diagnostic is what the import does: the questionnaire page's permission.
    if not user.has_perm("diagnostics.change_diagnostic"):
        raise PermissionDenied


def submission_import(request, pk):
    """Upload an export: it is checked at once; errors are listed, a clean file previewed."""
    _require_entry_rights(request.user)
    campaign = get_visible_or_404(
        Campaign.objects.select_related("version", "province"), request.user, pk=pk
    )
    form = SubmissionFileForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            submissions_import(
                campaign=campaign, raw=raw, user=request.user, filename=upload.name, dry_run=True
            )
        except ImportRejected as exc:
            errors = exc.errors
        else:
            staged = SubmissionImport.objects.create(
                campaign=campaign, uploaded_by=request.user, filename=upload.name[:255], content=raw
            )
            return redirect("diagnostics:submissions_preview", pk=staged.pk)
    recent = SubmissionImport.objects.visible_to(request.user).filter(campaign=campaign)[:10]
    return render(
        request,
        "diagnostics/submission_import.html",
        {"campaign": campaign, "form": form, "errors": errors, "recent": recent},
        status=422 if errors else 200,
    )


def submission_preview(request, pk):
    _require_entry_rights(request.user)
    staged = get_visible_or_404(
        SubmissionImport.objects.select_related("campaign__version"), request.user, pk=pk
    )
    result, errors = None, None
    try:
        # Checked again: diagnostics may have been entered since the upload.
        result = submissions_import(
            campaign=staged.campaign,
            raw=bytes(staged.content),
            user=request.user,
            filename=staged.filename,
            dry_run=True,
        )
    except ImportRejected as exc:
        errors = exc.errors
    return render(
        request,
        "diagnostics/submission_preview.html",
        {
            "staged": staged,
            "campaign": staged.campaign,
            "result": result,
            "errors": errors,
            "rows": result.rows[:PREVIEW_ROWS] if result else [],
            "preview_limit": PREVIEW_ROWS,
        },
    )


@require_POST
def submission_confirm(request, pk):
    _require_entry_rights(request.user)
    with transaction.atomic():
        staged = get_visible_or_404(
            SubmissionImport.objects.select_for_update().select_related("campaign__version"),
            request.user,
            pk=pk,
        )
        if staged.status == SubmissionImport.Status.APPLIED:
            messages.info(request, _("Ce fichier a déjà été importé."))
            return redirect("diagnostics:campaign", pk=staged.campaign_id)
        try:
            result = submissions_import(
                campaign=staged.campaign,
                raw=bytes(staged.content),
                user=request.user,
                filename=staged.filename,
            )
        except ImportRejected:
            messages.error(
                request, _("Le fichier ne passe plus la vérification : rien n'a été enregistré.")
            )
            return redirect("diagnostics:submissions_preview", pk=staged.pk)
        staged.status = SubmissionImport.Status.APPLIED
        staged.applied_at = timezone.now()
        staged.imported_count, staged.unchanged_count = result.imported, result.unchanged
        staged.save()
    messages.success(
        request,
        _("Import terminé : %(imported)s questionnaire(s) soumis, %(unchanged)s inchangé(s).")
        % {"imported": result.imported, "unchanged": result.unchanged},
    )
    return redirect("diagnostics:campaign", pk=staged.campaign_id)
