"""CSV feeds for analysts: a campaign's findings and its raw answers, as files that
Excel (Données → À partir du web) and Power BI (Web connector, header
``Authorization: Token <clé>``) refresh. Same scope, same permission, same figures and
the same raw data (and download log) as the pages' exports; French CSV (``;``, UTF-8
with BOM, decimal comma)."""

from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation

from diagnostics.selectors import campaign_raw_columns, campaign_raw_rows, campaign_results
from diagnostics.services import campaign_export_record
from takwia.api.findings import share_payload
from takwia.tabular import csv_chunks

FINDINGS_HEADERS = [
    "groupe", "axe", "constat", "libellé", "nombre", "base", "part exacte", "pourcentage",
    "pourcentage pondéré", "part pondérée exacte", "marge (points)", "borne", "borne (%)",
    "prudence", "non publiable",
]  # fmt: skip
WHOLE = "Ensemble"


def _comma(value):
    """Decimals with a decimal comma, as French Excel reads a ``;`` CSV."""
    return format(value, "f").replace(".", ",") if isinstance(value, Decimal) else value


def findings_rows(results):
    groups = [(WHOLE, [s for _axis, shares in results.by_axis for s in shares])]
    groups += [(milieu, list(shares.values())) for milieu, shares in results.by_milieu.items()]
    axes = {axis.pk: axis.code for axis, _shares in results.by_axis}
    for group, shares in groups:
        for share in shares:
            row = share_payload(share)
            bound = row["bound"] or {}
            yield [
                _comma(value)
                for value in [
                    group, axes.get(share.finding.axis_id, ""), row["finding"], row["label"],
                    row["count"], row["base"], row["share"] or "",
                    share.percent, share.weighted_percent, row["weighted_share"] or "",
                    share.margin, bound.get("side", ""),
                    Decimal(bound["percent"]) if bound else None,
                    "oui" if row["caution"] else "non", "oui" if row["suppressed"] else "non",
                ]
            ]  # fmt: skip


def _csv(filename: str, headers, rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_chunks(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AnyAccept(BaseContentNegotiation):
    """A feed is CSV whatever the client accepts (Power BI sends ``text/csv``, which the
    JSON-only API would refuse with a 406); errors stay JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FeedsMixin:
    """The CSV actions of the campaigns' viewset."""

    @extend_schema(
        parameters=[OpenApiParameter("validated_only", bool)],
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="findings.csv",
        pagination_class=None,
        content_negotiation_class=AnyAccept,
    )
    def findings_csv(self, request, pk=None):
        """The findings as a CSV: the whole campaign, then each milieu."""
        campaign = self.get_object()
        validated_only = request.query_params.get("validated_only") in {"1", "true", "oui"}
        results = campaign_results(campaign=campaign, validated_only=validated_only)
        filename = f"constats-{slugify(campaign.name)}-{campaign.pk}.csv"
        return _csv(filename, FINDINGS_HEADERS, findings_rows(results))

    @extend_schema(
        parameters=[OpenApiParameter("validated_only", bool)],
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="answers.csv",
        pagination_class=None,
        content_negotiation_class=AnyAccept,
    )
    def answers_csv(self, request, pk=None):
        """The raw answers, one row per diagnosed association (the raw data export's
        columns; its codebook is in the XLSX export of the campaign's page). Logged."""
        campaign = self.get_object()
        validated_only = request.query_params.get("validated_only") in {"1", "true", "oui"}
        campaign_export_record(
            campaign=campaign, user=request.user, file_format="csv", validated_only=validated_only
        )
        headers = [column.header for column in campaign_raw_columns(campaign=campaign)]
        rows = (
            [_comma(value) for value in row]
            for row in campaign_raw_rows(campaign=campaign, validated_only=validated_only)
        )
        return _csv(f"reponses-{slugify(campaign.name)}-{campaign.pk}.csv", headers, rows)
