"""Files that belong to a record (deliverables, agreement documents, evidence of an
answer): one place for what they may be, where they are stored and how they are served.

- ``checks``: the accepted kinds, the size limits and the content check (FilePolicy:
  DOCUMENTS, EVIDENCE);
- ``names``: ``StoredName``, the ``upload_to`` of every such file (Django's default
  storage, ``STORAGES["default"]``: never a path on disk);
- ``downloads``: ``serve_record_file``, the download (attachment, nosniff, logged in
  ``takwia.models.FileDownload``) that each app's view calls once it has found the
  record through ``visible_to(user)``.
"""

from takwia.files.checks import (
    DOCUMENTS,
    EVIDENCE,
    MAX_DOCUMENT_BYTES,
    MAX_EVIDENCE_BYTES,
    FilePolicy,
    checked,
    document_checked,
    evidence_checked,
)
from takwia.files.downloads import serve_record_file
from takwia.files.names import StoredName, shown_name

__all__ = [
    "DOCUMENTS",
    "EVIDENCE",
    "MAX_DOCUMENT_BYTES",
    "MAX_EVIDENCE_BYTES",
    "FilePolicy",
    "StoredName",
    "checked",
    "document_checked",
    "evidence_checked",
    "serve_record_file",
    "shown_name",
]
