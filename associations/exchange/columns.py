"""The registry's spreadsheet format: one list of columns for the import, the export,
the template file and the README, so that exporting a province and re-importing the
file changes nothing."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from associations.models import (
    Association,
    Domain,
    Network,
    TargetPopulation,
    moroccan_phone_validator,
)
from takwia.tabular import CellError, Column, choice_of, day, split_list, text, whole_number

ERROR_PHONE = "numéro marocain attendu (10 chiffres commençant par 05, 06, 07 ou 08, ou +212)."
ERROR_EMAIL = "adresse e-mail invalide : « {value} »."
ERROR_FUTURE_DATE = "la date de création ne peut pas être dans le futur."

_STATUS_VALUES = {
    "active": Association.Status.ACTIVE,
    "actif": Association.Status.ACTIVE,
    "en activite": Association.Status.ACTIVE,
    "dormant": Association.Status.DORMANT,
    "dormante": Association.Status.DORMANT,
    "en sommeil": Association.Status.DORMANT,
    "en veille": Association.Status.DORMANT,
    "inactive": Association.Status.DORMANT,
}
_INITIATOR_VALUES = {
    "administration": Association.Initiator.ADMINISTRATION,
    "organisme": Association.Initiator.ADMINISTRATION,
    "fondateurs": Association.Initiator.FOUNDERS,
    "founders": Association.Initiator.FOUNDERS,
    "population": Association.Initiator.POPULATION,
}


def _phone(value: str) -> str:
    compact = "".join(char for char in value if char not in " .-/()\u00a0")
    try:
        moroccan_phone_validator(compact)
    except ValidationError:
        raise CellError(ERROR_PHONE) from None
    return compact


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(ERROR_EMAIL.format(value=value)) from None
    return value.lower()


def _founded_on(value: str):
    parsed = day(value)
    if parsed > timezone.localdate():
        raise CellError(ERROR_FUTURE_DATE)
    return parsed


def status_label(value: str) -> str:
    return str(Association.Status(value).label)


ASSOCIATION_COLUMNS = [
    Column(
        "registration_ref",
        "Référence du récépissé",
        text(64),
        aliases=("référence", "référence d'enregistrement", "récépissé", "n° de récépissé"),
        help="Référence du dépôt légal ; sert à reconnaître l'association lors d'un nouvel import.",
        example="KHN-2011-0457",
    ),
    Column(
        "name_fr",
        "Nom (français)",
        text(255),
        aliases=("nom", "nom de l'association", "nom fr"),
        help="Obligatoire, sauf pour une association qui n'a qu'un nom arabe.",
        example="Association Tifawin pour le développement",
    ),
    Column(
        "name_ar",
        "Nom (arabe)",
        text(255),
        aliases=("nom ar", "nom en arabe", "الاسم"),
        example="جمعية تيفاوين للتنمية",
    ),
    Column("acronym", "Sigle", text(40), example="ATD"),
    Column(
        "commune_code",
        "Code commune",
        text(16),
        aliases=("code hcp de la commune", "code commune hcp"),
        help="Code HCP de la commune ; à défaut, les colonnes « Commune » et « Province ».",
        example="05.301.01.01",
    ),
    Column(
        "commune",
        "Commune",
        text(255),
        aliases=("nom de la commune",),
        help="Nom de la commune (utilisé si le code commune est vide).",
        example="Khénifra",
    ),
    Column(
        "province",
        "Province",
        text(255),
        aliases=("province ou préfecture", "préfecture", "code province"),
        help="Nom ou code HCP de la province (avec le nom de la commune).",
        example="Khénifra",
    ),
    Column("address", "Adresse", text(255), example="12, rue Al Massira"),
    Column(
        "phone",
        "Téléphone",
        _phone,
        aliases=("tél", "tel", "gsm"),
        help="Numéro marocain : 0612345678 ou +212612345678.",
        example="0612345678",
    ),
    Column("email", "E-mail", _email, aliases=("email", "courriel", "mail"), example=""),
    Column(
        "founded_on",
        "Date de création",
        _founded_on,
        aliases=("créée le", "date creation"),
        help="jj/mm/aaaa, pas dans le futur.",
        example="14/03/2011",
    ),
    Column(
        "president_name",
        "Président(e)",
        text(255),
        aliases=("président", "présidente", "nom du président"),
        example="Hassan Idrissi",
    ),
    Column(
        "members_count",
        "Adhérents",
        whole_number,
        aliases=("nombre d'adhérents", "membres"),
        help="Nombre entier.",
        example="45",
    ),
    Column(
        "paid_staff_count",
        "Salariés",
        whole_number,
        aliases=("personnel salarié",),
        help="Nombre entier.",
        example="0",
    ),
    Column(
        "volunteers_count",
        "Bénévoles",
        whole_number,
        aliases=("volontaires",),
        help="Nombre entier.",
        example="12",
    ),
    Column(
        "domains",
        "Domaines d'intervention",
        split_list,
        aliases=("domaines",),
        help="Noms de la liste de référence, séparés par « | » (ou « ; », « , »).",
        example="Développement social | Santé",
    ),
    Column(
        "target_populations",
        "Populations cibles",
        split_list,
        aliases=("cibles", "population cible"),
        help="Noms de la liste de référence, séparés par « | ».",
        example="Femmes | Enfants",
    ),
    Column(
        "initiator",
        "À l'initiative de",
        choice_of(Association.Initiator, _INITIATOR_VALUES),
        aliases=("initiative", "initiateur"),
        help="« Une administration ou un organisme », « Les fondateurs » "
        "ou « Une demande de la population ».",
        example="Les fondateurs",
    ),
    Column(
        "networks",
        "Réseaux",
        split_list,
        aliases=("réseau", "réseaux d'appartenance"),
        help="Noms des réseaux connus de la plateforme, séparés par « | ».",
        example="",
    ),
    Column(
        "status",
        "Statut",
        choice_of(Association.Status, _STATUS_VALUES),
        help="« Active » ou « En sommeil » (vide : active).",
        example="Active",
    ),
]
COLUMNS_BY_KEY = {column.key: column for column in ASSOCIATION_COLUMNS}
HEADERS = [column.header for column in ASSOCIATION_COLUMNS]
SCALAR_FIELDS = [
    "registration_ref",
    "name_fr",
    "name_ar",
    "acronym",
    "address",
    "phone",
    "email",
    "founded_on",
    "president_name",
    "members_count",
    "paid_staff_count",
    "volunteers_count",
    "initiator",
    "status",
]
M2M_FIELDS = {"domains": Domain, "target_populations": TargetPopulation, "networks": Network}
M2M_LABELS = {
    "domains": "domaine(s) d'intervention",
    "target_populations": "population(s) cible(s)",
    "networks": "réseau(x)",
}
# Empty cells: what the field then holds.
EMPTY_VALUES = {"registration_ref": None, "founded_on": None, "status": Association.Status.ACTIVE}
NUMBER_FIELDS = {"members_count", "paid_staff_count", "volunteers_count"}
