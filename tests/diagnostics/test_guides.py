"""The library of guides and tools (issue 15, part 10): national staff publish guides in
French and Arabic tied to sub-dimensions; every role reads and downloads them (logged,
counted for national staff); a president is pointed to those answering the weak
sub-dimensions of their association's latest validated diagnostic; plan actions that
hand out guides link to them."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from diagnostics.forms import ERROR_GUIDES_KIND
from diagnostics.forms.guides import ERROR_NO_SUBDIMENSION
from diagnostics.models import Action, Diagnostic, Guide, Plan, Score, SubDimension
from diagnostics.selectors import guides_recommended, library_axes, needs_ranking
from diagnostics.services import guide_save, plan_draft_from_needs
from takwia.files.checks import ERROR_DOCUMENT_CONTENT
from takwia.models import FileDownload
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory
from tests.factories.files import PDF, PROGRAM, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def subdimensions(*codes):
    """The rows of the latest questionnaire with these codes (what the form links)."""
    version = library_axes()[0].version_id
    return list(SubDimension.objects.filter(axis__version_id=version, code__in=codes))


def make_guide(title, codes=(), *, kind=Guide.Kind.GUIDE, archived=False, file=None, **fields):
    guide = Guide.objects.create(
        kind=kind, title=title, archived=archived, file=file or "", **fields
    )
    guide.subdimensions.set(subdimensions(*codes))
    return guide


def form_data(**overrides):
    data = {
        "kind": "guide",
        "title": "Guide de la gestion financière",
        "title_ar": "دليل التدبير المالي",
        "description": "Tenir une comptabilité simple, pas à pas.",
        "description_ar": "مسك محاسبة بسيطة خطوة بخطوة.",
        "subdimension_codes": ["management.financial", "projects.accounting"],
    }
    data.update(overrides)
    return data


def scored(association, scores: dict, *, status=Diagnostic.Status.VALIDATED, days_ago=10):
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=association.commune.province),
        association=association,
        status=status,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    for code, score in scores.items():
        Score.objects.create(diagnostic=diagnostic, level="subdimension", code=code, score=score)
    return diagnostic


# Publishing


def test_national_staff_publish_a_guide_with_its_files_and_sub_dimensions(client, users):
    client.force_login(users["national"])
    response = client.post(
        reverse("diagnostics:guide_create"),
        form_data(file=upload("gestion financière.pdf", PDF), file_ar=upload("مالية.pdf", PDF)),
    )

    guide = Guide.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "diagnostics:guide", args=[guide.pk]
    )
    assert guide.created_by == users["national"] and not guide.archived
    assert guide.file.name.endswith("/gestion-financière.pdf")
    assert guide.file_ar.name.endswith("/مالية.pdf")
    assert sorted(sub.code for sub in guide.subdimensions.all()) == [
        "management.financial",
        "projects.accounting",
    ]
    assert guide.history.first().history_user == users["national"]
    # Its form names the stored files as given, with no link to /media/ (never served).
    edit = client.get(reverse("diagnostics:guide_update", args=[guide.pk])).content.decode()
    assert "gestion-financière.pdf" in edit and "مالية.pdf" in edit
    assert "/media/" not in edit


def test_a_program_renamed_pdf_or_a_guide_without_sub_dimension_is_refused_beside_its_field(
    client, users
):
    client.force_login(users["national"])
    renamed = client.post(
        reverse("diagnostics:guide_create"), form_data(file=upload("guide.pdf", PROGRAM))
    )
    unanchored = client.post(reverse("diagnostics:guide_create"), form_data(subdimension_codes=[]))

    assert renamed.status_code == 200 and unanchored.status_code == 200
    assert str(ERROR_DOCUMENT_CONTENT % {"extension": "pdf"}) in renamed.content.decode().replace(
        "&#x27;", "'"
    ).replace("&quot;", '"')
    assert renamed.context["form"].errors["file"]
    assert unanchored.context["form"].errors["subdimension_codes"] == [str(ERROR_NO_SUBDIMENSION)]
    assert not Guide.objects.exists()


def test_a_double_click_publishes_one_guide(client, users):
    client.force_login(users["national"])
    data = form_data(submission_token="8b3f5a0e-2d55-4a53-9b5e-7c3c1c8d2f10")
    first = client.post(reverse("diagnostics:guide_create"), data)
    second = client.post(reverse("diagnostics:guide_create"), data)

    assert Guide.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_only_national_staff_publish_edit_or_archive(client, users):
    guide = make_guide("Statuts types", ["governance.statutes"])
    for role in ("coordinator", "field_agent", "president", "volunteer_manager"):
        client.force_login(users[role])
        assert client.get(reverse("diagnostics:guide_create")).status_code == 403
        assert client.post(reverse("diagnostics:guide_create"), form_data()).status_code == 403
        assert client.post(reverse("diagnostics:guide_archive", args=[guide.pk])).status_code == 403
    assert Guide.objects.count() == 1 and not Guide.objects.get().archived


def test_an_edit_and_an_archive_are_kept_in_the_history_by_name(client, users):
    client.force_login(users["national"])
    client.post(reverse("diagnostics:guide_create"), form_data())
    guide = Guide.objects.get()
    client.post(
        reverse("diagnostics:guide_update", args=[guide.pk]),
        form_data(kind="tool", subdimension_codes=["management.financial"]),
    )
    client.post(reverse("diagnostics:guide_archive", args=[guide.pk]))

    guide.refresh_from_db()
    assert guide.archived and guide.kind == "tool"
    page = client.get(reverse("diagnostics:guide", args=[guide.pk])).content.decode()
    history = page[page.index('data-testid="history"') :]
    assert "Archivage" in history and "Outil de gestion" in history
    # The sub-dimension that was dropped is named, never coded.
    assert subdimensions("projects.accounting")[0].name_fr in history
    assert "projects.accounting" not in page
    # Restored, it is back in the library.
    client.post(reverse("diagnostics:guide_archive", args=[guide.pk]), {"archived": "0"})
    assert not Guide.objects.get().archived


# The library


def test_the_library_finds_words_in_any_order_and_filters_by_kind_axis_and_sub_dimension(
    client, users
):
    finance = make_guide(
        "Guide de la gestion financière", ["management.financial"], title_ar="دليل التدبير المالي"
    )
    statutes = make_guide(
        "Statuts types d'une association", ["governance.statutes"], kind=Guide.Kind.MODEL_DOCUMENT
    )
    make_guide("Ancien guide financier", ["management.financial"], archived=True)
    client.force_login(users["president"])
    url = reverse("diagnostics:guides")

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [guide.pk for guide in response.context["page"].object_list]

    assert listed() == [finance.pk, statutes.pk]  # the archived one is not in the library
    assert listed(q="FINANCIERE gestion") == [finance.pk]
    assert listed(q="المالي") == [finance.pk]
    assert listed(kind="model_document") == [statutes.pk]
    assert listed(axis="governance") == [statutes.pk]
    assert listed(subdimension="management.financial") == [finance.pk]
    assert listed(subdimension="management.financial", q="statuts") == []
    # A president does not reach archived guides from the library.
    assert listed(archived="1") == [finance.pk, statutes.pk]


def test_the_library_speaks_the_readers_language_and_names_sub_dimensions(client, users):
    make_guide(
        "Guide de la gestion financière",
        ["management.financial"],
        title_ar="دليل التدبير المالي",
        description="Tenir les comptes.",
        description_ar="مسك الحسابات.",
    )
    client.force_login(users["field_agent"])
    french = client.get(reverse("diagnostics:guides")).content.decode()
    client.cookies["django_language"] = "ar"
    with translation.override("ar"):
        arabic = client.get(reverse("diagnostics:guides"), HTTP_ACCEPT_LANGUAGE="ar").content
    arabic = arabic.decode()

    sub = subdimensions("management.financial")[0]
    assert "Guide de la gestion financière" in french and "Tenir les comptes." in french
    assert sub.name_fr in french
    assert "دليل التدبير المالي" in arabic and "مسك الحسابات." in arabic
    assert sub.name_ar in arabic
    assert "management.financial" not in french.replace(
        'value="management.financial"', ""
    ) and "management.financial" not in arabic.replace('value="management.financial"', "")


# Files


def test_every_download_is_logged_and_counted_for_national_staff_only(client, users):
    guide = make_guide("Guide", ["governance.statutes"], file=upload("guide.pdf", PDF))
    client.force_login(users["president"])
    response = client.get(reverse("diagnostics:guide_file", args=[guide.pk, "fr"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(users["coordinator"])
    client.get(reverse("diagnostics:guide_file", args=[guide.pk, "fr"]))

    assert list(
        FileDownload.objects.filter(
            record_type=ContentType.objects.get_for_model(Guide), record_id=guide.pk
        ).values_list("user__username", flat=True)
    ) == ["coordinateur", "president"]
    assert (
        'data-testid="guide-downloads"'
        not in client.get(reverse("diagnostics:guide", args=[guide.pk])).content.decode()
    )
    client.force_login(users["national"])
    detail = client.get(reverse("diagnostics:guide", args=[guide.pk]))
    library = client.get(reverse("diagnostics:guides"))
    assert detail.context["detail"].downloads == 2
    assert [g.downloads for g in library.context["page"].object_list] == [2]


def test_a_missing_file_or_an_unknown_language_is_a_404(client, users):
    guide = make_guide("Guide", ["governance.statutes"], file=upload("guide.pdf", PDF))
    client.force_login(users["national"])
    assert client.get(reverse("diagnostics:guide_file", args=[guide.pk, "ar"])).status_code == 404
    assert client.get(reverse("diagnostics:guide_file", args=[guide.pk, "en"])).status_code == 404
    assert not FileDownload.objects.exists()


# Recommendations


@pytest.fixture
def president_world(users, association_a):
    """Association A validated weak on statutes and finances, then submitted (not yet
    validated) weak on networking; guides on each, one archived, one on a strong point."""
    scored(
        association_a,
        {"governance.statutes": 20, "management.financial": 49.9, "communication.networking": 80},
        days_ago=30,
    )
    scored(
        association_a,
        {"communication.networking": 10, "governance.statutes": 90},
        status=Diagnostic.Status.SUBMITTED,
        days_ago=1,
    )
    return {
        "both": make_guide(
            "Bien gérer son association", ["governance.statutes", "management.financial"]
        ),
        "statutes": make_guide(
            "Statuts types", ["governance.statutes"], title_ar="نظام أساسي نموذجي"
        ),
        "archived": make_guide("Ancien guide des statuts", ["governance.statutes"], archived=True),
        "networking": make_guide("Rejoindre un réseau", ["communication.networking"]),
        "strong": make_guide("Vision", ["vision.vision"]),
    }


def test_a_president_is_recommended_the_guides_answering_their_latest_validated_weak_points(
    client, users, president_world
):
    client.force_login(users["president"])
    home = client.get(reverse("home"))

    recommended = home.context["guides"]
    # Most weak sub-dimensions answered first; archived, strong-point and the submitted
    # (not validated) diagnostic's weak point left out.
    assert [guide.title for guide in recommended] == ["Bien gérer son association", "Statuts types"]
    assert sorted(sub.code for sub in recommended[0].answers) == [
        "governance.statutes",
        "management.financial",
    ]
    page = home.content.decode()
    assert 'data-testid="guides-recommended"' in page
    assert subdimensions("management.financial")[0].name_fr in page
    association_page = client.get(
        reverse("associations:detail", args=[users["president"].association_id])
    )
    assert [g.title for g in association_page.context["guides"]] == [
        "Bien gérer son association",
        "Statuts types",
    ]


def test_recommendations_take_one_query_and_nothing_without_a_validated_diagnostic(
    users, president_world, association_b, django_assert_num_queries
):
    with django_assert_num_queries(1):
        guides_recommended(association=users["president"].association, user=users["president"])
    scored(association_b, {"governance.statutes": 10}, status=Diagnostic.Status.SUBMITTED)
    assert guides_recommended(association=association_b, user=users["national"]) == []
    # Out of the user's sight, the association's weak points recommend nothing.
    assert guides_recommended(association=association_b, user=users["coordinator"]) == []
    assert (
        guides_recommended(association=users["president"].association, user=users["no_role"]) == []
    )


# Plans


@pytest.fixture
def plan(province_a):
    campaign = CampaignFactory(province=province_a)
    return Plan.objects.create(
        province=province_a, campaign=campaign, title="Plan",
        starts_on=date(2026, 7, 1), ends_on=date(2027, 6, 30),
    )  # fmt: skip


def test_an_action_handing_out_guides_links_them_and_the_plan_page_shows_them(client, users, plan):
    guide = make_guide("Manuel de comptabilité", ["management.financial"])
    archived = make_guide("Vieux manuel", ["management.financial"], archived=True)
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:action_create", args=[plan.pk])
    form = client.get(url)
    assert list(form.context["form"].fields["guides"].queryset) == [guide]  # current only
    assert 'name="guides"' in form.content.decode()

    data = {
        "kind": "training", "title": "Atelier", "axis": "management",
        "subdimensions": ["management.financial"], "status": "planned", "guides": [guide.pk],
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.context["form"].errors["guides"] == [str(ERROR_GUIDES_KIND)]
    client.post(url, {**data, "kind": "guides"})

    action = plan.actions.get()
    assert list(action.guides.all()) == [guide]
    plan_page = client.get(reverse("diagnostics:plan", args=[plan.pk])).content.decode()
    assert reverse("diagnostics:guide", args=[guide.pk]) in plan_page
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("diagnostics:plan_export", args=[plan.pk])).content)
    )
    header, row = list(workbook["Actions"].iter_rows(values_only=True))
    assert row[header.index("Guides et outils")] == "Manuel de comptabilité"
    # Archived since, the guide stays offered on the action that hands it out.
    action.guides.add(archived)
    edit = client.get(reverse("diagnostics:action_update", args=[plan.pk, action.pk]))
    assert set(edit.context["form"].fields["guides"].queryset) == {guide, archived}
    guide_page = client.get(reverse("diagnostics:guide", args=[guide.pk]))
    assert guide_page.context["detail"].actions == [action]


def test_a_president_sees_the_guides_of_the_actions_aimed_at_them(client, users, plan):
    guide = make_guide("Manuel de comptabilité", ["management.financial"])
    action = Action.objects.create(
        plan=plan, kind=Action.Kind.GUIDES, title="Diffusion", axis="management"
    )
    action.targets.add(users["president"].association)
    action.guides.add(guide)
    client.force_login(users["president"])

    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="action-guides"' in home
    assert reverse("diagnostics:guide", args=[guide.pk]) in home


def test_a_drafted_plan_hands_out_the_guides_answering_a_management_need(users, province_a):
    campaign = CampaignFactory(province=province_a)
    for score in (10, 30):
        diagnostic = DiagnosticFactory(
            campaign=campaign,
            association=AssociationFactory(commune=province_a.communes.first()),
            status=Diagnostic.Status.SUBMITTED,
        )
        Score.objects.create(
            diagnostic=diagnostic, level="subdimension", code="management.financial", score=score
        )
    guide = make_guide("Manuel de comptabilité", ["management.financial"])
    make_guide("Archivé", ["management.financial"], archived=True)
    make_guide("Autre", ["governance.statutes"])

    plan = plan_draft_from_needs(
        campaign=campaign, needs=needs_ranking(campaign=campaign), user=users["coordinator"]
    ).plan

    action = plan.actions.get()
    assert action.kind == Action.Kind.GUIDES
    assert list(action.guides.all()) == [guide]


# Queries


def test_the_library_page_reads_a_constant_number_of_queries(
    client, users, django_assert_max_num_queries
):
    codes = ["governance.statutes", "management.financial", "vision.vision"]

    def add(n):
        for i in range(n):
            guide = make_guide(f"Guide {Guide.objects.count()}", codes[: 1 + i % 3],
                               file=upload("g.pdf", PDF))  # fmt: skip
            FileDownload.objects.create(
                user=users["president"], record_type=ContentType.objects.get_for_model(Guide),
                record_id=guide.pk, file_name=guide.file.name,
            )  # fmt: skip

    add(2)
    counts = {}
    pages = [
        reverse("diagnostics:guides"),
        reverse("diagnostics:guides") + "?q=guide&axis=governance&kind=guide",
        reverse("diagnostics:guide", args=[Guide.objects.first().pk]),
    ]
    for role in ("national", "president"):
        client.force_login(users[role])
        for path in pages:
            assert client.get(path).status_code == 200
            cache.clear()
            with django_assert_max_num_queries(12, info=path) as small:
                client.get(path)
            counts[role, path] = len(small.captured_queries)
    add(25)
    for role in ("national", "president"):
        client.force_login(users[role])
        for path in pages:
            cache.clear()
            with django_assert_max_num_queries(counts[role, path], info=path):
                assert client.get(path).status_code == 200


def test_guide_save_credits_the_publisher_once(users):
    from diagnostics.forms import GuideForm

    form = GuideForm(data=form_data())
    assert form.is_valid(), form.errors
    guide = guide_save(form=form, user=users["national"])
    form = GuideForm(data=form_data(title="Nouveau titre"), instance=guide)
    assert form.is_valid(), form.errors
    guide_save(form=form, user=users["coordinator"])
    guide.refresh_from_db()
    assert guide.created_by == users["national"] and guide.title == "Nouveau titre"
