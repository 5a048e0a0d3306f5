"""The Content-Security-Policy, and malformed query values on every page.

Pages are walked like the exports are: every URL without parameters, plus the
detail pages of the scenario's objects, as national staff.
"""

import re

import pytest
from django.urls import reverse

from tests.factories import JobFactory
from tests.takwia.test_exports_formula_safe import _patterns

pytestmark = pytest.mark.django_db

# POST-only or special pages, not worth a GET.
SKIPPED = {"logout", "job_create", "set_language"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
# Percent-encoded as they arrive: NUL (which PostgreSQL refuses in any string), a lone
# %, quotes and brackets, a huge number, a negative one, bytes that are not UTF-8.
MALFORMED = ["%00", "a%00b", "%25", "%27%22%3C%3E", "9" * 40, "-1", "1e999", "%ED%A0%80", "%FF"]
KEYS = [
    "q", "page", "province", "commune", "region", "status", "sort", "format", "kind",
    "partner_kind", "milieu", "domain", "founded", "archived", "association", "lang",
]  # fmt: skip


def _pages(objects):
    for name, pattern in _patterns():
        namespace = name.split(":")[0]
        if namespace == "admin" or pattern.pattern.converters or name in SKIPPED:
            continue
        yield reverse(name)
    yield reverse("associations:detail", args=[objects["association"].pk])
    yield reverse("associations:province", args=[objects["province"].code])
    yield reverse("job_detail", args=[objects["job"].pk])


@pytest.fixture
def objects(users, association_a, province_a):
    job = JobFactory(province=province_a, requested_by=users["national"])
    return {"association": association_a, "province": province_a, "job": job}


def test_every_page_sends_a_strict_csp_and_holds_no_inline_script_or_style(client, users, objects):
    client.force_login(users["national"])
    offending = []

    for url in _pages(objects):
        response = client.get(url)
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            offending += [(url, tag) for tag in INLINE_SCRIPT.findall(html)]
            offending += [(url, tag[:80]) for tag in STYLE_ATTRIBUTE.findall(html)]

    assert offending == []


def test_the_admin_sends_the_policy_too(client, users):
    client.force_login(users["national"])

    response = client.get(reverse("admin:index"))

    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_query_values_never_answer_a_server_error(client, users, objects, value):
    client.force_login(users["national"])
    client.raise_request_exception = False
    query = "&".join(f"{key}={value}" for key in KEYS)
    failures = []

    for url in _pages(objects):
        response = client.get(f"{url}?{query}")
        if response.status_code >= 500:
            failures.append((url, response.status_code))

    assert failures == []


def test_a_nul_in_a_query_value_is_a_bad_request(client, users):
    client.force_login(users["national"])

    response = client.get(reverse("partnerships:agreements") + "?province=05%00")

    assert response.status_code == 400
