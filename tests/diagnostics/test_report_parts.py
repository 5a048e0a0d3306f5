"""The provincial report in parts: the annex laid out a chunk at a time, merged with
continuous page numbers, progress between parts, the annex also as XLSX, on the
reports queue."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from diagnostics.models import Diagnostic, Score
from diagnostics.questionnaire.structure import structure_for
from diagnostics.reports import annex
from takwia.models import Job
from tests.factories import CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db

DIAGNOSED = 7


@pytest.fixture
def campaign(province_a):
    """Seven diagnosed associations, named so that their order is known; one of them
    has no score on the last axis (a dash in the PDF, an empty cell in the workbook)."""
    campaign = CampaignFactory(province=province_a)
    axes = [axis.code for axis in structure_for(campaign.version).axes]
    for index in range(DIAGNOSED):
        diagnostic = DiagnosticFactory(
            campaign=campaign,
            association__name_fr=f"Association {chr(ord('G') - index)} {index}",
            status=Diagnostic.Status.SUBMITTED,
            overall_score=Decimal("40.5") + index,
        )
        scored_axes = axes if index != 3 else axes[:-1]
        Score.objects.bulk_create(
            Score(
                diagnostic=diagnostic,
                level=Score.Level.AXIS,
                code=code,
                # 10.5 rounds half up to 11: the PDF and the workbook round once, alike.
                score=Decimal("10.5") + 10 * position + index,
            )
            for position, code in enumerate(scored_axes)
        )
    return campaign


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(annex, "ANNEX_CHUNK", 3)  # 7 rows: the chapters + 2 further parts


@pytest.fixture
def request_file(django_capture_on_commit_callbacks):
    """POST the job form, running what the view queues after its commit (the render)."""

    def post(client, kind, campaign):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("job_create"),
                {"kind": kind, "province": campaign.province.code, "campaign": campaign.pk},
            )

    return post


def pdf_pages(job) -> list[str]:
    with job.file.open("rb") as handle:
        return [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]


def test_the_merged_report_is_numbered_continuously_across_its_parts(
    client, users, campaign, small_chunks, monkeypatch, request_file
):
    from diagnostics.reports.parts import PdfParts

    counts = []
    add = PdfParts.add
    monkeypatch.setattr(PdfParts, "add", lambda self, html: counts.append(add(self, html)))
    client.force_login(users["coordinator"])
    request_file(client, "province_report", campaign)

    job = Job.objects.get(kind="province_report")
    assert job.status == Job.Status.DONE, job.error
    assert len(counts) == 3  # the chapters with the annex's first chunk, then 2 chunks
    pages = pdf_pages(job)
    assert len(pages) == sum(counts)
    # Every page but the cover ends with its number: 2, 3, ... up to the last.
    assert [text.rstrip().splitlines()[-1] for text in pages[1:]] == [
        str(number) for number in range(2, len(pages) + 1)
    ]
    # The further parts carry the running header of the annex.
    for text in pages[-2:]:
        assert "Annexe : les associations diagnostiquées" in text
        assert f"Rapport provincial – {campaign.province.name_fr}" in text


def test_the_annex_workbook_holds_the_rows_of_the_pdf_annex_in_its_order(
    client, users, campaign, small_chunks, request_file
):
    client.force_login(users["coordinator"])
    request_file(client, "province_report", campaign)
    report = Job.objects.get(kind="province_report")
    page = client.get(reverse("job_detail", args=[report.pk])).content.decode()
    assert 'name="kind" value="province_annex"' in page  # offered next to the PDF

    request_file(client, "province_annex", campaign)
    workbook_job = Job.objects.get(kind="province_annex")
    assert workbook_job.status == Job.Status.DONE, workbook_job.error
    download = client.get(reverse("job_download", args=[workbook_job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    header, *rows = list(sheet.values)
    assert header[:2] == ("Association", "Commune") and header[-1] == "Score global"
    assert len(header) == 2 + len(structure_for(campaign.version).axes) + 1
    assert len(rows) == DIAGNOSED
    # Sorted by name: "Association A 6" first; scores rounded once, half up.
    assert rows[0][0] == "Association A 6"
    assert rows[0][2:] == (17, 27, 37, 47, 57, 67, 47)
    assert rows[3][0] == "Association D 3" and rows[3][-2] is None

    text = "\n".join(pdf_pages(report))
    annex_text = text[text.index("Annexe : les associations diagnostiquées\n") :]
    annex_text = " ".join(annex_text.split())  # the figures' columns are padded with spaces
    lines = []
    for name, commune, *scores, overall in rows:
        figures = ["\u2012" if value is None else str(value) for value in (*scores, overall)]
        lines.append(f"{' '.join(figures)} {name} — {commune}")
    positions = [annex_text.index(line) for line in lines]
    assert positions == sorted(positions)


def test_progress_is_reported_between_the_parts_and_only_goes_up(
    campaign, small_chunks, monkeypatch, tmp_path
):
    from diagnostics.reports.parts import PdfParts
    from diagnostics.reports.province import ProvinceReport

    events = []
    monkeypatch.setattr(PdfParts, "add", lambda self, html: events.append("part") or 1)
    ProvinceReport().write_parts(
        PdfParts(tmp_path),
        province=campaign.province,
        campaign_id=campaign.pk,
        progress=lambda percent, message: events.append((percent, message)),
    )
    assert events.count("part") == 3
    # A report of each part before the next one is laid out (each one a heartbeat).
    first = events.index("part")
    between = [event for event in events[first:] if event != "part"]
    assert len(between) == 2
    assert [message for _, message in between] == [
        "Mise en page de l'annexe : partie 2 sur 3…",
        "Mise en page de l'annexe : partie 3 sur 3…",
    ]
    percents = [event[0] for event in events if event != "part"]
    assert percents == sorted(percents) and len(set(percents)) == len(percents)


def test_progress_between_parts_is_a_heartbeat_of_the_running_job(
    client, users, campaign, small_chunks, monkeypatch, request_file
):
    from diagnostics.reports.parts import PdfParts

    seen = []
    add = PdfParts.add

    def add_and_look(self, html):
        job = Job.objects.get(kind="province_report")
        seen.append((job.status, job.progress, job.heartbeat_at))
        return add(self, html)

    monkeypatch.setattr(PdfParts, "add", add_and_look)
    client.force_login(users["coordinator"])
    request_file(client, "province_report", campaign)
    assert [status for status, _, _ in seen] == [Job.Status.RUNNING] * 3
    progress = [percent for _, percent, _ in seen]
    heartbeats = [beat for _, _, beat in seen]
    assert progress == sorted(progress) and len(set(progress)) == 3
    assert heartbeats == sorted(heartbeats) and len(set(heartbeats)) == 3


def test_reports_go_to_the_reports_queue_and_other_files_to_the_default_one():
    from takwia.celery import app
    from takwia.jobs import job_task

    def queue(kind):
        return app.amqp.router.route({}, job_task(kind).name)["queue"].name

    for kind in ("province_report", "province_annex", "association_report", "plan_report"):
        assert queue(kind) == "reports"
    assert queue("association_import") == app.conf.task_default_queue == "takwia"
