"""Volunteering records kept up in the app: create, edit, archive (never delete) with
their history; a placement ended early or extended under its rules; French errors; a
double submit makes one record; lists searched, filtered, sorted and paginated; the
manager's home figures; the demo's active volunteers placed."""

import uuid
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from volunteers.demo import volunteers_seed
from volunteers.models import Deliverable, Event, Host, Placement, Programme, Volunteer
from volunteers.selectors import PAGE_SIZE, active_volunteers

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, users):
    client.force_login(users["volunteer_manager"])
    return users["volunteer_manager"]


@pytest.fixture
def programme():
    return Programme.objects.create(
        name="Programme pilote", coordinator="France Volontaires", countries="Maroc",
        starts_on=date(2026, 1, 1),
    )  # fmt: skip


def _volunteer(programme, last_name="Diop", first_name="Awa", **extra):
    values = dict(
        first_name=first_name, last_name=last_name, gender="f", nationality="Sénégalaise",
        category="south_south", status="available", programme=programme,
    )  # fmt: skip
    values.update(extra)
    return Volunteer.objects.create(**values)


def _host(name="Migration & Développement", city="Agadir", **extra):
    return Host.objects.create(
        name=name, kind=extra.pop("kind", "association"), country=extra.pop("country", "Maroc"),
        city=city, **extra,
    )  # fmt: skip


def _placement(volunteer, host, programme, starts_on, ends_on=None, **extra):
    return Placement.objects.create(
        volunteer=volunteer, host=host, programme=programme, theme="Migration",
        starts_on=starts_on, ends_on=ends_on, **extra,
    )  # fmt: skip


def _token() -> str:
    return str(uuid.uuid4())


# -- create, edit, archive, with history ------------------------------------------------


def test_a_volunteer_is_created_edited_and_archived_with_each_step_in_its_history(
    client, manager, programme
):
    data = {
        "last_name": "Diop", "first_name": "Awa", "gender": "f", "born_on": "1995-04-02",
        "nationality": "Sénégalaise", "languages": ["Français", "Wolof"],
        "email": "awa@example.org", "phone": "", "category": "south_south",
        "status": "candidate", "programme": programme.pk, "submission_token": _token(),
    }  # fmt: skip
    response = client.post(reverse("volunteers:volunteer_create"), data)
    volunteer = Volunteer.objects.get()
    assert response.url == reverse("volunteers:volunteer", args=[volunteer.pk])
    assert volunteer.languages == "Français, Wolof"
    assert volunteer.search_text == "diop awa"

    data.update(status="active", submission_token="")
    response = client.post(reverse("volunteers:volunteer_edit", args=[volunteer.pk]), data)
    assert response.status_code == 302
    client.post(reverse("volunteers:volunteer_archive", args=[volunteer.pk]), {"archived": "1"})
    volunteer.refresh_from_db()
    assert volunteer.archived and volunteer.status == "active"

    page = client.get(reverse("volunteers:volunteer", args=[volunteer.pk]))
    history = page.context["history"]
    assert [entry.user for entry in history] == [manager] * 3
    changed = {c.field: (c.old, c.new) for c in history[1].changes}
    assert changed == {"statut": ("Candidat", "En mission")}  # labels, never codes
    assert {c.field: c.new for c in history[0].changes} == {"archivé": "oui"}
    # Archived: out of the list (its own filter shows it), never deleted.
    listed = client.get(reverse("volunteers:volunteers")).context["page"].object_list
    assert volunteer not in listed
    archived = client.get(reverse("volunteers:volunteers") + "?archived=1")
    assert volunteer in archived.context["page"].object_list
    client.post(reverse("volunteers:volunteer_archive", args=[volunteer.pk]), {"archived": "0"})
    assert not Volunteer.objects.get().archived


KINDS = {
    "host": (
        "host_create", "host_edit", "host_archive", Host,
        {"name": "Enda Mali", "kind": "association", "country": "Mali", "city": "Bamako",
         "association": ""},
        {"city": "Ségou"},
    ),
    "programme": (
        "programme_create", "programme_edit", "programme_archive", Programme,
        {"name": "VNU Maroc", "coordinator": "VNU", "funders": "", "countries": ["Maroc"],
         "starts_on": "2026-01-01", "ends_on": "", "objectives": ""},
        {"coordinator": "Programme VNU"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_hosts_and_programmes_are_created_edited_and_archived_with_history(client, manager, kind):
    create, edit, archive, model, data, change = KINDS[kind]
    client.post(reverse(f"volunteers:{create}"), {**data, "submission_token": _token()})
    record = model.objects.get(name=data["name"])
    response = client.post(reverse(f"volunteers:{edit}", args=[record.pk]), {**data, **change})
    assert response.status_code == 302
    client.post(reverse(f"volunteers:{archive}", args=[record.pk]))
    record.refresh_from_db()
    assert record.archived
    assert [h.history_type for h in record.history.order_by("history_id")] == ["+", "~", "~"]
    assert {h.history_user for h in record.history.all()} == {manager}
    field, value = next(iter(change.items()))
    assert getattr(record, field) == value


def test_an_event_of_a_programme_is_created_edited_and_archived(client, manager, programme):
    data = {"kind": "webinar", "held_on": "2026-03-12", "place": "En ligne", "participants": 40}
    client.post(
        reverse("volunteers:event_create", args=[programme.pk]),
        {**data, "submission_token": _token()},
    )
    event = Event.objects.get()
    assert event.programme == programme
    client.post(reverse("volunteers:event_edit", args=[event.pk]), {**data, "participants": 45})
    client.post(reverse("volunteers:event_archive", args=[event.pk]))
    page = client.get(reverse("volunteers:event_edit", args=[event.pk]))
    changes = [(c.field, c.old, c.new) for entry in page.context["history"] for c in entry.changes]
    assert ("participants", "40", "45") in changes
    programme_page = client.get(reverse("volunteers:programme", args=[programme.pk]))
    assert list(programme_page.context["events"]) == []  # archived


def test_a_placement_and_its_deliverable_are_recorded_edited_received_and_archived(
    client, manager, programme
):
    volunteer, host = _volunteer(programme), _host()
    data = {
        "volunteer": volunteer.pk, "host": host.pk, "programme": programme.pk,
        "theme": "Migration", "starts_on": "2026-03-01", "ends_on": "2026-12-31",
        "objectives": "", "status": "ongoing",
    }  # fmt: skip
    client.post(reverse("volunteers:placement_create"), {**data, "submission_token": _token()})
    placement = Placement.objects.get()
    client.post(
        reverse("volunteers:placement_edit", args=[placement.pk]), {**data, "theme": "Droits"}
    )
    placement.refresh_from_db()
    assert placement.theme == "Droits"

    client.post(
        reverse("volunteers:placement", args=[placement.pk]),
        {"kind": "study", "title": "Étude", "summary": "", "submission_token": _token()},
    )
    deliverable = Deliverable.objects.get()
    client.post(
        reverse("volunteers:deliverable_edit", args=[deliverable.pk]),
        {"kind": "mapping", "title": "Cartographie", "summary": "", "received_on": ""},
    )
    client.post(reverse("volunteers:deliverable_received", args=[deliverable.pk]))
    deliverable.refresh_from_db()
    assert (deliverable.kind, deliverable.title) == ("mapping", "Cartographie")
    assert deliverable.received_on == timezone.localdate()
    assert deliverable.history.count() == 3
    page = client.get(reverse("volunteers:deliverable_edit", args=[deliverable.pk]))
    kinds = [(c.field, c.old, c.new) for entry in page.context["history"] for c in entry.changes]
    assert ("type", "Étude", "Cartographie des acteurs") in kinds

    client.post(reverse("volunteers:deliverable_archive", args=[deliverable.pk]))
    client.post(reverse("volunteers:placement_archive", args=[placement.pk]))
    page = client.get(reverse("volunteers:placement", args=[placement.pk]))
    assert list(page.context["deliverables"]) == []
    assert placement.history.count() == 3
    assert Placement.objects.filter(archived=True).count() == Deliverable.objects.count() == 1


def test_archiving_needs_the_right_and_the_scope(client, users, programme, association_b):
    host = _host(association=association_b)
    placement = _placement(_volunteer(programme), host, programme, date(2026, 1, 1))
    client.force_login(users["coordinator"])  # sees placements of province A, may not change
    url = reverse("volunteers:placement_archive", args=[placement.pk])
    assert client.post(url).status_code == 403
    client.force_login(users["president"])
    assert client.post(url).status_code == 403
    assert not Placement.objects.get().archived


# -- end early, extend --------------------------------------------------------------------


@pytest.fixture
def placed(programme):
    volunteer = _volunteer(programme, status="active")
    return _placement(volunteer, _host(), programme, date(2026, 1, 1), date(2026, 12, 31))


def test_a_placement_ends_early_with_a_date_within_it_and_a_reason(client, manager, placed):
    url = reverse("volunteers:placement_end", args=[placed.pk])
    before = client.post(url, {"on": "2025-12-01", "reason": "Raisons familiales"})
    assert before.context["form"].errors["on"] == [
        "La fin ne peut précéder le début de la mission (01/01/2026)."
    ]
    after = client.post(url, {"on": "2027-01-15", "reason": "Raisons familiales"})
    assert "prolongez la mission" in after.context["form"].errors["on"][0]
    no_reason = client.post(url, {"on": "2026-06-30", "reason": ""})
    assert no_reason.context["form"].errors["reason"] == ["Ce champ est obligatoire."]

    assert client.post(url, {"on": "2026-06-30", "reason": "Raisons familiales"}).status_code == 302
    placed.refresh_from_db()
    assert (placed.status, placed.ends_on, placed.end_reason) == (
        "interrupted", date(2026, 6, 30), "Raisons familiales",
    )  # fmt: skip
    assert placed.history.latest().history_user == manager
    # Ended: neither ended again nor extended.
    again = client.post(url, {"on": "2026-06-01", "reason": "x"})
    assert again.context["form"].non_field_errors() == [
        "Cette mission n'est plus en cours : elle ne peut être ni arrêtée ni prolongée."
    ]


def test_a_placement_is_extended_to_a_later_end_when_the_volunteer_is_free(
    client, manager, placed, programme
):
    url = reverse("volunteers:placement_extend", args=[placed.pk])
    earlier = client.post(url, {"until": "2026-12-31"})
    assert earlier.context["form"].errors["until"] == [
        "La nouvelle fin doit suivre la fin actuelle (31/12/2026)."
    ]
    _placement(placed.volunteer, _host("Enda Mali", "Bamako"), programme, date(2027, 3, 1))
    busy = client.post(url, {"until": "2027-06-30"})
    assert busy.context["form"].errors["until"] == [
        "Ce volontaire a déjà une mission en cours sur cette période."
    ]
    assert client.post(url, {"until": "2027-02-28"}).status_code == 302
    placed.refresh_from_db()
    assert placed.ends_on == date(2027, 2, 28) and placed.status == "ongoing"


def test_a_placement_overlapping_another_under_way_or_ending_before_it_starts_is_refused(
    client, manager, placed, programme
):
    data = {
        "volunteer": placed.volunteer_id, "host": _host("Enda Mali", "Bamako").pk,
        "programme": programme.pk, "theme": "Migration", "starts_on": "2026-06-01",
        "ends_on": "", "objectives": "", "status": "planned",
    }  # fmt: skip
    response = client.post(reverse("volunteers:placement_create"), data)
    assert response.context["form"].errors["volunteer"] == [
        "Ce volontaire a déjà une mission en cours sur cette période."
    ]
    response = client.post(
        reverse("volunteers:placement_create"), {**data, "ends_on": "2026-05-01"}
    )
    assert response.context["form"].errors["ends_on"] == [
        "La fin de la mission doit suivre son début."
    ]
    # After the first one: accepted; an interrupted placement never blocks.
    response = client.post(
        reverse("volunteers:placement_create"), {**data, "starts_on": "2027-01-01"}
    )
    assert response.status_code == 302
    assert Placement.objects.count() == 2


# -- French errors, double submit ---------------------------------------------------------


def test_forms_say_what_is_wrong_in_french_beside_the_field(client, manager, programme):
    empty = client.post(reverse("volunteers:volunteer_create"), {})
    errors = empty.context["form"].errors
    assert errors["last_name"] == ["Ce champ est obligatoire."]
    assert errors["programme"] == ["Ce champ est obligatoire."]
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    bad = client.post(
        reverse("volunteers:volunteer_create"),
        {"born_on": future, "nationality": "Klingon", "email": "pas-un-mail"},
    )
    errors = bad.context["form"].errors
    assert errors["born_on"] == ["La date de naissance ne peut être dans le futur."]
    assert errors["email"] == ["Saisissez une adresse de courriel valide."]
    assert "Sélectionnez un choix valide" in errors["nationality"][0]
    programme_form = client.post(
        reverse("volunteers:programme_create"),
        {"name": "P", "coordinator": "C", "countries": ["Maroc"], "starts_on": "2026-05-01",
         "ends_on": "2026-01-01"},
    )  # fmt: skip
    assert programme_form.context["form"].errors["ends_on"] == [
        "La fin du programme doit suivre son début."
    ]
    _host()
    duplicate = client.post(
        reverse("volunteers:host_create"),
        {"name": "migration & développement", "kind": "association", "country": "Maroc",
         "city": "AGADIR"},
    )  # fmt: skip
    assert duplicate.context["form"].errors["name"] == [
        "Une structure d'accueil de ce nom existe déjà dans cette ville."
    ]


@pytest.mark.parametrize(
    ("url_name", "model", "data"),
    [
        ("volunteer_create", Volunteer, {
            "last_name": "Diop", "first_name": "Awa", "gender": "f",
            "nationality": "Sénégalaise", "category": "local", "status": "candidate"}),
        ("host_create", Host, {
            "name": "Enda Mali", "kind": "association", "country": "Mali", "city": "Bamako"}),
        ("programme_create", Programme, {
            "name": "VNU", "coordinator": "VNU", "countries": ["Maroc"],
            "starts_on": "2026-01-01"}),
    ],
)  # fmt: skip
def test_a_double_submit_makes_one_record(client, manager, programme, url_name, model, data):
    data = {**data, "programme": programme.pk, "submission_token": _token()}
    before = model.objects.count()
    first = client.post(reverse(f"volunteers:{url_name}"), data)
    second = client.post(reverse(f"volunteers:{url_name}"), data)
    assert model.objects.count() == before + 1
    assert first.url == second.url


def test_a_double_submit_of_a_deliverable_makes_one(client, manager, placed):
    data = {"kind": "study", "title": "Étude", "summary": "", "submission_token": _token()}
    url = reverse("volunteers:placement", args=[placed.pk])
    client.post(url, data)
    client.post(url, data)
    assert Deliverable.objects.count() == 1


# -- lists --------------------------------------------------------------------------------


def test_the_volunteer_list_finds_words_in_any_order_accents_and_case_ignored(
    client, manager, programme
):
    awa = _volunteer(programme, "Diop", "Awa")
    _volunteer(programme, "Diallo", "Aïcha", category="local")
    _volunteer(programme, "Koné", "Awa", status="active")

    def found(query):
        page = client.get(reverse("volunteers:volunteers") + query).context["page"]
        return [str(v) for v in page.object_list]

    assert found("?q=awa+DIOP") == [str(awa)]
    assert found("?q=aicha") == ["Aïcha Diallo"]
    assert found("?q=kone") == ["Awa Koné"]
    assert found("?q=awa") == ["Awa Diop", "Awa Koné"]
    assert found("?category=local") == ["Aïcha Diallo"]
    assert found("?status=active") == ["Awa Koné"]
    assert found(f"?programme={programme.pk}&status=bogus&category=x") == [
        "Aïcha Diallo", "Awa Diop", "Awa Koné",
    ]  # fmt: skip


def test_the_host_list_sorts_by_name_ignoring_case_and_accents(client, manager):
    for name in ("Éducation pour tous", "APSOPAD", "Afaq", "zagora Solidarité"):
        _host(name, "Rabat")
    page = client.get(reverse("volunteers:hosts")).context["page"]
    assert [h.name for h in page.object_list] == [
        "Afaq", "APSOPAD", "Éducation pour tous", "zagora Solidarité",
    ]  # fmt: skip
    searched = client.get(reverse("volunteers:hosts") + "?q=rabat+education").context["page"]
    assert [h.name for h in searched.object_list] == ["Éducation pour tous"]


def test_the_volunteer_list_is_paginated(client, manager, programme):
    Volunteer.objects.bulk_create(
        Volunteer(
            first_name="V", last_name=f"N{index:03d}", search_text=f"n{index:03d} v",
            gender="m", nationality="Marocaine", category="local", status="active",
            programme=programme,
        )
        for index in range(PAGE_SIZE + 7)
    )  # fmt: skip
    first = client.get(reverse("volunteers:volunteers") + "?status=active").context["page"]
    assert len(first.object_list) == PAGE_SIZE and first.paginator.count == PAGE_SIZE + 7
    second = client.get(reverse("volunteers:volunteers") + "?status=active&page=2")
    assert [v.last_name for v in second.context["page"].object_list][0] == f"N{PAGE_SIZE:03d}"
    assert len(second.context["page"].object_list) == 7
    assert "status=active&amp;page=2" in first_page_html(client)


def first_page_html(client) -> str:
    return client.get(reverse("volunteers:volunteers") + "?status=active").content.decode()


# -- the manager's home, the demo -----------------------------------------------------------


def test_the_managers_home_counts_their_active_volunteers_by_category_programme_and_country(
    client, manager, programme
):
    other = Programme.objects.create(
        name="VNU", coordinator="VNU", countries="Maroc", starts_on=date(2026, 1, 1)
    )
    today = timezone.localdate()
    rabat, dakar = _host("PNUD", "Rabat"), _host("IPAR", "Dakar", country="Sénégal")
    a = _volunteer(programme, "A", "A", status="active", category="un_national")
    b = _volunteer(other, "B", "B", status="active", category="un_national")
    _volunteer(other, "C", "C", status="active", category="local")
    _volunteer(other, "D", "D", status="active", category="local", archived=True)
    _volunteer(other, "E", "E", status="available", category="local")
    _placement(a, rabat, programme, today - timedelta(days=10), today + timedelta(days=30))
    _placement(b, dakar, other, today - timedelta(days=10), today + timedelta(days=200))
    # c: active but placed nowhere (counted, and said so)

    figures = active_volunteers(user=manager)
    assert figures.total == 3
    labels = {str(label): n for label, n in figures.by_category}
    assert labels == {"Volontaire national des Nations unies": 2, "Volontaire local": 1}
    assert figures.by_programme == [("VNU", 2), ("Programme pilote", 1)]
    assert sorted((str(label), n) for label, n in figures.by_country) == [
        ("Maroc", 1), ("Sénégal", 1),
    ]  # fmt: skip
    assert figures.unplaced == 1
    home = client.get(reverse("home"))
    assert home.context["ending"].total == 1
    assert "counts" not in home.context  # no registry counters on their home
    assert "3 volontaires en mission" in home.content.decode()


def test_the_demo_places_every_active_volunteer(reference_data):
    volunteers_seed()
    active = Volunteer.objects.filter(status="active")
    assert active.count() == 27
    under_way = Placement.objects.filter(volunteer__in=active, status="ongoing")
    assert under_way.values("volunteer").distinct().count() == 27
    today = timezone.localdate()
    assert all(p.starts_on <= today <= p.ends_on for p in under_way)
    assert 0 < under_way.filter(ends_on__lte=today + timedelta(days=90)).count() < 27


def test_in_arabic_nationalities_languages_and_countries_are_shown_in_arabic(
    client, manager, programme
):
    volunteer = _volunteer(programme, nationality="Marocaine", languages="Français, Arabe")
    host = _host(country="Sénégal")
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    try:
        page = client.get(reverse("volunteers:volunteer", args=[volunteer.pk])).content.decode()
        host_page = client.get(reverse("volunteers:host", args=[host.pk])).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the thread's language, for later tests
    assert "مغربية" in page and "الفرنسية, العربية" in page
    assert "السنغال" in host_page and "Sénégal" not in host_page
