"""Takwia benchmarks: throughput of real pages against a bare baseline, on PostgreSQL.

    python bench/run.py [NAME ...] [--associations N] [--duration S] [--connections C]
                        [--database-url URL]

Prepares a dedicated PostgreSQL database (created if missing, migrated, seeded to N
associations), serves the project with gunicorn in production mode (DEBUG off) on a
free local port, runs the selected benchmarks (all by default) and prints one JSON
object per benchmark on stdout. Progress goes to stderr. See bench/README.md.

Exit status: 0; 1 when some request failed (the figures are printed all the same);
2 when the run could not be carried out; 130 on Ctrl-C. gunicorn is always stopped.

Only the standard library and psycopg2 are used, so that the harness does not depend
on the code it measures. The load comes from wrk when it is installed, otherwise from
a threaded Python client (slower: its figures are not comparable with wrk's).
"""

import argparse
import contextlib
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg2
from psycopg2 import sql

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"  # git-ignored: gunicorn's log, collected static files
WRK_SCRIPT = BENCH_DIR / "status_counts.lua"

# The only address load is ever sent to: the gunicorn this script starts.
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/takwia_bench"
DEMO_PASSWORD = "takwia-demo-2026"  # set by `manage.py seed_demo` (takwia/demo.py)
LOGIN_PATH = "/accounts/login/"
BASELINE_NAME = "healthz_rps"
BASELINE_PATH = "/healthz/"  # no database, no session, no template: the floor of a request

REQUEST_TIMEOUT_S = 10
STARTUP_TIMEOUT_S = 60
# Sequential requests before each measurement: they check the answer (200, not a
# redirect to the login page) and warm both gunicorn workers' caches.
WARMUP_REQUESTS = 20
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class BenchError(Exception):
    """A failure that makes the figures meaningless: stop and say why."""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- Load generation ----------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """How hard and how long to hit one URL."""

    duration_s: int
    connections: int
    max_requests: int


@dataclass(frozen=True)
class Measurement:
    rps: float
    requests: int
    latency_p50_ms: float
    latency_p99_ms: float
    statuses: dict[int, int]
    socket_errors: int

    @property
    def errors(self) -> int:
        return self.socket_errors + sum(n for status, n in self.statuses.items() if status != 200)


def wrk_load(port: int, path: str, cookie: str | None, load: Load) -> Measurement:
    # One wrk thread easily outruns a Django page; on a small machine the other cores
    # are better left to gunicorn and PostgreSQL.
    command = ["wrk", "--latency", "-t", "1", "-c", str(load.connections)]
    command += ["-d", f"{load.duration_s}s", "--timeout", f"{REQUEST_TIMEOUT_S}s"]
    command += ["-s", str(WRK_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += [f"http://{HOST}:{port}{path}", "--", str(load.max_requests)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=load.duration_s + 60)
    if result.returncode != 0:
        raise BenchError(f"wrk failed with code {result.returncode}: {result.stderr.strip()}")
    measurement = wrk_parse(result.stdout)
    # wrk divides by the full duration even when the script stopped it earlier.
    if measurement.requests >= load.max_requests:
        raise BenchError(
            f"wrk reached --max-requests ({load.max_requests}) before the end of --duration, "
            "so its rate is wrong: raise the cap or shorten the duration"
        )
    return measurement


_WRK_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def wrk_parse(output: str) -> Measurement:
    """Figures from wrk's text report (--latency) and from status_counts.lua's lines."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    requests = re.search(r"^\s*(\d+) requests in ", output, re.M)
    if not (rps and requests):
        raise BenchError(f"unexpected wrk output:\n{output}")
    percentiles = {
        int(p): float(value) * _WRK_UNITS_MS[unit]
        for p, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.M)
    }
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    statuses = {int(s): int(n) for s, n in re.findall(r"^status (\d+) (\d+)$", output, re.M)}
    return Measurement(
        rps=float(rps[1]),
        requests=int(requests[1]),
        latency_p50_ms=percentiles[50],
        latency_p99_ms=percentiles[99],
        statuses=statuses,
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
    )


def python_load(port: int, path: str, cookie: str | None, load: Load) -> Measurement:
    """One thread per connection, each a keep-alive http.client connection.

    gunicorn's sync workers close the connection after every response; http.client
    then reconnects by itself on the next request, as wrk does.
    """
    headers = {"Cookie": cookie} if cookie else {}
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    socket_errors = 0
    deadline = time.monotonic() + load.duration_s

    def client() -> None:
        nonlocal issued, socket_errors
        own_latencies, own_statuses, own_errors = [], Counter(), 0
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if issued >= load.max_requests:
                        break
                    issued += 1
                started = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    own_errors += 1
                    connection.close()
                    continue
                own_latencies.append(time.perf_counter() - started)
                own_statuses[response.status] += 1
        finally:
            connection.close()
            with lock:
                latencies.extend(own_latencies)
                statuses.update(own_statuses)
                socket_errors += own_errors

    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(load.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Measurement(
        rps=len(latencies) / elapsed,
        requests=len(latencies),
        latency_p50_ms=_percentile(latencies, 50) * 1000,
        latency_p99_ms=_percentile(latencies, 99) * 1000,
        statuses=dict(statuses),
        socket_errors=socket_errors,
    )


def _percentile(ordered: list[float], percent: int) -> float:
    """Nearest-rank percentile of an already sorted list (0 when empty)."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


LOAD_GENERATORS: dict[str, Callable[[int, str, str | None, Load], Measurement]] = {
    "wrk": wrk_load,
    "python": python_load,
}


# --- HTTP helpers --------------------------------------------------------------------


def http_request(
    port: int, method: str, path: str, *, cookie: str | None = None, form: str | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    headers = {"Cookie": cookie} if cookie else {}
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request(method, path, body=form, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _set_cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(header)
        cookies.update({name: morsel.value for name, morsel in parsed.items()})
    return cookies


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items() if value)


def login(port: int, username: str) -> str:
    """Log in through the real form and return the Cookie header of the session.

    With DEBUG off the cookies are marked Secure, which an HTTP client would refuse to
    send back over plain HTTP; the server does not check the flag, so sending them
    ourselves is enough.
    """
    status, headers, body = http_request(port, "GET", LOGIN_PATH)
    token = CSRF_INPUT.search(body.decode("utf-8", "replace"))
    if status != 200 or not token:
        raise BenchError(f"GET {LOGIN_PATH} answered HTTP {status} without a CSRF token")
    cookies = _set_cookies(headers)
    form = urlencode(
        {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token[1]}
    )
    status, headers, _ = http_request(
        port, "POST", LOGIN_PATH, cookie=_cookie_header(cookies), form=form
    )
    # One attempt only: django-axes locks the account after a few failures.
    if status != 302 or headers.get("Location", "").startswith(LOGIN_PATH):
        raise BenchError(
            f"login as {username!r} failed (HTTP {status}); are the demo accounts seeded?"
        )
    cookies.update(_set_cookies(headers))
    return _cookie_header(cookies)


# --- Database and server -------------------------------------------------------------


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


def database_prepare(env: dict[str, str], database_url: str, associations: int) -> int:
    """Create, migrate and seed the bench database; return its number of associations."""
    database_create(database_url)
    log("migrating")
    manage(env, "migrate", "--noinput", "-v", "0")
    log(f"seeding up to {associations} associations")
    started = time.monotonic()
    manage(env, "seed_demo", "--associations", str(associations))
    log(f"seed_demo took {time.monotonic() - started:.1f} s")
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
def gunicorn(env: dict[str, str], workers: int) -> Iterator[int]:
    """Serve the project on a free local port; yield the port; always stop the server."""
    port = _free_port()
    log_path = RESULTS_DIR / "gunicorn.log"
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "takwia.wsgi"]
            + ["-w", str(workers), "-b", f"{HOST}:{port}"]
            # Without this, gunicorn 27 opens ~/.gunicorn/gunicorn.ctl, a path shared
            # with any other gunicorn of the same user.
            + ["--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            # Its own session: Ctrl-C reaches this script only, which then stops
            # gunicorn in the finally clause below.
            start_new_session=True,
        )
        try:
            _wait_ready(process, port, log_path)
            log(f"gunicorn ({workers} workers) ready on {HOST}:{port}, log in {log_path}")
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log("gunicorn stopped")


def _wait_ready(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with code {process.returncode}, see {log_path}")
        with contextlib.suppress(OSError):
            if http_request(port, "GET", BASELINE_PATH)[0] == 200:
                return
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer {BASELINE_PATH} in {STARTUP_TIMEOUT_S} s")


# --- Benchmarks ----------------------------------------------------------------------


class Bench:
    """What a benchmark function gets: the running server, sessions, the shared baseline."""

    def __init__(self, port: int, load: Load, generator: str, env: dict[str, str] | None = None):
        self.port = port
        self.load = load
        self.generator = generator
        self.env = env or {}
        self._cookies: dict[str, str] = {}

    def cookie(self, username: str) -> str:
        if username not in self._cookies:
            self._cookies[username] = login(self.port, username)
        return self._cookies[username]

    @cached_property
    def baseline(self) -> Measurement:
        """GET /healthz/, measured once per run and shared by every benchmark."""
        log(f"measuring the baseline GET {BASELINE_PATH}")
        measurement = self.measure(BASELINE_PATH)
        log(f"  {BASELINE_NAME}: {measurement.rps:.1f} req/s")
        return measurement

    def measure(self, path: str, cookie: str | None = None) -> Measurement:
        for _ in range(WARMUP_REQUESTS):
            status, headers, body = http_request(self.port, "GET", path, cookie=cookie)
            if 300 <= status < 400 and headers.get("Location", "").startswith(LOGIN_PATH):
                raise BenchError(f"GET {path} redirects to the login page: session refused")
            if status != 200:
                raise BenchError(f"GET {path} answered HTTP {status}: {body[:300]!r}")
        measurement = LOAD_GENERATORS[self.generator](self.port, path, cookie, self.load)
        redirects = sum(n for status, n in measurement.statuses.items() if 300 <= status < 400)
        if redirects:
            raise BenchError(f"GET {path}: {redirects} redirects under load (session lost?)")
        if measurement.errors:
            log(
                f"  GET {path}: {measurement.errors} errors (statuses {measurement.statuses}, "
                f"{measurement.socket_errors} socket errors)"
            )
        return measurement

    def rps_vs_baseline(self, *, path: str, username: str, role: str) -> dict:
        """Requests per second of ``path`` for ``username``, as a share of the baseline."""
        cookie = self.cookie(username)
        baseline = self.baseline
        log(f"measuring GET {path} as {username}")
        measurement = self.measure(path, cookie)
        return {
            "unit": "req/s",
            "value": round(measurement.rps, 1),
            "baseline": round(baseline.rps, 1),
            "ratio": round(measurement.rps / baseline.rps, 4),
            "baseline_name": BASELINE_NAME,
            "path": path,
            "role": role,
            "user": username,
            "requests": measurement.requests,
            "errors": measurement.errors,
            "latency_p50_ms": round(measurement.latency_p50_ms, 2),
            "latency_p99_ms": round(measurement.latency_p99_ms, 2),
            "baseline_errors": baseline.errors,
            "baseline_latency_p50_ms": round(baseline.latency_p50_ms, 2),
            "baseline_latency_p99_ms": round(baseline.latency_p99_ms, 2),
        }

    def server_side(self, *args: str) -> dict:
        """Run bench/server_side.py (in-process timing and query counts) on the bench database."""
        env = {**self.env, "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost"}
        log(f"measuring in-process: {' '.join(args)}")
        output = subprocess.run(
            [sys.executable, str(BENCH_DIR / "server_side.py"), *args],
            cwd=ROOT,
            env=env,
            check=True,
            text=True,
            stdout=subprocess.PIPE,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])


# Name -> function returning the figures of one benchmark (see Bench.rps_vs_baseline
# for the keys). Add a benchmark by decorating a function with @benchmark.
BENCHMARKS: dict[str, Callable[[Bench], dict]] = {}


def benchmark(function: Callable[[Bench], dict]) -> Callable[[Bench], dict]:
    BENCHMARKS[function.__name__] = function
    return function


@benchmark
def home_national_rps(bench: Bench) -> dict:
    """Home page of national staff: counts over the whole registry."""
    return bench.rps_vs_baseline(path="/", username="national", role="national")


@benchmark
def home_coordinator_rps(bench: Bench) -> dict:
    """Home page of a coordinator of two provinces: their counts and province table."""
    return bench.rps_vs_baseline(path="/", username="coordinateur.khenifra", role="coordinator")


@benchmark
def territory_national_rps(bench: Bench) -> dict:
    """The 75 provinces with their association counts, for national staff."""
    return bench.rps_vs_baseline(path="/territory/", username="national", role="national")


@benchmark
def associations_list_national_rps(bench: Bench) -> dict:
    """The registry list, first page, unfiltered, for national staff (250,000 rows)."""
    return bench.rps_vs_baseline(path="/associations/", username="national", role="national")


@benchmark
def associations_search_province_rps(bench: Bench) -> dict:
    """The registry list filtered by province (Khénifra) and searched by name, accent-free."""
    return bench.rps_vs_baseline(
        path="/associations/?province=05.301&q=developpement",
        username="national",
        role="national",
    )


@benchmark
def associations_search_national_rps(bench: Bench) -> dict:
    """A name search over the whole country (trigram index on PostgreSQL)."""
    return bench.rps_vs_baseline(
        path="/associations/?q=n%C2%B0+12345", username="national", role="national"
    )


@benchmark
def associations_list_province_server_ms(bench: Bench) -> dict:
    """Server time and query count of the list filtered by province and searched by name."""
    return bench.server_side("view", "/associations/?province=05.301&q=developpement", "national")


@benchmark
def associations_list_national_server_ms(bench: Bench) -> dict:
    """Server time and query count of the unfiltered national list (250,000 rows)."""
    return bench.server_side("view", "/associations/", "national")


@benchmark
def associations_search_national_server_ms(bench: Bench) -> dict:
    """Server time and query count of a name search over the whole country."""
    return bench.server_side("view", "/associations/?q=tifawin", "national")


@benchmark
def registry_figures_province_server_ms(bench: Bench) -> dict:
    """Registry figures of one province (two aggregate queries, not cached)."""
    return bench.server_side("view", "/associations/figures/?province=05.301", "national")


@benchmark
def diagnostic_save_and_submit_server_ms(bench: Bench) -> dict:
    """Autosave of one questionnaire step and submission of a full questionnaire."""
    return bench.server_side("diagnostic", "30")


@benchmark
def provincial_results_5000_server_ms(bench: Bench) -> dict:
    """Provincial results with 5,000 diagnosed associations; the 75-province comparison."""
    return bench.server_side("results", "5000")


@benchmark
def report_200(bench: Bench) -> dict:
    """The provincial PDF report of a province with 200 diagnosed associations."""
    return bench.server_side("report", "200")


@benchmark
def report_2000(bench: Bench) -> dict:
    """The same with 2,000 diagnosed associations (the issue's reference size)."""
    return bench.server_side("report", "2000")


@benchmark
def report_10000(bench: Bench) -> dict:
    """The same with 10,000 diagnosed associations: how time and memory grow."""
    return bench.server_side("report", "10000")


@benchmark
def associations_import_10000(bench: Bench) -> dict:
    """Import of a 10,000-row CSV into Khénifra (rolled back): time and peak memory of the
    check and of the import, against a bare bulk_create of the same complete rows."""
    return bench.server_side("import", "10000")


@benchmark
def associations_import_100000(bench: Bench) -> dict:
    """The same with 100,000 rows (about 20 MB): memory must stay flat."""
    return bench.server_side("import", "100000")


# --- Command line --------------------------------------------------------------------


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"among {', '.join(BENCHMARKS)} (default: all)"
    )
    parser.add_argument(
        "--associations",
        type=_positive,
        default=250_000,
        help="size of the seeded registry (default: %(default)s)",
    )
    parser.add_argument(
        "--duration",
        type=_positive,
        default=10,
        help="seconds per measurement (default: %(default)s)",
    )
    parser.add_argument(
        "--connections",
        type=_positive,
        default=4,
        help="concurrent client connections (default: %(default)s)",
    )
    parser.add_argument(
        "--workers", type=_positive, default=2, help="gunicorn workers (default: %(default)s)"
    )
    parser.add_argument(
        "--max-requests",
        type=_positive,
        default=1_000_000,
        help="cap on the requests of one measurement (default: %(default)s)",
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="created if missing, then seeded (default: %(default)s)",
    )
    parser.add_argument(
        "--load-generator",
        choices=["auto", *LOAD_GENERATORS],
        default="auto",
        help="auto: wrk when installed, else the threaded Python client (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    return args


def server_env(database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off), except HTTPS, which a local benchmark lacks."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "takwia.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(RESULTS_DIR / "staticfiles"),
    }


def run(args: argparse.Namespace) -> int:
    names = args.names or list(BENCHMARKS)
    generator = args.load_generator
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "python"
    elif generator == "wrk" and not shutil.which("wrk"):
        raise BenchError("wrk is not installed")
    log(f"load generator: {generator}")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    env = server_env(args.database_url)
    associations = database_prepare(env, args.database_url, args.associations)
    log("collecting static files")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    load = Load(args.duration, args.connections, args.max_requests)
    context = {
        "associations": associations,
        "duration_s": args.duration,
        "connections": args.connections,
        "workers": args.workers,
        "load_generator": generator,
    }
    failed = False
    with gunicorn(env, args.workers) as port:
        bench = Bench(port, load, generator, env)
        for name in names:
            result = {"name": name, **BENCHMARKS[name](bench), **context}
            print(json.dumps(result, ensure_ascii=False), flush=True)
            failed |= bool(result.get("errors") or result.get("baseline_errors"))
    return 1 if failed else 0


def _exit_on_sigterm(signum, frame) -> None:
    # Turned into SystemExit so that the finally clauses stop gunicorn.
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    args = parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except (BenchError, subprocess.SubprocessError, psycopg2.Error) as exc:
        log(f"error: {exc}")
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
