"""Needs ranked from stored scores, the draft plan generated from them, its progress,
its workbook, and who sees what."""

import io
import re
from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from diagnostics.models import Action, Diagnostic, Plan, Score
from diagnostics.selectors import needs_ranking, plan_progress
from diagnostics.services import plan_draft_from_needs
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def draft(campaign, user):
    return plan_draft_from_needs(
        campaign=campaign, needs=needs_ranking(campaign=campaign), user=user
    ).plan


def scored(campaign, association, scores: dict):
    diagnostic = DiagnosticFactory(
        campaign=campaign, association=association, status=Diagnostic.Status.SUBMITTED
    )
    for code, score in scores.items():
        Score.objects.create(diagnostic=diagnostic, level="subdimension", code=code, score=score)
    return diagnostic


@pytest.fixture
def campaign(province_a):
    campaign = CampaignFactory(
        province=province_a, starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31)
    )
    commune = province_a.communes.first()
    associations = [
        AssociationFactory(commune=commune, name_fr=f"Association {i}") for i in range(3)
    ]
    for association, statutes, vision in zip(associations, (20, 40, 80), (0, 90, 90), strict=True):
        scored(
            campaign,
            association,
            {"governance.statutes": statutes, "vision.vision": vision, "management.financial": 70},
        )
    campaign.associations = associations
    return campaign


def test_needs_are_ranked_by_share_below_the_threshold_times_the_gap(campaign):
    needs = needs_ranking(campaign=campaign)

    # vision.vision: 1 of 3 below 50, gap 50 -> 1/3 x 50 = 16.67.
    # governance.statutes: 2 of 3, gap (30 + 10) / 2 = 20 -> 2/3 x 20 = 13.33.
    assert [(n.subdimension.code, n.below, n.assessed, n.mean_gap, n.index) for n in needs] == [
        ("vision.vision", 1, 3, 50, Fraction(1, 3) * 50),
        ("governance.statutes", 2, 3, Fraction(30 + 10, 2), Fraction(2, 3) * 20),
        ("management.financial", 0, 3, 0, 0),
    ]


def test_needs_can_be_ranked_for_one_milieu(campaign):
    from associations.models import Milieu

    milieu = campaign.province.communes.first().milieu
    other = Milieu.URBAN if milieu == Milieu.RURAL else Milieu.RURAL
    assert needs_ranking(campaign=campaign, milieu=other) == []
    assert len(needs_ranking(campaign=campaign, milieu=milieu)) == 3


def test_a_draft_plan_has_one_action_per_need_aimed_at_the_associations_below(campaign, users):
    plan = draft(campaign, users["coordinator"])

    actions = list(plan.actions.order_by("pk"))
    assert plan.status == Plan.Status.DRAFT and plan.province == campaign.province
    assert [(a.kind, a.subdimensions) for a in actions] == [
        ("coaching", ["vision.vision"]),
        ("training", ["governance.statutes"]),
    ]
    assert {a.name_fr for a in actions[1].targets.all()} == {"Association 0", "Association 1"}
    assert actions[1].description.startswith("66,7 % des associations diagnostiquées sont sous")


def test_progress_counts_done_actions_budget_reach_and_movement(campaign, users):
    plan = draft(campaign, users["coordinator"])
    training = plan.actions.get(kind="training")
    training.status, training.budget = Action.Status.DONE, 12000
    training.save()
    training.participants.set(campaign.associations[:2])
    later = CampaignFactory(province=campaign.province, starts_on=date(2027, 1, 1))
    scored(later, campaign.associations[0], {"governance.statutes": 60})
    scored(later, campaign.associations[1], {"governance.statutes": 50})

    progress = plan_progress(plan=plan)

    assert (progress.planned, progress.done, progress.budget_done, progress.reached) == (
        2,
        1,
        12000.0,
        2,
    )
    assert progress.targeted == 2
    # Targeted associations (0, 1 on statutes; 0 on vision): before (20 + 40 + 0) / 3...
    # Paired: the same associations before and after, sub-dimension by sub-dimension.
    movement = {row.code: (row.before, row.after, row.n) for row in progress.movement}
    assert movement == {"governance.statutes": (Fraction(20 + 40, 2), Fraction(60 + 50, 2), 2)}


def test_the_plan_downloads_as_a_workbook(client, campaign, users):
    plan = draft(campaign, users["coordinator"])
    client.force_login(users["coordinator"])

    response = client.get(reverse("diagnostics:plan_export", args=[plan.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    actions = list(workbook["Actions"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in actions] == ["Accompagnement", "Formation"]
    assert "Association 0 | Association 1" == actions[1][11]
    progress = dict(workbook["Avancement"].iter_rows(values_only=True))
    assert progress["Actions prévues"] == 2


def test_plans_stay_in_their_province_and_presidents_see_only_their_actions(
    client, campaign, users, province_b, association_a
):
    plan = draft(campaign, users["coordinator"])
    action = plan.actions.first()
    action.targets.add(association_a)
    other = CampaignFactory(province=province_b)
    scored(
        other, AssociationFactory(commune=province_b.communes.first()), {"governance.statutes": 10}
    )
    other_plan = draft(other, users["national"])

    client.force_login(users["coordinator"])
    assert client.get(reverse("diagnostics:plan", args=[other_plan.pk])).status_code == 404
    assert client.get(reverse("diagnostics:plan_export", args=[other_plan.pk])).status_code == 404
    client.force_login(users["president"])
    assert client.get(reverse("diagnostics:plan", args=[plan.pk])).status_code == 403
    page = client.get(reverse("associations:detail", args=[association_a.pk])).content.decode()
    assert action.title in page
    assert list(Action.objects.visible_to(users["president"])) == [action]


def test_an_action_can_be_recorded_with_attendance_and_outcome(client, campaign, users):
    plan = draft(campaign, users["coordinator"])
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:action_create", args=[plan.pk])

    bad = client.post(
        url,
        {
            "kind": "training",
            "title": "Atelier",
            "axis": "governance",
            "subdimensions": ["vision.vision"],
            "budget": "0",
            "status": "planned",
        },
    )
    good = client.post(url, {
        "kind": "exchange", "title": "Visite d'échange", "axis": "communication",
        "subdimensions": ["communication.networking"], "budget": "8500", "status": "done",
        "place": "Khénifra", "starts_on": "2026-05-02", "ends_on": "2026-05-01",
    })  # fmt: skip

    assert "Choisissez des sous-dimensions de l&#x27;axe de l&#x27;action." in bad.content.decode()
    assert "La fin doit suivre le début." in good.content.decode()
    assert not plan.actions.filter(title="Visite d'échange").exists()


def test_the_provincial_report_carries_the_needs_and_the_plan_and_notices_its_changes(
    campaign, users, tmp_path
):
    from django.core.management import call_command
    from pypdf import PdfReader

    from diagnostics.reports import ProvinceReport

    plan = draft(campaign, users["coordinator"])
    before = ProvinceReport().fingerprint(params={"province": "05.301"}, language="fr")
    out = tmp_path / "rapport.pdf"
    call_command("render_report", "--province", "05.301", "--out", str(out))

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Les besoins prioritaires" in text
    assert plan.actions.get(kind="training").title in text
    assert "0 actions réalisées sur 2 prévues" in text
    action = plan.actions.first()
    action.status = Action.Status.DONE
    action.save()
    assert ProvinceReport().fingerprint(params={"province": "05.301"}, language="fr") != before


@pytest.fixture
def request_file(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def post(client, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("job_create"), {"language": "fr", **data})

    return post


def pdf_text(job) -> str:
    from pypdf import PdfReader

    with job.file.open("rb") as handle:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(handle).pages).split())


def test_a_president_downloads_their_diagnostic_but_no_other(client, campaign, users, request_file):
    from takwia.models import Job

    own = scored(campaign, users["president"].association, {"governance.statutes": 30})
    Diagnostic.objects.filter(pk=own.pk).update(overall_score=30)
    other = Diagnostic.objects.filter(campaign=campaign).exclude(pk=own.pk).first()
    client.force_login(users["president"])

    response = request_file(client, kind="association_report", diagnostic=own.pk)
    refused = request_file(client, kind="association_report", diagnostic=other.pk)

    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.association == own.association
    assert f"Diagnostic de {own.association.name_fr}" in pdf_text(job)
    assert refused.status_code == 404
    assert request_file(client, kind="province_report", province="05.301").status_code == 403


def test_the_plan_downloads_as_a_pdf_for_its_province_only(client, campaign, users, request_file):
    from takwia.models import Job

    plan = draft(campaign, users["coordinator"])
    client.force_login(users["coordinator"])
    request_file(client, kind="plan_report", plan=plan.pk)
    job = Job.objects.get()
    assert "0 actions réalisées sur 2 prévues" in pdf_text(job)

    client.force_login(users["president"])
    assert request_file(client, kind="plan_report", plan=plan.pk).status_code == 403
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def test_the_association_pdf_is_rendered_again_when_an_action_aimed_at_it_changes(campaign, users):
    from diagnostics.reports import AssociationReport

    plan = draft(campaign, users["coordinator"])
    action = plan.actions.get(kind="training")
    target = action.targets.first()
    diagnostic = Diagnostic.objects.get(campaign=campaign, association=target)
    params = {"diagnostic": diagnostic.pk}
    before = AssociationReport().fingerprint(params=params, language="fr")

    action.place = "Khénifra"
    action.save()

    assert AssociationReport().fingerprint(params=params, language="fr") != before


def test_generating_the_plan_twice_keeps_one_plan_per_province_and_period(client, campaign, users):
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:plan_generate", args=[campaign.pk])

    first = client.post(url)
    again = client.post(url, follow=True)

    assert Plan.objects.filter(province=campaign.province).count() == 1
    plan = Plan.objects.get(province=campaign.province)
    assert first.url == again.redirect_chain[0][0] == reverse("diagnostics:plan", args=[plan.pk])
    assert any("rien n'a été dupliqué" in str(m) for m in again.context["messages"])
    assert plan.actions.count() == 2


def test_a_plan_cannot_take_the_period_of_another_plan_of_its_province(client, campaign, users):
    first = draft(campaign, users["coordinator"])
    other = Plan.objects.create(
        province=campaign.province,
        title="Autre",
        starts_on=date(2028, 1, 1),
        ends_on=date(2028, 12, 31),
    )
    client.force_login(users["coordinator"])

    response = client.post(
        reverse("diagnostics:plan_update", args=[other.pk]),
        {"title": "Autre", "objective": "", "status": "draft",
         "starts_on": first.starts_on.isoformat(), "ends_on": first.ends_on.isoformat()},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Un plan existe déjà pour cette province et cette période." in response.content.decode()
    other.refresh_from_db()
    assert other.starts_on == date(2028, 1, 1)


def test_the_plan_workbook_keeps_a_formula_typed_as_a_title_as_text(client, campaign, users):
    plan = draft(campaign, users["coordinator"])
    Plan.objects.filter(pk=plan.pk).update(title='=HYPERLINK("http://x.example","clic")')
    plan.actions.update(outcome="@SUM(A1:A9)")
    client.force_login(users["coordinator"])

    response = client.get(reverse("diagnostics:plan_export", args=[plan.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x.example","clic")' in cells
    assert "'@SUM(A1:A9)" in cells
    assert not any(isinstance(c, str) and c[:1] in "=+-@" for c in cells)


def _attendance_data(rows):
    data = {
        "attendees-TOTAL_FORMS": str(len(rows)),
        "attendees-INITIAL_FORMS": "0",
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "500",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"attendees-{i}-{key}"] = value
    return data


def test_attendance_is_taken_person_by_person_and_the_counts_follow(client, campaign, users):
    plan = draft(campaign, users["coordinator"])
    action = plan.actions.get(kind="training")
    first, second = campaign.associations[:2]
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:action_attendance", args=[plan.pk, action.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, _attendance_data([
        {"full_name": "Fatima Alaoui", "association": first.pk, "sex": "woman", "role": "board"},
        {"full_name": "Naima Tazi", "association": first.pk, "sex": "woman", "role": "member"},
        {"full_name": "Omar Idrissi", "association": second.pk, "sex": "man", "role": "staff"},
        {"full_name": "Youssef Amrani", "association": "", "sex": "man", "role": ""},
        {"full_name": "", "association": "", "sex": "", "role": ""},  # an empty line
    ]))  # fmt: skip

    assert response.status_code == 302
    assert action.attendees.count() == 4
    assert set(action.participants.all()) == {first, second}
    progress = plan_progress(plan=plan)
    assert (progress.people, progress.women, progress.men, progress.reached) == (4, 2, 2, 2)
    page = client.get(reverse("diagnostics:plan", args=[plan.pk])).content.decode()
    assert "4 personnes, dont 2 femmes" in page
    assert "4 personnes présentes (2 femmes, 2 hommes)" in page


def test_a_person_listed_twice_is_refused_beside_the_line_and_nothing_is_written(
    client, campaign, users
):
    plan = draft(campaign, users["coordinator"])
    action = plan.actions.get(kind="training")
    first = campaign.associations[0]
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:action_attendance", args=[plan.pk, action.pk])

    response = client.post(url, _attendance_data([
        {"full_name": "Fatima Alaoui", "association": first.pk, "sex": "woman"},
        {"full_name": "fatima  ALAOUI", "association": first.pk, "sex": "woman"},
        {"full_name": "Sans sexe", "association": "", "sex": ""},
    ]))  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "figure déjà sur la liste (ligne 1)" in page
    assert "Ce champ est obligatoire." in page  # the sex of the third person
    assert 'value="fatima  ALAOUI"' in page  # what was typed is kept
    assert action.attendees.count() == 0 and action.participants.count() == 0


def test_an_attendance_sheet_of_another_province_is_not_found(client, campaign, users, province_b):
    other = CampaignFactory(province=province_b)
    scored(other, AssociationFactory(commune=province_b.communes.first()), {"vision.vision": 10})
    other_plan = draft(other, users["national"])
    action = other_plan.actions.first()
    client.force_login(users["coordinator"])
    for name in ("action_attendance", "action_delete"):
        url = reverse(f"diagnostics:{name}", args=[other_plan.pk, action.pk])
        assert client.get(url).status_code == 404
    url = reverse("diagnostics:action_cancel", args=[other_plan.pk, action.pk])
    assert client.post(url).status_code == 404
    action.refresh_from_db()
    assert action.status != Action.Status.CANCELLED


def test_a_cancelled_action_leaves_the_counts_and_a_second_click_changes_nothing(
    client, campaign, users
):
    plan = draft(campaign, users["coordinator"])
    action = plan.actions.get(kind="training")
    action.budget = 5000
    action.save()
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:action_cancel", args=[plan.pk, action.pk])

    client.post(url)
    client.post(url)

    action.refresh_from_db()
    assert action.status == Action.Status.CANCELLED
    assert action.history.filter(status=Action.Status.CANCELLED).count() == 1
    progress = plan_progress(plan=plan)
    assert (progress.planned, progress.cancelled, progress.budget) == (1, 1, None)


def test_an_action_entered_by_mistake_is_deleted_after_confirmation_and_kept_in_history(
    client, campaign, users
):
    plan = draft(campaign, users["coordinator"])
    action = plan.actions.get(kind="training")
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:action_delete", args=[plan.pk, action.pk])

    confirm = client.get(url).content.decode()
    assert "Supprimer définitivement" in confirm and Action.objects.filter(pk=action.pk).exists()
    response = client.post(url)

    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    deleted = Action.history.filter(id=action.pk, history_type="-").get()
    assert deleted.history_user == users["coordinator"] and deleted.title == action.title


def test_a_budget_nobody_set_reads_a_definir_never_0_mad(client, campaign, users):
    plan = draft(campaign, users["coordinator"])
    costed = plan.actions.get(kind="training")
    costed.budget = 12500
    costed.save()
    client.force_login(users["coordinator"])

    page = client.get(reverse("diagnostics:plan", args=[plan.pk])).content.decode()
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("diagnostics:plan_export", args=[plan.pk])).content)
    )

    assert not re.search(r"(?<![0-9\s\u202f])0 MAD", page)  # no amount of 0 on its own
    assert "à définir" in page
    assert "+ 1 action au budget à définir" in page
    budgets = {row[1]: row[7] for row in workbook["Actions"].iter_rows(min_row=2, values_only=True)}
    assert budgets[costed.title] == 12500
    assert set(budgets.values()) == {12500, "à définir"}
    progress = plan_progress(plan=plan)
    assert (progress.budget, progress.unbudgeted) == (12500, 1)


def test_targets_are_picked_in_a_searchable_field_that_works_without_script(
    client, campaign, users
):
    plan = draft(campaign, users["coordinator"])
    client.force_login(users["coordinator"])
    page = client.get(reverse("diagnostics:action_create", args=[plan.pk])).content.decode()
    assert 'data-picker="search"' in page and "tom-select.complete.min.js" in page
    assert 'name="targets"' in page and "multiple" in page
    assert 'name="participants"' not in page  # derived from the attendance now


def test_a_drafted_plan_is_written_in_french_and_in_arabic_and_read_in_the_readers_language(
    client, campaign, users
):
    from django.utils import translation

    plan = draft(campaign, users["coordinator"])
    action = plan.actions.get(kind="coaching")
    province = campaign.province
    assert plan.title == f"Plan de renforcement des capacités – {province.name_fr}"
    assert province.name_ar in plan.title_ar and "Plan" not in plan.title_ar
    assert action.title.startswith("Accompagnement : ") and action.title_ar
    assert "33,3 % des associations diagnostiquées sont sous 50/100" in action.description
    assert "33,3" in action.description_ar and "associations" not in action.description_ar
    with translation.override("ar"):
        assert str(plan) == plan.title_ar and action.shown_description == action.description_ar
    with translation.override("fr"):
        assert str(plan) == plan.title
    # Texts typed only in French are shown in French to Arabic readers.
    action.title_ar = ""
    with translation.override("ar"):
        assert action.shown_title == action.title
