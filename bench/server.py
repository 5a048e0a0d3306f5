"""The bench database (created, migrated, seeded, generated) and the gunicorn serving it."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
from client import http_request
from common import (
    BENCH_DIR,
    HEALTHZ_PATH,
    HOST,
    RESULTS_DIR,
    ROOT,
    STARTUP_TIMEOUT_S,
    BenchError,
    log,
)
from psycopg2 import sql


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    """Run manage.py; its output goes to stderr so that stdout stays pure JSON lines."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else sys.stderr,
    )
    return result.stdout or ""


def _maintenance_dsn(database_url: str) -> tuple[str, str]:
    """(libpq DSN of the server's `postgres` database, name of the bench database)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or not name:
        raise BenchError(f"not a PostgreSQL URL with a database name: {database_url}")
    return parts._replace(scheme="postgresql", path="/postgres").geturl(), name


def database_create(database_url: str) -> None:
    dsn, name = _maintenance_dsn(database_url)
    connection = psycopg2.connect(dsn)
    # CREATE DATABASE cannot run inside a transaction.
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                log(f"creating database {name}")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def database_vacuum_analyze(database_url: str) -> None:
    """Give the planner fresh statistics and an up-to-date visibility map.

    Right after bulk inserts both depend on whether autovacuum has caught up yet,
    which would make the first run after seeding differ from the next ones.
    """
    connection = psycopg2.connect(urlsplit(database_url)._replace(scheme="postgresql").geturl())
    connection.autocommit = True  # VACUUM cannot run inside a transaction either
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()


def database_count(database_url: str, table: str) -> int:
    connection = psycopg2.connect(urlsplit(database_url)._replace(scheme="postgresql").geturl())
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            return cursor.fetchone()[0]
    finally:
        connection.close()


def database_prepare(env: dict[str, str], database_url: str, associations: int) -> int:
    """Create, migrate, seed and generate the bench database; return its associations.

    ``seed_demo`` loads the territory, the reference lists and the demo accounts;
    bench/generate.py then tops the registry up to ``associations`` with full rows and
    adds the benchmark campaigns, diagnostics, plans, agreements and volunteers. Both
    are idempotent: later runs take a few seconds.
    """
    database_create(database_url)
    log("migrating")
    manage(env, "migrate", "--noinput", "-v", "0")
    log("seeding the demo data")
    manage(env, "seed_demo")
    log(f"generating the national data up to {associations} associations")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(BENCH_DIR / "generate.py"), "--associations", str(associations)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=sys.stderr,
    )
    log(f"generation took {time.monotonic() - started:.1f} s")
    database_vacuum_analyze(database_url)
    count = int(
        manage(
            env,
            "shell",
            "-c",
            "from associations.models import Association; print(Association.objects.count())",
            capture=True,
        ).split()[-1]
    )
    if count != associations:
        log(f"warning: the database holds {count} associations, not {associations}")
    return count


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    workers: int | None,
    *,
    config: Path | None = None,
    name: str = "gunicorn",
    groups: dict[str, int] | None = None,
) -> Iterator[int]:
    """Serve the project on a free local port; yield the port; always stop the server.

    With ``config`` (the deployment's takwia/gunicorn.conf.py) its worker class, workers
    and threads are those of a web node; otherwise ``workers`` sync workers. ``groups``
    receives the process group of the server (its CPU time is read from /proc).
    """
    port = _free_port()
    log_path = RESULTS_DIR / f"{name}.log"
    command = [sys.executable, "-m", "gunicorn", "takwia.wsgi", "-b", f"{HOST}:{port}"]
    if config is not None:
        command += ["-c", str(config)]
    if workers is not None:
        command += ["-w", str(workers)]
    # Without this, gunicorn 27 opens ~/.gunicorn/gunicorn.ctl, a path shared
    # with any other gunicorn of the same user.
    command += ["--no-control-socket"]
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            # Its own session: Ctrl-C reaches this script only, which then stops
            # gunicorn in the finally clause below.
            start_new_session=True,
        )
        if groups is not None:
            groups[name] = process.pid  # its own session: process group = its pid
        try:
            _wait_ready(process, port, log_path)
            log(f"{name} ready on {HOST}:{port}, log in {log_path}")
            yield port
        finally:
            _stop(process, signal.SIGTERM, 15)
            log(f"{name} stopped")


def _stop(process: subprocess.Popen, signum: int, timeout_s: float) -> None:
    """Stop a process this harness started (and its children, its own session)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def celery_reports_worker(
    env: dict[str, str], groups: dict[str, int] | None = None
) -> Iterator[None]:
    """One Celery worker process of the reports queue, as in deployment (docs/deploy.md).

    The queue is purged first (messages of an earlier, interrupted run). At the end the
    worker is stopped at once (cold shutdown): a report still being rendered is cut.
    """
    log_path = RESULTS_DIR / "celery-reports.log"
    celery = [sys.executable, "-m", "celery", "-A", "takwia"]
    subprocess.run(
        celery + ["purge", "-f", "-Q", "reports"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            celery
            + ["worker", "-Q", "reports", "-n", f"bench-reports-{os.getpid()}@%h"]
            + ["--concurrency=1", "--prefetch-multiplier=1", "--loglevel=INFO"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if groups is not None:
            groups["celery-reports"] = process.pid
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while "ready." not in log_path.read_text():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise BenchError(f"the Celery worker did not start, see {log_path}")
                time.sleep(0.5)
            log(f"Celery worker of the reports queue ready, log in {log_path}")
            yield
        finally:
            _stop(process, signal.SIGQUIT, 15)
            log("Celery worker stopped")


def _wait_ready(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with code {process.returncode}, see {log_path}")
        with contextlib.suppress(OSError):
            if http_request(port, "GET", HEALTHZ_PATH)[0] == 200:
                return
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer {HEALTHZ_PATH} in {STARTUP_TIMEOUT_S} s")


def server_env(database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off), except HTTPS, which a local benchmark lacks."""
    environment = dict(os.environ)
    # Tasks run in-process (the report benchmarks time them so); load_50_users starts
    # its own broker-connected stack (BENCH_BROKER_URL).
    environment.pop("CELERY_BROKER_URL", None)
    return {
        **environment,
        "DATABASE_URL": database_url,
        # The project's settings plus one URL, the logged-in floor (bench/floor_urls.py).
        "DJANGO_SETTINGS_MODULE": "floor_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH_DIR)]),
        # The cache in Redis (db 10), as in production; override with CACHE_URL.
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/10"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(RESULTS_DIR / "staticfiles"),
        # Reports rendered by the benchmarks are written here, not in var/media.
        "DJANGO_MEDIA_ROOT": str(RESULTS_DIR / "media"),
    }
