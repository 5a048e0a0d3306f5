"""A campaign's raw data: one row per counted diagnostic, one column per question (codes),
exact stored scores, stratum and weights, CSV and XLSX with a codebook; scoped and logged."""

import csv
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from associations.models import Milieu
from diagnostics.models import CampaignExport, Diagnostic, SampleEntry
from diagnostics.selectors import campaign_raw_rows, campaign_results
from diagnostics.services import (
    diagnostic_save_answers,
    diagnostic_submit,
    diagnostic_validate,
    structure_for,
)
from takwia.figures import round_half_up
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory, UserFactory

pytestmark = pytest.mark.django_db

URBAN, RURAL = "urban/test", "rural/test"
N_URBAN, N_RURAL = 20, 10  # registry sizes of the two strata at the draw
FORMULA = '=HYPERLINK("http://exemple.test")'


def baseline(structure) -> dict:
    """A valid answer to every question, "no" and the lowest choice where there is one."""
    answers = {}
    for question in structure.questions:
        kind, spec = question.kind, question.spec
        if kind == "yes_no":
            answers[question.code] = "no"
        elif kind in {"single", "multiple"}:
            code = spec["choices"][0]["code"]
            answers[question.code] = [code] if kind == "multiple" else code
        elif kind in {"integer", "scale"}:
            answers[question.code] = str(spec.get("min", 0))
        elif kind == "date":
            answers[question.code] = "15/01/2026"
        else:
            answers[question.code] = "Rien à signaler"
    return answers


def diagnosed(campaign, user, *, commune, answers: dict, validate=False) -> Diagnostic:
    """A diagnostic entered through the services as the pages do: saved, submitted."""
    diagnostic = DiagnosticFactory(campaign=campaign, association__commune=commune)
    structure = structure_for(campaign.version)
    result = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers={**baseline(structure), **answers},
        lock_version=diagnostic.lock_version,
        user=user,
    )
    assert not result.errors
    assert (
        diagnostic_submit(diagnostic=diagnostic, user=user, lock_version=result.lock_version) == []
    )
    if validate:
        diagnostic_validate(diagnostic=diagnostic, user=user)
    return diagnostic


def drawn(campaign, association, stratum, population):
    SampleEntry.objects.update_or_create(
        campaign=campaign,
        association=association,
        defaults={"stratum": stratum, "population": population},
    )


@pytest.fixture
def campaign(province_a, users):
    """A drawn sample of two strata. Urban (N = 20): 2 drawn, 1 diagnosed (A, validated).
    Rural (N = 10): 3 drawn, 1 diagnosed (B, submitted). C added by hand (submitted);
    one draft, never exported."""
    campaign = CampaignFactory(province=province_a, sample_seed=7)
    urban = province_a.communes.filter(milieu=Milieu.URBAN).order_by("code").first()
    rural = province_a.communes.filter(milieu=Milieu.RURAL).order_by("code").first()
    agent = users["national"]
    a = diagnosed(
        campaign,
        agent,
        commune=urban,
        answers={
            "prj_completed_count": "3",
            "prj_targets": ["women", "youth"],
            "prj_monitoring": "no",
            "prj_evaluation": "no",
            "prj_lessons": FORMULA,
            # Premises: no. The provider given anyway is not asked: cleared by the server.
            "res_premises": "no",
            "res_premises_provider": "own",
            "com_partnership_ever": "yes",
            "com_partner_kinds": ["government", "private"],
            "com_partner_communication": "good",
            "gov_youth_participation": "3",
        },
        validate=True,
    )
    b = diagnosed(
        campaign,
        agent,
        commune=rural,
        answers={
            "prj_completed_count": "0",
            "res_premises": "yes",
            "res_premises_provider": "rented",
            "res_premises_state": "fair",
            "com_partnership_ever": "yes",
            "com_partner_kinds": ["associations"],
            "com_partner_communication": "weak",
        },
    )
    c = diagnosed(campaign, agent, commune=rural, answers={"com_partnership_ever": "no"})
    drawn(campaign, a.association, URBAN, N_URBAN)
    drawn(campaign, AssociationFactory(commune=urban), URBAN, N_URBAN)
    drawn(campaign, b.association, RURAL, N_RURAL)
    for _ in range(2):
        drawn(campaign, AssociationFactory(commune=rural), RURAL, N_RURAL)
    DiagnosticFactory(campaign=campaign, association__commune=rural)  # a draft
    campaign.a, campaign.b, campaign.c = a, b, c
    return campaign


def csv_rows(response) -> list[dict]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def number(cell: str) -> Decimal:
    """A CSV decimal (decimal comma) read back exactly."""
    return Decimal(cell.replace(",", "."))


def test_the_csv_has_one_row_per_counted_diagnostic_with_answers_as_codes(client, users, campaign):
    client.force_login(users["coordinator"])
    response = client.get(reverse("diagnostics:campaign_export_csv", args=[campaign.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {int(row["diagnostic_id"]): row for row in csv_rows(response)}
    a, b, c = campaign.a, campaign.b, campaign.c
    assert set(rows) == {a.pk, b.pk, c.pk}  # the draft is not counted
    assert rows[a.pk]["statut"] == "validated" and rows[b.pk]["statut"] == "submitted"
    assert rows[a.pk]["valide_le"] != "" and rows[b.pk]["valide_le"] == ""
    assert rows[a.pk]["milieu"] == "urban" and rows[b.pk]["milieu"] == "rural"
    assert rows[a.pk]["association_id"] == str(a.association_id)
    assert rows[a.pk]["province_code"] == "05.301"
    # Multiple choice: the ticked codes, space-separated, in the questionnaire's order.
    assert rows[a.pk]["prj_targets"] == "women youth"
    assert rows[a.pk]["com_partner_kinds"] == "government private"
    # Yes / no as 1 / 0; integers and scales as written.
    assert (rows[a.pk]["res_premises"], rows[b.pk]["res_premises"]) == ("0", "1")
    assert rows[a.pk]["prj_completed_count"] == "3" and rows[a.pk]["gov_youth_participation"] == "3"
    # Not asked (premises: no; no completed project; no partnership): empty cells.
    assert rows[a.pk]["res_premises_provider"] == "" and rows[a.pk]["res_premises_state"] == ""
    assert rows[b.pk]["res_premises_provider"] == "rented"
    assert rows[b.pk]["prj_targets"] == rows[b.pk]["prj_lessons"] == ""
    assert rows[c.pk]["com_partner_kinds"] == ""
    # A text that a spreadsheet would run as a formula is neutralised.
    assert rows[a.pk]["prj_lessons"] == "'" + FORMULA


def test_score_columns_are_the_exact_stored_scores(client, users, campaign):
    client.force_login(users["national"])
    rows = {
        int(row["diagnostic_id"]): row
        for row in csv_rows(
            client.get(reverse("diagnostics:campaign_export_csv", args=[campaign.pk]))
        )
    }
    structure = structure_for(campaign.version)
    for diagnostic in (campaign.a, campaign.b, campaign.c):
        diagnostic.refresh_from_db()
        row = rows[diagnostic.pk]
        stored = {(s.level, s.code): s.score for s in diagnostic.scores.all()}
        for _axis, sub in structure.subdimensions:
            cell = row["score_sd_" + sub.code]
            if ("subdimension", sub.code) not in stored:
                assert cell == ""  # none of its questions was asked
                continue
            assert number(cell) == stored[("subdimension", sub.code)]
            # Ten decimals, as stored: never rounded to the displayed tenth.
            assert len(cell.split(",")[1]) == 10
        for axis in structure.axes:
            assert number(row["score_axe_" + axis.code]) == stored[("axis", axis.code)]
        assert number(row["score_global"]) == diagnostic.overall_score
    # No completed project: the monitoring sub-dimension is not scored for C.
    assert rows[campaign.c.pk]["score_sd_projects.monitoring"] == ""
    # Governance bodies: 2 of 15 points for the baseline answers, 13.3333333333 stored,
    # written whole (the page shows 13,3).
    bodies = rows[campaign.c.pk]["score_sd_governance.bodies"]
    assert bodies == "13,3333333333" and round_half_up(number(bodies)) == Decimal("13.3")


def test_weights_are_n_h_over_the_diagnosed_of_the_stratum_and_blank_when_added_by_hand(
    client, users, campaign
):
    client.force_login(users["national"])
    rows = {
        int(row["diagnostic_id"]): row
        for row in csv_rows(
            client.get(reverse("diagnostics:campaign_export_csv", args=[campaign.pk]))
        )
    }
    a, b, c = rows[campaign.a.pk], rows[campaign.b.pk], rows[campaign.c.pk]
    assert (a["strate"], a["N_h"], a["n_h_tires"], a["r_h"]) == (URBAN, "20", "2", "1")
    assert (b["strate"], b["N_h"], b["n_h_tires"], b["r_h"]) == (RURAL, "10", "3", "1")
    # Design weight N_h / n_h, estimation weight N_h / r_h (non-response within the stratum).
    assert number(a["poids_plan"]) == Fraction(20, 2) and number(a["poids_estimation"]) == 20
    assert number(b["poids_estimation"]) == Fraction(10, 1)
    assert b["poids_plan"] == "3,3333333333"  # 10 / 3 to ten decimals
    assert all(c[key] == "" for key in ("strate", "N_h", "poids_plan", "poids_estimation"))


def test_a_statistician_redoes_a_finding_from_the_file(client, users, campaign):
    """Partnership with a government institution: asked of associations that have had
    a partnership (A and B), held by A."""
    client.force_login(users["national"])
    rows = csv_rows(client.get(reverse("diagnostics:campaign_export_csv", args=[campaign.pk])))

    in_base = [row for row in rows if row["com_partner_kinds"]]
    hits = [row for row in in_base if "government" in row["com_partner_kinds"].split()]
    weight = {row["diagnostic_id"]: Fraction(int(row["N_h"]), int(row["r_h"])) for row in in_base}
    estimate = sum(weight[row["diagnostic_id"]] for row in hits) / sum(weight.values())

    results = campaign_results(campaign=campaign)
    share = next(
        share
        for _axis, shares in results.by_axis
        for share in shares
        if share.finding.code == "com_partner_government"
    )
    assert (len(hits), len(in_base)) == (share.count, share.base) == (1, 2)
    assert estimate == share.estimate.share == Fraction(20, 20 + 10)


def test_validated_only_exports_the_validated_and_counts_them_in_r_h(client, users, campaign):
    client.force_login(users["national"])
    url = reverse("diagnostics:campaign_export_csv", args=[campaign.pk]) + "?statuses=validated"
    rows = csv_rows(client.get(url))
    assert [int(row["diagnostic_id"]) for row in rows] == [campaign.a.pk]
    assert rows[0]["r_h"] == "1"


def test_the_xlsx_holds_the_same_data_and_a_codebook(client, users, campaign):
    client.force_login(users["field_agent"])
    response = client.get(reverse("diagnostics:campaign_export_xlsx", args=[campaign.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Données", "Dictionnaire"]
    data = list(workbook["Données"].iter_rows(values_only=True))
    headers = data[0]
    rows = {row[0]: dict(zip(headers, row, strict=True)) for row in data[1:]}
    a = rows[campaign.a.pk]
    assert a["prj_targets"] == "women youth" and a["prj_lessons"] == "'" + FORMULA
    assert a["res_premises_provider"] is None and a["res_premises"] == 0
    stored = campaign.a.scores.get(level="subdimension", code="governance.bodies").score
    assert Decimal(repr(a["score_sd_governance.bodies"])) == stored
    assert a["poids_estimation"] == 20 and a["soumis_le"] is not None

    codebook = {
        row[0]: row
        for row in workbook["Dictionnaire"].iter_rows(values_only=True)
        if row and row[0] is not None
    }
    assert set(headers) <= set(codebook)
    _col, label, section, kind, codes, condition, note = codebook["prj_targets"]
    assert label == "Qui les projets ciblent-ils ?" and kind == "Choix multiple"
    assert codes.startswith("women = Les femmes ; children = Les enfants")
    assert condition == "prj_completed_count au moins 1"
    assert "séparés par une espace" in note
    assert codebook["res_premises_provider"][5] == "res_premises vaut 1 (oui)"
    assert codebook["res_premises"][4] == "1 = oui ; 0 = non"
    assert "Gouvernance" in codebook["score_axe_governance"][1]
    notes = " ".join(row[0] for row in codebook.values() if len(row) == 1 or row[1] is None)
    assert "10 décimales, non arrondies" in notes and "N_h / r_h" in notes


def test_each_download_is_logged(client, users, campaign):
    client.force_login(users["coordinator"])
    client.get(reverse("diagnostics:campaign_export_csv", args=[campaign.pk]))
    client.get(
        reverse("diagnostics:campaign_export_xlsx", args=[campaign.pk]) + "?statuses=validated"
    )
    logs = list(CampaignExport.objects.order_by("pk").values_list(
        "user__username", "campaign", "file_format", "validated_only", "rows"
    ))  # fmt: skip
    assert logs == [
        ("coordinateur", campaign.pk, "csv", False, 3),
        ("coordinateur", campaign.pk, "xlsx", True, 1),
    ]


def test_another_province_coordinator_gets_a_404_and_a_president_a_403(
    client, users, campaign, province_b
):
    outsider = UserFactory(coordinator=True, provinces=[province_b])
    for name in ("diagnostics:campaign_export_csv", "diagnostics:campaign_export_xlsx"):
        url = reverse(name, args=[campaign.pk])
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        client.force_login(users["president"])
        assert client.get(url).status_code == 403
    assert not CampaignExport.objects.exists()


def test_the_results_page_links_to_the_raw_data_with_its_statuses(client, users, campaign):
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:campaign_results", args=[campaign.pk])
    page = client.get(url + "?statuses=validated").content.decode()
    csv_url = reverse("diagnostics:campaign_export_csv", args=[campaign.pk])
    assert "Données brutes" in page and f'href="{csv_url}?statuses=validated"' in page


@pytest.mark.parametrize("name", ["campaign_export_csv", "campaign_export_xlsx"])
@pytest.mark.parametrize("size", [2, 6])
def test_an_export_takes_a_constant_number_of_queries(
    client, users, province_a, size, name, django_assert_max_num_queries
):
    campaign = CampaignFactory(province=province_a, sample_seed=1)
    commune = province_a.communes.order_by("code").first()
    for _ in range(size):
        diagnostic = diagnosed(campaign, users["national"], commune=commune, answers={})
        drawn(campaign, diagnostic.association, URBAN, 50)
    client.force_login(users["coordinator"])
    url = reverse(f"diagnostics:{name}", args=[campaign.pk])
    # Session, user, campaign, the log (count, insert), the strata (2), one chunk (4).
    with django_assert_max_num_queries(11):
        response = client.get(url)
        if name.endswith("csv"):
            rows = csv_rows(response)
        else:
            rows = list(load_workbook(io.BytesIO(response.content))["Données"].iter_rows())[1:]
    assert len(rows) == size


@pytest.mark.parametrize("size", [3, 9])
def test_rows_are_read_in_chunks_of_four_queries(
    users, province_a, size, django_assert_num_queries
):
    campaign = CampaignFactory(province=province_a, sample_seed=1)
    commune = province_a.communes.order_by("code").first()
    for _ in range(size):
        diagnostic = diagnosed(campaign, users["national"], commune=commune, answers={})
        drawn(campaign, diagnostic.association, URBAN, 50)
    structure_for(campaign.version)  # cached per process
    chunks = size // 3
    # Two for the strata; four per full chunk (diagnostics, answers, scores, domains);
    # one that finds the last chunk empty.
    with django_assert_num_queries(2 + 4 * chunks + 1):
        rows = list(campaign_raw_rows(campaign=campaign, chunk_size=3))
    assert len(rows) == size
