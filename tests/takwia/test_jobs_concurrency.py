"""Simultaneous requests for one file make one job; a dead broker never holds a request.

Real threads on a real database (PostgreSQL or the SQLite test file), and a real
Redis client against a broker that refuses connections or never answers.
"""

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from associations.models import Province
from takwia import jobs
from takwia.celery import app as celery_app
from takwia.models import Job
from tests.factories import AssociationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def khenifra(reference_data):
    return Province.objects.get(code="05.301")


@pytest.fixture
def coordinator(khenifra):
    return UserFactory(coordinator=True, provinces=[khenifra])


@pytest.fixture
def refusing_broker(monkeypatch):
    """Celery pointed at a port where nothing listens (connection refused)."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery reads it before its conf
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/13")
    cache.delete(jobs.BROKER_DOWN_KEY)


@pytest.fixture
def silent_broker(monkeypatch):
    """Celery pointed at a socket that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery reads it before its conf
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    port = listener.getsockname()[1]
    monkeypatch.setitem(celery_app.conf, "broker_url", f"redis://127.0.0.1:{port}/13")
    cache.delete(jobs.BROKER_DOWN_KEY)
    yield
    listener.close()


def test_ten_simultaneous_requests_for_one_report_make_one_job(
    coordinator, khenifra, refusing_broker
):
    def ask(_):
        try:
            outcome = jobs.job_request(
                user=coordinator, kind="province_report", params={"province": khenifra.code}
            )
            return outcome.job.pk
        finally:
            connection.close()

    with ThreadPoolExecutor(10) as pool:
        job_ids = set(pool.map(ask, range(10)))

    job = Job.objects.get()
    assert job_ids == {job.pk}
    assert job.status == Job.Status.QUEUED


def test_while_a_report_is_at_work_requests_join_it_even_after_the_data_changed(
    coordinator, khenifra, refusing_broker
):
    first = jobs.job_request(
        user=coordinator, kind="province_report", params={"province": khenifra.code}
    ).job
    AssociationFactory(commune=khenifra.communes.first())  # the report's data changed
    fingerprint = jobs.renderer_for("province_report").fingerprint(
        params={"province": khenifra.code}, language="fr"
    )

    def ask(_):
        try:
            outcome = jobs.job_request(
                user=coordinator, kind="province_report", params={"province": khenifra.code}
            )
            return outcome.job.pk, outcome.joined
        finally:
            connection.close()

    with ThreadPoolExecutor(10) as pool:
        outcomes = set(pool.map(ask, range(10)))

    assert fingerprint != first.fingerprint
    assert outcomes == {(first.pk, True)}
    assert list(Job.objects.values_list("pk", flat=True)) == [first.pk]


def test_once_the_job_at_work_is_done_a_request_after_a_change_renders_anew(
    coordinator, khenifra, refusing_broker
):
    first = jobs.job_request(
        user=coordinator, kind="province_report", params={"province": khenifra.code}
    ).job
    AssociationFactory(commune=khenifra.communes.first())
    Job.objects.filter(pk=first.pk).update(status=Job.Status.FAILED)

    second = jobs.job_request(
        user=coordinator, kind="province_report", params={"province": khenifra.code}
    )

    assert not second.joined and second.job.pk != first.pk
    assert second.job.fingerprint != first.fingerprint


@pytest.mark.parametrize("broker", ["refusing_broker", "silent_broker"])
def test_with_the_broker_unreachable_a_request_and_its_polls_answer_within_a_second(
    client, coordinator, khenifra, broker, request
):
    request.getfixturevalue(broker)
    client.force_login(coordinator)

    started = time.perf_counter()
    response = client.post(
        reverse("job_create"), {"kind": "province_report", "province": khenifra.code}
    )
    asked = time.perf_counter() - started
    job = Job.objects.get()
    polls = []
    for _ in range(3):
        started = time.perf_counter()
        status = client.get(reverse("job_status", args=[job.pk])).json()
        polls.append(time.perf_counter() - started)

    assert response.status_code == 302
    assert asked < 1.0 and max(polls) < 1.0, (asked, polls)
    assert status["status"] == Job.Status.QUEUED
    job.refresh_from_db()
    assert (job.dispatched_at, job.message) == (None, jobs.MESSAGE_BROKER_DOWN)
