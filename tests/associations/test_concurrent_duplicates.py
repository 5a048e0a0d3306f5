"""Two people entering the same association at the same moment, each with their own form
(two form tokens): one association is recorded, the other person is told of it (the
near-duplicate check holds under concurrency). A real server, two threads released
together; run on PostgreSQL and on SQLite."""

import threading
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from associations.models import Association, Commune
from tests.factories import UserFactory
from tests.takwia.test_double_submit import Browser

pytestmark = pytest.mark.django_db(transaction=True)


def _post_together(posts: list[tuple[Browser, str, dict]]) -> list[tuple[int, str, str]]:
    barrier = threading.Barrier(len(posts))

    def post(item):
        browser, path, data = item
        headers = {
            "Cookie": browser._cookie_header(),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        connection = HTTPConnection(browser.host, browser.port, timeout=60)
        connection.connect()
        barrier.wait()
        connection.request("POST", path, body=urlencode(data, doseq=True), headers=headers)
        response = connection.getresponse()
        body = response.read().decode()
        return response.status, response.headers.get("Location", ""), body

    with ThreadPoolExecutor(len(posts)) as pool:
        return list(pool.map(post, posts))


def test_two_people_creating_the_same_association_at_once_make_one(live_server, reference_data):
    commune = Commune.objects.filter(province__code="05.301").order_by("code").first()
    path = reverse("associations:create")
    posts = []
    # Nearly the same name, as two people would type it: an exact unique key would miss it.
    for username, name in (("agent1", "Association Al Amal"), ("agent2", "Association Al-Amal")):
        browser = Browser(live_server, UserFactory(national=True, username=username))
        data = {"name_fr": name, "commune": commune.pk, "status": "active"}
        posts.append((browser, path, {**data, **browser.form(path)}))

    answers = _post_together(posts)

    created = Association.objects.get(commune=commune, name_fr__startswith="Association Al")
    statuses = sorted(status for status, _location, _body in answers)
    assert statuses == [200, 302]
    redirected = next(answer for answer in answers if answer[0] == 302)
    refused = next(answer for answer in answers if answer[0] == 200)
    assert redirected[1] == reverse("associations:detail", args=[created.pk])
    assert "Une association au nom très proche existe déjà dans cette commune" in refused[2]
    assert created.name_fr in refused[2]
