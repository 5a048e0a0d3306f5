"""Long registry files are checked and written by a worker; the requests answer at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from associations import import_jobs
from associations.models import Association, AssociationImport
from takwia.models import Job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Nom (français);Code commune;Date de création\r\n"


@pytest.fixture(autouse=True)
def _short_threshold(monkeypatch, tmp_path, settings):
    # Eight lines count as "long" here, so that the tests stay quick.
    monkeypatch.setattr(import_jobs, "INLINE_LINES", 5)
    settings.MEDIA_ROOT = tmp_path / "media"


def _file(rows: list[str]) -> SimpleUploadedFile:
    content = ("\ufeff" + HEADER + "".join(rows)).encode("utf-8")
    return SimpleUploadedFile("long.csv", content, "text/csv")


GOOD = [f"Association Longue {index};05.301.01.01;01/01/2010\r\n" for index in range(8)]


def _upload(client, rows, capture):
    with capture(execute=True):
        return client.post(reverse("associations:import"), {"file": _file(rows)})


def test_a_long_file_is_checked_then_written_by_jobs_and_the_pages_lead_from_one_to_the_other(
    client, users, django_capture_on_commit_callbacks
):
    client.force_login(users["field_agent"])

    response = _upload(client, GOOD, django_capture_on_commit_callbacks)

    check = Job.objects.get(kind="association_import")
    staged = AssociationImport.objects.get()
    assert response["Location"] == reverse("job_detail", args=[check.pk])
    assert (check.status, check.message) == (Job.Status.DONE, "Fichier valide : 8 ligne(s). "
                                             "Confirmez l'import depuis l'aperçu.")  # fmt: skip
    job_page = client.get(response["Location"]).content.decode()
    assert reverse("associations:import_preview", args=[staged.pk]) in job_page
    preview = client.get(reverse("associations:import_preview", args=[staged.pk])).content
    assert "8 ligne(s), dont 8 association(s) à créer" in preview.decode()
    assert "Association Longue 7" in preview.decode()
    assert not Association.objects.filter(name_fr__startswith="Association Longue").exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(reverse("associations:import_confirm", args=[staged.pk]))

    apply = Job.objects.exclude(pk=check.pk).get()
    assert confirm["Location"] == reverse("job_detail", args=[apply.pk])
    assert apply.message == "Import terminé : 8 créée(s), 0 mise(s) à jour."
    assert Association.objects.filter(name_fr__startswith="Association Longue").count() == 8
    staged.refresh_from_db()
    assert staged.status == AssociationImport.Status.APPLIED
    report = client.get(reverse("job_download", args=[apply.pk]))
    assert "2;Association Longue 0;Khenifra;création" in b"".join(report.streaming_content).decode(
        "utf-8-sig"
    )


def test_a_long_file_with_a_bad_line_is_refused_and_the_preview_names_the_line(
    client, users, django_capture_on_commit_callbacks
):
    client.force_login(users["field_agent"])
    rows = [*GOOD[:6], "Association Fausse;05.301.01.01;32/01/2010\r\n"]

    _upload(client, rows, django_capture_on_commit_callbacks)

    staged = AssociationImport.objects.get()
    assert Job.objects.get().message == "Fichier refusé : 1 erreur(s), rien n'a été enregistré."
    preview = client.get(reverse("associations:import_preview", args=[staged.pk])).content
    assert "<td>8</td><td>Date de création</td>" in preview.decode()


def test_an_import_job_is_seen_by_its_uploader_only(
    client, users, province_a, django_capture_on_commit_callbacks
):
    client.force_login(users["field_agent"])
    _upload(client, GOOD, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    colleague = UserFactory(field_agent=True, provinces=[province_a])

    client.force_login(colleague)
    other = client.get(reverse("job_detail", args=[job.pk]))
    client.force_login(users["national"])
    national = client.get(reverse("job_detail", args=[job.pk]))

    assert (other.status_code, national.status_code) == (404, 200)


def test_a_second_confirmation_joins_the_import_already_queued(
    client, users, django_capture_on_commit_callbacks
):
    client.force_login(users["field_agent"])
    _upload(client, GOOD, django_capture_on_commit_callbacks)
    staged = AssociationImport.objects.get()
    url = reverse("associations:import_confirm", args=[staged.pk])

    with django_capture_on_commit_callbacks(execute=False):  # no worker yet
        first, second = client.post(url), client.post(url)

    assert first["Location"] == second["Location"]
    assert Job.objects.filter(params__step="apply").count() == 1


def test_a_report_asked_for_stays_bound_to_the_scope_of_whoever_asked(client, users, province_b):
    from tests.factories import JobFactory

    job = JobFactory(province=province_b, requested_by=users["field_agent"], done=True)
    client.force_login(users["field_agent"])

    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 404
