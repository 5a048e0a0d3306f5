"""Where a record's file is stored: a name no one can guess or misuse.

The name is built from the upload's, reduced to letters, digits and dashes (Arabic
letters kept), under a random folder: two files of the same name never meet, a name
cannot climb out of its folder, and nobody reaches a file by guessing its address
(files are only served by the download views, which check access).
"""

import secrets

from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify

from takwia.files.checks import extension_of

STEM_LENGTH = 50


@deconstructible
class StoredName:
    """``upload_to`` of a record's file: ``<folder>/<year>/<random>/<name>.<ext>``."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        base = filename.replace("\\", "/").rsplit("/", 1)[-1]
        extension = extension_of(base)
        stem = base[: -len(extension) - 1] if extension else base
        stem = slugify(stem, allow_unicode=True)[:STEM_LENGTH].strip("-_") or "fichier"
        suffix = f".{extension}" if extension.isalnum() else ""
        year = timezone.localdate().year
        return f"{self.folder}/{year}/{secrets.token_hex(8)}/{stem}{suffix}"

    def __eq__(self, other):
        return isinstance(other, StoredName) and other.folder == self.folder


def shown_name(name: str) -> str:
    """The file's name as its owner gave it (cleaned), without the folders."""
    return name.rsplit("/", 1)[-1]
