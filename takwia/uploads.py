"""Documents attached to records (agreements, deliverables): size and real type checked.

The extension alone says nothing of the content: the first bytes must match it
(a program renamed ``.pdf`` is refused). Spreadsheets for imports are checked by
``takwia.tabular`` instead.
"""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ZIP, OLE2 = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0",)
# Extension -> the signatures its content may start with.
DOCUMENT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": ZIP, "xlsx": ZIP, "pptx": ZIP, "odt": ZIP, "ods": ZIP, "odp": ZIP,
    "doc": OLE2, "xls": OLE2,
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}  # fmt: skip
ERROR_DOCUMENT_TOO_BIG = _("Le document dépasse 10 Mo.")
ERROR_DOCUMENT_TYPE = _(
    "Type de document non accepté : PDF, Word, Excel, PowerPoint, OpenDocument, JPEG ou PNG."
)
ERROR_DOCUMENT_CONTENT = _(
    "Le contenu du fichier ne correspond pas à son extension « .%(extension)s »."
)


def document_checked(upload):
    """The upload if its size and content are those of an accepted document (else a
    ValidationError in French, shown beside the field)."""
    if not isinstance(upload, UploadedFile):  # nothing new: the stored file stays
        return upload
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(ERROR_DOCUMENT_TOO_BIG)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    signatures = DOCUMENT_SIGNATURES.get(extension)
    if signatures is None:
        raise forms.ValidationError(ERROR_DOCUMENT_TYPE)
    position = upload.tell()
    head = upload.read(16)
    upload.seek(position)
    if not head.startswith(signatures):
        raise forms.ValidationError(ERROR_DOCUMENT_CONTENT, params={"extension": extension})
    return upload
