"""The role x URL matrix: every page, every role, the expected status.

Every later issue adds its URLs here. 404 means "outside your scope" (the object
is not even acknowledged), 403 "your role may not do this", 302 a redirect to
the login page (anonymous) or to the admin's own login (not staff).
"""

import pytest
from django.urls import reverse

ROLES = [
    "anonymous",
    "national",
    "field_agent",
    "coordinator",
    "president",
    "volunteer_manager",
    "no_role",
]


def _url(name, objects):
    """URL builders by name; ``objects`` holds the fixtures of the scenario."""
    return {
        "home": lambda: reverse("home"),
        "accounts_list": lambda: reverse("accounts:list"),
        "accounts_invite": lambda: reverse("accounts:invite"),
        "accounts_detail_other": lambda: reverse(
            "accounts:detail", args=[objects["job_a"].requested_by_id]
        ),
        "accounts_edit_other": lambda: reverse(
            "accounts:edit", args=[objects["job_a"].requested_by_id]
        ),
        "accounts_reset_get": lambda: reverse(
            "accounts:reset", args=[objects["job_a"].requested_by_id]
        ),
        "password_change": lambda: reverse("password_change"),
        "territory": lambda: reverse("associations:territory"),
        "province_in_scope": lambda: reverse(
            "associations:province", args=[objects["province_a"].code]
        ),
        "province_out_of_scope": lambda: reverse(
            "associations:province", args=[objects["province_b"].code]
        ),
        "map": lambda: reverse("associations:map"),
        "map_need": lambda: reverse("associations:map") + "?indicator=need",
        "province_map_in_scope": lambda: reverse(
            "associations:province_map", args=[objects["province_a"].code]
        ),
        "province_map_out_of_scope": lambda: reverse(
            "associations:province_map", args=[objects["province_b"].code]
        ),
        "association_in_scope": lambda: reverse(
            "associations:detail", args=[objects["association_a"].pk]
        ),
        "association_out_of_scope": lambda: reverse(
            "associations:detail", args=[objects["association_b"].pk]
        ),
        "association_list": lambda: reverse("associations:list"),
        "association_create": lambda: reverse("associations:create"),
        "association_update_in_scope": lambda: reverse(
            "associations:update", args=[objects["association_a"].pk]
        ),
        "association_update_out_of_scope": lambda: reverse(
            "associations:update", args=[objects["association_b"].pk]
        ),
        "association_archive_get": lambda: reverse(
            "associations:archive", args=[objects["association_a"].pk]
        ),
        "registry_figures": lambda: reverse("associations:figures"),
        "registry_figures_in_scope": lambda: (
            reverse("associations:figures") + f"?province={objects['province_a'].code}"
        ),
        "registry_figures_out_of_scope": lambda: (
            reverse("associations:figures") + f"?province={objects['province_b'].code}"
        ),
        "association_export": lambda: reverse("associations:export") + "?format=csv",
        "communes_import": lambda: reverse("associations:import_communes"),
        "communes_import_template": lambda: reverse(
            "associations:import_communes_template", args=["csv"]
        ),
        "communes_import_preview": lambda: reverse(
            "associations:import_communes_preview", args=[objects["staged_imports"]["communes"].pk]
        ),
        "communes_import_confirm_get": lambda: reverse(
            "associations:import_communes_confirm", args=[objects["staged_imports"]["communes"].pk]
        ),
        "agreements_import_preview_not_mine": lambda: reverse(
            "partnerships:import_agreements_preview",
            args=[objects["staged_imports"]["agreements_national"].pk],
        ),
        "volunteers_import": lambda: reverse("volunteers:import_volunteers"),
        "volunteers_import_template": lambda: reverse(
            "volunteers:import_volunteers_template", args=["csv"]
        ),
        "volunteers_import_preview": lambda: reverse(
            "volunteers:import_volunteers_preview",
            args=[objects["staged_imports"]["volunteers"].pk],
        ),
        "volunteers_import_confirm_get": lambda: reverse(
            "volunteers:import_volunteers_confirm",
            args=[objects["staged_imports"]["volunteers"].pk],
        ),
        "placements_import": lambda: reverse("volunteers:import_placements"),
        "placements_import_template": lambda: reverse(
            "volunteers:import_placements_template", args=["csv"]
        ),
        "placements_import_preview": lambda: reverse(
            "volunteers:import_placements_preview",
            args=[objects["staged_imports"]["placements"].pk],
        ),
        "placements_import_confirm_get": lambda: reverse(
            "volunteers:import_placements_confirm",
            args=[objects["staged_imports"]["placements"].pk],
        ),
        "agreements_import": lambda: reverse("partnerships:import_agreements"),
        "agreements_import_template": lambda: reverse(
            "partnerships:import_agreements_template", args=["csv"]
        ),
        "agreements_import_preview": lambda: reverse(
            "partnerships:import_agreements_preview",
            args=[objects["staged_imports"]["agreements"].pk],
        ),
        "agreements_import_confirm_get": lambda: reverse(
            "partnerships:import_agreements_confirm",
            args=[objects["staged_imports"]["agreements"].pk],
        ),
        "association_import": lambda: reverse("associations:import"),
        "association_import_template": lambda: reverse(
            "associations:import_template", args=["xlsx"]
        ),
        "association_import_preview": lambda: reverse(
            "associations:import_preview", args=[objects["association_import"].pk]
        ),
        "association_import_confirm_get": lambda: reverse(
            "associations:import_confirm", args=[objects["association_import"].pk]
        ),
        "scoring": lambda: reverse("diagnostics:scoring"),
        "xlsform": lambda: reverse(
            "diagnostics:xlsform", args=[objects["campaign_a"].version.number]
        ),
        "campaigns": lambda: reverse("diagnostics:campaigns"),
        "campaign_create": lambda: reverse("diagnostics:campaign_create"),
        "campaign_in_scope": lambda: reverse(
            "diagnostics:campaign", args=[objects["campaign_a"].pk]
        ),
        "campaign_out_of_scope": lambda: reverse(
            "diagnostics:campaign", args=[objects["campaign_b"].pk]
        ),
        "campaign_results_in_scope": lambda: reverse(
            "diagnostics:campaign_results", args=[objects["campaign_a"].pk]
        ),
        "campaign_results_out_of_scope": lambda: reverse(
            "diagnostics:campaign_results", args=[objects["campaign_b"].pk]
        ),
        "campaign_export_csv_in_scope": lambda: reverse(
            "diagnostics:campaign_export_csv", args=[objects["campaign_a"].pk]
        ),
        "campaign_export_csv_out_of_scope": lambda: reverse(
            "diagnostics:campaign_export_csv", args=[objects["campaign_b"].pk]
        ),
        "campaign_export_xlsx_in_scope": lambda: reverse(
            "diagnostics:campaign_export_xlsx", args=[objects["campaign_a"].pk]
        ),
        "campaign_export_xlsx_out_of_scope": lambda: reverse(
            "diagnostics:campaign_export_xlsx", args=[objects["campaign_b"].pk]
        ),
        "comparison": lambda: reverse("diagnostics:comparison"),
        "needs_in_scope": lambda: reverse("diagnostics:needs", args=[objects["campaign_a"].pk]),
        "needs_out_of_scope": lambda: reverse("diagnostics:needs", args=[objects["campaign_b"].pk]),
        "plan_generate_get": lambda: reverse(
            "diagnostics:plan_generate", args=[objects["campaign_a"].pk]
        ),
        "plans": lambda: reverse("diagnostics:plans"),
        "plan_in_scope": lambda: reverse("diagnostics:plan", args=[objects["plan_a"].pk]),
        "plan_out_of_scope": lambda: reverse("diagnostics:plan", args=[objects["plan_b"].pk]),
        "plan_update": lambda: reverse("diagnostics:plan_update", args=[objects["plan_a"].pk]),
        "plan_export_in_scope": lambda: reverse(
            "diagnostics:plan_export", args=[objects["plan_a"].pk]
        ),
        "plan_export_out_of_scope": lambda: reverse(
            "diagnostics:plan_export", args=[objects["plan_b"].pk]
        ),
        "action_create": lambda: reverse("diagnostics:action_create", args=[objects["plan_a"].pk]),
        "action_update": lambda: reverse(
            "diagnostics:action_update", args=[objects["plan_a"].pk, objects["action_a"].pk]
        ),
        "action_cancel_get": lambda: reverse(
            "diagnostics:action_cancel", args=[objects["plan_a"].pk, objects["action_a"].pk]
        ),
        "action_delete": lambda: reverse(
            "diagnostics:action_delete", args=[objects["plan_a"].pk, objects["action_a"].pk]
        ),
        "action_attendance": lambda: reverse(
            "diagnostics:action_attendance", args=[objects["plan_a"].pk, objects["action_a"].pk]
        ),
        **{
            f"campaign_{name}_{scope}": (
                lambda name=name, letter=letter: reverse(
                    f"diagnostics:campaign_{name}", args=[objects[f"campaign_{letter}"].pk]
                )
            )
            for name in ("update", "close")
            for scope, letter in (("in_scope", "a"), ("out_of_scope", "b"))
        },
        "campaign_reopen_get": lambda: reverse(
            "diagnostics:campaign_reopen", args=[objects["campaign_a"].pk]
        ),
        **{
            f"{name}_{scope}": (
                lambda name=name, letter=letter: reverse(
                    f"diagnostics:{name}", args=[objects[f"workshop_{letter}"].pk]
                )
            )
            for name in ("workshop", "workshop_update", "workshop_attendance")
            for scope, letter in (("in_scope", "a"), ("out_of_scope", "b"))
        },
        "workshop_archive_get": lambda: reverse(
            "diagnostics:workshop_archive", args=[objects["workshop_a"].pk]
        ),
        "sample_draw_get": lambda: reverse(
            "diagnostics:sample_draw", args=[objects["campaign_a"].pk]
        ),
        "sample_add_get": lambda: reverse(
            "diagnostics:sample_add", args=[objects["campaign_a"].pk]
        ),
        "workshop_create_get": lambda: reverse(
            "diagnostics:workshop_create", args=[objects["campaign_a"].pk]
        ),
        "submissions_import_in_scope": lambda: reverse(
            "diagnostics:submissions_import", args=[objects["campaign_a"].pk]
        ),
        "submissions_import_out_of_scope": lambda: reverse(
            "diagnostics:submissions_import", args=[objects["campaign_b"].pk]
        ),
        "submissions_preview": lambda: reverse(
            "diagnostics:submissions_preview", args=[objects["submission_import"].pk]
        ),
        "submissions_confirm_get": lambda: reverse(
            "diagnostics:submissions_confirm", args=[objects["submission_import"].pk]
        ),
        "diagnostic_start_get": lambda: reverse(
            "diagnostics:start", args=[objects["association_a"].pk]
        ),
        "diagnostic_begin_get": lambda: reverse(
            "diagnostics:begin", args=[objects["campaign_a"].pk, objects["association_a"].pk]
        ),
        "diagnostic_in_scope": lambda: reverse(
            "diagnostics:results", args=[objects["diagnostic_a"].pk]
        ),
        "diagnostic_out_of_scope": lambda: reverse(
            "diagnostics:results", args=[objects["diagnostic_b"].pk]
        ),
        "diagnostic_entry_submitted": lambda: reverse(
            "diagnostics:entry", args=[objects["diagnostic_a"].pk, 1]
        ),
        "diagnostic_entry_out_of_scope": lambda: reverse(
            "diagnostics:entry", args=[objects["diagnostic_b"].pk, 1]
        ),
        "diagnostic_save_get": lambda: reverse(
            "diagnostics:save", args=[objects["diagnostic_a"].pk]
        ),
        "diagnostic_submit_get": lambda: reverse(
            "diagnostics:submit", args=[objects["diagnostic_a"].pk]
        ),
        "diagnostic_review_get": lambda: reverse(
            "diagnostics:review", args=[objects["diagnostic_a"].pk]
        ),
        "self_assessment_get": lambda: reverse("diagnostics:self_assessment"),
        "self_assessment_in_scope": lambda: reverse(
            "diagnostics:results", args=[objects["self_assessment_a"].pk]
        ),
        "self_assessment_out_of_scope": lambda: reverse(
            "diagnostics:results", args=[objects["self_assessment_b"].pk]
        ),
        "self_assessment_entry": lambda: reverse(
            "diagnostics:entry", args=[objects["self_assessment_a"].pk, 1]
        ),
        "agreements": lambda: reverse("partnerships:agreements"),
        "agreement_create": lambda: reverse("partnerships:agreement_create"),
        "agreement_in_scope": lambda: reverse(
            "partnerships:agreement", args=[objects["agreement_a"].pk]
        ),
        "agreement_out_of_scope": lambda: reverse(
            "partnerships:agreement", args=[objects["agreement_b"].pk]
        ),
        "partner_figures": lambda: reverse("partnerships:figures"),
        "network": lambda: reverse("partnerships:network", args=[objects["network"].pk]),
        "programmes": lambda: reverse("partnerships:programmes"),
        "programme_out_of_scope": lambda: reverse(
            "partnerships:programme", args=[objects["programme_b"].pk]
        ),
        "pair_out_of_scope": lambda: reverse("partnerships:pair", args=[objects["pair_b"].pk]),
        "agreement_update_in_scope": lambda: reverse(
            "partnerships:agreement_update", args=[objects["agreement_a"].pk]
        ),
        "agreement_update_out_of_scope": lambda: reverse(
            "partnerships:agreement_update", args=[objects["agreement_b"].pk]
        ),
        "agreement_archive_get": lambda: reverse(
            "partnerships:agreement_archive", args=[objects["agreement_a"].pk]
        ),
        "partners": lambda: reverse("partnerships:partners"),
        "partner_create": lambda: reverse("partnerships:partner_create"),
        "partner": lambda: reverse("partnerships:partner", args=[objects["partner"].pk]),
        "partner_update": lambda: reverse(
            "partnerships:partner_update", args=[objects["partner"].pk]
        ),
        "partner_archive_get": lambda: reverse(
            "partnerships:partner_archive", args=[objects["partner"].pk]
        ),
        "networks": lambda: reverse("partnerships:networks"),
        "network_create": lambda: reverse("partnerships:network_create"),
        "network_update": lambda: reverse(
            "partnerships:network_update", args=[objects["network"].pk]
        ),
        "network_archive_get": lambda: reverse(
            "partnerships:network_archive", args=[objects["network"].pk]
        ),
        "network_membership_get": lambda: reverse(
            "partnerships:network_membership", args=[objects["network"].pk]
        ),
        "programme_create": lambda: reverse("partnerships:programme_create"),
        "programme_in_scope": lambda: reverse(
            "partnerships:programme", args=[objects["programme_a"].pk]
        ),
        "programme_update_in_scope": lambda: reverse(
            "partnerships:programme_update", args=[objects["programme_a"].pk]
        ),
        "programme_update_out_of_scope": lambda: reverse(
            "partnerships:programme_update", args=[objects["programme_b"].pk]
        ),
        "programme_archive_get": lambda: reverse(
            "partnerships:programme_archive", args=[objects["programme_a"].pk]
        ),
        "result_create": lambda: reverse(
            "partnerships:result_create", args=[objects["programme_a"].pk]
        ),
        "indicator_create": lambda: reverse(
            "partnerships:indicator_create", args=[objects["programme_a"].pk]
        ),
        "indicator_in_scope": lambda: reverse(
            "partnerships:indicator", args=[objects["indicator_a"].pk]
        ),
        "indicator_out_of_scope": lambda: reverse(
            "partnerships:indicator", args=[objects["indicator_b"].pk]
        ),
        "indicator_update": lambda: reverse(
            "partnerships:indicator_update", args=[objects["indicator_a"].pk]
        ),
        "indicator_archive_get": lambda: reverse(
            "partnerships:indicator_archive", args=[objects["indicator_a"].pk]
        ),
        "pair_create": lambda: reverse(
            "partnerships:pair_create", args=[objects["programme_a"].pk]
        ),
        "pair_in_scope": lambda: reverse("partnerships:pair", args=[objects["pair_a"].pk]),
        "pair_update": lambda: reverse("partnerships:pair_update", args=[objects["pair_a"].pk]),
        "pair_archive_get": lambda: reverse(
            "partnerships:pair_archive", args=[objects["pair_a"].pk]
        ),
        "measurement_create_in_scope": lambda: reverse(
            "partnerships:measurement_create",
            args=[objects["pair_a"].pk, objects["indicator_a"].pk],
        ),
        "measurement_create_out_of_scope": lambda: reverse(
            "partnerships:measurement_create",
            args=[objects["pair_b"].pk, objects["indicator_b"].pk],
        ),
        "measurement_update_in_scope": lambda: reverse(
            "partnerships:measurement_update", args=[objects["measurement_a"].pk]
        ),
        "measurement_update_out_of_scope": lambda: reverse(
            "partnerships:measurement_update", args=[objects["measurement_b"].pk]
        ),
        "volunteering": lambda: reverse("volunteers:dashboard"),
        "volunteer_programme": lambda: reverse(
            "volunteers:programme", args=[objects["volunteer_programme"].pk]
        ),
        "volunteers": lambda: reverse("volunteers:volunteers"),
        "volunteer_export": lambda: reverse("volunteers:export"),
        "volunteer_detail": lambda: reverse("volunteers:volunteer", args=[objects["volunteer"].pk]),
        "placements": lambda: reverse("volunteers:placements"),
        "placement_create": lambda: reverse("volunteers:placement_create"),
        "placement_in_scope": lambda: reverse(
            "volunteers:placement", args=[objects["placement_a"].pk]
        ),
        "placement_out_of_scope": lambda: reverse(
            "volunteers:placement", args=[objects["placement_b"].pk]
        ),
        "volunteer_create": lambda: reverse("volunteers:volunteer_create"),
        "volunteer_edit": lambda: reverse(
            "volunteers:volunteer_edit", args=[objects["volunteer"].pk]
        ),
        "volunteer_archive": lambda: reverse(
            "volunteers:volunteer_archive", args=[objects["volunteer"].pk]
        ),
        "hosts": lambda: reverse("volunteers:hosts"),
        "hosts_searched": lambda: reverse("volunteers:hosts") + "?q=hote&kind=association",
        "host_create": lambda: reverse("volunteers:host_create"),
        "host_detail": lambda: reverse("volunteers:host", args=[objects["placement_a"].host_id]),
        "host_edit": lambda: reverse("volunteers:host_edit", args=[objects["placement_a"].host_id]),
        "host_archive": lambda: reverse(
            "volunteers:host_archive", args=[objects["placement_a"].host_id]
        ),
        "volunteer_programme_create": lambda: reverse("volunteers:programme_create"),
        "volunteer_programme_edit": lambda: reverse(
            "volunteers:programme_edit", args=[objects["volunteer_programme"].pk]
        ),
        "volunteer_programme_archive": lambda: reverse(
            "volunteers:programme_archive", args=[objects["volunteer_programme"].pk]
        ),
        "event_create": lambda: reverse(
            "volunteers:event_create", args=[objects["volunteer_programme"].pk]
        ),
        "event_edit": lambda: reverse("volunteers:event_edit", args=[objects["event"].pk]),
        "event_archive": lambda: reverse("volunteers:event_archive", args=[objects["event"].pk]),
        "placement_edit_in_scope": lambda: reverse(
            "volunteers:placement_edit", args=[objects["placement_a"].pk]
        ),
        "placement_edit_out_of_scope": lambda: reverse(
            "volunteers:placement_edit", args=[objects["placement_b"].pk]
        ),
        "placement_end": lambda: reverse(
            "volunteers:placement_end", args=[objects["placement_a"].pk]
        ),
        "placement_extend": lambda: reverse(
            "volunteers:placement_extend", args=[objects["placement_a"].pk]
        ),
        "placement_archive": lambda: reverse(
            "volunteers:placement_archive", args=[objects["placement_a"].pk]
        ),
        "deliverable_edit": lambda: reverse(
            "volunteers:deliverable_edit", args=[objects["deliverable_a"].pk]
        ),
        "deliverable_received": lambda: reverse(
            "volunteers:deliverable_received", args=[objects["deliverable_a"].pk]
        ),
        "deliverable_archive": lambda: reverse(
            "volunteers:deliverable_archive", args=[objects["deliverable_a"].pk]
        ),
        "deliverable_file_in_scope": lambda: reverse(
            "volunteers:deliverable_file", args=[objects["deliverable_a"].pk]
        ),
        "deliverable_file_out_of_scope": lambda: reverse(
            "volunteers:deliverable_file", args=[objects["deliverable_b"].pk]
        ),
        "agreement_document_in_scope": lambda: reverse(
            "partnerships:agreement_document", args=[objects["agreement_a"].pk]
        ),
        "agreement_document_out_of_scope": lambda: reverse(
            "partnerships:agreement_document", args=[objects["agreement_b"].pk]
        ),
        "evidence_in_scope": lambda: reverse(
            "diagnostics:evidence",
            args=[objects["diagnostic_a"].pk, objects["evidence_a"].question_id],
        ),
        "evidence_out_of_scope": lambda: reverse(
            "diagnostics:evidence",
            args=[objects["diagnostic_b"].pk, objects["evidence_b"].question_id],
        ),
        "evidence_file_in_scope": lambda: reverse(
            "diagnostics:evidence_file", args=[objects["diagnostic_a"].pk, objects["evidence_a"].pk]
        ),
        "evidence_file_out_of_scope": lambda: reverse(
            "diagnostics:evidence_file", args=[objects["diagnostic_b"].pk, objects["evidence_b"].pk]
        ),
        "evidence_withdraw_get": lambda: reverse(
            "diagnostics:evidence_withdraw",
            args=[objects["diagnostic_a"].pk, objects["evidence_a"].pk],
        ),
        "guides": lambda: reverse("diagnostics:guides"),
        "guides_archived": lambda: reverse("diagnostics:guides") + "?archived=1",
        "guide_create": lambda: reverse("diagnostics:guide_create"),
        "guide": lambda: reverse("diagnostics:guide", args=[objects["guide"].pk]),
        "guide_update": lambda: reverse("diagnostics:guide_update", args=[objects["guide"].pk]),
        "guide_archive_get": lambda: reverse(
            "diagnostics:guide_archive", args=[objects["guide"].pk]
        ),
        "guide_file": lambda: reverse("diagnostics:guide_file", args=[objects["guide"].pk, "fr"]),
        "guide_file_missing": lambda: reverse(
            "diagnostics:guide_file", args=[objects["guide"].pk, "ar"]
        ),
        "job_list": lambda: reverse("job_list"),
        "reports": lambda: reverse("diagnostics:reports"),
        "job_create_get": lambda: reverse("job_create"),
        "job_detail_province_a": lambda: reverse("job_detail", args=[objects["job_a"].pk]),
        "job_status_province_a": lambda: reverse("job_status", args=[objects["job_a"].pk]),
        "job_download_province_a": lambda: reverse("job_download", args=[objects["job_a"].pk]),
        "job_retry_get": lambda: reverse("job_retry", args=[objects["job_a"].pk]),
        "api_associations": lambda: reverse("api:association-list"),
        "api_association_in_scope": lambda: reverse(
            "api:association-detail", args=[objects["association_a"].pk]
        ),
        "api_association_out_of_scope": lambda: reverse(
            "api:association-detail", args=[objects["association_b"].pk]
        ),
        "api_regions": lambda: reverse("api:region-list"),
        "api_region": lambda: reverse("api:region-detail", args=[objects["province_a"].region_id]),
        "api_provinces": lambda: reverse("api:province-list"),
        "api_province_in_scope": lambda: reverse(
            "api:province-detail", args=[objects["province_a"].pk]
        ),
        "api_province_out_of_scope": lambda: reverse(
            "api:province-detail", args=[objects["province_b"].pk]
        ),
        "api_communes": lambda: reverse("api:commune-list"),
        "api_commune_out_of_scope": lambda: reverse(
            "api:commune-detail", args=[objects["association_b"].commune_id]
        ),
        "api_campaigns": lambda: reverse("api:campaign-list"),
        "api_campaign_in_scope": lambda: reverse(
            "api:campaign-detail", args=[objects["campaign_a"].pk]
        ),
        "api_campaign_out_of_scope": lambda: reverse(
            "api:campaign-detail", args=[objects["campaign_b"].pk]
        ),
        "api_findings_in_scope": lambda: reverse(
            "api:campaign-findings", args=[objects["campaign_a"].pk]
        ),
        "api_findings_out_of_scope": lambda: reverse(
            "api:campaign-findings", args=[objects["campaign_b"].pk]
        ),
        "api_needs_in_scope": lambda: reverse(
            "api:campaign-needs", args=[objects["campaign_a"].pk]
        ),
        "api_needs_out_of_scope": lambda: reverse(
            "api:campaign-needs", args=[objects["campaign_b"].pk]
        ),
        "api_findings_csv_in_scope": lambda: reverse(
            "api:campaign-findings-csv", args=[objects["campaign_a"].pk]
        ),
        "api_findings_csv_out_of_scope": lambda: reverse(
            "api:campaign-findings-csv", args=[objects["campaign_b"].pk]
        ),
        "api_answers_csv_in_scope": lambda: reverse(
            "api:campaign-answers-csv", args=[objects["campaign_a"].pk]
        ),
        "api_answers_csv_out_of_scope": lambda: reverse(
            "api:campaign-answers-csv", args=[objects["campaign_b"].pk]
        ),
        "api_diagnostics": lambda: reverse("api:diagnostic-list"),
        "api_diagnostic_in_scope": lambda: reverse(
            "api:diagnostic-detail", args=[objects["diagnostic_a"].pk]
        ),
        "api_diagnostic_out_of_scope": lambda: reverse(
            "api:diagnostic-detail", args=[objects["diagnostic_b"].pk]
        ),
        "api_diagnostic_answers_get": lambda: reverse(
            "api:diagnostic-answers", args=[objects["diagnostic_a"].pk]
        ),
        "api_plans": lambda: reverse("api:plan-list"),
        "api_plan_in_scope": lambda: reverse("api:plan-detail", args=[objects["plan_a"].pk]),
        "api_plan_out_of_scope": lambda: reverse("api:plan-detail", args=[objects["plan_b"].pk]),
        "api_plan_add_action_get": lambda: reverse(
            "api:plan-add-action", args=[objects["plan_a"].pk]
        ),
        "api_actions": lambda: reverse("api:action-list"),
        "api_action_in_scope": lambda: reverse("api:action-detail", args=[objects["action_a"].pk]),
        "api_volunteers": lambda: reverse("api:volunteer-list"),
        "api_volunteer": lambda: reverse("api:volunteer-detail", args=[objects["volunteer"].pk]),
        "api_placements": lambda: reverse("api:placement-list"),
        "api_placement_in_scope": lambda: reverse(
            "api:placement-detail", args=[objects["placement_a"].pk]
        ),
        "api_placement_out_of_scope": lambda: reverse(
            "api:placement-detail", args=[objects["placement_b"].pk]
        ),
        "api_agreements": lambda: reverse("api:agreement-list"),
        "api_agreement_in_scope": lambda: reverse(
            "api:agreement-detail", args=[objects["agreement_a"].pk]
        ),
        "api_agreement_out_of_scope": lambda: reverse(
            "api:agreement-detail", args=[objects["agreement_b"].pk]
        ),
        "api_programmes": lambda: reverse("api:cooperation-programme-list"),
        "api_programme_out_of_scope": lambda: reverse(
            "api:cooperation-programme-detail", args=[objects["programme_b"].pk]
        ),
        "api_pairs": lambda: reverse("api:cooperation-pair-list"),
        "api_pair_out_of_scope": lambda: reverse(
            "api:cooperation-pair-detail", args=[objects["pair_b"].pk]
        ),
        "api_schema": lambda: reverse("api:schema"),
        "api_docs": lambda: reverse("api:docs"),
        "api_tokens": lambda: reverse("api_tokens"),
        "api_token_revoke_get": lambda: reverse("api_token_revoke", args=[1]),
        "admin_index": lambda: reverse("admin:index"),
        "admin_users": lambda: reverse("admin:takwia_user_changelist"),
        "admin_file_downloads": lambda: reverse("admin:takwia_filedownload_changelist"),
        "login": lambda: reverse("login"),
        "password_reset": lambda: reverse("password_reset"),
        "healthz": lambda: reverse("healthz"),
        "service_worker": lambda: reverse("service_worker"),
        "offline_precache": lambda: reverse("offline_precache"),
        "notifications": lambda: reverse("notifications:list"),
        "notification_preference_get": lambda: reverse("notifications:preference"),
    }[name]()


# url name -> expected status per role, in the order of ROLES.
# fmt: off
MATRIX = {
    #                          anon national agent coord pres  vm    none
    "home":                    (302, 200,    200,  200,  200,  200,  200),
    # Accounts are kept by national staff only.
    "accounts_list":           (302, 200,    403,  403,  403,  403,  403),
    "accounts_invite":         (302, 200,    403,  403,  403,  403,  403),
    "accounts_detail_other":   (302, 200,    403,  403,  403,  403,  403),
    "accounts_edit_other":     (302, 200,    403,  403,  403,  403,  403),
    "accounts_reset_get":      (302, 405,    405,  405,  405,  405,  405),
    "password_change":         (302, 200,    200,  200,  200,  200,  200),
    "territory":               (302, 200,    200,  200,  403,  200,  403),
    "province_in_scope":       (302, 200,    200,  200,  403,  200,  403),
    "province_out_of_scope":   (302, 200,    404,  404,  403,  200,  403),
    # The maps follow the province pages: the national map shows a provincial user's
    # provinces only (the others pale, without figures), another province's map is a 404.
    "map":                     (302, 200,    200,  200,  403,  200,  403),
    "map_need":                (302, 200,    200,  200,  403,  200,  403),
    "province_map_in_scope":   (302, 200,    200,  200,  403,  200,  403),
    "province_map_out_of_scope": (302, 200,  404,  404,  403,  200,  403),
    "association_in_scope":    (302, 200,    200,  200,  200,  200,  403),
    "association_out_of_scope": (302, 200,   404,  404,  404,  200,  403),
    "association_list":        (302, 200,    200,  200,  200,  200,  403),
    "association_create":      (302, 200,    200,  403,  403,  403,  403),
    "association_update_in_scope": (302, 200, 200, 403,  403,  403,  403),
    "association_update_out_of_scope": (302, 200, 404, 403, 403, 403, 403),
    "association_archive_get": (302, 405,    405,  405,  405,  405,  405),
    "registry_figures":        (302, 200,    200,  200,  403,  200,  403),
    "registry_figures_in_scope": (302, 200,  200,  200,  403,  200,  403),
    "registry_figures_out_of_scope": (302, 200, 404, 404, 403,  200,  403),
    "association_export":      (302, 200,    200,  200,  403,  200,  403),
    "communes_import": (302, 200,    403,  403,  403,  403,  403),
    "communes_import_template": (302, 200,    403,  403,  403,  403,  403),
    "communes_import_preview": (302, 200,    403,  403,  403,  403,  403),
    "communes_import_confirm_get": (302, 405, 405, 405, 405, 405, 405),
    "volunteers_import": (302, 200,    403,  403,  403,  200,  403),
    "volunteers_import_template": (302, 200,    403,  403,  403,  200,  403),
    "volunteers_import_preview": (302, 200,    403,  403,  403,  200,  403),
    "volunteers_import_confirm_get": (302, 405, 405, 405, 405, 405, 405),
    "placements_import": (302, 200,    403,  403,  403,  200,  403),
    "placements_import_template": (302, 200,    403,  403,  403,  200,  403),
    "placements_import_preview": (302, 200,    403,  403,  403,  200,  403),
    "placements_import_confirm_get": (302, 405, 405, 405, 405, 405, 405),
    "agreements_import": (302, 200,    403,  200,  403,  403,  403),
    "agreements_import_template": (302, 200,    403,  200,  403,  403,  403),
    "agreements_import_preview": (302, 200,    403,  200,  403,  403,  403),
    "agreements_import_confirm_get": (302, 405, 405, 405, 405, 405, 405),
    "agreements_import_preview_not_mine": (302, 200, 403, 404, 403, 403, 403),
    "association_import":      (302, 200,    200,  403,  403,  403,  403),
    "association_import_template": (302, 200, 200, 403,  403,  403,  403),
    # An upload is seen by the person who made it and by national staff.
    "association_import_preview": (302, 200, 200,  403,  403,  403,  403),
    "association_import_confirm_get": (302, 405, 405, 405, 405,  405,  405),
    "scoring":                 (302, 200,    200,  200,  200,  403,  403),
    # The questionnaire as an XLSForm: whoever reads it on the scoring page.
    "xlsform":                 (302, 200,    200,  200,  200,  403,  403),
    "campaigns":               (302, 200,    200,  200,  403,  403,  403),
    "campaign_create":         (302, 200,    403,  200,  403,  403,  403),
    "campaign_in_scope":       (302, 200,    200,  200,  403,  403,  403),
    "campaign_out_of_scope":   (302, 200,    404,  404,  403,  403,  403),
    "campaign_results_in_scope": (302, 200, 200, 200,  403,  403,  403),
    "campaign_results_out_of_scope": (302, 200, 404, 404, 403, 403,  403),
    # Raw data: whoever reads the campaign's results, in their scope; never a president.
    "campaign_export_csv_in_scope": (302, 200, 200, 200,  403,  403,  403),
    "campaign_export_csv_out_of_scope": (302, 200, 404, 404, 403, 403, 403),
    "campaign_export_xlsx_in_scope": (302, 200, 200, 200, 403,  403,  403),
    "campaign_export_xlsx_out_of_scope": (302, 200, 404, 404, 403, 403, 403),
    "comparison":              (302, 200,    200,  200,  403,  403,  403),
    "needs_in_scope":          (302, 200,    200,  200,  403,  403,  403),
    "needs_out_of_scope":      (302, 200,    404,  404,  403,  403,  403),
    "plan_generate_get":       (302, 405,    405,  405,  405,  405,  405),
    "plans":                   (302, 200,    200,  200,  403,  403,  403),
    # A president reads the actions aimed at their association on its own page only.
    "plan_in_scope":           (302, 200,    200,  200,  403,  403,  403),
    "plan_out_of_scope":       (302, 200,    404,  404,  403,  403,  403),
    "plan_update":             (302, 200,    403,  200,  403,  403,  403),
    "plan_export_in_scope":    (302, 200,    200,  200,  403,  403,  403),
    "plan_export_out_of_scope": (302, 200,   404,  404,  403,  403,  403),
    "action_create":           (302, 200,    403,  200,  403,  403,  403),
    "action_update":           (302, 200,    403,  200,  403,  403,  403),
    "action_cancel_get":       (302, 405,    405,  405,  405,  405,  405),
    "action_delete":           (302, 200,    403,  200,  403,  403,  403),
    "action_attendance":       (302, 200,    403,  200,  403,  403,  403),
    "sample_draw_get":         (302, 405,    405,  405,  405,  405,  405),
    "sample_add_get":          (302, 405,    405,  405,  405,  405,  405),
    "workshop_create_get":     (302, 405,    405,  405,  405,  405,  405),
    # Campaigns and workshops are kept up by coordinators (their provinces) and national
    # staff; a closed campaign is reopened by national staff only (POST).
    "campaign_update_in_scope": (302, 200,   403,  200,  403,  403,  403),
    "campaign_update_out_of_scope": (302, 200, 403, 404, 403, 403,  403),
    "campaign_close_in_scope": (302, 200,    403,  200,  403,  403,  403),
    "campaign_close_out_of_scope": (302, 200, 403, 404,  403,  403,  403),
    "campaign_reopen_get":     (302, 405,    405,  405,  405,  405,  405),
    "workshop_in_scope":       (302, 200,    200,  200,  403,  403,  403),
    "workshop_out_of_scope":   (302, 200,    404,  404,  403,  403,  403),
    "workshop_update_in_scope": (302, 200,   403,  200,  403,  403,  403),
    "workshop_update_out_of_scope": (302, 200, 403, 404, 403, 403,  403),
    "workshop_attendance_in_scope": (302, 200, 403, 200, 403, 403,  403),
    "workshop_attendance_out_of_scope": (302, 200, 403, 404, 403, 403, 403),
    "workshop_archive_get":    (302, 405,    405,  405,  405,  405,  405),
    "diagnostic_begin_get":    (302, 405,    405,  405,  405,  405,  405),
    # Kobo / ODK submissions: whoever enters questionnaires, in their campaigns; an
    # uploaded file is seen by its uploader (the field agent here) and national staff.
    "submissions_import_in_scope": (302, 200, 200, 200,  403,  403,  403),
    "submissions_import_out_of_scope": (302, 200, 404, 404, 403, 403, 403),
    "submissions_preview":     (302, 200,    200,  404,  403,  403,  403),
    "submissions_confirm_get": (302, 405,    405,  405,  405,  405,  405),
    "diagnostic_start_get":    (302, 405,    405,  405,  405,  405,  405),
    # The president of association A reads its diagnostic; nobody outside the scope does.
    "diagnostic_in_scope":     (302, 200,    200,  200,  200,  404,  404),
    "diagnostic_out_of_scope": (302, 200,    404,  404,  404,  404,  404),
    # A submitted questionnaire is not edited: staff are sent to its results.
    "diagnostic_entry_submitted": (302, 302, 302, 302,  403,  404,  404),
    "diagnostic_entry_out_of_scope": (302, 302, 404, 404, 404, 404,  404),
    "diagnostic_save_get":     (302, 405,    405,  405,  405,  405,  405),
    "diagnostic_submit_get":   (302, 405,    405,  405,  405,  405,  405),
    "diagnostic_review_get":   (302, 405,    405,  405,  405,  405,  405),
    # A self-assessment (association A's, a draft): staff of the province read it (its
    # pending page), its president answers it (sent to its questionnaire); nobody else.
    "self_assessment_get":     (302, 405,    405,  405,  405,  405,  405),
    "self_assessment_in_scope": (302, 200,   200,  200,  302,  404,  404),
    "self_assessment_out_of_scope": (302, 200, 404, 404,  404,  404,  404),
    "self_assessment_entry":   (302, 403,    403,  403,  200,  404,  404),
    "agreements":              (302, 200,    200,  200,  403,  200,  403),
    "agreement_create":        (302, 200,    403,  200,  403,  403,  403),
    "agreement_in_scope":      (302, 200,    200,  200,  403,  200,  403),
    "agreement_out_of_scope":  (302, 200,    404,  404,  403,  200,  403),
    "partner_figures":         (302, 200,    200,  200,  403,  200,  403),
    "network":                 (302, 200,    200,  200,  403,  200,  403),
    "programmes":              (302, 200,    200,  200,  403,  200,  403),
    # The cooperation pair of province B: its programme and pair are not acknowledged.
    "programme_out_of_scope":  (302, 200,    404,  404,  403,  200,  403),
    "pair_out_of_scope":       (302, 200,    404,  404,  403,  200,  403),
    # Agreements are edited by national staff and coordinators, in their scope; archiving
    # (never deleting) is a POST.
    "agreement_update_in_scope": (302, 200,  403,  200,  403,  403,  403),
    "agreement_update_out_of_scope": (302, 200, 403, 404, 403,  403,  403),
    "agreement_archive_get":   (302, 405,    405,  405,  405,  405,  405),
    # Partners and networks are reference data of every staff member.
    "partners":                (302, 200,    200,  200,  403,  200,  403),
    "partner_create":          (302, 200,    403,  200,  403,  403,  403),
    "partner":                 (302, 200,    200,  200,  403,  200,  403),
    "partner_update":          (302, 200,    403,  200,  403,  403,  403),
    "partner_archive_get":     (302, 405,    405,  405,  405,  405,  405),
    "networks":                (302, 200,    200,  200,  403,  200,  403),
    "network_create":          (302, 200,    403,  200,  403,  403,  403),
    "network_update":          (302, 200,    403,  200,  403,  403,  403),
    "network_archive_get":     (302, 405,    405,  405,  405,  405,  405),
    "network_membership_get":  (302, 405,    405,  405,  405,  405,  405),
    # Programmes, their results, indicators and pairs: national staff write them; a
    # coordinator records the yearly values of their province's pairs.
    "programme_create":        (302, 200,    403,  403,  403,  403,  403),
    "programme_in_scope":      (302, 200,    200,  200,  403,  200,  403),
    "programme_update_in_scope": (302, 200,  403,  403,  403,  403,  403),
    "programme_update_out_of_scope": (302, 200, 403, 403, 403,  403,  403),
    "programme_archive_get":   (302, 405,    405,  405,  405,  405,  405),
    "result_create":           (302, 200,    403,  403,  403,  403,  403),
    "indicator_create":        (302, 200,    403,  403,  403,  403,  403),
    "indicator_in_scope":      (302, 200,    200,  200,  403,  200,  403),
    "indicator_out_of_scope":  (302, 200,    404,  404,  403,  200,  403),
    "indicator_update":        (302, 200,    403,  403,  403,  403,  403),
    "indicator_archive_get":   (302, 405,    405,  405,  405,  405,  405),
    "pair_create":             (302, 200,    403,  403,  403,  403,  403),
    "pair_in_scope":           (302, 200,    200,  200,  403,  200,  403),
    "pair_update":             (302, 200,    403,  403,  403,  403,  403),
    "pair_archive_get":        (302, 405,    405,  405,  405,  405,  405),
    "measurement_create_in_scope": (302, 200, 403, 200,  403,  403,  403),
    "measurement_create_out_of_scope": (302, 200, 403, 404, 403, 403,  403),
    "measurement_update_in_scope": (302, 200, 403, 200,  403,  403,  403),
    "measurement_update_out_of_scope": (302, 200, 403, 404, 403, 403,  403),
    # Volunteers' personal data: programme managers and national staff only.
    "volunteering":            (302, 200,    403,  403,  403,  200,  403),
    "volunteer_programme":     (302, 200,    403,  403,  403,  200,  403),
    "volunteers":              (302, 200,    403,  403,  403,  200,  403),
    "volunteer_export":        (302, 200,    403,  403,  403,  200,  403),
    "volunteer_detail":        (302, 200,    403,  403,  403,  200,  403),
    # Placements hosted in province A: its coordinator reads them (names and roles).
    "placements":              (302, 200,    403,  200,  403,  200,  403),
    "placement_create":        (302, 200,    403,  403,  403,  200,  403),
    "placement_in_scope":      (302, 200,    403,  200,  403,  200,  403),
    "placement_out_of_scope":  (302, 200,    403,  404,  403,  200,  403),
    # Volunteering records kept up by hand: programme managers and national staff only
    # (the right is checked before the scope, as for every page of volunteering).
    # Archiving is a POST: a GET is refused (405) to everyone logged in.
    "volunteer_create":        (302, 200,    403,  403,  403,  200,  403),
    "volunteer_edit":          (302, 200,    403,  403,  403,  200,  403),
    "volunteer_archive":       (302, 405,    405,  405,  405,  405,  405),
    "hosts":                   (302, 200,    403,  403,  403,  200,  403),
    "hosts_searched":          (302, 200,    403,  403,  403,  200,  403),
    "host_create":             (302, 200,    403,  403,  403,  200,  403),
    "host_detail":             (302, 200,    403,  403,  403,  200,  403),
    "host_edit":               (302, 200,    403,  403,  403,  200,  403),
    "host_archive":            (302, 405,    405,  405,  405,  405,  405),
    "volunteer_programme_create":(302, 200,    403,  403,  403,  200,  403),
    "volunteer_programme_edit":  (302, 200,    403,  403,  403,  200,  403),
    "volunteer_programme_archive":(302, 405,    405,  405,  405,  405,  405),
    "event_create":            (302, 200,    403,  403,  403,  200,  403),
    "event_edit":              (302, 200,    403,  403,  403,  200,  403),
    "event_archive":           (302, 405,    405,  405,  405,  405,  405),
    "placement_edit_in_scope": (302, 200,    403,  403,  403,  200,  403),
    "placement_edit_out_of_scope": (302, 200, 403, 403,  403,  200,  403),
    "placement_end":           (302, 200,    403,  403,  403,  200,  403),
    "placement_extend":        (302, 200,    403,  403,  403,  200,  403),
    "placement_archive":       (302, 405,    405,  405,  405,  405,  405),
    "deliverable_edit":        (302, 200,    403,  403,  403,  200,  403),
    "deliverable_received":    (302, 405,    405,  405,  405,  405,  405),
    "deliverable_archive":     (302, 405,    405,  405,  405,  405,  405),
    # Files of records (takwia.files): whoever reads the record, downloads its file.
    "deliverable_file_in_scope": (302, 200,  403,  200,  403,  200,  403),
    "deliverable_file_out_of_scope": (302, 200, 403, 404, 403,  200,  403),
    "agreement_document_in_scope": (302, 200, 200, 200,  403,  200,  403),
    "agreement_document_out_of_scope": (302, 200, 404, 404, 403, 200,  403),
    # Evidence of an answer: whoever reads the diagnostic (its president too).
    "evidence_in_scope":       (302, 200,    200,  200,  200,  404,  404),
    "evidence_out_of_scope":   (302, 200,    404,  404,  404,  404,  404),
    "evidence_file_in_scope":  (302, 200,    200,  200,  200,  404,  404),
    "evidence_file_out_of_scope": (302, 200, 404,  404,  404,  404,  404),
    "evidence_withdraw_get":   (302, 405,    405,  405,  405,  405,  405),
    # The library of guides and tools: every role reads it and downloads its files
    # (logged); national staff publish, edit and archive (POST) them.
    "guides":                  (302, 200,    200,  200,  200,  200,  403),
    "guides_archived":         (302, 200,    200,  200,  200,  200,  403),
    "guide_create":            (302, 200,    403,  403,  403,  403,  403),
    "guide":                   (302, 200,    200,  200,  200,  200,  403),
    "guide_update":            (302, 200,    403,  403,  403,  403,  403),
    "guide_archive_get":       (302, 405,    405,  405,  405,  405,  405),
    "guide_file":              (302, 200,    200,  200,  200,  200,  403),
    "guide_file_missing":      (302, 404,    404,  404,  404,  404,  403),
    "job_list":                (302, 200,    200,  200,  200,  200,  200),
    # Asking for a report: the roles that read provincial reports.
    "reports":                 (302, 200,    200,  200,  403,  403,  403),
    "job_create_get":          (302, 405,    405,  405,  405,  405,  405),
    # A provincial report: its province's staff and national staff; never a president.
    "job_detail_province_a":   (302, 200,    200,  200,  404,  403,  404),
    "job_status_province_a":   (302, 200,    200,  200,  404,  403,  404),
    "job_download_province_a": (302, 200,    200,  200,  404,  403,  404),
    "job_retry_get":           (302, 405,    405,  405,  405,  405,  405),
    # The API (takwia/api/): 401 without a token or session; the role's permission is
    # checked before the object is looked up (DRF), so a role without it gets 403 where
    # a page that resolves the object first says 404 (diagnostics for a programme manager).
    "api_associations":        (401, 200,    200,  200,  200,  200,  403),
    "api_association_in_scope": (401, 200,   200,  200,  200,  200,  403),
    "api_association_out_of_scope": (401, 200, 404, 404, 404,  200,  403),
    "api_regions":             (401, 200,    200,  200,  403,  200,  403),
    "api_region":              (401, 200,    200,  200,  403,  200,  403),
    "api_provinces":           (401, 200,    200,  200,  403,  200,  403),
    "api_province_in_scope":   (401, 200,    200,  200,  403,  200,  403),
    "api_province_out_of_scope": (401, 200,  404,  404,  403,  200,  403),
    "api_communes":            (401, 200,    200,  200,  403,  200,  403),
    "api_commune_out_of_scope": (401, 200,   404,  404,  403,  200,  403),
    "api_campaigns":           (401, 200,    200,  200,  403,  403,  403),
    "api_campaign_in_scope":   (401, 200,    200,  200,  403,  403,  403),
    "api_campaign_out_of_scope": (401, 200,  404,  404,  403,  403,  403),
    "api_findings_in_scope":   (401, 200,    200,  200,  403,  403,  403),
    "api_findings_out_of_scope": (401, 200,  404,  404,  403,  403,  403),
    "api_needs_in_scope":      (401, 200,    200,  200,  403,  403,  403),
    "api_needs_out_of_scope":  (401, 200,    404,  404,  403,  403,  403),
    # CSV feeds: as the results page and the raw data export.
    "api_findings_csv_in_scope": (401, 200,  200,  200,  403,  403,  403),
    "api_findings_csv_out_of_scope": (401, 200, 404, 404, 403,  403,  403),
    "api_answers_csv_in_scope": (401, 200,   200,  200,  403,  403,  403),
    "api_answers_csv_out_of_scope": (401, 200, 404, 404,  403,  403,  403),
    "api_diagnostics":         (401, 200,    200,  200,  200,  403,  403),
    "api_diagnostic_in_scope": (401, 200,    200,  200,  200,  403,  403),
    "api_diagnostic_out_of_scope": (401, 200, 404, 404,  404,  403,  403),
    # Writes are POST: a GET is refused after the permission check.
    "api_diagnostic_answers_get": (401, 405, 405,  405,  405,  403,  403),
    "api_plans":               (401, 200,    200,  200,  403,  403,  403),
    "api_plan_in_scope":       (401, 200,    200,  200,  403,  403,  403),
    "api_plan_out_of_scope":   (401, 200,    404,  404,  403,  403,  403),
    "api_plan_add_action_get": (401, 405,    405,  405,  403,  403,  403),
    # A president reads the actions aimed at their association (none here: 404).
    "api_actions":             (401, 200,    200,  200,  200,  403,  403),
    "api_action_in_scope":     (401, 200,    200,  200,  404,  403,  403),
    "api_volunteers":          (401, 200,    403,  403,  403,  200,  403),
    "api_volunteer":           (401, 200,    403,  403,  403,  200,  403),
    "api_placements":          (401, 200,    403,  200,  403,  200,  403),
    "api_placement_in_scope":  (401, 200,    403,  200,  403,  200,  403),
    "api_placement_out_of_scope": (401, 200, 403,  404,  403,  200,  403),
    "api_agreements":          (401, 200,    200,  200,  403,  200,  403),
    "api_agreement_in_scope":  (401, 200,    200,  200,  403,  200,  403),
    "api_agreement_out_of_scope": (401, 200, 404,  404,  403,  200,  403),
    "api_programmes":          (401, 200,    200,  200,  403,  200,  403),
    "api_programme_out_of_scope": (401, 200, 404,  404,  403,  200,  403),
    "api_pairs":               (401, 200,    200,  200,  403,  200,  403),
    "api_pair_out_of_scope":   (401, 200,    404,  404,  403,  200,  403),
    # The schema and its documentation page: any account; tokens: each user their own.
    "api_schema":              (401, 200,    200,  200,  200,  200,  200),
    "api_docs":                (302, 200,    200,  200,  200,  200,  200),
    "api_tokens":              (302, 200,    200,  200,  200,  200,  200),
    "api_token_revoke_get":    (302, 405,    405,  405,  405,  405,  405),
    "admin_index":             (302, 200,    302,  302,  302,  302,  302),
    "admin_users":             (302, 200,    302,  302,  302,  302,  302),
    "admin_file_downloads":    (302, 200,    302,  302,  302,  302,  302),
    "login":                   (200, 200,    200,  200,  200,  200,  200),
    "password_reset":          (200, 200,    200,  200,  200,  200,  200),
    "healthz":                 (200, 200,    200,  200,  200,  200,  200),
    # The service worker's code: public, like any static file.
    "service_worker":          (200, 200,    200,  200,  200,  200,  200),
    # What the service worker keeps for the person: any account (steps for agents only).
    "offline_precache":        (302, 200,    200,  200,  200,  200,  200),
    # Everyone reads their own notifications only.
    "notifications":           (302, 200,    200,  200,  200,  200,  200),
    "notification_preference_get": (302, 405, 405, 405,  405,  405,  405),
}
# fmt: on

# One test per URL, every role in turn on the same data: the scenario's fixtures are
# built once per URL instead of once per role (1,675 cases took 12 minutes that way).
CASES = [pytest.param(name, expected, id=name) for name, expected in MATRIX.items()]


@pytest.fixture
def association_import(users):
    """A file uploaded by the field agent of province A, waiting for confirmation."""
    from associations.exchange import template_csv
    from associations.models import AssociationImport

    return AssociationImport.objects.create(
        uploaded_by=users["field_agent"], filename="modele.csv", content=template_csv()
    )


@pytest.fixture
def staged_imports(users):
    """A file of each web import (takwia/imports.py), waiting for confirmation, uploaded by
    a user allowed to import it."""
    from takwia.models import StagedImport

    uploaders = {
        "communes": "national",
        "volunteers": "volunteer_manager",
        "placements": "volunteer_manager",
        "agreements": "coordinator",
    }
    staged = {
        kind: StagedImport.objects.create(
            kind=kind, uploaded_by=users[role], filename="modele.csv", content=b"Nom\r\n"
        )
        for kind, role in uploaders.items()
    }
    # Somebody else's file: the coordinator may import agreements, not open this one.
    staged["agreements_national"] = StagedImport.objects.create(
        kind="agreements", uploaded_by=users["national"], filename="x.csv", content=b"Nom\r\n"
    )
    return staged


@pytest.fixture
def diagnostic_objects(province_a, province_b, association_a, association_b):
    """A campaign and a plan per province, a submitted diagnostic of associations A and B."""
    from diagnostics.models import Action, Diagnostic, Plan, Workshop
    from tests.factories import CampaignFactory, DiagnosticFactory

    campaign_a, campaign_b = (
        CampaignFactory(province=province_a),
        CampaignFactory(province=province_b),
    )
    plans = [
        Plan.objects.create(
            province=campaign.province,
            campaign=campaign,
            title="Plan",
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
        )
        for campaign in (campaign_a, campaign_b)
    ]
    action_a = Action.objects.create(
        plan=plans[0], kind=Action.Kind.TRAINING, title="Formation", axis="governance"
    )
    from datetime import date

    from associations.models import Network
    from partnerships.models import (
        Agreement,
        CommunePair,
        CooperationProgramme,
        ExpectedResult,
        Indicator,
        Measurement,
        Partner,
    )

    partner = Partner.objects.create(name="Entraide Nationale", kind="government")
    network = Network.objects.create(name="Réseau", kind="thematic", level="national")
    programme_b = CooperationProgramme.objects.create(
        name="Coopération", countries="Belgique, Maroc", starts_on=date(2008, 1, 1),
        ends_on=date(2012, 1, 1), objective="Objectif",
    )  # fmt: skip
    pair_b = CommunePair.objects.create(
        programme=programme_b, foreign_municipality="Liège", foreign_country="Belgique"
    )
    pair_b.communes.add(province_b.communes.first())
    programme_a = CooperationProgramme.objects.create(
        name="Coopération A", countries="Belgique, Maroc", starts_on=date(2020, 1, 1),
        ends_on=date(2025, 1, 1), objective="Objectif",
    )  # fmt: skip
    pair_a = CommunePair.objects.create(
        programme=programme_a, foreign_municipality="Namur", foreign_country="Belgique"
    )
    pair_a.communes.add(province_a.communes.first())
    cooperation = {"programme_a": programme_a, "pair_a": pair_a}
    for letter, programme, pair in (("a", programme_a, pair_a), ("b", programme_b, pair_b)):
        result = ExpectedResult.objects.create(programme=programme, number=1, title="Résultat")
        indicator = Indicator.objects.create(
            result=result, name="Conventions", unit="conventions", baseline=0, target=10
        )
        cooperation[f"indicator_{letter}"] = indicator
        cooperation[f"measurement_{letter}"] = Measurement.objects.create(
            indicator=indicator, pair=pair, year=2021, value=2
        )
    agreements = [
        Agreement.objects.create(
            association=association, partner=partner, kind="convention", starts_on=date(2024, 1, 1)
        )
        for association in (association_a, association_b)
    ]
    from volunteers.models import Host, Placement, Programme, Volunteer

    volunteer_programme = Programme.objects.create(
        name="Programme", coordinator="VNU", countries="Maroc", starts_on=date(2026, 1, 1)
    )
    volunteer = Volunteer.objects.create(
        first_name="Sara", last_name="Alami", gender="f", nationality="Marocaine",
        category="local", status="active", programme=volunteer_programme,
    )  # fmt: skip
    placements = [
        Placement.objects.create(
            volunteer=volunteer,
            host=Host.objects.create(
                name=f"Hôte {association.pk}",
                kind="association",
                country="Maroc",
                city="Ville",
                association=association,
            ),  # fmt: skip
            programme=volunteer_programme,
            theme="Genre",
            starts_on=date(2026, 1, 1),
        )
        for association in (association_a, association_b)
    ]
    from volunteers.models import Deliverable, Event

    event = Event.objects.create(
        programme=volunteer_programme, kind="webinar", held_on=date(2026, 2, 1), place="En ligne"
    )
    deliverable_a = Deliverable.objects.create(placement=placements[0], kind="study", title="Étude")
    return {
        "event": event,
        "deliverable_a": deliverable_a,
        "volunteer_programme": volunteer_programme,
        "volunteer": volunteer,
        "placement_a": placements[0],
        "placement_b": placements[1],
        "agreement_a": agreements[0],
        "agreement_b": agreements[1],
        "network": network,
        "partner": partner,
        **cooperation,
        "programme_b": programme_b,
        "pair_b": pair_b,
        "plan_a": plans[0],
        "plan_b": plans[1],
        "action_a": action_a,
        "campaign_a": campaign_a,
        "campaign_b": campaign_b,
        **{
            f"workshop_{letter}": Workshop.objects.create(
                campaign=campaign, kind="launch", held_on=date(2026, 3, 2), place="Salle"
            )
            for letter, campaign in (("a", campaign_a), ("b", campaign_b))
        },
        "diagnostic_a": DiagnosticFactory(
            campaign=campaign_a, association=association_a, status=Diagnostic.Status.SUBMITTED
        ),
        "diagnostic_b": DiagnosticFactory(
            campaign=campaign_b, association=association_b, status=Diagnostic.Status.SUBMITTED
        ),
        "self_assessment_a": DiagnosticFactory(
            campaign=campaign_a, association=association_a, kind=Diagnostic.Kind.SELF_ASSESSMENT
        ),
        "self_assessment_b": DiagnosticFactory(
            campaign=campaign_b,
            association=association_b,
            kind=Diagnostic.Kind.SELF_ASSESSMENT,
            status=Diagnostic.Status.SUBMITTED,
        ),
    }


@pytest.fixture
def submission_import(users, diagnostic_objects):
    """A Kobo export uploaded by the field agent of province A for campaign A."""
    from takwia.api.models import SubmissionImport

    return SubmissionImport.objects.create(
        campaign=diagnostic_objects["campaign_a"],
        uploaded_by=users["field_agent"],
        filename="kobo.csv",
        content=b"association_ref\n",
    )


@pytest.fixture
def job_a(users, province_a, settings, tmp_path):
    """A finished provincial report of province A, asked for by its coordinator."""
    from tests.factories import JobFactory

    settings.MEDIA_ROOT = tmp_path
    return JobFactory(done=True, province=province_a, requested_by=users["coordinator"])


@pytest.fixture
def file_objects(users, diagnostic_objects, settings, tmp_path):
    """A file on each record of provinces A and B: deliverable, agreement, evidence; a
    guide of the library with its French file only."""
    from diagnostics.models import Evidence, Guide
    from tests.factories.files import PDF, upload
    from volunteers.models import Deliverable

    settings.MEDIA_ROOT = tmp_path
    objects = {
        "guide": Guide.objects.create(
            kind="guide", title="Statuts types", file=upload("statuts.pdf", PDF)
        )
    }
    for side in ("a", "b"):
        agreement = diagnostic_objects[f"agreement_{side}"]
        agreement.document = upload("convention.pdf", PDF)
        agreement.save()
        objects[f"deliverable_{side}"] = Deliverable.objects.create(
            placement=diagnostic_objects[f"placement_{side}"],
            kind="study",
            title="Étude",
            file=upload("etude.pdf", PDF),
        )
        diagnostic = diagnostic_objects[f"diagnostic_{side}"]
        objects[f"evidence_{side}"] = Evidence.objects.create(
            diagnostic=diagnostic,
            question=diagnostic.version.questions.first(),
            comment="PV",
            file=upload("pv.pdf", PDF),
            uploaded_by=users["national"],
        )
    return objects


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "expected"), CASES)
def test_role_url_matrix(
    client,
    users,
    province_a,
    province_b,
    association_a,
    association_b,
    association_import,
    job_a,
    diagnostic_objects,
    submission_import,
    file_objects,
    staged_imports,
    url_name,
    expected,
):
    objects = {
        "province_a": province_a,
        "province_b": province_b,
        "association_a": association_a,
        "association_b": association_b,
        "association_import": association_import,
        "job_a": job_a,
        "submission_import": submission_import,
        "staged_imports": staged_imports,
        **diagnostic_objects,
        **file_objects,
    }
    url = _url(url_name, objects)
    got = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        got.append(client.get(url).status_code)
    wrong = {role: (g, e) for role, g, e in zip(ROLES, got, expected, strict=True) if g != e}
    assert not wrong, f"{url}: role -> (status, expected) {wrong}"


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login_page_with_next(client, association_a):
    url = reverse("associations:detail", args=[association_a.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_every_named_url_is_in_the_matrix(
    province_a,
    province_b,
    association_a,
    association_b,
    association_import,
    job_a,
    diagnostic_objects,
    submission_import,
    file_objects,
    staged_imports,
):
    """A new page without a line in the matrix fails here, so nobody forgets its access rule."""
    from django.urls import get_resolver, resolve

    ignored_prefixes = ("admin:", "password_reset_", "password_change_done", "logout")
    ignored = {"set_language"}
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    objects = {
        "province_a": province_a,
        "province_b": province_b,
        "association_a": association_a,
        "association_b": association_b,
        "association_import": association_import,
        "job_a": job_a,
        "submission_import": submission_import,
        "staged_imports": staged_imports,
        **diagnostic_objects,
        **file_objects,
    }
    covered = {resolve(_url(name, objects).split("?")[0]).view_name for name in MATRIX}
    missing = {name for name in names - covered - ignored if not name.startswith(ignored_prefixes)}
    assert not missing, f"URLs without a line in the access matrix: {sorted(missing)}"
