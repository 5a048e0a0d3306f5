"""The main pages of each role, resolved on the benchmark data (shared by the query
counts and the throughput benchmarks).

Paths are found in the database (the big campaign, one of its diagnostics, an
association of the coordinator's province...), so that the same list serves the
1,000- and the 250,000-association data.
"""

# Role -> username in the benchmark data (takwia/demo.py, bench/gen_activity.py).
USERS = {
    "national": "national",
    "coordinator": "coordinateur.banc",
    "agent": "agent.banc",
    "president": "president",
    "volunteer_manager": "volontariat",
}


def main_pages() -> list[tuple[str, str, str]]:
    """(role, page name, path) of every main page, resolved in the current database."""
    from associations.models import Province
    from diagnostics.models import Campaign, Diagnostic, Plan
    from partnerships.models import Agreement
    from takwia.models import User
    from volunteers.models import Placement, Volunteer

    big = Campaign.objects.filter(name__startswith="Banc national 2026").order_by("pk").first()
    province = Province.objects.get(pk=big.province_id)
    diagnosed = Diagnostic.objects.filter(campaign=big, status="validated").order_by("pk").first()
    association = diagnosed.association_id
    plan = Plan.objects.filter(campaign=big).order_by("pk").first()
    president = User.objects.get(username="president")
    own = Diagnostic.objects.filter(association_id=president.association_id).first()
    draft = Diagnostic.objects.filter(campaign=big, status="draft").order_by("pk").first()
    agreement = (
        Agreement.objects.filter(association__commune__province=province).order_by("pk").first()
    )
    volunteer = Volunteer.objects.order_by("pk").first()
    placement = Placement.objects.order_by("pk").first()
    staff = {
        "home": "/",
        "territory": "/territory/",
        "province": f"/territory/{province.code}/",
        "list": "/associations/",
        "list_province_search": f"/associations/?province={province.code}&q=developpement",
        "figures": f"/associations/figures/?province={province.code}",
        "association": f"/associations/{association}/",
        "campaigns": "/campaigns/",
        "campaign": f"/campaigns/{big.pk}/",
        "results": f"/campaigns/{big.pk}/results/",
        "comparison": "/campaigns/comparison/",
        "needs": f"/campaigns/{big.pk}/needs/",
        "plans": "/plans/",
        "plan": f"/plans/{plan.pk}/" if plan else None,
        "diagnostic": f"/diagnostics/{diagnosed.pk}/",
        "agreements": "/partnerships/",
        "agreement": f"/partnerships/{agreement.pk}/",
        "agreements_search": "/partnerships/?q=banc+partenaire&sort=association",
        "partners_search": "/partnerships/partners/?q=partenaire+banc",
        "files": "/files/",
    }
    pages = [("national", name, path) for name, path in staff.items() if path]
    pages += [
        ("national", "partnership_figures", "/partnerships/figures/"),
        ("national", "volunteering", "/volunteering/"),
    ]
    pages += [("coordinator", name, path) for name, path in staff.items() if path]
    pages += [
        ("agent", "home", "/"),
        ("agent", "campaign", f"/campaigns/{big.pk}/"),
        ("agent", "entry", f"/diagnostics/{draft.pk}/entry/1/" if draft else None),
        ("agent", "list", "/associations/"),
        ("president", "home", "/"),
        ("president", "association", f"/associations/{president.association_id}/"),
        ("president", "diagnostic", f"/diagnostics/{own.pk}/" if own else None),
        ("volunteer_manager", "home", "/"),
        ("volunteer_manager", "volunteering", "/volunteering/"),
        ("volunteer_manager", "volunteers", "/volunteering/volunteers/"),
        ("volunteer_manager", "volunteer", f"/volunteering/volunteers/{volunteer.pk}/"),
        ("volunteer_manager", "placements", "/volunteering/placements/"),
        ("volunteer_manager", "placement", f"/volunteering/placements/{placement.pk}/"),
    ]
    return [(role, name, path) for role, name, path in pages if path]


if __name__ == "__main__":
    import json
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takwia.settings")
    import django

    django.setup()
    print(json.dumps(main_pages()))
