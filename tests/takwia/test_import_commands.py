"""Every import command shares the bounded reader and the all-or-nothing rule."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from takwia.tabular import reading

pytestmark = pytest.mark.django_db

COMMANDS = [
    ("import_associations",),
    ("import_communes",),
    ("import_volunteers",),
    ("import_volunteers", "--placements"),
    ("import_partnerships",),
]


def sparse_workbook() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Nom"
    workbook.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_import_command_refuses_a_sparse_workbook_in_french(command, tmp_path, capsys):
    path = tmp_path / "fichier.xlsx"
    path.write_bytes(sparse_workbook())

    with pytest.raises(CommandError, match="Import refusé : 1 erreur"):
        call_command(*command, str(path))

    assert "La feuille déclare 1\u202f048\u202f576 lignes" in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_import_command_refuses_a_nul_byte_with_its_line(command, tmp_path, capsys):
    path = tmp_path / "fichier.csv"
    path.write_bytes(b"Nom;Co\x00de\nA;1\n")

    with pytest.raises(CommandError, match="Import refusé : 1 erreur"):
        call_command(*command, str(path))

    assert "Ligne 1, colonne « B » : caractère de contrôle" in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_import_command_refuses_an_oversized_file_before_reading_it(
    command, tmp_path, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 10)
    monkeypatch.setattr("takwia.tabular.command.MAX_FILE_BYTES", 10)
    path = tmp_path / "fichier.csv"
    path.write_bytes(b"Nom;Code\nA;1\n")

    with pytest.raises(CommandError, match="Le fichier dépasse 0 Mo"):
        call_command(*command, str(path))
