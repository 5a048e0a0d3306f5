"""Web imports of tabular files: upload, preview, confirm, all or nothing, as background jobs.

The registry's flow (associations/import_views.py) for every other kind of record:
an ``ImportKind`` names the importer (a ``takwia.tabular.TableImport``), the
permission (ROLE_PERMISSIONS) and the pages' words; ``ImportViews(kind).urls(prefix)``
gives the four pages (upload, preview, confirm, template) to add to the app's
urls, and a ``StagedImportRun`` subclass registered in ``takwia.jobs.RENDERERS``
checks and writes a long file in the background.

1. The upload page keeps the file (``StagedImport``). A short one is checked at
   once (a dry run): errors are listed with their line and column, else the
   preview opens; a long one (more than ``INLINE_LINES`` lines) is checked by a
   worker, the request answering with the job's page (progress, no reload).
2. The preview shows what the check found (counts, the first rows as written).
3. Confirmation writes the whole file in one transaction (a long one in a job),
   once: the staged file is locked and marked applied in the same transaction.
"""

from takwia.imports.kinds import INLINE_LINES, ImportKind, runs_in_background
from takwia.imports.runs import StagedImportRun
from takwia.imports.views import ImportViews

__all__ = ["INLINE_LINES", "ImportKind", "ImportViews", "StagedImportRun", "runs_in_background"]
