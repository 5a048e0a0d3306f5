"""What a benchmark function gets (``Bench``): the running server, sessions, the floor
and the bare capacity measured in the same run, the pages resolved in the database,
and in-process measurements (bench/server_side.py) on the same database."""

import json
import subprocess
import sys
import time
from collections.abc import Callable
from functools import cached_property

from client import http_request, login
from common import (
    BENCH_DIR,
    FLOOR_NAME,
    FLOOR_PATH,
    HEALTHZ_NAME,
    HEALTHZ_PATH,
    LOGIN_PATH,
    ROOT,
    WARMUP_REQUESTS,
    WARMUP_S,
    BenchError,
    log,
)
from loadgen import LOAD_GENERATORS, Load, Measurement


class Bench:
    def __init__(
        self,
        port: int,
        load: Load,
        generator: str,
        env: dict[str, str],
        *,
        users_duration_s: int = 60,
        think_s: float = 5.0,
    ):
        self.port = port
        # Concurrent users (load_50_users): how long, and each user's mean pause.
        self.users_duration_s = users_duration_s
        self.think_s = think_s
        self.load = load
        self.generator = generator
        self.env = env
        self._cookies: dict[str, str] = {}
        self._floors: dict[str, Measurement] = {}

    def cookie(self, username: str) -> str:
        if username not in self._cookies:
            self._cookies[username] = login(self.port, username)
        return self._cookies[username]

    @cached_property
    def healthz(self) -> Measurement:
        """GET /healthz/ without a session: the server's bare capacity, once per run."""
        log(f"measuring the bare capacity GET {HEALTHZ_PATH}")
        measurement = self.measure(HEALTHZ_PATH)
        log(f"  {HEALTHZ_NAME}: {measurement.rps:.1f} req/s")
        return measurement

    def floor(self, username: str) -> Measurement:
        """The logged-in floor for ``username``, measured before the user's first page."""
        if username not in self._floors:
            log(f"measuring the logged-in floor GET {FLOOR_PATH} as {username}")
            self._floors[username] = self.measure(FLOOR_PATH, self.cookie(username))
            log(f"  {FLOOR_NAME}: {self._floors[username].rps:.1f} req/s")
        return self._floors[username]

    @cached_property
    def pages(self) -> dict[tuple[str, str], str]:
        """(role, page) -> path, resolved in the bench database (bench/pages.py)."""
        output = self._django(BENCH_DIR / "pages.py")
        return {(role, name): path for role, name, path in json.loads(output)}

    def measure(self, path: str, cookie: str | None = None) -> Measurement:
        deadline = time.monotonic() + WARMUP_S
        for index in range(WARMUP_REQUESTS):
            if index >= 2 and time.monotonic() > deadline:
                break
            try:
                status, headers, body = http_request(self.port, "GET", path, cookie=cookie)
            except OSError as exc:
                raise BenchError(f"GET {path}: {exc}") from exc
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

    def rps_vs_floor(self, *, path: str, username: str, role: str) -> dict:
        """Requests per second of ``path`` for ``username``, as a share of the logged-in
        floor measured for the same user in the same run (and of the bare capacity)."""
        cookie = self.cookie(username)
        floor, healthz = self.floor(username), self.healthz
        log(f"measuring GET {path} as {username}")
        measurement = self.measure(path, cookie)
        return {
            "unit": "req/s",
            "value": round(measurement.rps, 1),
            "baseline": round(floor.rps, 1),
            "baseline_name": FLOOR_NAME,
            "ratio": round(measurement.rps / floor.rps, 4),
            "healthz": round(healthz.rps, 1),
            "ratio_to_healthz": round(measurement.rps / healthz.rps, 4),
            "path": path,
            "role": role,
            "user": username,
            "requests": measurement.requests,
            "errors": measurement.errors,
            "latency_p50_ms": round(measurement.latency_p50_ms, 2),
            "latency_p99_ms": round(measurement.latency_p99_ms, 2),
            "baseline_errors": floor.errors,
            "baseline_latency_p50_ms": round(floor.latency_p50_ms, 2),
        }

    def _django(self, script, *args: str, env: dict | None = None) -> str:
        return subprocess.run(
            [sys.executable, str(script), *args],
            cwd=ROOT,
            env={
                **self.env,
                "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
                **(env or {}),
            },
            check=True,
            text=True,
            stdout=subprocess.PIPE,
        ).stdout

    def server_side(self, *args: str) -> dict:
        """Run bench/server_side.py (in-process timing and query counts) on the bench database."""
        log(f"measuring in-process: {' '.join(args)}")
        output = self._django(BENCH_DIR / "server_side.py", *args)
        return json.loads(output.strip().splitlines()[-1])


# Name -> function returning the figures of one benchmark. Add one with @benchmark.
BENCHMARKS: dict[str, Callable[[Bench], dict]] = {}


def benchmark(function: Callable[[Bench], dict]) -> Callable[[Bench], dict]:
    BENCHMARKS[function.__name__] = function
    return function
