"""What a file attached to a record may be: its kinds, its size, its real content.

The extension alone says nothing of the content: the first bytes must be those of the
kind the extension names (a program renamed ``.pdf`` is refused), and an office
document, a zip archive, must have the parts of its format (a zip renamed ``.docx``
is refused, and so is a document carrying macros). Spreadsheets for imports are
checked by ``takwia.tabular`` instead.
"""

import zipfile
from dataclasses import dataclass

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

MEGABYTE = 1024 * 1024
# The limits, each written once: documents of records, evidence of an answer.
MAX_DOCUMENT_BYTES = 10 * MEGABYTE
MAX_EVIDENCE_BYTES = 5 * MEGABYTE

ERROR_TOO_BIG = _("Le fichier dépasse %(limit)s Mo.")
ERROR_EMPTY = _("Le fichier est vide.")
ERROR_DOCUMENT_TYPE = _(
    "Type de document non accepté : PDF, Word, Excel, PowerPoint, OpenDocument, JPEG ou PNG."
)
ERROR_EVIDENCE_TYPE = _("Type de fichier non accepté : PDF, JPEG ou PNG.")
ERROR_DOCUMENT_CONTENT = _(
    "Le contenu du fichier ne correspond pas à son extension « .%(extension)s »."
)
ERROR_MACROS = _("Les documents contenant des macros ne sont pas acceptés.")


def _ooxml(main_part: str):
    """An Office Open XML package: its content types and its main part, no macros."""

    def check(archive: zipfile.ZipFile) -> str | None:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or main_part not in names:
            return "content"
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return "macros"
        return None

    return check


def _odf(mimetype: str):
    """An OpenDocument package: its first entry ``mimetype`` names the format."""

    def check(archive: zipfile.ZipFile) -> str | None:
        infos = archive.infolist()
        if not infos or infos[0].filename != "mimetype" or infos[0].file_size > 100:
            return "content"
        if archive.read(infos[0]).strip() != mimetype.encode():
            return "content"
        if any(name.lower().startswith("basic/") for name in archive.namelist()):
            return "macros"
        return None

    return check


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    content_type: str
    signatures: tuple[bytes, ...]
    archive_check: object = None  # for zip packages: (ZipFile) -> None | "content" | "macros"


ZIP = (b"PK\x03\x04",)
PDF = FileKind(("pdf",), "application/pdf", (b"%PDF-",))
JPEG = FileKind(("jpg", "jpeg"), "image/jpeg", (b"\xff\xd8\xff",))
PNG = FileKind(("png",), "image/png", (b"\x89PNG\r\n\x1a\n",))
OOXML = "application/vnd.openxmlformats-officedocument."
OPENDOCUMENT = "application/vnd.oasis.opendocument."
DOCX = FileKind(("docx",), OOXML + "wordprocessingml.document", ZIP, _ooxml("word/document.xml"))
XLSX = FileKind(("xlsx",), OOXML + "spreadsheetml.sheet", ZIP, _ooxml("xl/workbook.xml"))
PPTX = FileKind(
    ("pptx",), OOXML + "presentationml.presentation", ZIP, _ooxml("ppt/presentation.xml")
)
ODT = FileKind(("odt",), OPENDOCUMENT + "text", ZIP, _odf(OPENDOCUMENT + "text"))
ODS = FileKind(("ods",), OPENDOCUMENT + "spreadsheet", ZIP, _odf(OPENDOCUMENT + "spreadsheet"))
ODP = FileKind(("odp",), OPENDOCUMENT + "presentation", ZIP, _odf(OPENDOCUMENT + "presentation"))
ALL_KINDS = (PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT, ODS, ODP)


@dataclass
class FilePolicy:
    """Which kinds a record's file may be, and how large."""

    kinds: tuple[FileKind, ...]
    max_bytes: int
    type_error: object

    def kind_of(self, name: str) -> FileKind | None:
        extension = extension_of(name)
        return next((kind for kind in self.kinds if extension in kind.extensions), None)

    @property
    def accept(self) -> str:
        """The ``accept`` attribute of the file input (a hint; the server decides)."""
        return ",".join(f".{ext}" for kind in self.kinds for ext in kind.extensions)

    def widget(self) -> forms.ClearableFileInput:
        return forms.ClearableFileInput(attrs={"accept": self.accept})


DOCUMENTS = FilePolicy(ALL_KINDS, MAX_DOCUMENT_BYTES, ERROR_DOCUMENT_TYPE)
EVIDENCE = FilePolicy((PDF, JPEG, PNG), MAX_EVIDENCE_BYTES, ERROR_EVIDENCE_TYPE)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_type_of(name: str) -> str:
    """The content type a stored file is served with, from its (checked) extension."""
    extension = extension_of(name)
    for kind in ALL_KINDS:
        if extension in kind.extensions:
            return kind.content_type
    return "application/octet-stream"


def checked(upload, policy: FilePolicy = DOCUMENTS):
    """The upload if its kind, size and content are accepted by the policy (else a
    ValidationError in French, shown beside the field). A value that is not a new
    upload (the stored file, or nothing) is returned as it is."""
    if not isinstance(upload, UploadedFile):
        return upload
    if upload.size > policy.max_bytes:
        raise forms.ValidationError(
            ERROR_TOO_BIG, code="too_big", params={"limit": policy.max_bytes // MEGABYTE}
        )
    if not upload.size:
        raise forms.ValidationError(ERROR_EMPTY, code="empty")
    kind = policy.kind_of(upload.name)
    if kind is None:
        raise forms.ValidationError(policy.type_error, code="type")
    content_error = forms.ValidationError(
        ERROR_DOCUMENT_CONTENT, code="content", params={"extension": extension_of(upload.name)}
    )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(kind.signatures):
        raise content_error
    if kind.archive_check is not None:
        try:
            with zipfile.ZipFile(upload) as archive:
                problem = kind.archive_check(archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            problem = "content"
        finally:
            upload.seek(0)
        if problem == "macros":
            raise forms.ValidationError(ERROR_MACROS, code="macros")
        if problem:
            raise content_error
    return upload


def document_checked(upload):
    """A record's document (agreement, deliverable): ``checked`` with DOCUMENTS."""
    return checked(upload, DOCUMENTS)


def evidence_checked(upload):
    """Evidence of an answer: PDF, JPEG or PNG of 5 MB at most."""
    return checked(upload, EVIDENCE)
