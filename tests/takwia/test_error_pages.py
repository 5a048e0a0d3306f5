"""The error pages people meet: in the site's layout, French or Arabic, with a way back;
Django's technical pages only for a developer who asks for them."""

import pytest
from django.test import Client
from django.urls import reverse

from takwia import errors


@pytest.fixture
def debug(settings):
    """What `make run` serves: DEBUG on (the technical pages are then Django's default)."""
    settings.DEBUG = True
    settings.TAKWIA_TECHNICAL_ERRORS = False
    return settings


def _page(response):
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug_on", [False, True])
def test_an_unknown_address_gets_the_site_404_never_the_list_of_urls(
    client, users, settings, debug_on
):
    settings.DEBUG = debug_on
    settings.TAKWIA_TECHNICAL_ERRORS = False
    client.force_login(users["coordinator"])
    response = client.get("/nulle-part/")
    page = _page(response)
    assert response.status_code == 404
    assert 'data-testid="error-page"' in page and "Page introuvable" in page
    assert "URLconf" not in page and "admin/" not in page
    assert reverse("home") in page
    assert 'data-testid="user-menu"' in page  # the site's layout, with the person's menu


@pytest.mark.django_db
def test_an_object_outside_the_scope_gets_the_same_404(client, users, province_b, debug):
    from tests.factories import AssociationFactory

    other = AssociationFactory(commune=province_b.communes.first())
    client.force_login(users["coordinator"])
    response = client.get(reverse("associations:detail", args=[other.pk]))
    assert response.status_code == 404 and "Page introuvable" in _page(response)


@pytest.mark.django_db
def test_a_missing_permission_gets_a_french_403_in_the_layout(client, users, debug):
    client.force_login(users["president"])
    response = client.get(reverse("associations:territory"))
    page = _page(response)
    assert response.status_code == 403
    assert "Accès refusé" in page and "403 Forbidden" not in page
    assert 'data-status="403"' in page


@pytest.mark.django_db
def test_the_error_pages_speak_arabic(client, users, debug):
    client.force_login(users["coordinator"])
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    page = _page(client.get("/nulle-part/"))
    assert 'dir="rtl"' in page and "Page introuvable" not in page
    assert "العودة إلى الرئيسية" in page


@pytest.mark.django_db
def test_a_stale_form_gets_a_french_page_not_djangos_csrf_text(users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["coordinator"])
    response = browser.post(reverse("associations:create"), {"name_fr": "X"})
    page = _page(response)
    assert response.status_code == 403
    assert "La page a expiré" in page and "CSRF" not in page


@pytest.mark.django_db
def test_a_server_error_gets_the_site_500_without_touching_the_database(
    client, users, debug, django_assert_num_queries
):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = users["coordinator"]
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    page = _page(response)
    assert response.status_code == 500 and "Erreur de la plateforme" in page
    assert 'data-testid="user-menu"' not in page


def test_the_500_page_falls_back_to_plain_html_when_its_template_fails(monkeypatch):
    from django.test import RequestFactory

    def broken(*args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(errors, "render_error", broken)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and b"Erreur de la plateforme" in response.content


@pytest.mark.django_db
def test_a_crashing_view_gets_the_site_500_under_debug(users, debug, monkeypatch):
    from takwia import views

    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "home_map", crash)  # the home page now fails
    quiet = Client(raise_request_exception=False)
    quiet.force_login(users["coordinator"])
    response = quiet.get(reverse("home"))
    page = _page(response)
    assert response.status_code == 500
    assert "Erreur de la plateforme" in page and "Traceback" not in page and "boom" not in page


@pytest.mark.django_db
def test_a_developer_who_asks_gets_the_technical_404(client, users, settings):
    settings.DEBUG = True
    settings.TAKWIA_TECHNICAL_ERRORS = True
    client.force_login(users["coordinator"])
    page = _page(client.get("/nulle-part/"))
    assert "URLconf" in page or "Using the URLconf" in page


@pytest.mark.django_db
def test_the_api_keeps_its_json_errors(client, users, debug):
    client.force_login(users["coordinator"])
    response = client.get("/api/v1/associations/999999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
