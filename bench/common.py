"""What every part of the harness shares: paths, the load's only address, errors, logs."""

import re
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"  # git-ignored: gunicorn's log, collected static files
WRK_SCRIPT = BENCH_DIR / "status_counts.lua"

# The only address load is ever sent to: the gunicorn this harness starts.
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/takwia_bench"
# The 1,000-association database the query counts are compared with.
DEFAULT_SMALL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/takwia_bench_small"
DEMO_PASSWORD = "takwia-demo-2026"  # set by `manage.py seed_demo` (takwia/demo.py)
LOGIN_PATH = "/accounts/login/"
# The honest floor of a logged-in page: session and user only (bench/floor_urls.py).
FLOOR_NAME = "floor_rps"
FLOOR_PATH = "/bench/floor/"
# The bare capacity of the server: no session, no database, no template.
HEALTHZ_NAME = "healthz_rps"
HEALTHZ_PATH = "/healthz/"

# gunicorn's own limit is 30 s per request (its worker timeout).
REQUEST_TIMEOUT_S = 30
STARTUP_TIMEOUT_S = 60
# Sequential requests before each measurement: they check the answer (200, not a
# redirect to the login page) and warm both gunicorn workers' caches.
# At most WARMUP_S seconds of them (at least two requests) for pages of several seconds.
WARMUP_REQUESTS = 20
WARMUP_S = 15
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class BenchError(Exception):
    """A failure that makes the figures meaningless: stop and say why."""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)
