"""Takwia benchmarks: real pages and tasks against baselines measured in the same run.

    python bench/run.py [NAME ...] [--associations N] [--duration S] [--connections C]
                        [--database-url URL]

Prepares a dedicated PostgreSQL database (created if missing, migrated, seeded, and
filled with national data by bench/generate.py), serves the project with gunicorn in
production mode (DEBUG off, cache in Redis) on a free local port, runs the selected
benchmarks (all by default) and prints one JSON object per benchmark on stdout.
Progress goes to stderr. See bench/README.md.

Exit status: 0; 1 when some request failed (the figures are printed all the same);
2 when the run could not be carried out; 130 on Ctrl-C. gunicorn is always stopped.

The harness (run, server, harness, loadgen, client, common) uses only the standard
library and psycopg2, so that it does not depend on the code it measures.
"""

import argparse
import json
import shutil
import signal
import subprocess
import sys

import benchmarks  # noqa: F401  (registers the benchmarks)
import psycopg2
from common import DEFAULT_DATABASE_URL, RESULTS_DIR, BenchError, log
from harness import BENCHMARKS, Bench
from loadgen import LOAD_GENERATORS, Load
from server import database_count, database_prepare, gunicorn, manage, server_env


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
        "--users-duration",
        type=_positive,
        default=60,
        help="seconds of the concurrent-users measurement, pages and floor each "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--think-time",
        type=float,
        default=5.0,
        help="concurrent users: mean pause before each request, uniform between half "
        "and one and a half of it (default: %(default)s s)",
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="created if missing, then seeded (default: %(default)s)",
    )
    parser.add_argument(
        "--no-prepare",
        action="store_true",
        help="use the database as an earlier run left it: no migration, seeding, "
        "generation or collectstatic",
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
    if args.no_prepare:
        # An earlier run prepared the database and collected the static files.
        associations = database_count(args.database_url, "associations_association")
        log(f"database used as it is: {associations} associations")
    else:
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
        bench = Bench(
            port,
            load,
            generator,
            env,
            users_duration_s=args.users_duration,
            think_s=args.think_time,
        )
        for name in names:
            try:
                result = {"name": name, **BENCHMARKS[name](bench), **context}
            except BenchError as exc:
                # One page too slow to answer does not void the others' figures.
                log(f"{name}: {exc}")
                result = {"name": name, "error": str(exc), **context}
            print(json.dumps(result, ensure_ascii=False), flush=True)
            failed |= bool(
                result.get("error") or result.get("errors") or result.get("baseline_errors")
            )
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
