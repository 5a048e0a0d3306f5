"""Import and export of the registry: formats, French line-numbered errors, all or nothing,
re-import that updates instead of duplicating, formula neutralisation, round trip."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from associations.exchange import (
    ASSOCIATION_COLUMNS,
    ERROR_DUPLICATE_NAME,
    ERROR_DUPLICATE_REF,
    ERROR_FUTURE_DATE,
    ERROR_OUT_OF_SCOPE,
    ERROR_PHONE,
    ERROR_UNKNOWN_COMMUNE_CODE,
    HEADERS,
    associations_export_csv,
    associations_export_xlsx,
    associations_import,
)
from associations.models import Association, Commune, Domain
from takwia.tabular import (
    ERROR_DATE,
    ERROR_ENCODING,
    ERROR_INTEGER,
    ERROR_OLD_EXCEL,
    ImportRejected,
    RowError,
    table_read,
)
from tests.factories import AssociationFactory

KHENIFRA_TOWN = "05.301.01.01"
MRIRT = "05.301.01.05"
CHICHAOUA_TOWN = "07.161.01.01"

pytestmark = pytest.mark.django_db


def csv_bytes(rows, *, delimiter=";", bom=True, headers=None):
    headers = headers or [
        "Référence du récépissé",
        "Nom (français)",
        "Nom (arabe)",
        "Code commune",
        "Téléphone",
        "Date de création",
        "Adhérents",
        "Domaines d'intervention",
        "Statut",
    ]
    lines = [delimiter.join(headers)] + [delimiter.join(row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


GOOD_ROWS = [
    ["KHN-001", "Association Tifawin", "جمعية تيفاوين", KHENIFRA_TOWN, "06 12 34 56 78",
     "14/03/2011", "45", "Santé | Éducation", "Active"],
    ["", "Association Amal", "", MRIRT, "", "2001-05-03", "", "", "En sommeil"],
]  # fmt: skip


def messages_of(exc_info):
    return [str(error) for error in exc_info.value.errors]


def test_a_clean_csv_creates_every_row_with_its_values():
    result = associations_import(raw=csv_bytes(GOOD_ROWS))

    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    tifawin = Association.objects.get(registration_ref="KHN-001")
    assert tifawin.name_ar == "جمعية تيفاوين"
    assert tifawin.commune.code == KHENIFRA_TOWN
    assert tifawin.phone == "0612345678"
    assert tifawin.founded_on == date(2011, 3, 14)
    assert tifawin.members_count == 45
    assert set(tifawin.domains.values_list("code", flat=True)) == {"sante", "education"}
    amal = Association.objects.get(name_fr="Association Amal")
    assert amal.status == Association.Status.DORMANT
    assert amal.registration_ref is None
    # Created through the import, searchable and with a history entry holding its domains.
    assert Association.objects.search("tifawin").get() == tifawin
    record = tifawin.history.get()
    assert record.history_type == "+"
    assert {row.domain.code for row in record.domains.all()} == {"sante", "education"}


def test_comma_separated_csv_without_bom_is_read_too():
    rows = [[cell.replace(" | ", ";") for cell in row] for row in GOOD_ROWS]
    raw = csv_bytes([[f'"{cell}"' for cell in row] for row in rows], delimiter=",", bom=False)

    assert associations_import(raw=raw).created == 2


def test_an_xlsx_file_is_read_like_a_csv_with_real_dates_and_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom (français)", "Code commune", "Date de création", "Adhérents"])
    sheet.append(["Association Excel", KHENIFRA_TOWN, date(2015, 6, 1), 30])
    buffer = io.BytesIO()
    workbook.save(buffer)

    associations_import(raw=buffer.getvalue())

    created = Association.objects.get(name_fr="Association Excel")
    assert (created.founded_on, created.members_count) == (date(2015, 6, 1), 30)


def test_headers_are_recognised_without_accents_or_case():
    raw = csv_bytes(
        [["Association Sans Accents", KHENIFRA_TOWN, "01/01/2010"]],
        headers=["NOM (FRANCAIS)", "code commune", "date de creation"],
    )

    associations_import(raw=raw)

    assert Association.objects.filter(name_fr="Association Sans Accents").exists()


def test_communes_may_be_given_by_name_and_province():
    raw = csv_bytes(
        [["Association par nom", "M’rirt", "Khenifra"]],
        headers=["Nom (français)", "Commune", "Province"],
    )
    raw = raw.replace("M’rirt".encode(), b"M'rirt")

    associations_import(raw=raw)

    assert Association.objects.get(name_fr="Association par nom").commune.code == MRIRT


def test_every_bad_row_is_reported_with_line_and_column_and_nothing_is_written():
    future = (date.today() + timedelta(days=3)).strftime("%d/%m/%Y")
    rows = [
        GOOD_ROWS[0],
        ["", "Commune inconnue", "", "99.999.99.99", "", "", "", "", ""],
        ["", "Date invalide", "", KHENIFRA_TOWN, "", "31/02/2010", "", "", ""],
        ["", "Date future", "", KHENIFRA_TOWN, "", future, "", "", ""],
        ["", "Nombre invalide", "", KHENIFRA_TOWN, "", "", "douze", "", ""],
        ["", "Téléphone invalide", "", KHENIFRA_TOWN, "12345", "", "", "", ""],
        ["KHN-001", "Doublon de référence", "", KHENIFRA_TOWN, "", "", "", "", ""],
        ["", "Association Tifawin", "", KHENIFRA_TOWN, "", "", "", "", ""],
        ["", "Domaine inconnu", "", KHENIFRA_TOWN, "", "", "", "Astronomie", ""],
        ["", "", "", KHENIFRA_TOWN, "", "", "", "", ""],
    ]

    with pytest.raises(ImportRejected) as exc_info:
        associations_import(raw=csv_bytes(rows))

    errors = exc_info.value.errors
    assert all(isinstance(error, RowError) for error in errors)
    by_line = {error.line: error for error in errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert by_line[3].column == "Code commune"
    assert by_line[3].message == ERROR_UNKNOWN_COMMUNE_CODE.format(value="99.999.99.99")
    assert by_line[4].message == ERROR_DATE.format(value="31/02/2010")
    assert by_line[5].message == ERROR_FUTURE_DATE
    assert (by_line[6].column, by_line[6].message) == (
        "Adhérents",
        ERROR_INTEGER.format(value="douze"),
    )
    assert by_line[7].message == ERROR_PHONE
    assert by_line[8].message == ERROR_DUPLICATE_REF.format(value="KHN-001", first=2)
    assert by_line[9].message == ERROR_DUPLICATE_NAME.format(value="Association Tifawin", first=2)
    assert "Astronomie" in by_line[10].message
    assert (by_line[11].column, by_line[11].message) == (
        "Nom (français)",
        "Nom manquant : indiquez le nom en français ou en arabe.",
    )
    assert str(by_line[6]) == "Ligne 6, colonne « Adhérents » : " + ERROR_INTEGER.format(
        value="douze"
    )
    assert not Association.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "Nom (français);Code commune\nAssociation é\n".encode("latin-1"),
            "Ligne 1 : " + ERROR_ENCODING,
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ERROR_OLD_EXCEL),
        (
            b"Sigle;Code commune\nABC;05.301.01.01\n",
            "Colonne manquante : « Nom (français) » ou « Nom (arabe) ».",
        ),
        (b"", "Le fichier est vide."),
    ],
    ids=["latin-1", "xls", "missing-column", "empty"],
)
def test_unreadable_files_are_refused_with_a_french_message(raw, message):
    with pytest.raises(ImportRejected) as exc_info:
        associations_import(raw=raw)

    assert messages_of(exc_info) == [message]


def test_reimporting_the_same_file_updates_instead_of_duplicating():
    associations_import(raw=csv_bytes(GOOD_ROWS))

    again = associations_import(raw=csv_bytes(GOOD_ROWS))

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Association.objects.count() == 2
    assert Association.history.count() == 2  # nothing changed, nothing recorded


def test_rows_are_matched_by_reference_first_then_by_name_and_commune():
    by_ref = AssociationFactory(registration_ref="KHN-001", name_fr="Ancien nom")
    by_name = AssociationFactory(
        name_fr="Association AMAL", commune=Commune.objects.get(code=MRIRT)
    )

    result = associations_import(raw=csv_bytes(GOOD_ROWS))

    assert (result.created, result.updated) == (0, 2)
    by_ref.refresh_from_db()
    by_name.refresh_from_db()
    assert by_ref.name_fr == "Association Tifawin"
    assert by_ref.commune.code == KHENIFRA_TOWN  # the file moves it to its real commune
    assert by_name.status == Association.Status.DORMANT
    assert by_name.founded_on == date(2001, 5, 3)
    assert by_ref.history.latest().history_type == "~"


def test_an_empty_cell_never_erases_a_recorded_value():
    associations_import(raw=csv_bytes(GOOD_ROWS))
    rows = [["KHN-001", "Association Tifawin", "", KHENIFRA_TOWN, "", "", "", "", ""]]

    result = associations_import(raw=csv_bytes(rows))

    tifawin = Association.objects.get(registration_ref="KHN-001")
    assert result.unchanged == 1
    assert tifawin.phone == "0612345678"
    assert tifawin.name_ar == "جمعية تيفاوين"
    assert tifawin.domains.count() == 2


def test_dry_run_checks_everything_and_writes_nothing():
    result = associations_import(raw=csv_bytes(GOOD_ROWS), dry_run=True)

    assert result.created == 2
    assert [row.action for row in result.rows] == ["create", "create"]
    assert not Association.objects.exists()


def test_a_field_agent_cannot_import_into_another_province(users):
    rows = [["", "Association de Chichaoua", "", CHICHAOUA_TOWN, "", "", "", "", ""]]

    with pytest.raises(ImportRejected) as exc_info:
        associations_import(raw=csv_bytes(rows), user=users["field_agent"])

    assert exc_info.value.errors[0].message == ERROR_OUT_OF_SCOPE.format(value="Chichaoua")
    assert not Association.objects.filter(name_fr="Association de Chichaoua").exists()


def _export_text(queryset) -> str:
    return b"".join(associations_export_csv(queryset)).decode("utf-8-sig")


def test_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(province_a):
    commune = province_a.communes.first()
    AssociationFactory(name_fr='=HYPERLINK("http://x")', acronym="@SUM(A1)", commune=commune)
    AssociationFactory(name_fr="+212 Association", acronym="-1", commune=commune)

    text = _export_text(Association.objects.all())
    workbook = load_workbook(io.BytesIO(associations_export_xlsx(Association.objects.all())))
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]

    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+212" in text and ";'-1;" in text
    assert not any(
        isinstance(cell, str) and cell.startswith(("=", "+", "-", "@")) for cell in cells
    )
    assert all(workbook.active.cell(row=r, column=2).data_type == "s" for r in (2, 3))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exporting_a_province_then_reimporting_it_changes_nothing(province_a, file_format):
    network_domain = Domain.objects.get(code="femmes")
    communes = list(province_a.communes.all()[:3])
    for index in range(6):
        association = AssociationFactory(
            commune=communes[index % 3],
            name_fr=f"=Association {index}" if index == 0 else f"Association {index}",
            registration_ref=f"REF-{index}" if index % 2 else None,
            phone="+212612345678" if index == 1 else "",
            members_count=index * 7 or None,
            initiator=Association.Initiator.POPULATION if index % 3 == 0 else "",
        )
        association.domains.add(network_domain)
    AssociationFactory()  # elsewhere: not exported
    queryset = Association.objects.filter(commune__province=province_a)
    raw = (
        b"".join(associations_export_csv(queryset))
        if file_format == "csv"
        else associations_export_xlsx(queryset)
    )
    history_before = Association.history.count()
    snapshot = list(queryset.order_by("pk").values())

    result = associations_import(raw=raw)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert list(queryset.order_by("pk").values()) == snapshot
    assert Association.history.count() == history_before


def test_export_and_import_share_the_same_headers():
    raw = b"".join(associations_export_csv(Association.objects.none()))

    table = table_read(raw)

    assert table.headers == HEADERS == [column.header for column in ASSOCIATION_COLUMNS]


def test_import_command_refuses_a_bad_file_with_a_non_zero_exit(tmp_path, capsys):
    path = tmp_path / "associations.csv"
    path.write_bytes(csv_bytes([GOOD_ROWS[0], ["", "Sans commune", "", "", "", "", "", "", ""]]))

    with pytest.raises(CommandError, match="Import refusé : 1 erreur"):
        call_command("import_associations", str(path))

    assert "Ligne 3, colonne « Code commune »" in capsys.readouterr().err
    assert not Association.objects.exists()


def test_import_command_dry_run_then_real_run(tmp_path, capsys):
    path = tmp_path / "associations.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))

    call_command("import_associations", str(path), "--dry-run")
    assert not Association.objects.exists()
    call_command("import_associations", str(path))

    assert Association.objects.count() == 2
    assert "2 association(s) ont été créée(s)" in capsys.readouterr().out


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_template_command_writes_the_empty_template(tmp_path, suffix):
    path = tmp_path / f"modele.{suffix}"

    call_command("import_associations", "--template", str(path))

    table = table_read(path.read_bytes())
    assert table.headers == HEADERS
    assert list(table.rows) == []
    with pytest.raises(ImportRejected, match="seulement l'en-tête"):
        associations_import(raw=path.read_bytes())


def test_export_command_writes_one_province(tmp_path, province_a, province_b):
    AssociationFactory(commune=province_a.communes.first(), name_fr="Dans la province")
    AssociationFactory(commune=province_b.communes.first(), name_fr="Ailleurs")
    path = tmp_path / "khenifra.csv"

    call_command("export_associations", "--province", province_a.code, "--out", str(path))

    names = [row["nom (francais)"] for _, row in table_read(path.read_bytes()).rows]
    assert names == ["Dans la province"]


def test_an_import_written_in_chunks_keeps_every_row_its_lists_and_its_history(monkeypatch):
    from associations.exchange import importer

    monkeypatch.setattr(importer, "WRITE_CHUNK", 2)
    rows = [
        [f"KHN-1{index:02d}", f"Association Lot {index}", "", KHENIFRA_TOWN, "", "14/03/2011",
         str(index), "Santé | Éducation", "Active"]
        for index in range(5)
    ]  # fmt: skip
    associations_import(raw=csv_bytes(rows[:2]))
    rows[0][6] = "99"  # one update among the creations

    result = associations_import(raw=csv_bytes(rows))

    assert (result.created, result.updated, result.unchanged) == (3, 1, 1)
    written = Association.objects.filter(name_fr__startswith="Association Lot")
    assert written.count() == 5
    assert written.get(registration_ref="KHN-100").members_count == 99
    for association in written:
        assert association.domains.count() == 2
        latest = association.history.first()
        assert latest.domains.count() == 2
    assert Association.history.filter(name_fr__startswith="Association Lot").count() == 6


def _lot(count: int) -> list[list[str]]:
    return [
        [f"KHN-2{index:02d}", f"Association Lot {index}", "", KHENIFRA_TOWN, "", "14/03/2011",
         str(index), "Santé", "Active"]
        for index in range(count)
    ]  # fmt: skip


def test_an_error_in_a_later_chunk_leaves_nothing_of_the_earlier_ones(monkeypatch):
    from associations.exchange import importer

    monkeypatch.setattr(importer, "WRITE_CHUNK", 2)
    rows = _lot(5)
    rows[4][3] = "99.999.99.99"  # line 6, in the third chunk

    with pytest.raises(ImportRejected) as refused:
        associations_import(raw=csv_bytes(rows))

    assert messages_of(refused) == [
        "Ligne 6, colonne « Code commune » : "
        + ERROR_UNKNOWN_COMMUNE_CODE.format(value="99.999.99.99")
    ]
    assert not Association.objects.filter(name_fr__startswith="Association Lot").exists()
    assert not Association.history.filter(name_fr__startswith="Association Lot").exists()


def test_duplicates_are_found_across_chunks_with_their_first_line(monkeypatch):
    from associations.exchange import importer

    monkeypatch.setattr(importer, "WRITE_CHUNK", 2)
    rows = _lot(5)
    rows[3][0] = rows[0][0]  # line 5 repeats line 2's reference
    rows[4][1] = rows[1][1].upper()  # line 6 repeats line 3's name, same commune

    with pytest.raises(ImportRejected) as refused:
        associations_import(raw=csv_bytes(rows))

    errors = refused.value.errors
    assert [(error.line, error.message) for error in errors] == [
        (5, ERROR_DUPLICATE_REF.format(value="KHN-200", first=2)),
        (6, ERROR_DUPLICATE_NAME.format(value="ASSOCIATION LOT 1", first=3)),
    ]
    assert not Association.objects.filter(name_fr__startswith="Association Lot").exists()


def test_a_later_chunk_sees_an_association_moved_by_an_earlier_one_where_it_was(
    monkeypatch,
):
    """Matching reads the registry as it was before the import, whatever the chunks."""
    from associations.exchange import importer

    monkeypatch.setattr(importer, "WRITE_CHUNK", 1)
    nour = AssociationFactory(
        name_fr="Association Nour",
        registration_ref="KHN-300",
        commune=Commune.objects.get(code=MRIRT),
    )
    rows = [
        ["KHN-300", "Association Nour", "", KHENIFRA_TOWN, "", "", "", "", ""],  # moves it
        ["", "Association Nour", "", MRIRT, "", "", "", "", ""],  # where it was: the same one
    ]

    with pytest.raises(ImportRejected) as refused:
        associations_import(raw=csv_bytes(rows))

    assert messages_of(refused) == [
        "Ligne 3 : "
        "cette ligne désigne la même association que la ligne 2 (même référence ou même nom)."
    ]
    nour.refresh_from_db()
    assert nour.commune.code == MRIRT
    assert Association.objects.filter(name_fr="Association Nour").count() == 1


def test_the_result_keeps_the_first_rows_and_on_row_hears_every_one(monkeypatch):
    from associations.exchange import importer

    monkeypatch.setattr(importer, "PREVIEW_ROWS", 2)
    heard = []

    result = associations_import(raw=csv_bytes(_lot(5)), dry_run=True, on_row=heard.append)

    assert result.created == 5
    assert [row.line for row in result.rows] == [2, 3]
    assert [(row.line, row.action, row.name) for row in heard] == [
        (line, "create", f"Association Lot {line - 2}") for line in range(2, 7)
    ]


def test_an_association_with_only_an_arabic_name_is_imported_and_one_with_none_is_refused():
    rows = [
        ["", "", "جمعية النور للتنمية", KHENIFRA_TOWN, "", "", "", "", "Active"],
        ["", "", "", MRIRT, "", "", "", "", "Active"],
    ]
    with pytest.raises(ImportRejected) as refused:
        associations_import(raw=csv_bytes(rows))
    assert any("ligne 3" in m.lower() and "nom manquant" in m.lower() for m in messages_of(refused))
    assert not Association.objects.filter(name_ar="جمعية النور للتنمية").exists()

    result = associations_import(raw=csv_bytes(rows[:1]))
    assert result.created == 1
    nour = Association.objects.get(name_ar="جمعية النور للتنمية")
    assert nour.name_fr == "" and str(nour) == "جمعية النور للتنمية"
    assert Association.objects.search("النور").get() == nour
    # Imported again: recognised by its Arabic name in the same commune, not duplicated.
    assert associations_import(raw=csv_bytes(rows[:1])).unchanged == 1


def test_a_file_with_only_the_arabic_name_column_is_read():
    headers = ["Nom (arabe)", "Code commune"]
    result = associations_import(raw=csv_bytes([["جمعية الأمل", KHENIFRA_TOWN]], headers=headers))
    assert result.created == 1
    with pytest.raises(ImportRejected) as refused:
        associations_import(raw=csv_bytes([["05.301.01.01"]], headers=["Code commune"]))
    assert "Nom (arabe)" in " ".join(messages_of(refused))
