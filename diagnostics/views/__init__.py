"""The diagnostic's pages, by sub-domain."""

from diagnostics.views.campaigns import (
    campaign_close,
    campaign_create,
    campaign_detail,
    campaign_list,
    campaign_reopen,
    campaign_results_view,
    campaign_sample_add,
    campaign_sample_draw_view,
    campaign_update,
    diagnostic_begin,
    findings_comparison,
)
from diagnostics.views.entry import (
    diagnostic_entry,
    diagnostic_save,
    diagnostic_submit_view,
)
from diagnostics.views.exports import campaign_export_csv, campaign_export_xlsx
from diagnostics.views.guides import (
    guide_archive,
    guide_create,
    guide_detail,
    guide_file,
    guide_list,
    guide_update,
)
from diagnostics.views.plans import (
    action_attendance,
    action_cancel,
    action_delete,
    action_edit,
    campaign_needs,
    plan_detail,
    plan_export,
    plan_generate,
    plan_list,
    plan_update,
)
from diagnostics.views.report_request import report_request
from diagnostics.views.results import diagnostic_results_view
from diagnostics.views.review import diagnostic_review
from diagnostics.views.scoring import scoring_rules
from diagnostics.views.start import diagnostic_start_here
from diagnostics.views.workshops import (
    workshop_archive_view,
    workshop_attendance,
    workshop_create,
    workshop_detail,
    workshop_edit,
)

__all__ = [
    "action_attendance",
    "action_cancel",
    "action_delete",
    "action_edit",
    "campaign_create",
    "campaign_detail",
    "campaign_export_csv",
    "campaign_export_xlsx",
    "campaign_list",
    "campaign_needs",
    "campaign_results_view",
    "campaign_sample_add",
    "campaign_sample_draw_view",
    "diagnostic_begin",
    "diagnostic_entry",
    "diagnostic_results_view",
    "diagnostic_review",
    "diagnostic_save",
    "diagnostic_start_here",
    "diagnostic_submit_view",
    "findings_comparison",
    "guide_archive",
    "guide_create",
    "guide_detail",
    "guide_file",
    "guide_list",
    "guide_update",
    "plan_detail",
    "plan_export",
    "plan_generate",
    "plan_list",
    "plan_update",
    "report_request",
    "scoring_rules",
    "campaign_close",
    "campaign_reopen",
    "campaign_update",
    "workshop_archive_view",
    "workshop_attendance",
    "workshop_create",
    "workshop_detail",
    "workshop_edit",
]
