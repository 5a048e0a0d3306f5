"""Many logged-in users at once on the deployment's stack (``load_50_users``).

The stack of a web node (docs/deploy.md): gunicorn with takwia/gunicorn.conf.py and the
broker, so that a report is only enqueued by the web tier, and one Celery worker process
of the reports queue that renders it. USERS accounts (national staff and coordinators
of the big campaign's province, bench/load_users.py) log in through the real form; each
then goes through its round for ``duration_s`` with a think time before every request
(bench/load_users.lua): the list, the list by province and search, an association, the
campaign's results, the provincial report asked for through the real job path (the form's
POST, which joins the job already at work), the job's page and its status. The baseline:
the same users, same think time, on the logged-in floor, just before (the report already
being rendered).
"""

import contextlib
import json
import os
import runpy
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import psycopg2
from client import http_request, login
from common import BENCH_DIR, FLOOR_PATH, RESULTS_DIR, ROOT, BenchError, log
from loadgen import Step, UsersMeasurement, _percentile, users_load
from server import celery_reports_worker, gunicorn

GUNICORN_CONFIG = ROOT / "takwia" / "gunicorn.conf.py"
# The broker of the benchmark's web node and Celery worker (BENCH_BROKER_URL).
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/11"
GOAL_P95_MS = 1000  # issue 16: 0 errors, p95 <= 1 s
REPORT_REQUEST_PATH = "/files/request/"
# Rounds a user goes through before starting over (each with another association and
# search word): longer than any user's 60 s.
ROUNDS = 6
PAGES = ["list", "list_search", "association", "results", "report_request", "job", "job_status"]
# Lines of gunicorn's log that tell a failure the client may not see.
LOG_PROBLEMS = ["WORKER TIMEOUT", "Traceback", "[ERROR]", "[CRITICAL]"]


def _web_settings(env: dict[str, str]) -> dict:
    """Worker class, workers and threads the config file gives in ``env``."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        values = runpy.run_path(str(GUNICORN_CONFIG))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {
        key: values[key] for key in ("worker_class", "workers", "threads", "timeout", "keepalive")
    }


def _csrf_token(cookie: str) -> str:
    """The CSRF secret of the session's cookie: Django accepts it unmasked in a form."""
    parsed = SimpleCookie()
    parsed.load(cookie)
    if "csrftoken" not in parsed:
        raise BenchError("no csrftoken cookie after login")
    return parsed["csrftoken"].value


def _logins(port: int, usernames: list[str]) -> list[str]:
    log(f"logging {len(usernames)} users in through the login form")
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda name: login(port, name), usernames))


def _report_form(plan: dict, cookie: str) -> str:
    return urlencode({**plan["report"], "csrfmiddlewaretoken": _csrf_token(cookie)})


def _report_request(port: int, plan: dict, cookie: str) -> str:
    """Ask for the report once, as the province page's form does; the job's page."""
    status, headers, body = http_request(
        port, "POST", REPORT_REQUEST_PATH, cookie=cookie, form=_report_form(plan, cookie)
    )
    location = urlsplit(headers.get("Location", "")).path
    if status != 302 or not location.startswith("/files/"):
        raise BenchError(f"report request answered HTTP {status} {location}: {body[:300]!r}")
    return location


def _job_status(port: int, job_path: str, cookie: str) -> dict:
    status, _, body = http_request(port, "GET", f"{job_path}status/", cookie=cookie)
    if status != 200:
        return {"status": f"HTTP {status}"}
    answer = json.loads(body)
    return {"status": answer["status"], "progress": answer["progress"]}


def _rounds(plan: dict, cookies: list[str], job_path: str) -> list[list[Step]]:
    searches, associations = plan["list_search"], plan["association"]
    rounds = []
    for user, cookie in enumerate(cookies):
        form = _report_form(plan, cookie)
        steps = []
        for turn in range(ROUNDS):
            steps += [
                Step("list", "GET", plan["list"], cookie),
                Step("list_search", "GET", searches[(user + turn) % len(searches)], cookie),
                Step(
                    "association",
                    "GET",
                    associations[(user * ROUNDS + turn) % len(associations)],
                    cookie,
                ),
                Step("results", "GET", plan["results"], cookie),
                Step("report_request", "POST", REPORT_REQUEST_PATH, cookie, form),
                Step("job", "GET", job_path, cookie),
                Step("job_status", "GET", f"{job_path}status/", cookie),
            ]
        rounds.append(steps)
    return rounds


def _warm_up(port: int, steps: list[Step], times: int) -> None:
    """Each step of a round ``times`` over, four at a time: every worker process has
    compiled its templates and opened its connections, and every page answers as
    expected (200; the report's form a redirect to its job) before the clock starts."""

    def one(step: Step) -> None:
        status, headers, body = http_request(
            port, step.method, step.path, cookie=step.cookie, form=step.form or None
        )
        location = headers.get("Location", "")
        expected = 302 if step.method == "POST" else 200
        if status != expected or "/accounts/login/" in location:
            raise BenchError(f"{step.method} {step.path} answered HTTP {status} {location}")

    log(f"warming up: {len(steps)} pages {times} times each")
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, [step for step in steps for _ in range(times)]))


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids: set[int] | None = None, group: int | None = None) -> dict[int, float]:
    """User + system CPU seconds of the given processes, or of a process group's."""
    seconds = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or (pids is not None and int(entry) not in pids):
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        # After the command: state ppid pgrp ... utime (12th) stime (13th).
        if group is not None and int(fields[2]) != group:
            continue
        seconds[int(entry)] = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    return seconds


class Sampler:
    """Every 2 s while a measurement runs: connections to the bench database (and all
    of PostgreSQL's), and the machine's 1-minute load average; the CPU time spent by the
    web node, the report worker and the bench database's PostgreSQL backends between
    its start and its end (their own work, whatever else runs on the machine)."""

    def __init__(self, database_url: str, groups: dict[str, int]):
        self.dsn = urlsplit(database_url)._replace(scheme="postgresql").geturl()
        self.database = urlsplit(database_url).path.lstrip("/")
        self.groups = groups
        self.connections: list[int] = []
        self.all_connections: list[int] = []
        self.load: list[float] = []
        self.backends_first: dict[int, float] = {}
        self.backends_last: dict[int, float] = {}
        self._stop = threading.Event()

    def _run(self) -> None:
        connection = psycopg2.connect(self.dsn)
        connection.autocommit = True
        try:
            while not self._stop.is_set():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pid, datname FROM pg_stat_activity "
                        "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                    )
                    rows = cursor.fetchall()
                own = {pid for pid, name in rows if name == self.database}
                self.connections.append(len(own))
                self.all_connections.append(len(rows) + 1)
                self.load.append(os.getloadavg()[0])
                backends = _cpu_seconds(pids=own)
                for pid, seconds in backends.items():
                    self.backends_first.setdefault(pid, seconds)
                self.backends_last.update(backends)
                self._stop.wait(2)
        finally:
            connection.close()

    def _groups_cpu(self) -> dict[str, float]:
        return {
            name: sum(_cpu_seconds(group=group).values()) for name, group in self.groups.items()
        }

    @contextlib.contextmanager
    def running(self) -> Iterator["Sampler"]:
        thread = threading.Thread(target=self._run, daemon=True)
        started = self._groups_cpu()
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()
            ended = self._groups_cpu()
            self.cpu = {name: round(ended[name] - started[name], 1) for name in ended}
            first, last = self.backends_first, self.backends_last
            self.cpu["postgres"] = round(sum(last[pid] - first[pid] for pid in last), 1)

    def figures(self) -> dict:
        return {
            "cpu_s": self.cpu,
            "database_connections_max": max(self.connections, default=0),
            "postgres_connections_max": max(self.all_connections, default=0),
            "load_average_1min": {
                "start": self.load[0] if self.load else None,
                "max": max(self.load, default=None),
                "end": self.load[-1] if self.load else None,
            },
        }


def _rampup_ms(think_ms: tuple[int, int]) -> int:
    """Until every user has sent its first request (after at most the longest pause)."""
    return think_ms[1] + 2500


def _measure(port: int, rounds, think_ms, duration_s: int, database_url: str, groups):
    sampler = Sampler(database_url, groups)
    with sampler.running():
        measurement = users_load(port, rounds, think_ms, duration_s, _rampup_ms(think_ms))
    return measurement, sampler.figures()


def _summary(measurement: UsersMeasurement) -> dict:
    every = measurement.all_latencies()

    return {
        "requests": measurement.requests,
        "requests_per_s": round(measurement.requests / measurement.duration_s, 2),
        "p50_ms": round(_percentile(every, 50), 1),
        "p95_ms": round(_percentile(every, 95), 1),
        "p99_ms": round(_percentile(every, 99), 1),
        "errors": measurement.errors(),
        "socket_errors": measurement.socket_errors,
        "served_with_rampup": measurement.requests + measurement.rampup_responses,
    }


def _log_problems(text: str) -> dict:
    return {problem: text.count(problem) for problem in LOG_PROBLEMS if problem in text}


def _postgres_max_connections(database_url: str) -> int:
    connection = psycopg2.connect(urlsplit(database_url)._replace(scheme="postgresql").geturl())
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_connections")
            return int(cursor.fetchone()[0])
    finally:
        connection.close()


def measure(bench, *, users: int, duration_s: int, think_s: float) -> dict:
    if not shutil.which("wrk"):
        raise BenchError("load_50_users needs wrk (one thread per user, bench/load_users.lua)")
    broker = bench.env.get("BENCH_BROKER_URL") or DEFAULT_BROKER_URL
    think_ms = (int(think_s * 500), int(think_s * 1500))  # uniform, mean think_s
    if _rampup_ms(think_ms) >= duration_s * 1000 / 2:
        raise BenchError(f"{duration_s} s is too short for a think time of {think_s} s")
    env = {
        **bench.env,
        "CELERY_BROKER_URL": broker,
        # A browser keeps its connection while its user reads the page: idle, it waits
        # in gunicorn's poller, not in a thread, as long as the keep-alive outlasts the
        # pause (a load balancer in front holds them in deployment).
        "GUNICORN_KEEPALIVE": str(think_ms[1] // 1000 + 5),
    }
    database_url = env["DATABASE_URL"]
    output = bench._django(BENCH_DIR / "load_users.py", "prepare", str(users))
    plan = json.loads(output.strip().splitlines()[-1])
    web = _web_settings(env)
    log(
        f"{users} users, {duration_s} s, think time {think_ms[0]}-{think_ms[1]} ms; "
        f"gunicorn {web['worker_class']} x {web['workers']} workers x {web['threads']} threads, "
        f"keep-alive {web['keepalive']} s"
    )
    groups: dict[str, int] = {}  # name -> process group, for their CPU time
    with (
        celery_reports_worker(env, groups),
        gunicorn(env, None, config=GUNICORN_CONFIG, name="gunicorn-load", groups=groups) as port,
    ):
        cookies = _logins(port, [user["username"] for user in plan["users"]])
        job_path = _report_request(port, plan, cookies[0])
        log(f"report asked for: {job_path} ({plan['report_diagnosed']} diagnosed)")
        rounds = _rounds(plan, cookies, job_path)
        _warm_up(port, rounds[0][: len(PAGES)], 2 * web["workers"])
        # The floor first: slow pages still in progress when wrk stops would weigh on it.
        log(f"measuring the {users} users on {FLOOR_PATH} for {duration_s} s")
        floor_rounds = [[Step("floor", "GET", FLOOR_PATH, cookie)] for cookie in cookies]
        floor, floor_sampled = _measure(
            port, floor_rounds, think_ms, duration_s, database_url, groups
        )
        report_after_floor = _job_status(port, job_path, cookies[0])
        log(f"report after the floor: {report_after_floor}")
        log(f"measuring the same users on {', '.join(PAGES)} for {duration_s} s")
        pages, pages_sampled = _measure(port, rounds, think_ms, duration_s, database_url, groups)
        report_after_pages = _job_status(port, job_path, cookies[0])
        output = bench._django(BENCH_DIR / "load_users.py", "jobs")
        jobs = json.loads(output.strip().splitlines()[-1])
    server_log = (RESULTS_DIR / "gunicorn-load.log").read_text()
    per_page = {page: measurement_page(pages, page) for page in PAGES}
    slowest = max(figures["p95_ms"] for figures in per_page.values())
    floor_figures = _summary(floor)
    everything = _summary(pages)
    # CPU per request served: what the users cost the machine, whatever else ran on it.
    for sampled, measured in ((pages_sampled, everything), (floor_sampled, floor_figures)):
        sampled["cpu_ms_per_request"] = {
            name: round(1000 * seconds / max(1, measured["served_with_rampup"]), 1)
            for name, seconds in sampled["cpu_s"].items()
        }
    # Asked 50 times over, the same report must be one job (the unique index
    # "job_one_at_work" and job_request's join).
    duplicated = max(0, len(jobs) - 1)
    errors = (
        everything["errors"]
        + duplicated
        + sum(1 for figures in per_page.values() if not figures["requests"])
    )
    return {
        "unit": "ms (p95 of the slowest page)",
        "value": slowest,
        "baseline": floor_figures["p95_ms"],
        "baseline_name": "floor_p95_ms",
        "ratio": round(slowest / floor_figures["p95_ms"], 1) if floor_figures["p95_ms"] else None,
        "goal": f"0 errors, p95 <= {GOAL_P95_MS} ms on every page",
        "within_goal": errors == 0 and slowest <= GOAL_P95_MS,
        "errors": errors,
        "baseline_errors": floor_figures["errors"],
        "pages": per_page,
        "all_pages": everything,
        "floor": floor_figures,
        "users": users,
        "think_ms": list(think_ms),
        "load_duration_s": duration_s,
        "web": web,
        "postgres_max_connections": _postgres_max_connections(database_url),
        "sampled_pages": pages_sampled,
        "sampled_floor": floor_sampled,
        "report": {
            "diagnosed": plan["report_diagnosed"],
            "jobs": len(jobs),
            "duplicated_jobs": duplicated,
            "after_floor": report_after_floor,
            "after_pages": report_after_pages,
        },
        "server_log_problems": _log_problems(server_log),
    }


def measurement_page(measurement: UsersMeasurement, page: str) -> dict:
    if page not in measurement.latencies_ms:
        return {"requests": 0, "p50_ms": 0, "p95_ms": 0, "p99_ms": 0, "errors": 0}
    return measurement.page_figures(page)
