"""What every PDF of the diagnostic shares: the layout version and WeasyPrint."""

from django.conf import settings
from django.contrib.staticfiles import finders

# Bumped whenever the report's layout or content changes: old files are not reused.
REPORT_VERSION = 8


def html_document(html: str):
    """WeasyPrint's document of the report's HTML; static files (fonts, CSS) on disk."""
    from weasyprint import HTML

    base = finders.find("css/report.css")
    base_url = (
        str(settings.BASE_DIR / "static") + "/" if base is None else base.rsplit("css/", 1)[0]
    )
    return HTML(string=html, base_url=base_url)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a short report, in one piece (a long one goes through ``PdfParts``)."""
    return html_document(html).write_pdf()
