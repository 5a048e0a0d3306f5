import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
def test_pages_are_in_french_left_to_right_by_default(client):
    response = client.get(reverse("login"))
    text = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in text
    assert "bootstrap.min.css" in text
    assert "Se connecter" in text


@pytest.mark.django_db
def test_switching_to_arabic_turns_the_layout_right_to_left(client):
    response = client.post(reverse("set_language"), {"language": "ar", "next": reverse("login")})
    assert response.status_code == 302
    text = client.get(reverse("login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in text
    assert "bootstrap.rtl.min.css" in text
    assert "تسجيل الدخول" in text  # the compiled Arabic catalogue is in use
    client.post(reverse("set_language"), {"language": "fr", "next": reverse("login")})
    assert '<html lang="fr" dir="ltr">' in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_dates_are_written_day_month_year(language):
    with translation.override(language):
        rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"d": datetime.date(2005, 5, 18)})
        )
    assert rendered == "18/05/2005"


def test_date_fields_accept_day_month_year():
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("fr"):
        form = DateForm({"day": "18/05/2005"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2005, 5, 18)
