"""The questionnaire as an XLSForm for KoboToolbox and ODK Collect: ODK's own converter
(pyxform) accepts every version; conditions, bounds and exclusive choices carry over."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from diagnostics.models import QuestionnaireVersion
from diagnostics.questionnaire import kinds
from diagnostics.questionnaire.xlsform import FR, relevant, xlsform_bytes
from diagnostics.services import structure_for

pytestmark = pytest.mark.django_db


def sheet_rows(content: bytes, name: str) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content))[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("number", [1, 2])
def test_every_version_converts_with_pyxform_without_a_warning(number, tmp_path):
    out = tmp_path / f"v{number}.xlsx"
    call_command("export_xlsform", "--version", str(number), "--out", str(out))

    warnings: list[str] = []
    result = convert(xlsform=str(out), warnings=warnings)

    assert warnings == []
    assert f'id="takwia_v{number}"' in result.xform
    structure = structure_for(QuestionnaireVersion.objects.get(number=number))
    for question in structure.questions:
        assert f"/{question.code}" in result.xform


def test_the_association_identifier_comes_first_and_is_required():
    structure = structure_for(QuestionnaireVersion.objects.get(number=2))

    first = sheet_rows(xlsform_bytes(structure), "survey")[0]

    assert (first["type"], first["name"], first["required"]) == ("text", "association_ref", "yes")
    assert first[f"required_message::{FR}"] == kinds.ERROR_REQUIRED


def test_conditions_ranges_and_exclusive_choices_carry_over():
    structure = structure_for(QuestionnaireVersion.objects.get(number=2))
    rows = {row["name"]: row for row in sheet_rows(xlsform_bytes(structure), "survey")}

    assert rows["gov_internal_rules_applied"]["relevant"] == "${gov_internal_rules} = 'yes'"
    ga = rows["gov_ga_count_3y"]
    assert (ga["type"], ga["constraint"]) == ("integer", ". >= 0 and . <= 60")
    assert ga[f"constraint_message::{FR}"] == "Nombre entre 0 et 60 attendu."
    skills = rows["res_skills"]
    assert skills["type"] == "select_multiple res_skills"
    exclusive = [c for c in structure.by_code["res_skills"].spec["choices"] if c.get("exclusive")]
    assert skills["constraint"] == (
        f"not(selected(., '{exclusive[0]['code']}') and count-selected(.) > 1)"
    )


def test_choices_come_in_both_languages():
    structure = structure_for(QuestionnaireVersion.objects.get(number=2))
    question = structure.by_code["gov_management_mode"]

    choices = [
        row
        for row in sheet_rows(xlsform_bytes(structure), "choices")
        if row["list_name"] == question.code
    ]

    assert [(c["name"], c[f"label::{FR}"]) for c in choices] == [
        (choice.code, choice.label_fr) for choice in question.choices.all()
    ]


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        ({"question": "a", "equals": True}, "${a} = 'yes'"),
        ({"question": "a", "equals": "x"}, "${a} = 'x'"),
        ({"question": "a", "equals": 3}, "${a} = 3"),
        ({"question": "a", "in": ["x", "y"]}, "(${a} = 'x' or ${a} = 'y')"),
        ({"question": "a", "gte": 1}, "${a} >= 1"),
        ({"question": "a", "lte": 4}, "${a} <= 4"),
        ({"question": "a", "between": [1, 4]}, "(${a} >= 1 and ${a} <= 4)"),
        ({"question": "a", "contains": "x"}, "selected(${a}, 'x')"),
        (
            {"question": "a", "contains_any": ["x", "y"]},
            "(selected(${a}, 'x') or selected(${a}, 'y'))",
        ),
        ({"question": "a", "excludes": "x"}, "(${a} != '' and not(selected(${a}, 'x')))"),
        (
            {
                "all": [
                    {"question": "a", "equals": True},
                    {"any": [{"question": "b", "gte": 1}, {"question": "c", "contains": "z"}]},
                ]
            },
            "(${a} = 'yes' and (${b} >= 1 or selected(${c}, 'z')))",
        ),  # fmt: skip
        (None, ""),
    ],
)
def test_each_condition_becomes_its_xpath(predicate, expected):
    assert relevant(predicate) == expected


def test_the_scoring_page_offers_the_download(client, users):
    client.force_login(users["president"])
    version = QuestionnaireVersion.objects.published().first()

    page = client.get(reverse("diagnostics:scoring")).content.decode()
    response = client.get(reverse("diagnostics:xlsform", args=[version.number]))

    assert reverse("diagnostics:xlsform", args=[version.number]) in page
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        f'filename="takwia-questionnaire-v{version.number}.xlsx"'
    )
    assert sheet_rows(response.content, "settings")[0]["form_id"] == f"takwia_v{version.number}"


def test_an_unknown_version_is_404_on_the_page_and_an_error_in_the_command(client, users, tmp_path):
    client.force_login(users["national"])

    assert client.get(reverse("diagnostics:xlsform", args=[99])).status_code == 404
    with pytest.raises(CommandError, match="Version 99 inconnue"):
        call_command("export_xlsform", "--version", "99", "--out", str(tmp_path / "x.xlsx"))
