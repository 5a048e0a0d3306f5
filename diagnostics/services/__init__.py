"""Writes of the diagnostic, by sub-domain: entry, campaigns, plans; the questionnaire
loader is the engine's (``diagnostics.questionnaire.loader``)."""

from diagnostics.questionnaire.kinds import (
    ERROR_CHOICE,
    ERROR_DATE,
    ERROR_FUTURE,
    ERROR_INTEGER,
    ERROR_RANGE,
    ERROR_REQUIRED,
    ERROR_TEXT_LONG,
    ERROR_YES_NO,
    date_parse,
)
from diagnostics.questionnaire.loader import (
    QUESTIONNAIRE_DIR,
    QuestionnaireInvalid,
    questionnaire_load,
    questionnaires_load_all,
)
from diagnostics.questionnaire.structure import Structure, structure_for
from diagnostics.services.campaigns import ERROR_SAMPLE_SIZE, campaign_sample_draw, sample_add
from diagnostics.services.entry import (
    ERROR_CONFLICT,
    ERROR_INCOMPLETE,
    ERROR_LOCKED,
    ERROR_NOT_SUBMITTED,
    ERROR_RETURN_COMMENT,
    AxisProgress,
    ConflictError,
    DiagnosticLocked,
    SaveResult,
    answers_clear_not_live,
    answers_of,
    diagnostic_save_answers,
    diagnostic_start,
    diagnostic_submit,
    progress_of,
    score,
    scores_recompute,
    scores_store,
)
from diagnostics.services.exports import campaign_export_record
from diagnostics.services.guides import guide_archive, guide_save
from diagnostics.services.plans import (
    ACTION_KIND_BY_AXIS,
    action_attendance_save,
    action_cancel,
    action_delete,
    plan_draft_from_needs,
)
from diagnostics.services.review import diagnostic_return, diagnostic_validate
from diagnostics.services.summary import campaign_summary_rebuild, summaries_rebuild

__all__ = [
    "ACTION_KIND_BY_AXIS",
    "guide_archive",
    "guide_save",
    "ERROR_CHOICE",
    "ERROR_CONFLICT",
    "ERROR_DATE",
    "ERROR_FUTURE",
    "ERROR_INCOMPLETE",
    "ERROR_INTEGER",
    "ERROR_LOCKED",
    "ERROR_NOT_SUBMITTED",
    "ERROR_RANGE",
    "ERROR_REQUIRED",
    "ERROR_RETURN_COMMENT",
    "ERROR_SAMPLE_SIZE",
    "ERROR_TEXT_LONG",
    "ERROR_YES_NO",
    "QUESTIONNAIRE_DIR",
    "AxisProgress",
    "ConflictError",
    "DiagnosticLocked",
    "QuestionnaireInvalid",
    "SaveResult",
    "Structure",
    "answers_clear_not_live",
    "answers_of",
    "campaign_export_record",
    "campaign_summary_rebuild",
    "campaign_sample_draw",
    "date_parse",
    "diagnostic_return",
    "diagnostic_save_answers",
    "diagnostic_start",
    "diagnostic_submit",
    "diagnostic_validate",
    "plan_draft_from_needs",
    "action_attendance_save",
    "action_cancel",
    "action_delete",
    "progress_of",
    "questionnaire_load",
    "questionnaires_load_all",
    "sample_add",
    "score",
    "scores_recompute",
    "scores_store",
    "structure_for",
    "summaries_rebuild",
]
