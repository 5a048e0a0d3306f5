"""Demo campaigns: one per seed province, with submitted diagnostics whose answers
reproduce, approximately, seed 001's findings (pages 13-18).

Where the seed gives one figure per province without naming them, the figures are
assigned to Khénifra, Sidi Kacem and Chichaoua in the order the seed prints them;
where it gives one figure, every province gets it; where it gives none, values are
invented and plausible. Answers are drawn at random with a fixed seed, so the
figures land near the targets, not on them.
"""

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from associations.models import Association, Milieu, Province
from diagnostics.models import Answer, Campaign, Diagnostic, QuestionnaireVersion, SampleEntry
from diagnostics.questionnaire.kinds import KINDS
from diagnostics.selectors import needs_ranking
from diagnostics.services import (
    answers_of,
    campaign_sample_draw,
    plan_draft_from_needs,
    scores_store,
    structure_for,
)

# The demo's campaigns were answered on the first version of the questionnaire; later
# versions serve new campaigns, and v1 stays valid for these.
DEMO_VERSION = 1

KHENIFRA, SIDI_KACEM, CHICHAOUA = "05.301", "04.481", "07.161"
SAMPLE_SIZES = {KHENIFRA: 60, SIDI_KACEM: 45, CHICHAOUA: 40}

# Probability of "yes" per yes/no question: one value, or one per province.
YES = {
    "gov_statutes_compliant": 0.7,
    "gov_statutes_known": 0.45,
    "gov_internal_rules": 0.55,
    "gov_internal_rules_applied": 0.5,
    "gov_monthly_meetings": 0.57,  # 43 % none
    "gov_bodies_never_meet": 0.66,
    "gov_roles_respected": 0.21,
    "vis_objectives_vs_axes": 0.3,
    "vis_needs_assessment": 0.37,
    "vis_clear_vision": 0.11,
    "vis_action_plan": 0.44,  # 56 % none
    "vis_can_write_action_plan": 0.3,
    "vis_information_system": 0.33,  # 67 % none
    "man_minutes_kept": {KHENIFRA: 0.68, SIDI_KACEM: 0.74, CHICHAOUA: 0.11},
    "man_mail_register": 0.57,
    "man_archive": 0.62,
    "man_accounting_archived": 0.47,
    "man_internal_control": 0.02,
    "man_financial_system": 0.21,  # 79 % none
    "man_accountant": {KHENIFRA: 0.15, SIDI_KACEM: 0.08, CHICHAOUA: 0.01},
    "man_chartered_accountant": {KHENIFRA: 0.07, SIDI_KACEM: 0.04, CHICHAOUA: 0.02},
    "man_job_descriptions": 0.2,
    "man_volunteer_follow_up": 0.3,
    "res_training_received": 0.35,
    "res_premises": 0.83,
    "res_it_equipment": {KHENIFRA: 0.65, SIDI_KACEM: 0.6, CHICHAOUA: 0.52},
    "res_internet": 0.076,
    "prj_experience": 0.35,  # 65 % without
    "prj_ongoing": 0.24,
    "prj_separate_accounts": 0.3,
    "prj_financing_difficulty": 0.64,
    "prj_external_support": 0.7,
    "prj_monitoring": 0.3,
    "prj_evaluation": 0.27,  # 73 % none
    "com_partnership_ever": 0.51,  # 49 % never
    "com_network_member": {KHENIFRA: 0.212, SIDI_KACEM: 0.17, CHICHAOUA: 0.13},
}
# Weights of the choices of single-choice questions.
SINGLE = {
    "gov_management_mode": {"bureau_only": 99, "committees": 1, "working_groups": 0},
    "gov_members_informed": {"not": 30, "orally": 50, "regularly": 20},
    "vis_strategic_plan": {
        KHENIFRA: {"none": 85, "draft": 15, "adopted": 0},
        SIDI_KACEM: {"none": 80, "draft": 14, "adopted": 6},
        CHICHAOUA: {"none": 84, "draft": 10, "adopted": 6},
    },
    "res_premises_provider": {"own": 10, "rented": 20, "commune": 35, "entraide": 25, "other": 10},
    "res_premises_state": {"poor": 35, "fair": 45, "good": 20},
    "com_partner_communication": {"absent": 25, "weak": 35, "fair": 28, "good": 12},
    "com_own_communication": {"insufficient": 67, "fair": 2, "good": 31},
    "com_external_quality": {"absent": 30, "weak": 36, "fair": 25, "good": 9},
}
# Probability of each choice of multiple-choice questions.
MULTIPLE = {
    "res_skills": {"project_management": 0.25, "accounting": 0.2, "it": 0.3,
                   "communication": 0.35, "fundraising": 0.1},
    "res_funding_sources": {"fees": 0.8, "public_grants": 0.55, "donations": 0.4,
                            "own_income": 0.15, "international": 0.08},
    "prj_targets": {"women": 0.5, "children": 0.35, "youth": 0.3, "literacy": 0.4,
                    "rural": 0.55, "disabled": 0.1},
    "com_partner_kinds": {"government": 0.67, "local_authority": 0.4, "associations": 0.23,
                          "international_ngo": 0.1, "private": 0.0},
    "com_tools": {"social_media": 0.55, "website": 0.05, "print": 0.2, "media": 0.08},
}  # fmt: skip


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _integer(rng: random.Random, code: str, rural: bool, answers: dict):
    if code == "gov_ga_count_3y":
        return rng.choices([0, 1, 2, 3, 4, 5, 6], weights=[20, 25, 20, 15, 8, 7, 5])[0]
    if code == "gov_ega_count_3y":
        return 0 if rng.random() < 0.6 else rng.randint(1, 3)
    if code == "gov_bureau_meetings_3y":
        if rural and rng.random() < 0.2:
            return 0
        return rng.choice([2, 4, 6, 9, 12, 18, 24, 36])
    if code == "gov_presidents_count":
        return rng.choices([1, 2, 3, 4], weights=[12, 77, 8, 3])[0]
    if code == "gov_women_in_bureau":
        return rng.choices([0, 1, 2, 3], weights=[40, 30, 20, 10])[0]
    if code == "res_paid_staff":
        if rng.random() < 0.75:
            return 0
        return rng.randint(1, 10) if rng.random() < 0.863 else rng.randint(11, 40)
    if code == "res_active_volunteers":
        return rng.randint(2, 30)
    if code == "res_annual_budget":
        return rng.choice([3000, 8000, 15000, 40000, 90000, 150000, 600000])
    if code == "prj_completed_count":
        return 0 if rng.random() < 0.45 else rng.randint(1, 8)
    if code == "com_networks_known":
        return rng.randint(0, 5)
    return 0


def _answer(rng, question, province: str, rural: bool, answers: dict):
    code = question.code
    if question.kind == "yes_no":
        p = YES.get(code, 0.5)
        p = p.get(province, 0.5) if isinstance(p, dict) else p
        return rng.random() < p
    if question.kind == "single":
        weights = SINGLE.get(code) or {c["code"]: 1 for c in question.spec["choices"]}
        if province in weights:
            weights = weights[province]
        return _pick(rng, weights)
    if question.kind == "multiple":
        chances = MULTIPLE.get(code, {})
        return [
            c["code"]
            for c in question.spec["choices"]
            if rng.random() < chances.get(c["code"], 0.3)
        ]
    if question.kind == "integer":
        return _integer(rng, code, rural, answers)
    if question.kind == "scale":
        return rng.randint(question.spec["min"], question.spec["max"])
    if question.kind == "date":
        return date(2025, rng.randint(1, 12), rng.randint(1, 28))
    return ""


@transaction.atomic
def diagnostics_seed(*, seed: int = 2026) -> dict[str, int]:
    """One campaign per seed province, its sample drawn, its diagnostics answered and scored."""
    version = QuestionnaireVersion.objects.filter(number=DEMO_VERSION).first()
    if version is None:
        return {"campaigns": 0, "diagnostics": 0}
    structure = structure_for(version)
    rng = random.Random(seed)
    created = 0
    now = timezone.now()
    for code, size in SAMPLE_SIZES.items():
        province = Province.objects.get(code=code)
        campaign, new = Campaign.objects.get_or_create(
            province=province,
            name=f"Diagnostic TAKWIA 2026 – {province.name_fr}",
            defaults={
                "version": version,
                "starts_on": date(2026, 3, 1),
                "ends_on": date(2026, 6, 30),
                "status": Campaign.Status.ONGOING,
            },
        )
        if not new and campaign.diagnostics.exists():
            continue
        entries = campaign_sample_draw(campaign=campaign, size=size, seed=seed)
        if code == KHENIFRA:
            # The demo president's association is diagnosed, so that its page has results.
            from takwia.demo import PRESIDENT_ASSOCIATION

            own = Association.objects.get(name_fr=PRESIDENT_ASSOCIATION)
            if all(entry.association_id != own.pk for entry in entries):
                entry, _ = SampleEntry.objects.get_or_create(campaign=campaign, association=own)
                entries.insert(0, entry)
        for index, entry in enumerate(entries):
            association = entry.association
            rural = association.commune.milieu == Milieu.RURAL
            diagnostic = Diagnostic.objects.create(
                campaign=campaign,
                association=association,
                version=version,
                respondent=association.president_name or "Président(e)",
                respondent_role="Président(e)",
                interviewed_on=date(2026, 4, 1 + index % 28),
            )
            answers: dict = {}
            rows = []
            for question in structure.questions:
                if not structure.asked(question, answers):
                    continue
                value = _answer(rng, question, code, rural, answers)
                if value in ("", []):
                    continue
                answers[question.code] = value
                row = Answer(diagnostic=diagnostic, question=question)
                KINDS[question.kind].store(row, value)
                rows.append(row)
            Answer.objects.bulk_create(rows)
            # The last few stay drafts: a campaign is never finished at once.
            if index >= len(entries) - 3:
                continue
            scores_store(
                diagnostic=diagnostic,
                structure=structure,
                answers=answers_of(diagnostic, structure),
            )
            diagnostic.status = (
                Diagnostic.Status.VALIDATED if index % 3 == 0 else Diagnostic.Status.SUBMITTED
            )
            diagnostic.submitted_at = now
            diagnostic.save()
            created += 1
    # A draft plan for Khénifra, generated from its needs, one action already done.
    khenifra = Campaign.objects.filter(province__code=KHENIFRA).first()
    if khenifra is not None and not khenifra.plans.exists():
        from diagnostics.models import Action

        plan = plan_draft_from_needs(
            campaign=khenifra, needs=needs_ranking(campaign=khenifra), user=None
        ).plan
        first = plan.actions.order_by("pk").first()
        if first is not None:
            first.status, first.place, first.budget = Action.Status.DONE, "Khénifra", 15000
            first.starts_on = first.ends_on = date(2026, 9, 15)
            first.responsible = "Fatima Ouali"
            first.save()
            first.participants.set(first.targets.all()[:12])
    return {"campaigns": len(SAMPLE_SIZES), "diagnostics": created}
