"""Reads of the diagnostic, by sub-domain: one diagnostic's results, campaigns, the
provincial findings and distributions, needs, plan progress, raw data. Other apps read
the diagnostic through this module only."""

from diagnostics.questionnaire.scoring import STRONG_FROM, WEAK_BELOW
from diagnostics.selectors.attendance import (
    AttendanceCounts,
    attendance_counts,
    with_attendance_counts,
)
from diagnostics.selectors.campaign_figures import campaign_results
from diagnostics.selectors.campaigns import (
    campaign_counts,
    campaign_sample,
    comparison_versions,
    report_campaigns,
)
from diagnostics.selectors.distribution import AxisDistribution, axis_distribution
from diagnostics.selectors.exports import (
    RawColumn,
    campaign_raw_columns,
    campaign_raw_notes,
    campaign_raw_rows,
)
from diagnostics.selectors.findings import (
    CampaignResults,
    FindingShare,
    counted_diagnostics,
    findings_by_province,
)
from diagnostics.selectors.guides import (
    RECOMMENDED,
    GuideDetail,
    guide_detail,
    guide_downloads,
    guide_rows,
    guides_recommended,
    library_axes,
)
from diagnostics.selectors.needs import NEED_THRESHOLD, Need, needs_ranking
from diagnostics.selectors.plans import PlanProgress, plan_progress
from diagnostics.selectors.registry import (
    actions_aimed_at,
    association_diagnostics,
    associations_weak_on,
    diagnosed_exists,
)
from diagnostics.selectors.results import (
    Results,
    SubScore,
    axis_means,
    diagnostic_results,
    results_radar,
    weak_codes,
    weak_subdimensions,
)
from diagnostics.selectors.summary import version_axis_means
from diagnostics.selectors.territory import (
    MAP_MIN_DIAGNOSED,
    AreaPlan,
    AreaScores,
    map_axes,
    plans_by_area,
    scores_by_area,
    top_needs_by_province,
)
from diagnostics.selectors.worklists import (
    actions_due,
    agent_worklist,
    campaign_progress,
    campaigns_to_start,
    president_overview,
    review_next,
    review_queue,
)

__all__ = [
    "AttendanceCounts",
    "attendance_counts",
    "with_attendance_counts",
    "RECOMMENDED",
    "GuideDetail",
    "guide_detail",
    "guide_downloads",
    "guide_rows",
    "guides_recommended",
    "library_axes",
    "weak_codes",
    "MAP_MIN_DIAGNOSED",
    "AreaPlan",
    "AreaScores",
    "map_axes",
    "plans_by_area",
    "scores_by_area",
    "top_needs_by_province",
    "campaigns_to_start",
    "review_queue",
    "review_next",
    "president_overview",
    "campaign_progress",
    "actions_due",
    "agent_worklist",
    "NEED_THRESHOLD",
    "STRONG_FROM",
    "WEAK_BELOW",
    "AxisDistribution",
    "CampaignResults",
    "FindingShare",
    "Need",
    "PlanProgress",
    "RawColumn",
    "Results",
    "SubScore",
    "actions_aimed_at",
    "association_diagnostics",
    "associations_weak_on",
    "axis_distribution",
    "axis_means",
    "campaign_counts",
    "comparison_versions",
    "campaign_raw_columns",
    "campaign_raw_notes",
    "campaign_raw_rows",
    "campaign_results",
    "campaign_sample",
    "counted_diagnostics",
    "diagnosed_exists",
    "diagnostic_results",
    "findings_by_province",
    "needs_ranking",
    "plan_progress",
    "report_campaigns",
    "results_radar",
    "version_axis_means",
    "weak_subdimensions",
]
