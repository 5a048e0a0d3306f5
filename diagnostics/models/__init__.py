"""The TAKWIA diagnostic's models, by sub-domain."""

from diagnostics.models.attendance import Attendee
from diagnostics.models.campaigns import Campaign, SampleEntry, Workshop
from diagnostics.models.entry import Answer, Diagnostic, Score
from diagnostics.models.evidence import Evidence
from diagnostics.models.exports import CampaignExport
from diagnostics.models.guides import Guide
from diagnostics.models.plans import Action, Plan
from diagnostics.models.questionnaire import (
    Axis,
    BilingualText,
    Choice,
    Finding,
    Question,
    QuestionnaireVersion,
    SubDimension,
)
from diagnostics.models.summary import SummaryAnswer, SummaryScore, SummaryState, SummaryUnit

__all__ = [
    "Action",
    "Answer",
    "Attendee",
    "Axis",
    "BilingualText",
    "Campaign",
    "CampaignExport",
    "Choice",
    "Diagnostic",
    "Evidence",
    "Finding",
    "Guide",
    "Plan",
    "Question",
    "QuestionnaireVersion",
    "SampleEntry",
    "Score",
    "SubDimension",
    "SummaryAnswer",
    "SummaryScore",
    "SummaryState",
    "SummaryUnit",
    "Workshop",
]
