"""The agreements import (CSV or XLSX, all or nothing)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from associations.models import Association
from partnerships.models import Agreement, Partner
from takwia.tabular import (
    CellError,
    Column,
    ImportRejected,
    RowError,
    choice_of,
    day,
    header_key,
    text,
)
from takwia.tabular.importer import TableImport

ERROR_NO_ASSOCIATION_COLUMN = (
    "Colonnes manquantes : « Référence du récépissé » (ou « Association » et « Code commune »)."
)
ERROR_UNKNOWN_ASSOCIATION = "association introuvable dans votre périmètre."
ERROR_UNKNOWN_PARTNER = "partenaire « {value} » inconnu : indiquez son type pour le créer."
ERROR_END_BEFORE_START = "la fin précède le début."
ERROR_AMOUNT = "montant attendu en dirhams (ex. 25000 ou 25 000,50), « {value} » reçu."
ERROR_AMOUNT_REQUIRED = "le montant d'un financement est obligatoire."
ERROR_DUPLICATE = "même association, même partenaire et même date de début qu'à la ligne {first}."


def _amount(value: str) -> Decimal:
    cleaned = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(ERROR_AMOUNT.format(value=value)) from None
    if amount < 0:
        raise CellError(ERROR_AMOUNT.format(value=value))
    return amount


AGREEMENT_COLUMNS = [
    Column("registration_ref", "Référence du récépissé", text(64), aliases=("référence",)),
    Column("association", "Association", text(255), aliases=("nom de l'association",)),
    Column("commune_code", "Code commune", text(16)),
    Column("partner", "Partenaire", text(255), required=True),
    Column(
        "partner_kind",
        "Type de partenaire",
        choice_of(Partner.Kind),
    ),
    Column("country", "Pays", text(80)),
    Column(
        "kind",
        "Nature",
        choice_of(Agreement.Kind),
        required=True,
    ),
    Column("starts_on", "Début", day, required=True),
    Column("ends_on", "Fin", day),
    Column("amount", "Montant (MAD)", _amount, aliases=("montant",)),
    Column(
        "status",
        "Statut",
        choice_of(Agreement.Status),
    ),
]
HEADERS = [column.header for column in AGREEMENT_COLUMNS]


@dataclass
class AgreementImportResult:
    created: int = 0
    updated: int = 0
    partners_created: int = 0


class AgreementsImporter(TableImport):
    """Agreements from a CSV or XLSX file, all or nothing.

    Associations are found by registration reference, else by name and commune code,
    among those ``user`` may see (``None``: the command line, the whole country).
    Partners are found by name; an unknown one is created when its type is given.
    A row with the same association, partner and start date as a recorded agreement
    updates it. Any error refuses the whole file (line-numbered French messages).
    """

    columns = AGREEMENT_COLUMNS

    def check_columns(self, resolved):
        if "registration_ref" not in resolved and not {"association", "commune_code"} <= set(
            resolved
        ):
            raise ImportRejected([ERROR_NO_ASSOCIATION_COLUMN])

    def check(self, parsed, errors):
        user = self.user
        visible = Association.objects.visible_to(user) if user is not None else Association.objects
        refs = [row["registration_ref"] for _, row in parsed if row.get("registration_ref")]
        by_ref = dict(
            visible.filter(registration_ref__in=refs).values_list("registration_ref", "pk")
        )
        codes = {values.get("commune_code") for _, values in parsed if values.get("commune_code")}
        by_name = {
            (header_key(name), code): pk
            for pk, name, code in visible.filter(commune__code__in=codes).values_list(
                "pk", "name_fr", "commune__code"
            )
        }
        partners = {header_key(p.name): p for p in Partner.objects.all()}
        rows, seen = [], {}
        for line, values in parsed:
            association_id = by_ref.get(values.get("registration_ref")) or by_name.get(
                (header_key(values.get("association") or ""), values.get("commune_code"))
            )
            if association_id is None:
                errors.append(RowError(line, ERROR_UNKNOWN_ASSOCIATION, "Association"))
                continue
            partner = partners.get(header_key(values["partner"]))
            if partner is None:
                if not values.get("partner_kind"):
                    message = ERROR_UNKNOWN_PARTNER.format(value=values["partner"])
                    errors.append(RowError(line, message, "Partenaire"))
                    continue
                partner = Partner(
                    name=values["partner"],
                    kind=values["partner_kind"],
                    country=values.get("country") or "Maroc",
                )
                partners[header_key(values["partner"])] = partner
            if values.get("ends_on") and values["ends_on"] < values["starts_on"]:
                errors.append(RowError(line, ERROR_END_BEFORE_START, "Fin"))
                continue
            if values["kind"] == Agreement.Kind.FINANCING and not values.get("amount"):
                errors.append(RowError(line, ERROR_AMOUNT_REQUIRED, "Montant (MAD)"))
                continue
            key = (association_id, header_key(partner.name), values["starts_on"])
            if key in seen:
                errors.append(RowError(line, ERROR_DUPLICATE.format(first=seen[key])))
                continue
            seen[key] = line
            rows.append((association_id, partner, values))
        return rows

    def write(self, rows):
        user = self.user
        result = AgreementImportResult(
            partners_created=len({id(p) for _, p, _ in rows if p.pk is None})
        )
        for association_id, partner, values in rows:
            if partner.pk is None:
                partner.save()
            existing = Agreement.objects.filter(
                association_id=association_id, partner=partner, starts_on=values["starts_on"]
            ).first()
            agreement = existing or Agreement(
                association_id=association_id, partner=partner, starts_on=values["starts_on"]
            )
            agreement.kind = values["kind"]
            agreement.ends_on = values.get("ends_on")
            agreement.amount = values.get("amount")
            agreement.status = values.get("status") or Agreement.Status.ACTIVE
            agreement.created_by = agreement.created_by or user
            agreement._history_user = user
            agreement.save()
            result.updated += existing is not None
            result.created += existing is None
        return result


def agreements_import(*, raw: bytes, user=None, dry_run: bool = False) -> AgreementImportResult:
    """Create or update agreements from a CSV or XLSX file (see ``AgreementsImporter``)."""
    return AgreementsImporter(user=user, dry_run=dry_run).run(raw)
