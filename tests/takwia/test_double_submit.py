"""Two identical POSTs at the same moment make one record (a real server, two threads).

The form is displayed once (one CSRF and one submission token, as in a browser),
then posted twice through two connections released together by a barrier. Both
answers redirect to the same record. Run on PostgreSQL and on SQLite.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from http.client import HTTPConnection
from urllib.parse import urlencode, urlsplit
from uuid import uuid4

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from associations.models import Association, Commune
from partnerships.models import Agreement, Partner
from tests.factories import AssociationFactory, UserFactory
from volunteers.models import Host, Placement, Programme, Volunteer

pytestmark = pytest.mark.django_db(transaction=True)


class Browser:
    """One logged-in user talking HTTP to the live server, without following redirects."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.host, self.port = urlsplit(live_server.url).hostname, urlsplit(live_server.url).port
        session = settings.SESSION_COOKIE_NAME
        self.cookies = {session: client.cookies[session].value}

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def form(self, path: str) -> dict:
        connection = HTTPConnection(self.host, self.port, timeout=30)
        connection.request("GET", path, headers={"Cookie": self._cookie_header()})
        response = connection.getresponse()
        body = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        pattern = r'name="(csrfmiddlewaretoken|submission_token)" value="([^"]+)"'
        hidden = dict(re.findall(pattern, body))
        assert set(hidden) == {"csrfmiddlewaretoken", "submission_token"}, path
        return hidden

    def post_twice(self, path: str, data: dict) -> list[tuple[int, str]]:
        barrier = threading.Barrier(2)
        body = urlencode(data, doseq=True)
        headers = {"Cookie": self._cookie_header()}
        headers["Content-Type"] = "application/x-www-form-urlencoded"

        def post(_):
            connection = HTTPConnection(self.host, self.port, timeout=60)
            connection.connect()
            barrier.wait()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, response.headers.get("Location", "")

        with ThreadPoolExecutor(2) as pool:
            return list(pool.map(post, range(2)))


def _twice(live_server, user, path, data) -> list[tuple[int, str]]:
    browser = Browser(live_server, user)
    data = {**data, **browser.form(path)}
    return browser.post_twice(path, data)


def test_two_identical_association_posts_make_one_association(live_server, reference_data):
    user = UserFactory(national=True)
    commune = Commune.objects.filter(province__code="05.301").order_by("code").first()
    data = {"name_fr": "Association Double Clic", "commune": commune.pk, "status": "active"}

    answers = _twice(live_server, user, reverse("associations:create"), data)

    created = Association.objects.get(name_fr="Association Double Clic")
    location = reverse("associations:detail", args=[created.pk])
    assert answers == [(302, location), (302, location)]


def test_two_identical_agreement_posts_make_one_agreement(live_server, reference_data):
    user = UserFactory(national=True)
    association = AssociationFactory(
        commune=Commune.objects.filter(province__code="05.301").order_by("code").first()
    )
    partner = Partner.objects.create(name="Fondation Y", kind=Partner.Kind.NATIONAL_NGO)
    data = {
        "association": association.pk, "partner": partner.pk, "kind": "technical",
        "starts_on": "2025-05-01", "status": "active",
    }  # fmt: skip

    answers = _twice(live_server, user, reverse("partnerships:agreement_create"), data)

    created = Agreement.objects.get()
    location = reverse("partnerships:agreement", args=[created.pk])
    assert answers == [(302, location), (302, location)]


def test_two_identical_placement_posts_make_one_placement(live_server, reference_data):
    user = UserFactory(volunteer_manager=True)
    programme = Programme.objects.create(
        name="Programme double", coordinator="ADS", countries="Maroc", starts_on=date(2025, 1, 1)
    )
    volunteer = Volunteer.objects.create(
        last_name="Alaoui", first_name="Sara", gender="f", nationality="Marocaine",
        category="local", status="available", programme=programme,
    )  # fmt: skip
    host = Host.objects.create(name="Hôte", kind="association", country="Maroc", city="Azrou")
    data = {
        "volunteer": volunteer.pk, "host": host.pk, "programme": programme.pk,
        "theme": "Gestion", "starts_on": "2026-02-01", "status": "ongoing",
    }  # fmt: skip

    answers = _twice(live_server, user, reverse("volunteers:placement_create"), data)

    created = Placement.objects.get()
    location = reverse("volunteers:placement", args=[created.pk])
    assert answers == [(302, location), (302, location)]


def test_tokens_are_forgotten_after_a_week(reference_data):
    from datetime import timedelta

    from django.utils import timezone

    from takwia.models import Submission
    from takwia.tasks import clean_up_submissions

    user = UserFactory()
    old = Submission.objects.create(token=uuid4(), user=user, model="associations.association")
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = Submission.objects.create(token=uuid4(), user=user, model="associations.association")

    assert clean_up_submissions() == 1
    assert list(Submission.objects.values_list("pk", flat=True)) == [recent.pk]
