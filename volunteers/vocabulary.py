"""Countries, nationalities and languages as volunteers' records write them (in French),
with their names in the reader's language. A value outside these lists (typed in an
import) is shown as written."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = {
    "Maroc": _("Maroc"),
    "Algérie": _("Algérie"),
    "Tunisie": _("Tunisie"),
    "Mauritanie": _("Mauritanie"),
    "Sénégal": _("Sénégal"),
    "Mali": _("Mali"),
    "Côte d'Ivoire": _("Côte d'Ivoire"),
    "Burkina Faso": _("Burkina Faso"),
    "Niger": _("Niger"),
    "Guinée": _("Guinée"),
    "Cameroun": _("Cameroun"),
    "Bénin": _("Bénin"),
    "Togo": _("Togo"),
    "France": _("France"),
    "Belgique": _("Belgique"),
    "Espagne": _("Espagne"),
}

NATIONALITIES = {
    "Marocaine": _("Marocaine"),
    "Algérienne": _("Algérienne"),
    "Tunisienne": _("Tunisienne"),
    "Mauritanienne": _("Mauritanienne"),
    "Sénégalaise": _("Sénégalaise"),
    "Malienne": _("Malienne"),
    "Ivoirienne": _("Ivoirienne"),
    "Burkinabè": _("Burkinabè"),
    "Nigérienne": _("Nigérienne"),
    "Guinéenne": _("Guinéenne"),
    "Camerounaise": _("Camerounaise"),
    "Béninoise": _("Béninoise"),
    "Togolaise": _("Togolaise"),
    "Française": _("Française"),
    "Belge": _("Belge"),
    "Espagnole": _("Espagnole"),
}

LANGUAGES = {
    "Arabe": _("Arabe"),
    "Amazighe": _("Amazighe"),
    "Français": _("Français"),
    "Anglais": _("Anglais"),
    "Espagnol": _("Espagnol"),
    "Wolof": _("Wolof"),
    "Bambara": _("Bambara"),
    "Peul": _("Peul"),
}

LANGUAGE_SEPARATOR = ", "


def country_label(value: str):
    return COUNTRIES.get(value, value)


def nationality_label(value: str):
    return NATIONALITIES.get(value, value)


def languages_label(value: str) -> str:
    """ "Français, Arabe" in the reader's language, each known language translated."""
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    return LANGUAGE_SEPARATOR.join(str(LANGUAGES.get(name, name)) for name in names)


def choices(vocabulary: dict, current: str = "") -> list[tuple[str, object]]:
    """Form choices of a vocabulary, plus the record's current value if it is outside it
    (an imported spelling is kept, not lost at the next edit)."""
    options = list(vocabulary.items())
    if current and current not in vocabulary:
        options.append((current, current))
    return options
