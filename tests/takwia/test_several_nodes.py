"""Two web nodes and two workers on this machine, as a deployment of several machines.

Each process has its own working directory and temporary folder; they share only what
several machines share: PostgreSQL, Redis (broker and cache) and the file storage (a
folder standing for the object storage). Anything kept on one node's disk or in one
process's memory shows here: a count cached in process memory stays stale on the other
node, a report written to one worker's folder cannot be downloaded from the other node,
a session kept by one node is unknown to the other.
"""

import io
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from pypdf import PdfReader

from associations.models import Association
from takwia.celery import app as celery_app
from takwia.models import Job
from tests.conftest import WORKER_QUEUES, _require_broker, require_service
from tests.factories import AssociationFactory, UserFactory

pytestmark = pytest.mark.services

ROOT = Path(django_settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Node:
    """A web node (gunicorn) reached over HTTP with one user's session cookie."""

    def __init__(self, name, port, process, log):
        self.name, self.port, self.process, self.log = name, port, process, log
        self.cookies = ""

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url(path), data=body)
        request.add_header("Cookie", self.cookies)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            return error.code, error.headers, error.read()
        return response.status, response.headers, response.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _environment(tmp_path, name: str, shared: dict) -> tuple[dict, Path]:
    home = tmp_path / name
    (home / "tmp").mkdir(parents=True)
    return {**shared, "TMPDIR": str(home / "tmp"), "PYTHONPATH": str(ROOT)}, home


@pytest.fixture
def machines(transactional_db, reference_data, tmp_path, settings):
    """Two gunicorn nodes (A, B) and two Celery workers consuming both queues."""
    import os

    _require_broker()
    require_service(
        connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) is needed for this test"
    )
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    objects = tmp_path / "object-storage"  # what S3 is to several machines
    settings.MEDIA_ROOT = objects
    broker = settings.CELERY_BROKER_URL
    shared = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_"))},
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "CACHE_URL": broker,  # the shared Redis
        "DJANGO_MEDIA_ROOT": str(objects),
        "TAKWIA_NODES": "2",
        "TAKWIA_SHARED_MEDIA": "true",
    }
    cache = redis.Redis.from_url(broker)
    for key in cache.scan_iter("*registry:*"):
        cache.delete(key)
    celery_app.control.purge()
    started = []

    def start(name, command, env, cwd):
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed below
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append((process, log))
        return process, log

    workers = []
    for name in ("worker-1", "worker-2"):
        env, home = _environment(tmp_path, name, shared)
        node_name = f"{name}-{uuid.uuid4().hex[:6]}@localhost"
        process, _ = start(
            name,
            [sys.executable, "-m", "celery", "-A", "takwia", "worker", "--pool=prefork",
             "--concurrency=1", "-Q", WORKER_QUEUES, "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-n", node_name, "--loglevel=INFO"],
            env, home,
        )  # fmt: skip
        workers.append((node_name, process))
    nodes = []
    for name in ("node-a", "node-b"):
        env, home = _environment(tmp_path, name, shared)
        port = _free_port()
        process, log = start(
            name,
            # The web node's settings of docs/deploy.md (gthread), two workers each.
            [sys.executable, "-m", "gunicorn", "takwia.wsgi:application",
             "-c", str(ROOT / "takwia" / "gunicorn.conf.py"), "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "--pythonpath", str(ROOT)],
            env, home,
        )  # fmt: skip
        nodes.append(Node(name, port, process, tmp_path / f"{name}.log"))
    try:
        deadline = time.monotonic() + 90
        for node in nodes:
            while True:
                try:
                    if node.request("/healthz/")[0] == 200:
                        break
                except OSError:
                    pass
                if node.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{node.name} did not start:\n{node.log.read_text()}")
                time.sleep(0.3)
        for name, process in workers:
            while not celery_app.control.ping(destination=[name], timeout=0.5):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{name} did not start:\n{(tmp_path / name[:8]).read_text()}")
        yield {"nodes": nodes, "workers": workers, "objects": objects, "tmp": tmp_path}
    finally:
        for process, _log in started:
            process.terminate()
        for process, log in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


def _log_in(client, nodes, user) -> None:
    """One session (in the shared database) and one CSRF secret, used on both nodes."""
    client.force_login(user)
    csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked secret
    for node in nodes:
        node.cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    return csrf


def _count(node) -> str:
    status, _, body = node.request("/")
    assert status == 200, body[:500]
    page = body.decode()
    start = page.index('data-testid="count-total">') + len('data-testid="count-total">')
    return page[start : page.index("<", start)]


def test_two_web_nodes_and_two_workers_share_nothing_but_the_database_redis_and_storage(
    machines, client, province_a
):
    node_a, node_b = machines["nodes"]
    for index in range(3):
        AssociationFactory(commune=province_a.communes.first(), name_fr=f"Association {index}")
    national = UserFactory(national=True, username="national.nodes")
    csrf = _log_in(client, machines["nodes"], national)

    # A count cached through the shared cache: dropped by a change made on A, seen on B.
    total = Association.objects.current().count()
    assert _count(node_a) == _count(node_b) == str(total)  # B reads what A cached
    association = Association.objects.current().first()
    status, headers, _ = node_a.request(
        f"/associations/{association.pk}/archive/", {"csrfmiddlewaretoken": csrf}
    )
    assert status == 302, headers
    assert _count(node_b) == str(total - 1)

    # A report asked on A, rendered by a worker (its own folder), followed and
    # downloaded on B.
    status, headers, _ = node_a.request(
        "/files/request/",
        {"csrfmiddlewaretoken": csrf, "kind": "province_report", "province": province_a.code},
    )
    assert status == 302
    job = Job.objects.get()
    deadline = time.monotonic() + 180
    while True:
        status, _, body = node_b.request(f"/files/{job.pk}/status/")
        assert status == 200
        if b'"finished": true' in body:
            break
        assert time.monotonic() < deadline, body
        time.sleep(0.5)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    # Rendered by a child of one of the two workers, not by a web node.
    child = job.worker.rpartition(":")[2]
    parent = int(Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[1])
    assert parent in {process.pid for _, process in machines["workers"]}
    assert Path(machines["objects"], job.file.name).is_file()  # in the shared storage
    status, headers, body = node_b.request(f"/files/{job.pk}/download/")
    assert status == 200 and body.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert f"Rapport provincial – {province_a.name_fr}" in text
    # Nothing of the rendering (its parts) was left in the workers' temporary folders.
    for name in ("worker-1", "worker-2"):
        assert not list((machines["tmp"] / name / "tmp").glob("takwia-report-*"))

    # Asked again on B: the file A's worker wrote is found and served, not rendered again.
    status, headers, _ = node_b.request(
        "/files/request/",
        {"csrfmiddlewaretoken": csrf, "kind": "province_report", "province": province_a.code},
    )
    assert status == 302 and headers["Location"].endswith(f"/files/{job.pk}/")
    assert Job.objects.count() == 1
