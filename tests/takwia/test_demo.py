import pytest
from django.core.management import call_command
from django.urls import reverse

from associations.models import Association
from takwia.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, associations_generate
from takwia.models import User
from takwia.roles import Role


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo guides' files go to a temporary folder, not the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_and_is_idempotent(client):
    call_command("seed_demo")
    associations, users = Association.objects.count(), User.objects.count()
    call_command("seed_demo")
    assert (Association.objects.count(), User.objects.count()) == (associations, users)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username, *_ in DEMO_ACCOUNTS:
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post(reverse("logout"))
    president = User.objects.get(role=Role.PRESIDENT)
    assert president.association.commune.province.code == "05.301"
    # The library's demo guides, once, recommended to the demo president.
    from diagnostics.demo_guides import DEMO_GUIDES
    from diagnostics.models import Guide
    from diagnostics.selectors import guides_recommended

    assert Guide.objects.count() == len(DEMO_GUIDES)
    assert all(guide.file.read().startswith(b"%PDF-") for guide in Guide.objects.all())
    assert guides_recommended(association=president.association, user=president)


@pytest.mark.django_db
def test_a_second_seed_leaves_a_changed_password_and_role_as_they_were():
    call_command("seed_demo")
    national = User.objects.get(username="national")
    national.set_password("un-autre-mot-de-passe-2026")
    national.is_staff = False
    national.save()

    call_command("seed_demo")

    national.refresh_from_db()
    assert national.check_password("un-autre-mot-de-passe-2026")
    assert not national.check_password(DEMO_PASSWORD)
    assert not national.is_staff


@pytest.mark.django_db
def test_generated_associations_reach_the_target_once_and_spread_over_the_country():
    call_command("seed_demo")
    target = Association.objects.count() + 3000
    assert associations_generate(total=target, batch_size=1000) == 3000
    assert associations_generate(total=target) == 0
    assert Association.objects.count() == target
    provinces = Association.objects.values("commune__province").distinct().count()
    assert provinces >= 70  # weighted by HCP's 2024 counts, every province gets some


@pytest.mark.django_db
def test_the_demo_registry_follows_the_seed_figures_of_the_three_provinces():
    from associations.selectors import registry_figures

    call_command("seed_demo")

    def figures(code):
        return registry_figures(queryset=Association.objects.filter(commune__province__code=code))

    khenifra, chichaoua = figures("05.301"), figures("07.161")
    after = {code: f.by_period[1].percent for code, f in (("K", khenifra), ("C", chichaoua))}
    # Seed 001: 77 % of Khénifra's and 86 % of Chichaoua's associations created after 2005.
    assert 70 <= after["K"] <= 84 and 80 <= after["C"] <= 92
    assert khenifra.total >= 200 and chichaoua.total >= 140
    # Chichaoua: social development leads by far (45 %); network members: 21.2 % vs 13 %.
    assert chichaoua.by_domain[0].key == "developpement-social"
    assert 38 <= chichaoua.by_domain[0].percent <= 55
    assert 14 <= khenifra.in_network.percent <= 28 and 7 <= chichaoua.in_network.percent <= 19
    founders = {share.key: share.percent for share in khenifra.by_initiator}["founders"]
    assert 38 <= founders <= 60
    assert Association.objects.exclude(
        commune__province__code__in=["05.301", "04.481", "07.161"]
    ).exists()


@pytest.mark.django_db
def test_the_demo_diagnostics_reproduce_the_seed_findings_approximately():
    from diagnostics.models import Campaign
    from diagnostics.selectors import campaign_results

    call_command("seed_demo")

    for code in ("05.301", "04.481", "07.161"):
        campaign = Campaign.objects.get(province__code=code)
        shares = {
            s.finding.code: s.percent
            for _, axis in campaign_results(campaign=campaign).by_axis
            for s in axis
        }
        # Seed 001: 56 % have no action plan, 67 % no information system, 98-99 % run by
        # the bureau alone; drawn at random from those rates, so within a margin.
        assert 38 <= shares["vis_no_action_plan"] <= 74, code
        assert 50 <= shares["vis_no_information_system"] <= 84, code
        assert shares["gov_bureau_only"] >= 90, code
