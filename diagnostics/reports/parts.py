"""A long PDF laid out in parts, each written to a temporary file and freed, then merged.

WeasyPrint keeps a whole document's boxes in memory until it is written: a report of
10,000 associations needed 1.8 GB in one piece. In parts, the peak is that of the
largest part. Each part after the first starts its page counter where the previous one
stopped (``next_page``, given to the part's ``@page :first { counter-reset }``), so the
merged file is numbered continuously.
"""

import gc
from pathlib import Path
from typing import BinaryIO

from diagnostics.reports.common import html_document


class PdfParts:
    def __init__(self, folder: Path):
        from weasyprint.text.fonts import FontConfiguration

        self.folder = Path(folder)
        self.paths: list[Path] = []
        self.pages = 0
        # One font configuration for every part: fontconfig and Pango set up once.
        self.fonts = FontConfiguration()

    @property
    def next_page(self) -> int:
        """The number the next part's first page carries."""
        return self.pages + 1

    def add(self, html: str) -> int:
        """Lay out ``html``, write it as the next part, free its boxes; its page count."""
        document = html_document(html).render(font_config=self.fonts)
        count = len(document.pages)
        path = self.folder / f"part-{len(self.paths):04d}.pdf"
        document.write_pdf(path)
        del document
        gc.collect()  # WeasyPrint's boxes hold reference cycles: free them now
        self.paths.append(path)
        self.pages += count
        return count

    def merge(self, output: BinaryIO) -> None:
        """The parts, in order, as one PDF written to ``output`` (links and outline kept)."""
        from pypdf import PdfWriter

        writer = PdfWriter()
        for path in self.paths:
            writer.append(str(path))
        writer.write(output)
        writer.close()
