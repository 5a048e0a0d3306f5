"""A campaign's raw data: CSV (streamed) or XLSX with its codebook, every download logged."""

from decimal import Decimal

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify

from diagnostics.models import Campaign
from diagnostics.selectors import campaign_raw_columns, campaign_raw_notes, campaign_raw_rows
from diagnostics.services import campaign_export_record
from takwia.access import get_visible_or_404
from takwia.tabular import csv_chunks
from takwia.tabular.writing import Sheet, xlsx_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODEBOOK_HEADERS = [
    "Colonne", "Libellé", "Rubrique", "Type", "Codes autorisés", "Posée si", "Remarque",
]  # fmt: skip
CODEBOOK_WIDTHS = dict(zip("ABCDEFG", [28, 60, 36, 22, 60, 36, 36], strict=True))


def _export(request, pk: int, file_format: str):
    """The campaign (404 outside the user's scope), the statuses counted (``?statuses=
    validated`` as on the results page), the log entry and the file's name."""
    campaign = get_visible_or_404(Campaign.objects.select_related("version"), request.user, pk=pk)
    validated_only = request.GET.get("statuses") == "validated"
    campaign_export_record(
        campaign=campaign,
        user=request.user,
        file_format=file_format,
        validated_only=validated_only,
    )
    suffix = "-valides" if validated_only else ""
    filename = f"donnees-brutes-{slugify(campaign.name)}-{campaign.pk}{suffix}.{file_format}"
    return campaign, validated_only, filename


def _decimal_commas(rows):
    """Decimals with a decimal comma, as French Excel reads a ``;`` CSV; all digits kept."""
    for row in rows:
        yield [
            format(value, "f").replace(".", ",") if isinstance(value, Decimal) else value
            for value in row
        ]


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_export_csv(request, pk):
    campaign, validated_only, filename = _export(request, pk, "csv")
    headers = [column.header for column in campaign_raw_columns(campaign=campaign)]
    rows = campaign_raw_rows(campaign=campaign, validated_only=validated_only)
    response = StreamingHttpResponse(
        csv_chunks(headers, _decimal_commas(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_export_xlsx(request, pk):
    campaign, validated_only, filename = _export(request, pk, "xlsx")
    columns = campaign_raw_columns(campaign=campaign)
    codebook = [
        [c.header, c.label, c.section, c.kind, c.codes, c.condition, c.note] for c in columns
    ]
    codebook += [[], ["Notes"]] + [
        [note] for note in campaign_raw_notes(validated_only=validated_only)
    ]
    content = xlsx_workbook(
        [
            Sheet(
                "Données",
                [column.header for column in columns],
                campaign_raw_rows(campaign=campaign, validated_only=validated_only),
            ),
            Sheet("Dictionnaire", CODEBOOK_HEADERS, codebook, widths=CODEBOOK_WIDTHS, wrap=True),
        ]
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
