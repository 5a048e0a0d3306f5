import pytest
from django.core.management import CommandError, call_command

from associations.models import Commune, Milieu, Province, Region
from associations.services import communes_import, territory_load
from takwia.tabular import ERROR_ENCODING, ImportRejected
from tests.factories import ProvinceFactory

HEADER = "code;name_fr;name_ar;type;province_code\n"


@pytest.mark.django_db
def test_reference_data_holds_the_2015_division():
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Commune.objects.count() == 1503
    assert Commune.objects.filter(milieu=Milieu.URBAN).count() == 242
    khenifra = Province.objects.get(code="05.301")
    assert (khenifra.name_fr, khenifra.name_ar, khenifra.region.code) == (
        "Khénifra",
        "خنيفرة",
        "05",
    )
    assert not Province.objects.filter(name_fr="Casablanca-Anfa").exists()


@pytest.mark.django_db
def test_loading_the_reference_data_twice_duplicates_nothing():
    counts = territory_load()
    assert counts["communes_created"] == 0
    assert counts["communes_updated"] == 1503
    assert (Region.objects.count(), Province.objects.count(), Commune.objects.count()) == (
        12,
        75,
        1503,
    )


@pytest.mark.django_db
def test_import_communes_reads_french_excel_csv_with_bom_and_semicolons(tmp_path):
    province = ProvinceFactory()
    path = tmp_path / "communes.csv"
    path.write_bytes(
        (
            "\ufeff"
            + HEADER
            + f"99.001.01.01;Aït Test;آيت تجربة;Rurale;{province.code}\n"
            + f"99.001.01.02;Ville Test;مدينة تجربة;urbain;{province.code}\n"
        ).encode("utf-8")
    )
    call_command("import_communes", str(path))
    communes = {c.code: c for c in province.communes.all()}
    assert communes["99.001.01.01"].milieu == Milieu.RURAL
    assert communes["99.001.01.01"].name_ar == "آيت تجربة"
    assert communes["99.001.01.02"].milieu == Milieu.URBAN


@pytest.mark.django_db
def test_import_communes_accepts_commas_and_updates_existing_codes():
    province = ProvinceFactory()
    raw = f"code,name_fr,name_ar,milieu,province_code\n99.002.01.01,Avant,,rural,{province.code}\n"
    assert communes_import(raw=raw.encode()).created == 1
    raw = raw.replace("Avant", "Après")
    result = communes_import(raw=raw.encode())
    assert (result.created, result.updated) == (0, 1)
    assert Commune.objects.get(code="99.002.01.01").name_fr == "Après"


@pytest.mark.django_db
def test_a_bad_line_refuses_the_whole_file_with_line_numbers(tmp_path):
    province = ProvinceFactory()
    path = tmp_path / "communes.csv"
    path.write_text(
        HEADER
        + f"99.003.01.01;Bonne;;rural;{province.code}\n"
        + "99.003.01.02;Sans province;;rural;77.777\n"
        + f"99.003.01.03;Milieu faux;;montagne;{province.code}\n"
        + f"99.003.01.01;Doublon;;rural;{province.code}\n"
        + f";Sans code;;rural;{province.code}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        communes_import(raw=path.read_bytes())
    assert [str(error) for error in caught.value.errors] == [
        "Ligne 3, colonne « Code province » : province « 77.777 » inconnue.",
        "Ligne 4, colonne « Milieu » : « montagne » n'est pas une valeur reconnue "
        "(« urbain », « rural »).",
        "Ligne 5, colonne « Code » : le code « 99.003.01.01 » figure déjà à la ligne 2.",
        "Ligne 6, colonne « Code » : valeur obligatoire.",
    ]
    with pytest.raises(CommandError, match="4 erreur"):
        call_command("import_communes", str(path))
    assert not Commune.objects.filter(code__startswith="99.003").exists()


@pytest.mark.django_db
def test_a_file_not_in_utf8_is_refused_in_french():
    raw = "code;name_fr;name_ar;type;province_code\n99.004.01.01;Aïn;;rural;05.301\n"
    with pytest.raises(ImportRejected) as caught:
        communes_import(raw=raw.encode("latin-1"))
    assert [str(error) for error in caught.value.errors] == ["Ligne 2 : " + ERROR_ENCODING]


@pytest.mark.django_db
def test_missing_columns_are_named():
    with pytest.raises(ImportRejected) as caught:
        communes_import(raw=b"code;nom\n1;x\n")
    assert caught.value.errors == ["Colonnes manquantes : « Milieu », « Code province »."]


@pytest.mark.django_db
def test_dry_run_checks_without_writing(tmp_path):
    province = ProvinceFactory()
    path = tmp_path / "c.csv"
    path.write_text(HEADER + f"99.005.01.01;Essai;;rural;{province.code}\n", encoding="utf-8")
    call_command("import_communes", str(path), "--dry-run")
    assert not Commune.objects.filter(code="99.005.01.01").exists()


def test_a_missing_file_is_a_french_error(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_communes", str(tmp_path / "absent.csv"))
