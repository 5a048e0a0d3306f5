"""Text normalisation for search: accents, case and Arabic spelling variants ignored."""

import re
import unicodedata

# Arabic letters written in several ways in names: hamza-carrying alefs, alef maqsura,
# ta marbuta; tatweel (kashida) is decoration only.
_ARABIC_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None}
)
_SPACES = re.compile(r"\s+")


def normalize_search(text: str) -> str:
    """Lower-case, accent-free, Arabic-normalised form of ``text`` for matching.

    Combining marks are dropped after decomposition, which removes both Latin
    accents (é -> e) and Arabic short vowels (harakat).
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = unicodedata.normalize("NFC", stripped).translate(_ARABIC_VARIANTS)
    return _SPACES.sub(" ", stripped.casefold()).strip()


def search_words(query: str) -> list[str]:
    """The distinct words of ``query`` in their normalised form (see ``normalize_search``):
    what a search matches, each word anywhere and in any order."""
    return list(dict.fromkeys(normalize_search(query).split()))
