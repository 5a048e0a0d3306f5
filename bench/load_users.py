"""Accounts and paths of the concurrent-users benchmark (``load_50_users``).

    python bench/load_users.py prepare USERS   (on the bench database, DJANGO_SETTINGS_MODULE set)
    python bench/load_users.py jobs            (the benchmark report's jobs, as JSON)

``prepare`` creates (once) USERS accounts with the demo password, half national staff
(``charge.banc.NN``), half coordinators of the big campaign's province
(``coordinateur.banc.NN``), so that every user sees the same campaign; it deletes the
earlier jobs of the benchmark's report (so that the report is rendered during the run,
not served from a previous one) and prints, as JSON, the users and what they load:
the list, the list by province and search (a few words in turn), associations of the
big campaign (validated diagnostics), the campaign's results page, and the
provincial report's form fields.

``jobs`` prints the jobs of that report (status, progress, created): the run checks
that 50 users asking for the same report made one job.
"""

import json
import os
import sys
from pathlib import Path

PREFIXES = {"national": "charge.banc", "coordinator": "coordinateur.banc"}
# Searched in turn by the users (words of the generated names, bench/gen_registry.py).
SEARCH_WORDS = ["developpement", "tifawin", "femmes", "annour", "sante", "attadamoun"]
# Associations each user opens in turn (validated diagnostics of the big campaign).
ASSOCIATIONS = 40
REPORT_KIND = "province_report"


def _big_campaign():
    from diagnostics.models import Campaign

    return Campaign.objects.filter(name__startswith="Banc national 2026").order_by("pk").first()


def _report_params(campaign) -> dict:
    """The report's form fields as the province page posts them."""
    return {
        "kind": REPORT_KIND,
        "province": campaign.province.code,
        "campaign": str(campaign.pk),
        "statuses": "all",
        "language": "fr",
    }


def _report_jobs(campaign):
    from takwia.models import Job

    # The renderer's normalised parameters (diagnostics.reports.ProvinceReport.resolve).
    clean = {"campaign": campaign.pk, "province": campaign.province.code}
    params_key = json.dumps(clean, sort_keys=True)
    return Job.objects.filter(kind=REPORT_KIND, params_key=params_key)


def accounts_prepare(count: int, province) -> list[dict]:
    from django.contrib.auth.hashers import make_password

    from takwia.demo import DEMO_PASSWORD
    from takwia.models import User
    from takwia.roles import Role

    roles = {"national": Role.NATIONAL, "coordinator": Role.COORDINATOR}
    wanted = []
    for index in range(count):
        role = "national" if index % 2 == 0 else "coordinator"
        wanted.append((f"{PREFIXES[role]}.{index // 2 + 1:02d}", role))
    existing = set(
        User.objects.filter(username__in=[name for name, _ in wanted]).values_list(
            "username", flat=True
        )
    )
    missing = [(name, role) for name, role in wanted if name not in existing]
    if missing:
        password = make_password(DEMO_PASSWORD)  # hashed once for all of them
        for username, role in missing:
            user = User.objects.create(
                username=username,
                password=password,
                role=roles[role],
                first_name="Banc",
                last_name=f"{role} {username[-2:]}",
            )
            if role == "coordinator":
                user.provinces.set([province])
    return [{"username": name, "role": role} for name, role in wanted]


def prepare(count: int) -> dict:
    from diagnostics.models import Diagnostic

    campaign = _big_campaign()
    province = campaign.province
    users = accounts_prepare(count, province)
    associations = list(
        Diagnostic.objects.filter(campaign=campaign, status="validated")
        .order_by("pk")
        .values_list("association_id", flat=True)[:ASSOCIATIONS]
    )
    jobs = _report_jobs(campaign)
    for job in jobs.exclude(file=""):
        job.file.delete(save=False)
    deleted = jobs.delete()[0]
    return {
        "users": users,
        "list": "/associations/",
        "list_search": [
            f"/associations/?province={province.code}&q={word}" for word in SEARCH_WORDS
        ],
        "association": [f"/associations/{pk}/" for pk in associations],
        "results": f"/campaigns/{campaign.pk}/results/",
        "report_form_page": f"/territory/{province.code}/",
        "report": _report_params(campaign),
        "report_diagnosed": Diagnostic.objects.filter(campaign=campaign).count(),
        "jobs_deleted": deleted,
    }


def jobs() -> list[dict]:
    return [
        {
            "id": str(job.pk),
            "status": job.status,
            "progress": job.progress,
            "created_at": job.created_at.isoformat(),
        }
        for job in _report_jobs(_big_campaign()).order_by("created_at")
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takwia.settings")
    import django

    django.setup()
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(prepare(int(sys.argv[2]))))
    elif command == "jobs":
        print(json.dumps(jobs()))
    else:
        raise SystemExit(f"unknown command {command!r}")
