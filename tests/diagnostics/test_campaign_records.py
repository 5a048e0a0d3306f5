"""Campaigns and workshops kept up in the app: edit, close, reopen, attendance by
person, archive; each change in the record's history; stale pages refused."""

from datetime import date

import pytest
from django.urls import reverse

from diagnostics.models import Attendee, Campaign, Diagnostic, SampleEntry, Workshop
from diagnostics.services import (
    CampaignClosed,
    diagnostic_start,
    diagnostic_submit,
    sample_add,
)
from diagnostics.services.submissions import submissions_import
from takwia.editing import ERROR_CONCURRENT_EDIT, VERSION_FIELD, version_of
from takwia.tabular import ImportRejected
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(province_a):
    return CampaignFactory(province=province_a, status="ongoing", name="Khénifra 2026")


def _campaign_form(campaign, **changes):
    data = {
        "name": campaign.name,
        "province": campaign.province_id,
        "version": campaign.version_id,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "status": campaign.status,
        VERSION_FIELD: version_of(campaign),
    }
    return data | changes


def _text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def test_a_coordinator_edits_the_campaign_and_its_page_shows_who_changed_what(
    client, users, campaign
):
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:campaign_update", args=[campaign.pk])

    response = client.post(url, _campaign_form(campaign, name="Khénifra 2026 (printemps)"))

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Khénifra 2026 (printemps)"
    page = client.get(reverse("diagnostics:campaign", args=[campaign.pk]))
    latest = page.context["history"][0]
    assert latest.user == users["coordinator"]
    assert ("intitulé", "Khénifra 2026", "Khénifra 2026 (printemps)") in [
        (c.field, c.old, c.new) for c in latest.changes
    ]


def test_once_diagnosed_the_province_and_the_year_stay_but_the_dates_may_move_within_it(
    client, users, campaign, association_a, province_b
):
    DiagnosticFactory(campaign=campaign, association=association_a)
    other = province_b
    client.force_login(users["national"])
    url = reverse("diagnostics:campaign_update", args=[campaign.pk])

    moved = client.post(url, _campaign_form(campaign, province=other.pk))
    next_year = client.post(url, _campaign_form(campaign, starts_on="2027-03-01"))

    assert moved.status_code == next_year.status_code == 200
    assert "changer ce champ fausserait" in " ".join(moved.context["form"].errors["province"])
    assert "ne peut pas changer d'année" in " ".join(next_year.context["form"].errors["starts_on"])
    campaign.refresh_from_db()
    assert (campaign.province_id, campaign.starts_on) == (association_a.commune.province_id,
                                                          date(2026, 3, 1))  # fmt: skip
    later = client.post(url, _campaign_form(campaign, starts_on="2026-04-01"))
    assert later.status_code == 302
    campaign.refresh_from_db()
    assert campaign.starts_on == date(2026, 4, 1)


def test_without_diagnostics_the_province_may_still_change(client, users, campaign, province_b):
    other = province_b
    client.force_login(users["national"])
    url = reverse("diagnostics:campaign_update", args=[campaign.pk])
    assert client.post(url, _campaign_form(campaign, province=other.pk)).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).province == other


def test_an_edit_from_a_page_displayed_before_someone_elses_save_is_refused(
    client, users, campaign
):
    client.force_login(users["coordinator"])
    stale = _campaign_form(campaign, name="Mon titre")
    campaign.name = "Titre d'un collègue"
    campaign.save()

    response = client.post(reverse("diagnostics:campaign_update", args=[campaign.pk]), stale)

    assert response.status_code == 200
    assert str(ERROR_CONCURRENT_EDIT) in _text(response)
    assert Campaign.objects.get(pk=campaign.pk).name == "Titre d'un collègue"


def test_a_double_click_on_save_is_not_told_as_someone_elses_edit(client, users, campaign):
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:campaign_update", args=[campaign.pk])
    posted = _campaign_form(campaign, name="Khénifra 2026 (printemps)")
    assert client.post(url, posted).status_code == 302

    # The same form, with the version it was displayed with, a moment later.
    second = client.post(url, posted)

    assert second.status_code == 302
    assert str(ERROR_CONCURRENT_EDIT) not in _text(client.get(second["Location"]))
    assert campaign.history.count() == 2  # creation, one edit: the repeat wrote nothing
    # A stale page asking for something else is still refused.
    refused = client.post(url, posted | {"name": "Autre titre"})
    assert refused.status_code == 200 and str(ERROR_CONCURRENT_EDIT) in _text(refused)


def test_closing_asks_for_confirmation_then_closes_once(client, users, campaign):
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:campaign_close", args=[campaign.pk])

    confirm = client.get(url)
    assert Campaign.objects.get(pk=campaign.pk).status == "ongoing"
    assert "Clôturer la campagne" in confirm.content.decode()
    client.post(url)
    client.post(url)  # a double click

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED and not campaign.is_open
    assert campaign.history.filter(status="closed").count() == 1
    page = client.get(reverse("diagnostics:campaign", args=[campaign.pk]))
    assert ("statut", "En cours", "Clôturée") in [
        (c.field, c.old, c.new) for c in page.context["history"][0].changes
    ]
    assert "Commencer le questionnaire" not in page.content.decode()


def test_a_closed_campaign_refuses_new_diagnostics_sample_additions_and_submissions(
    client, users, campaign, association_a
):
    draft = DiagnosticFactory(campaign=campaign, association=AssociationFactory(
        commune=association_a.commune))  # fmt: skip
    SampleEntry.objects.create(campaign=campaign, association=association_a)
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    client.force_login(users["field_agent"])

    begin = client.post(
        reverse("diagnostics:begin", args=[campaign.pk, association_a.pk]), follow=True
    )

    assert not Diagnostic.objects.filter(association=association_a).exists()
    assert "Cette campagne est clôturée" in _text(begin)
    with pytest.raises(CampaignClosed):
        diagnostic_start(campaign=campaign, association=association_a, user=users["field_agent"])
    with pytest.raises(CampaignClosed):
        sample_add(campaign=campaign, association=AssociationFactory(commune=association_a.commune))
    with pytest.raises(ImportRejected, match="clôturée"):
        submissions_import(
            campaign=campaign, raw=b"association_ref\r\n1\r\n", user=users["national"]
        )
    errors = diagnostic_submit(diagnostic=draft, user=users["field_agent"], lock_version=0)
    assert errors and "clôturée" in errors[0]
    assert Diagnostic.objects.get(pk=draft.pk).status == Diagnostic.Status.DRAFT
    # An existing diagnostic still opens.
    assert diagnostic_start(campaign=campaign, association=draft.association, user=None) == draft


def test_national_staff_reopen_a_closed_campaign_a_coordinator_may_not(client, users, campaign):
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    url = reverse("diagnostics:campaign_reopen", args=[campaign.pk])
    client.force_login(users["coordinator"])
    assert client.post(url).status_code == 403
    client.force_login(users["national"])
    client.post(url)
    assert Campaign.objects.get(pk=campaign.pk).is_open


@pytest.fixture
def workshop(campaign):
    return Workshop.objects.create(
        campaign=campaign, kind="restitution", held_on=date(2026, 5, 12), place="Khénifra"
    )


def _sheet(people, version):
    data = {
        "attendees-TOTAL_FORMS": str(len(people)),
        "attendees-INITIAL_FORMS": "0",
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "1000",
        VERSION_FIELD: version,
    }
    for i, (name, association, sex, role) in enumerate(people):
        data |= {
            f"attendees-{i}-full_name": name,
            f"attendees-{i}-association": association.pk if association else "",
            f"attendees-{i}-sex": sex,
            f"attendees-{i}-role": role,
        }
    return data


def test_attendance_of_three_people_gives_the_counts_and_one_history_entry(
    client, users, workshop, association_a
):
    other = AssociationFactory(commune=association_a.commune)
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:workshop_attendance", args=[workshop.pk])
    people = [
        ("Fatima Zahra Alaoui", association_a, "woman", "president"),
        ("Khadija Ouali", other, "woman", "member"),
        ("Youssef Amrani", association_a, "man", "board"),
    ]

    response = client.post(url, _sheet(people, version_of(workshop)))

    assert response.status_code == 302
    page = client.get(reverse("diagnostics:workshop", args=[workshop.pk]))
    counts = page.context["counts"]
    assert (counts.people, counts.women, counts.men, counts.associations) == (3, 2, 1, 2)
    workshop.refresh_from_db()
    assert set(workshop.attendees.values_list("pk", flat=True)) == {association_a.pk, other.pk}
    assert Attendee.objects.filter(workshop=workshop).count() == 3
    latest = page.context["history"][0]
    assert latest.user == users["coordinator"]
    assert [c.field for c in latest.changes] == ["associations présentes"]
    assert workshop.history.count() == 2  # creation, then the sheet: one entry for it


def test_an_attendance_sheet_displayed_before_another_save_is_refused(
    client, users, workshop, association_a
):
    client.force_login(users["coordinator"])
    old_version = version_of(workshop)
    workshop.place = "Mrirt"
    workshop.save()

    response = client.post(
        reverse("diagnostics:workshop_attendance", args=[workshop.pk]),
        _sheet([("Ali Naciri", association_a, "man", "")], old_version),
    )

    assert response.status_code == 200
    assert str(ERROR_CONCURRENT_EDIT) in _text(response)
    assert not Attendee.objects.exists()


def test_a_workshop_is_edited_archived_and_restored_with_its_history(client, users, workshop):
    client.force_login(users["coordinator"])
    edit = reverse("diagnostics:workshop_update", args=[workshop.pk])
    response = client.post(
        edit,
        {"kind": "restitution", "held_on": "2026-05-13", "place": "Khénifra, maison des jeunes",
         "notes": "", VERSION_FIELD: version_of(workshop)},
    )  # fmt: skip
    assert response.status_code == 302
    archive = reverse("diagnostics:workshop_archive", args=[workshop.pk])
    client.post(archive)

    workshop.refresh_from_db()
    assert workshop.archived and workshop.place == "Khénifra, maison des jeunes"
    needs = client.get(reverse("diagnostics:needs", args=[workshop.campaign_id]))
    assert list(needs.context["restitutions"]) == []
    page = client.get(reverse("diagnostics:workshop", args=[workshop.pk]))
    assert page.context["history"][0].kind == "Archivage"
    client.post(archive, {"archived": "0"})
    assert not Workshop.objects.get(pk=workshop.pk).archived
    assert Workshop.objects.filter(pk=workshop.pk).exists()  # never deleted


def test_a_workshop_of_another_province_is_not_found(client, users, province_b):
    other = Workshop.objects.create(
        campaign=CampaignFactory(province=province_b), kind="launch",
        held_on=date(2026, 3, 1), place="Ailleurs",
    )  # fmt: skip
    client.force_login(users["coordinator"])
    for name in ("workshop", "workshop_update", "workshop_attendance"):
        assert client.get(reverse(f"diagnostics:{name}", args=[other.pk])).status_code == 404


def test_a_campaign_form_posted_twice_makes_one_campaign_named_in_its_history(
    client, users, province_a
):
    from diagnostics.models import QuestionnaireVersion

    client.force_login(users["coordinator"])
    form = {
        "name": "Khénifra 2027", "province": province_a.pk,
        "version": QuestionnaireVersion.objects.published().first().pk,
        "starts_on": "2027-03-01", "ends_on": "2027-06-30", "status": "preparation",
        "submission_token": "5b0a2c1e-0000-4000-8000-000000000001",
    }  # fmt: skip
    url = reverse("diagnostics:campaign_create")
    first, second = client.post(url, form), client.post(url, form)

    campaign = Campaign.objects.get(name="Khénifra 2027")
    assert (
        first["Location"]
        == second["Location"]
        == reverse("diagnostics:campaign", args=[campaign.pk])
    )
    assert campaign.history.get().history_user == users["coordinator"]
