"""Provincial results of the big benchmark campaign, timed in-process; runs on the
current code and on older versions (it only uses ``campaign_results`` and the page).

    cd <worktree> && DATABASE_URL=... python /path/to/bench/results_timing.py [REPEAT]

Prints one JSON line: the median (and min, max) of the selector
``diagnostics.selectors.campaign_results(campaign=...)`` and of the page
``/campaigns/<pk>/results/`` requested by national staff through Django's test client,
after two warm-up runs, with the page's query count and the commit measured.
"""

import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.getcwd()  # the worktree whose code is measured
sys.path.insert(0, ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takwia.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def _timed(function, repeat: int) -> list[float]:
    for _ in range(2):
        function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _summary(times: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
    }


def main(repeat: int) -> dict:
    from diagnostics.models import Campaign, Diagnostic
    from diagnostics.selectors import campaign_results
    from takwia.models import User

    campaign = Campaign.objects.filter(name__startswith="Banc national 2026").order_by("pk")[0]
    diagnosed = Diagnostic.objects.filter(
        campaign=campaign, status__in=["submitted", "validated"]
    ).count()
    client = Client()
    client.force_login(User.objects.get(username="national"))
    path = f"/campaigns/{campaign.pk}/results/"

    def page():
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    selector = _timed(lambda: campaign_results(campaign=campaign), repeat)
    page_times = _timed(page, repeat)
    with CaptureQueriesContext(connection) as queries:
        page()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "name": "campaign_results_timing",
        "commit": commit,
        "campaign": campaign.pk,
        "province": campaign.province.code,
        "diagnosed": diagnosed,
        "selector": _summary(selector),
        "page": _summary(page_times),
        "page_queries": len(queries.captured_queries),
        "repeat": repeat,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)), flush=True)
