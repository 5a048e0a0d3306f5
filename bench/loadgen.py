"""Load generation: wrk when installed, else a threaded Python client (slower, its
figures are not comparable with wrk's). Load only ever goes to HOST."""

import http.client
import math
import re
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from common import BENCH_DIR, HOST, REQUEST_TIMEOUT_S, RESULTS_DIR, WRK_SCRIPT, BenchError


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


@dataclass(frozen=True)
class Step:
    """One request of a user's round (bench/load_users.lua)."""

    page: str
    method: str
    path: str
    cookie: str
    form: str = ""


@dataclass(frozen=True)
class UsersMeasurement:
    duration_s: float
    latencies_ms: dict[str, list[float]]  # page -> sorted latencies
    statuses: dict[str, dict[int, int]]  # page -> status -> responses
    logins: dict[str, int]  # page -> redirects to the login page (lost sessions)
    socket_errors: int
    rampup_responses: int = 0  # served during the ramp-up, not counted

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies_ms.values())

    def errors(self, page: str | None = None) -> int:
        """Responses other than 2xx/3xx and redirects to the login page (plus, for the
        whole run, connection errors and timeouts, which wrk cannot tell by page)."""
        pages = [page] if page else list(self.statuses)
        bad = sum(
            n
            for name in pages
            for status, n in self.statuses[name].items()
            if not 200 <= status < 400
        )
        bad += sum(self.logins.get(name, 0) for name in pages)
        return bad + (0 if page else self.socket_errors)

    def page_figures(self, page: str) -> dict:
        values = self.latencies_ms[page]
        return {
            "requests": len(values),
            "p50_ms": round(_percentile(values, 50), 1),
            "p95_ms": round(_percentile(values, 95), 1),
            "p99_ms": round(_percentile(values, 99), 1),
            "max_ms": round(values[-1], 1) if values else 0.0,
            "errors": self.errors(page),
            "statuses": self.statuses.get(page, {}),
        }

    def all_latencies(self) -> list[float]:
        return sorted(ms for values in self.latencies_ms.values() for ms in values)


USERS_SCRIPT = BENCH_DIR / "load_users.lua"


def users_load(
    port: int,
    rounds: list[list[Step]],
    think_ms: tuple[int, int],
    duration_s: int,
    rampup_ms: int,
) -> UsersMeasurement:
    """One wrk thread and connection per user, each going through its round of steps
    again and again with a think time before each request, for ``duration_s``; the
    requests sent in the first ``rampup_ms`` are not counted."""
    plan = RESULTS_DIR / "load_users.plan"
    lines = [f"think\t{think_ms[0]}\t{think_ms[1]}", f"rampup\t{rampup_ms}"]
    for user, steps in enumerate(rounds, start=1):
        lines += [
            "\t".join(["step", str(user), s.page, s.method, s.path, s.cookie, s.form])
            for s in steps
        ]
    plan.write_text("\n".join(lines) + "\n")
    users = len(rounds)
    command = ["wrk", "-t", str(users), "-c", str(users), "-d", f"{duration_s}s"]
    command += ["--timeout", f"{REQUEST_TIMEOUT_S}s", "-s", str(USERS_SCRIPT)]
    command += [f"http://{HOST}:{port}/", "--", str(plan)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 90)
    if result.returncode != 0:
        raise BenchError(f"wrk failed with code {result.returncode}: {result.stderr.strip()}")
    return users_parse(result.stdout, duration_s - rampup_ms / 1000)


def users_parse(output: str, duration_s: float) -> UsersMeasurement:
    latencies: dict[str, list[float]] = {}
    statuses: dict[str, dict[int, int]] = {}
    logins: dict[str, int] = {}
    rampup = 0
    for line in output.splitlines():
        fields = line.split("\t")
        rampup += fields[0] == "rampup"
        if fields[0] != "response":
            continue
        page, status = fields[1], int(fields[2])
        latencies.setdefault(page, []).append(float(fields[3]))
        counts = statuses.setdefault(page, {})
        counts[status] = counts.get(status, 0) + 1
        logins[page] = logins.get(page, 0) + int(fields[4])
    for values in latencies.values():
        values.sort()
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return UsersMeasurement(
        duration_s=duration_s,
        latencies_ms=latencies,
        statuses=statuses,
        logins=logins,
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
        rampup_responses=rampup,
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
