"""The questionnaire as an XLSForm, downloaded from the scoring page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from diagnostics.models import QuestionnaireVersion
from diagnostics.questionnaire.xlsform import xlsform_bytes, xlsform_filename
from diagnostics.services import structure_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def questionnaire_xlsform(request, number):
    """Whoever reads the questionnaire on the scoring page may take it to Kobo or ODK."""
    if not request.user.has_perm("diagnostics.view_diagnostic"):
        raise PermissionDenied
    # The questionnaire is reference data, the same for every scope (as on the scoring page).
    version = get_object_or_404(QuestionnaireVersion.objects.published(), number=number)
    structure = structure_for(version)
    response = HttpResponse(xlsform_bytes(structure), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{xlsform_filename(structure)}"'
    return response
