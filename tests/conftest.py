"""Shared fixtures: reference data, role users, Celery modes, service checks."""

import os

import pytest
from django.conf import settings

from takwia.celery import app as celery_app

# Playwright's sync API runs an event loop in the test thread; Django would then
# refuse ORM calls made by the test itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

KHENIFRA, CHICHAOUA = "05.301", "07.161"


def require_service(available: bool, reason: str) -> None:
    """Skip when a service is missing, or fail when TAKWIA_REQUIRE_SERVICES is set (CI)."""
    if available:
        return
    if settings.TAKWIA_REQUIRE_SERVICES:
        pytest.fail(f"{reason} (TAKWIA_REQUIRE_SERVICES is set: nothing may be skipped)")
    pytest.skip(reason)


def ensure_reference_data() -> None:
    from associations.models import Commune
    from associations.services import territory_load
    from diagnostics.models import QuestionnaireVersion
    from diagnostics.services import questionnaires_load_all

    if not Commune.objects.filter(code__regex=r"^[0-8]").exists():
        territory_load()
    if not QuestionnaireVersion.objects.exists():
        questionnaires_load_all()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the HCP territory once per session; test transactions roll back above it."""
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture
def reference_data(db):
    """For transactional tests (live server, real worker), whose flush empties every table."""
    ensure_reference_data()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (figures are cached for national users)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_periodic_tasks_on_requests(settings):
    """The web process's periodic run (no broker) stays out of tests' requests (and their
    query counts); tests/takwia/test_periodic.py turns it on."""
    settings.TAKWIA_PERIODIC_IN_PROCESS = False


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless the test asks for the real worker."""
    eager = not {"celery_worker", "worker_process"} & set(request.fixturenames)
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def province_a(db):
    from associations.models import Province

    return Province.objects.get(code=KHENIFRA)


@pytest.fixture
def province_b(db):
    from associations.models import Province

    return Province.objects.get(code=CHICHAOUA)


@pytest.fixture
def association_a(province_a):
    from tests.factories import AssociationFactory

    return AssociationFactory(commune=province_a.communes.order_by("code").first())


@pytest.fixture
def association_b(province_b):
    from tests.factories import AssociationFactory

    return AssociationFactory(commune=province_b.communes.order_by("code").first())


@pytest.fixture
def users(province_a, association_a):
    """One user per role, the provincial ones in province A, the president of association A."""
    from tests.factories import UserFactory

    return {
        "national": UserFactory(national=True, username="national"),
        "field_agent": UserFactory(field_agent=True, username="agent", provinces=[province_a]),
        "coordinator": UserFactory(
            coordinator=True, username="coordinateur", provinces=[province_a]
        ),
        "president": UserFactory(president=True, username="president", association=association_a),
        "volunteer_manager": UserFactory(volunteer_manager=True, username="volontariat"),
        "no_role": UserFactory(username="sansrole"),
    }


def _require_broker() -> None:
    import redis

    broker = settings.CELERY_BROKER_URL
    reachable = False
    if broker.startswith("redis"):
        try:
            reachable = redis.Redis.from_url(broker, socket_connect_timeout=2).ping()
        except redis.RedisError:
            reachable = False
    require_service(reachable, "a Redis broker (CELERY_BROKER_URL) is needed for this test")


# The default queue and the reports queue (settings.CELERY_TASK_ROUTES), as a deployment's
# two kinds of worker consume them.
WORKER_QUEUES = "takwia,reports"


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread of this process) consuming the Redis broker."""
    from celery.contrib.testing.worker import start_worker

    _require_broker()
    # Messages left by an earlier, interrupted run would reach this worker too.
    celery_app.control.purge()
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=10,
        queues=WORKER_QUEUES.split(","),
    ) as worker:
        yield worker


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell a failed test (screenshots)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def worker_process(transactional_db, tmp_path, settings):
    """A real Celery worker in its own process (prefork pool, one child) on the test database.

    What a deployment runs, so that a test can kill the child mid-task. Needs
    PostgreSQL (the worker must reach the test database) and Redis.
    """
    import subprocess
    import sys
    import time
    import uuid
    from pathlib import Path

    from django.db import connection

    _require_broker()
    require_service(
        connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) is needed for this test"
    )
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_MEDIA_ROOT": str(media),
    }
    name = f"test-{uuid.uuid4().hex[:8]}@localhost"
    celery_app.control.purge()
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "takwia", "worker", "--pool=prefork",
         "--concurrency=1", "-Q", WORKER_QUEUES, "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", name, "--loglevel=INFO"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not celery_app.control.ping(destination=[name], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            log.close()
            pytest.fail(
                "the Celery worker did not start:\n" + (tmp_path / "worker.log").read_text()
            )
    process.log_path = tmp_path / "worker.log"
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
