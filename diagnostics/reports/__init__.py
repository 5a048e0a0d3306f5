"""The diagnostic's PDFs (renderers for takwia/jobs.py): the provincial report, one
association's diagnostic, a plan."""

from diagnostics.reports.annex import ProvinceAnnex, annex_chunks, annex_xlsx
from diagnostics.reports.common import REPORT_VERSION, html_to_pdf
from diagnostics.reports.documents import AssociationReport, PlanReport
from diagnostics.reports.province import STATUSES_ALL, STATUSES_VALIDATED, ProvinceReport
from diagnostics.reports.sections import diagnostic_section, province_campaign

__all__ = [
    "REPORT_VERSION",
    "STATUSES_ALL",
    "STATUSES_VALIDATED",
    "AssociationReport",
    "PlanReport",
    "ProvinceAnnex",
    "ProvinceReport",
    "annex_chunks",
    "annex_xlsx",
    "diagnostic_section",
    "html_to_pdf",
    "province_campaign",
]
