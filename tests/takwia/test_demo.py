import pytest
from django.core.management import call_command
from django.urls import reverse

from associations.models import Association
from takwia.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, associations_generate
from takwia.models import User
from takwia.roles import Role


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


@pytest.mark.django_db
def test_generated_associations_reach_the_target_once_and_spread_over_the_country():
    call_command("seed_demo")
    target = Association.objects.count() + 3000
    assert associations_generate(total=target, batch_size=1000) == 3000
    assert associations_generate(total=target) == 0
    assert Association.objects.count() == target
    provinces = Association.objects.values("commune__province").distinct().count()
    assert provinces >= 70  # weighted by HCP's 2024 counts, every province gets some
