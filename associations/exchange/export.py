"""The registry as a spreadsheet out: the export (CSV streamed, or XLSX) and the template."""

from typing import Any

from associations.exchange.columns import ASSOCIATION_COLUMNS, HEADERS, status_label
from associations.models import Association, Domain, TargetPopulation
from takwia.tabular import LIST_JOINER, csv_chunks, xlsx_bytes
from takwia.tabular.writing import Sheet, xlsx_workbook


def _export_row(association: Association) -> list[Any]:
    commune = association.commune
    return [
        association.registration_ref or "",
        association.name_fr,
        association.name_ar,
        association.acronym,
        commune.code,
        commune.name_fr,
        commune.province.name_fr,
        association.address,
        association.phone,
        association.email,
        association.founded_on,
        association.president_name,
        association.members_count,
        association.paid_staff_count,
        association.volunteers_count,
        LIST_JOINER.join(sorted(item.name_fr for item in association.domains.all())),
        LIST_JOINER.join(sorted(item.name_fr for item in association.target_populations.all())),
        association.get_initiator_display() if association.initiator else "",
        LIST_JOINER.join(sorted(item.name for item in association.networks.all())),
        status_label(association.status),
    ]


def export_rows(queryset):
    """Rows of the export in ``ASSOCIATION_COLUMNS`` order, streamed in chunks of 2,000."""
    queryset = queryset.select_related("commune__province").prefetch_related(
        "domains", "target_populations", "networks"
    )
    for association in queryset.iterator(chunk_size=2000):
        yield _export_row(association)


def associations_export_csv(queryset):
    """The export as CSV chunks (UTF-8 with BOM, ``;``), for a streaming response or a file."""
    return csv_chunks(HEADERS, export_rows(queryset))


def associations_export_xlsx(queryset) -> bytes:
    return xlsx_bytes(HEADERS, export_rows(queryset), title="Associations")


def template_csv() -> bytes:
    return b"".join(csv_chunks(HEADERS, []))


def template_xlsx() -> bytes:
    """The empty template, with a second sheet explaining each column and the allowed values."""
    guide = [
        [column.header, "oui" if column.required else "", column.help, column.example]
        for column in ASSOCIATION_COLUMNS
    ]
    guide += [[], ["Domaines d'intervention acceptés"]]
    guide += [
        [name] for name in Domain.objects.order_by("name_fr").values_list("name_fr", flat=True)
    ]
    guide += [[], ["Populations cibles acceptées"]]
    guide += [
        [name]
        for name in TargetPopulation.objects.order_by("name_fr").values_list("name_fr", flat=True)
    ]
    return xlsx_workbook(
        [
            Sheet(title="Associations", headers=HEADERS, rows=[]),
            Sheet(
                title="Colonnes",
                headers=["Colonne", "Obligatoire", "Explication", "Exemple"],
                rows=guide,
                widths={"A": 40, "C": 70, "D": 40},
            ),
        ]
    )
