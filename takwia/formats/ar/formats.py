# Same dd/mm/yyyy dates in Arabic pages; digits stay Western Arabic as in Moroccan forms.
from takwia.formats.fr.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
