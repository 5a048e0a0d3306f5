"""Serving a record's file: from the default storage, as an attachment, logged.

The caller has already found the record through ``visible_to(user)`` (out of scope:
404) and checked the role's permission (403): this module never decides access.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404

from takwia.files.checks import content_type_of
from takwia.files.names import shown_name


def serve_record_file(request, *, record, field_file) -> FileResponse:
    """The record's file as a download, with the download logged (404 when the record
    has no file or the storage has lost it)."""
    from takwia.models import FileDownload

    if not field_file or not field_file.name:
        raise Http404
    storage = field_file.storage
    try:
        handle = storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    FileDownload.objects.create(
        user=request.user,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        file_name=field_file.name[:255],
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=shown_name(field_file.name),
        content_type=content_type_of(field_file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
