from django.urls import path

from diagnostics import views
from diagnostics.views.evidence import evidence_file, evidence_page, evidence_withdraw
from diagnostics.views.self_assessment import self_assessment_open
from diagnostics.views.submissions import (
    submission_confirm,
    submission_import,
    submission_preview,
)
from diagnostics.views.xlsform import questionnaire_xlsform

app_name = "diagnostics"

urlpatterns = [
    path("diagnostics/scoring/", views.scoring_rules, name="scoring"),
    path(
        "diagnostics/questionnaire/v<int:number>/xlsform.xlsx",
        questionnaire_xlsform,
        name="xlsform",
    ),
    path("reports/", views.report_request, name="reports"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_update, name="campaign_update"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/reopen/", views.campaign_reopen, name="campaign_reopen"),
    path("campaigns/<int:pk>/results/", views.campaign_results_view, name="campaign_results"),
    path("campaigns/<int:pk>/export.csv", views.campaign_export_csv, name="campaign_export_csv"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export_xlsx, name="campaign_export_xlsx"),
    path("campaigns/comparison/", views.findings_comparison, name="comparison"),
    path("campaigns/<int:pk>/needs/", views.campaign_needs, name="needs"),
    path("campaigns/<int:pk>/plan/", views.plan_generate, name="plan_generate"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_update, name="plan_update"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/actions/new/", views.action_edit, name="action_create"),
    path("plans/<int:pk>/actions/<int:action_pk>/", views.action_edit, name="action_update"),
    path(
        "plans/<int:pk>/actions/<int:action_pk>/cancel/",
        views.action_cancel,
        name="action_cancel",
    ),
    path(
        "plans/<int:pk>/actions/<int:action_pk>/delete/",
        views.action_delete,
        name="action_delete",
    ),
    path(
        "plans/<int:pk>/actions/<int:action_pk>/attendance/",
        views.action_attendance,
        name="action_attendance",
    ),
    path("guides/", views.guide_list, name="guides"),
    path("guides/new/", views.guide_create, name="guide_create"),
    path("guides/<int:pk>/", views.guide_detail, name="guide"),
    path("guides/<int:pk>/edit/", views.guide_update, name="guide_update"),
    path("guides/<int:pk>/archive/", views.guide_archive, name="guide_archive"),
    path(
        "guides/<int:pk>/file/<str:language>/",
        views.guide_file,
        name="guide_file",
    ),
    path("campaigns/<int:pk>/sample/draw/", views.campaign_sample_draw_view, name="sample_draw"),
    path("campaigns/<int:pk>/sample/add/", views.campaign_sample_add, name="sample_add"),
    path("campaigns/<int:pk>/workshops/new/", views.workshop_create, name="workshop_create"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop_update"),
    path("workshops/<int:pk>/attendance/", views.workshop_attendance, name="workshop_attendance"),
    path("workshops/<int:pk>/archive/", views.workshop_archive_view, name="workshop_archive"),
    path("campaigns/<int:pk>/submissions/", submission_import, name="submissions_import"),
    path("submissions/<int:pk>/", submission_preview, name="submissions_preview"),
    path("submissions/<int:pk>/confirm/", submission_confirm, name="submissions_confirm"),
    path(
        "campaigns/<int:pk>/associations/<int:association_pk>/diagnostic/",
        views.diagnostic_begin,
        name="begin",
    ),
    path(
        "associations/<int:association_pk>/diagnostic/start/",
        views.diagnostic_start_here,
        name="start",
    ),
    path("self-assessment/", self_assessment_open, name="self_assessment"),
    path("diagnostics/<int:pk>/", views.diagnostic_results_view, name="results"),
    path("diagnostics/<int:pk>/entry/<int:step>/", views.diagnostic_entry, name="entry"),
    path("diagnostics/<int:pk>/save/", views.diagnostic_save, name="save"),
    path("diagnostics/<int:pk>/submit/", views.diagnostic_submit_view, name="submit"),
    path("diagnostics/<int:pk>/review/", views.diagnostic_review, name="review"),
    path(
        "diagnostics/<int:pk>/questions/<int:question_pk>/evidence/",
        evidence_page,
        name="evidence",
    ),
    path(
        "diagnostics/<int:pk>/evidence/<int:evidence_pk>/file/",
        evidence_file,
        name="evidence_file",
    ),
    path(
        "diagnostics/<int:pk>/evidence/<int:evidence_pk>/withdraw/",
        evidence_withdraw,
        name="evidence_withdraw",
    ),
]
