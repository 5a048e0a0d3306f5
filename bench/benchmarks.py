"""The benchmarks: each returns its figure, the baseline it is measured against and
their ratio (see bench/README.md). Load goes only to the gunicorn of bench/run.py."""

import json

import concurrent_users
from common import BENCH_DIR, DEFAULT_SMALL_DATABASE_URL, log
from harness import Bench, benchmark
from pages import USERS

# Page throughput, each against the logged-in floor of the same user: (role, page).
# The list for national staff and a coordinator, the home and main pages of
# the three other roles.
PAGE_RPS = [
    (role, page)
    for role in ("national", "coordinator")
    for page in (
        "home", "list", "list_province_search", "association", "results", "comparison",
        "campaign",
    )
] + [
    ("agent", "home"), ("agent", "campaign"), ("agent", "entry"),
    ("president", "home"), ("president", "association"), ("president", "diagnostic"),
    ("volunteer_manager", "home"), ("volunteer_manager", "volunteering"),
    ("volunteer_manager", "volunteers"),
]  # fmt: skip


def _page_benchmark(role: str, page: str):
    def measure(bench: Bench) -> dict:
        path = bench.pages[(role, page)]
        return bench.rps_vs_floor(path=path, username=USERS[role], role=role)

    measure.__name__ = f"rps_{role}_{page}"
    measure.__doc__ = f"Requests per second of the {page} page for the {role} role."
    return measure


for _role, _page in PAGE_RPS:
    benchmark(_page_benchmark(_role, _page))


@benchmark
def queries_per_page(bench: Bench) -> dict:
    """Queries of every main page of every role, on the bench database and on the
    1,000-association one (generated on first use), side by side; baseline: 12."""
    from server import database_prepare

    small_url = bench.env.get("BENCH_SMALL_DATABASE_URL", DEFAULT_SMALL_DATABASE_URL)
    small_env = {**bench.env, "DATABASE_URL": small_url}
    database_prepare(small_env, small_url, 1000)
    figures = {}
    for label, env in (("large", {}), ("small", {"DATABASE_URL": small_url})):
        log(f"counting queries per page ({label} database)")
        output = bench._django(BENCH_DIR / "queries.py", env=env)
        figures[label] = [json.loads(line) for line in output.splitlines() if line.strip()]
    small = {(line["role"], line["page"]): line for line in figures["small"]}
    pages = [
        {
            "role": line["role"],
            "page": line["page"],
            "queries_small": small[(line["role"], line["page"])]["queries"],
            "queries_large": line["queries"],
            "statuses": [small[(line["role"], line["page"])]["status"], line["status"]],
        }
        for line in figures["large"]
    ]
    worst = max(max(p["queries_small"], p["queries_large"]) for p in pages)
    return {
        "unit": "queries (most of any page)",
        "value": worst,
        "baseline": 12,
        "baseline_name": "queries_allowed_per_page",
        "ratio": round(worst / 12, 3),
        "associations_small": figures["small"][0]["associations"],
        "associations_large": figures["large"][0]["associations"],
        "grown": [p for p in pages if p["queries_large"] > p["queries_small"]],
        "pages": pages,
    }


@benchmark
def results_vs_aggregate_5000(bench: Bench) -> dict:
    """The provincial results page of the 5,000-diagnosed campaign against a
    hand-written aggregate SQL of the same figures (bench/side_results.py)."""
    return bench.server_side("results")


@benchmark
def report_task_vs_bare_layout(bench: Bench) -> dict:
    """The provincial report through the real job path against WeasyPrint on a bare
    block layout of the same rows, with peak memory (bench/side_report.py)."""
    return bench.server_side("report")


@benchmark
def associations_list_province_server_ms(bench: Bench) -> dict:
    """Server time and query count of the list filtered by province and searched by name."""
    return bench.server_side("view", "/associations/?province=05.301&q=developpement", "national")


@benchmark
def associations_search_national_server_ms(bench: Bench) -> dict:
    """Server time and query count of a name search over the whole country."""
    return bench.server_side("view", "/associations/?q=tifawin", "national")


@benchmark
def diagnostic_save_and_submit_server_ms(bench: Bench) -> dict:
    """Autosave of one questionnaire step and submission of a full questionnaire."""
    return bench.server_side("diagnostic", "30")


@benchmark
def associations_import_10000(bench: Bench) -> dict:
    """Import of a 10,000-row CSV into Khénifra (rolled back): time and peak memory of the
    check and of the import, against a bare bulk_create of the same complete rows."""
    return bench.server_side("import", "10000")


@benchmark
def associations_import_100000(bench: Bench) -> dict:
    """The same with 100,000 rows (about 20 MB): memory must stay flat."""
    return bench.server_side("import", "100000")


@benchmark
def rps_national_api_associations(bench: Bench) -> dict:
    """The API's list of associations (first page, cursor pagination, JSON) for national
    staff, against the same user's logged-in floor."""
    return bench.rps_vs_floor(
        path="/api/v1/associations/", username=USERS["national"], role="national"
    )


@benchmark
def rps_national_map(bench: Bench) -> dict:
    """The national map by province (mean score), cached as in production, against the
    logged-in floor."""
    return bench.rps_vs_floor(
        path="/territory/map/?indicator=score", username=USERS["national"], role="national"
    )


@benchmark
def load_50_users(bench: Bench) -> dict:
    """50 logged-in users at once for 60 s (national staff and coordinators) on the
    list, the list by province + search, an association, the results page and a
    provincial report asked for and rendered by a Celery worker meanwhile, on the
    deployment's gunicorn (takwia/gunicorn.conf.py): p50/p95/p99 per page and errors,
    against the same users on the logged-in floor (bench/concurrent_users.py)."""
    return concurrent_users.measure(
        bench, users=50, duration_s=bench.users_duration_s, think_s=bench.think_s
    )
