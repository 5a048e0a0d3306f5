import pytest
from django.urls import reverse

from associations.forms import ERROR_CONCURRENT_EDIT, ERROR_FUTURE_DATE
from associations.models import Association, Domain
from tests.factories import AssociationFactory


@pytest.fixture
def national_client(client, users):
    client.force_login(users["national"])
    return client


def _form_data(association=None, **changes):
    data = {
        "name_fr": "Association Élan féminin",
        "name_ar": "جمعية الأمل",
        "commune": association.commune_id if association else None,
        "status": "active",
        "founded_on": "18/05/2010",
    }
    if association is not None:
        data.update(
            name_fr=association.name_fr,
            name_ar=association.name_ar,
            version=association.updated_at.isoformat(),
        )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["elan feminin", "ÉLAN", "Élan Féminin", "الامل", "جمعيّة الأمل", "AEF"]
)
def test_search_ignores_accents_case_and_finds_arabic_names(national_client, association_a, query):
    wanted = AssociationFactory(
        name_fr="Association Élan Féminin",
        name_ar="جمعية الأمل",
        acronym="AEF",
        commune=association_a.commune,
    )
    response = national_client.get(reverse("associations:list"), {"q": query})
    assert list(response.context["page"].object_list) == [wanted]


@pytest.mark.django_db
def test_province_filter_takes_the_official_code(
    national_client, association_a, association_b, province_b
):
    response = national_client.get(reverse("associations:list"), {"province": province_b.code})
    assert list(response.context["page"].object_list) == [association_b]


@pytest.mark.django_db
def test_filters_by_domain_period_and_milieu(national_client, association_a):
    health = Domain.objects.get(code="sante")
    old = AssociationFactory(commune=association_a.commune, founded_on="1998-03-01")
    old.domains.add(health)
    AssociationFactory(commune=association_a.commune, founded_on="2012-03-01")
    response = national_client.get(
        reverse("associations:list"),
        {"domain": "sante", "period": "before", "milieu": association_a.commune.milieu},
    )
    assert list(response.context["page"].object_list) == [old]


@pytest.mark.django_db
def test_archived_associations_leave_the_list_but_can_be_shown(national_client, association_a):
    gone = AssociationFactory(commune=association_a.commune, archived=True)
    AssociationFactory(commune=association_a.commune)  # two current, one archived
    listed = national_client.get(reverse("associations:list")).context["page"].object_list
    assert gone not in listed
    response = national_client.get(reverse("associations:list"), {"archived": "on"})
    assert list(response.context["page"].object_list) == [gone]
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_a_coordinator_lists_only_their_province(client, users, association_a, association_b):
    client.force_login(users["coordinator"])
    response = client.get(reverse("associations:list"))
    assert list(response.context["page"].object_list) == [association_a]
    # Another province's code is not even a valid choice.
    response = client.get(
        reverse("associations:list"), {"province": association_b.commune.province.code}
    )
    assert list(response.context["page"].object_list) == []


@pytest.mark.django_db
def test_the_list_keeps_a_constant_number_of_queries(
    national_client, association_a, django_assert_max_num_queries
):
    url = reverse("associations:list")
    national_client.get(url, {"q": "test"})
    with django_assert_max_num_queries(12) as few:
        national_client.get(url, {"q": "test", "province": association_a.commune.province.code})
    AssociationFactory.create_batch(60, commune=association_a.commune)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = national_client.get(
            url, {"q": "test", "province": association_a.commune.province.code}
        )
    assert response.context["page"].paginator.count == 61
    assert len(response.context["page"].object_list) == 50


@pytest.mark.django_db
def test_creating_an_association_records_it_and_its_author(national_client, users, association_a):
    response = national_client.post(
        reverse("associations:create"),
        _form_data(
            commune=association_a.commune_id,
            phone="0612345678",
            domains=[Domain.objects.get(code="femmes").pk],
        ),
    )
    created = Association.objects.get(name_fr="Association Élan féminin")
    assert response["Location"] == reverse("associations:detail", args=[created.pk])
    authors = set(created.history.values_list("history_user", flat=True))
    assert authors == {users["national"].pk}
    assert created.search_text == "association elan feminin جمعيه الامل"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "Numéro marocain attendu"),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse de courriel valide"),
        ({"founded_on": "01/01/2999"}, "founded_on", str(ERROR_FUTURE_DATE)),
        ({"founded_on": "31/02/2010"}, "founded_on", "Saisissez une date valide"),
        ({"members_count": "-3"}, "members_count", "supérieure ou égale à 0"),
    ],
)
def test_bad_input_is_refused_in_french_beside_the_field(
    national_client, association_a, changes, field, message
):
    response = national_client.post(
        reverse("associations:create"), _form_data(commune=association_a.commune_id, **changes)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Association.objects.filter(name_fr="Association Élan féminin").exists()


@pytest.mark.django_db
def test_registration_reference_is_unique(national_client, association_a):
    AssociationFactory(commune=association_a.commune, registration_ref="REC-2010-15")
    response = national_client.post(
        reverse("associations:create"),
        _form_data(commune=association_a.commune_id, registration_ref="REC-2010-15"),
    )
    assert "existe déjà" in " ".join(response.context["form"].errors["registration_ref"])


@pytest.mark.django_db
def test_a_probable_duplicate_in_the_same_commune_asks_for_confirmation(
    national_client, association_a
):
    AssociationFactory(commune=association_a.commune, name_fr="Association Elan Feminin")
    data = _form_data(commune=association_a.commune_id)
    response = national_client.post(reverse("associations:create"), data)
    assert "nom très proche existe déjà" in " ".join(response.context["form"].errors["name_fr"])
    response = national_client.post(
        reverse("associations:create"), {**data, "confirm_not_duplicate": "on"}
    )
    assert response.status_code == 302
    assert Association.objects.filter(commune=association_a.commune).count() == 3


@pytest.mark.django_db
def test_an_edit_made_meanwhile_is_detected_not_overwritten(client, users, association_a):
    client.force_login(users["field_agent"])
    url = reverse("associations:update", args=[association_a.pk])
    stale = _form_data(association_a, acronym="AAA")
    # Someone else saves first.
    association_a.acronym = "ZZZ"
    association_a.save()
    response = client.post(url, stale)
    assert response.status_code == 200
    assert str(ERROR_CONCURRENT_EDIT) in response.content.decode().replace("&#x27;", "'")
    association_a.refresh_from_db()
    assert association_a.acronym == "ZZZ"


@pytest.mark.django_db
def test_the_detail_page_shows_who_changed_what(client, users, association_a):
    client.force_login(users["field_agent"])
    client.post(
        reverse("associations:update", args=[association_a.pk]),
        _form_data(association_a, acronym="TIF", status="dormant"),
    )
    response = client.get(reverse("associations:detail", args=[association_a.pk]))
    latest = response.context["history"][0]
    assert latest.user == users["field_agent"]
    changes = {(change.field, change.old, change.new) for change in latest.changes}
    assert ("sigle", "—", "TIF") in changes
    # A choice reads by its label, never its code.
    assert ("statut", "Active", "En sommeil") in changes
    assert "dormant" not in response.content.decode()


@pytest.mark.django_db
def test_archiving_is_a_post_and_keeps_the_record(national_client, association_a):
    url = reverse("associations:archive", args=[association_a.pk])
    assert national_client.post(url).status_code == 302
    association_a.refresh_from_db()
    assert association_a.archived is True
    national_client.post(url)
    association_a.refresh_from_db()
    assert association_a.archived is False


@pytest.mark.django_db
def test_a_field_agent_cannot_archive_outside_their_province(client, users, association_b):
    client.force_login(users["field_agent"])
    response = client.post(reverse("associations:archive", args=[association_b.pk]))
    assert response.status_code == 404
    association_b.refresh_from_db()
    assert association_b.archived is False


@pytest.mark.django_db
def test_a_field_agent_can_only_pick_communes_of_their_province(client, users, association_b):
    client.force_login(users["field_agent"])
    response = client.post(
        reverse("associations:create"), _form_data(commune=association_b.commune_id)
    )
    assert "Sélectionnez un choix valide" in " ".join(response.context["form"].errors["commune"])


@pytest.mark.django_db
def test_search_within_a_province_finds_the_same_as_nationally(client, users, association_a):
    """The province-narrowed search matches without the trigram index: same results."""
    wanted = AssociationFactory(name_fr="Association Élan", commune=association_a.commune)
    client.force_login(users["coordinator"])
    response = client.get(reverse("associations:list"), {"q": "ELAN"})
    assert list(response.context["page"].object_list) == [wanted]
    client.force_login(users["national"])
    province = association_a.commune.province.code
    response = client.get(reverse("associations:list"), {"q": "élan", "province": province})
    assert list(response.context["page"].object_list) == [wanted]


@pytest.mark.django_db
def test_the_history_names_changed_domains_in_a_constant_number_of_queries(
    client, users, association_a, django_assert_max_num_queries
):
    client.force_login(users["national"])
    url = reverse("associations:detail", args=[association_a.pk])
    association_a.domains.add(Domain.objects.get(code="femmes"))
    association_a.acronym = "A0"
    association_a.save()
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    health = Domain.objects.get(code="sante")
    association_a.domains.add(health)
    for number in range(1, 10):
        association_a.acronym = f"A{number}"
        association_a.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        history = client.get(url).context["history"]
    changed = [
        (change.field, change.old, change.new)
        for entry in history
        for change in entry.changes
        if "Santé" in change.new
    ]
    assert (
        "domaines d'intervention",
        "Intégration des femmes",
        "Intégration des femmes, Santé",
    ) in changed


@pytest.mark.django_db
@pytest.mark.parametrize("narrowed", [False, True])
def test_search_finds_the_words_in_any_order(client, users, association_a, narrowed):
    """ "TIFAWIN développement" found "Association Tifawin pour le développement"."""
    commune = association_a.commune
    wanted = AssociationFactory(
        name_fr="Association Tifawin pour le développement", commune=commune
    )
    AssociationFactory(name_fr="Association Tifawin des femmes", commune=commune)
    AssociationFactory(name_fr="Développement durable", commune=commune)
    client.force_login(users["coordinator" if narrowed else "national"])
    for query in ["TIFAWIN développement", "developpement tifawin", "  tifawin   DEVELOPPEMENT "]:
        response = client.get(reverse("associations:list"), {"q": query})
        assert list(response.context["page"].object_list) == [wanted], query


@pytest.mark.django_db
def test_sorting_by_name_ignores_case_and_accents(national_client, association_a):
    commune = association_a.commune
    names = ["APSOPAD", "Afaq", "Éducation pour tous", "Espoir", "amal", "Zitoune"]
    for name in names:
        AssociationFactory(name_fr=name, commune=commune)
    response = national_client.get(
        reverse("associations:list"), {"commune": commune.code, "sort": "name"}
    )
    shown = [a.name_fr for a in response.context["page"].object_list if a.name_fr in names]
    assert shown == ["Afaq", "amal", "APSOPAD", "Éducation pour tous", "Espoir", "Zitoune"]


@pytest.mark.django_db
def test_an_association_may_have_only_an_arabic_name_but_not_none(national_client, association_a):
    url = reverse("associations:create")
    none = national_client.post(
        url, _form_data(commune=association_a.commune_id, name_fr="", name_ar="")
    )
    assert "Indiquez le nom en français ou en arabe." in " ".join(
        none.context["form"].errors["name_fr"]
    )
    response = national_client.post(
        url, _form_data(commune=association_a.commune_id, name_fr="", name_ar="جمعية الأمل")
    )
    created = Association.objects.get(name_ar="جمعية الأمل")
    assert response["Location"] == reverse("associations:detail", args=[created.pk])
    assert created.name == "جمعية الأمل" and created.sort_name == "جمعيه الامل"
    # A near-duplicate by its Arabic name is caught like a French one.
    again = national_client.post(
        url, _form_data(commune=association_a.commune_id, name_fr="", name_ar="جمعيّة الأمل")
    )
    assert "name_ar" in again.context["form"].errors
