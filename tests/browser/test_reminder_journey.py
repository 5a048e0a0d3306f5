"""Without a broker (`make run` on SQLite) the web process sends the periodic reminders:
a coordinator's first page runs them, the next shows the notification, read in the app
and found in the outbox; a president compares their self-assessment with the assessment."""

import re
from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import axe_violations, login
from tests.browser.waiting import wait_until
from tests.factories import TEST_PASSWORD, CampaignFactory, DiagnosticFactory, UserFactory


def test_an_overdue_action_is_told_in_the_app_and_by_email_without_a_broker(
    page, reference_data, settings
):
    from associations.models import Province
    from diagnostics.models import Action, Plan

    settings.TAKWIA_PERIODIC_IN_PROCESS = True
    khenifra = Province.objects.get(code="05.301")
    UserFactory(
        coordinator=True, username="karima", provinces=[khenifra], email="karima@example.ma"
    )
    today = timezone.localdate()
    plan = Plan.objects.create(
        province=khenifra, title="Plan Khénifra 2026", starts_on=today - timedelta(days=90),
        ends_on=today + timedelta(days=275),
    )  # fmt: skip
    Action.objects.create(
        plan=plan, kind="training", title="Formation à la gestion financière", axis="finances",
        status="ongoing", starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=2),
    )  # fmt: skip

    login(page, "karima", TEST_PASSWORD)  # this request runs the reminders, once
    page.goto(reverse("home"))
    page.get_by_test_id("unread").filter(has_text="1 notification non lue").click()

    listing = page.get_by_test_id("notifications")
    assert "Formation à la gestion financière" in listing.inner_text()
    assert "nouvelle" in listing.inner_text()
    assert axe_violations(page) == []
    assert wait_until(lambda: [email.to for email in mail.outbox] == [["karima@example.ma"]])
    assert "Formation à la gestion financière" in mail.outbox[0].subject
    listing.get_by_role("link", name=re.compile("devait finir")).click()
    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/$"))
    page.goto(reverse("home"))
    assert page.get_by_test_id("unread").inner_text().startswith("0 ")


def test_a_president_sees_their_self_assessment_beside_the_assessment(page, reference_data):
    from associations.models import Province
    from diagnostics.models import Diagnostic, Score

    khenifra = Province.objects.get(code="05.301")
    campaign = CampaignFactory(province=khenifra, status="ongoing", name="Khénifra 2026")
    assessed = DiagnosticFactory(
        campaign=campaign, status="validated", submitted_at=timezone.now(), overall_score=40
    )
    own = DiagnosticFactory(
        campaign=campaign, association=assessed.association, kind="self", status="submitted",
        submitted_at=timezone.now(), overall_score=Decimal("62.5"),
    )  # fmt: skip
    for diagnostic, score in ((assessed, 35), (own, 70)):
        Score.objects.create(diagnostic=diagnostic, level="axis", code="governance", score=score)
    UserFactory(president=True, username="fatima", association=assessed.association)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "fatima", TEST_PASSWORD)
    page.goto(reverse("home"))
    table = page.get_by_test_id("side-by-side")
    assert "+35,0" in table.inner_text() and "+22,5" in table.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Voir mon auto-évaluation").click()
    page.wait_for_url(re.compile(rf"/diagnostics/{own.pk}/$"))
    assert "n'entre dans aucun chiffre" in page.get_by_test_id("self-assessment-note").inner_text()
    assert axe_violations(page) == []
    assert Diagnostic.objects.scored().get() == assessed
