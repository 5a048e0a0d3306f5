"""A reviewer returns a diagnostic axis by axis; the agent is notified, reads the
comment on the axis' step, corrects and submits again; the reviewer, going through
the queue, confirms and validates it, then lands on the next diagnostic."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import axe_violations, login
from tests.browser.waiting import wait_until
from tests.factories import TEST_PASSWORD, AssociationFactory, CampaignFactory, UserFactory


def test_a_return_per_axis_is_corrected_then_validated_through_the_queue(page, reference_data):
    from associations.models import Province
    from diagnostics.models import Diagnostic
    from diagnostics.services import (
        diagnostic_save_answers,
        diagnostic_start,
        diagnostic_submit,
        structure_for,
    )
    from tests.diagnostics.test_diagnostic_entry import full_answers

    khenifra = Province.objects.get(code="05.301")
    UserFactory(national=True, username="nadia")
    agent = UserFactory(
        field_agent=True, username="youssef", provinces=[khenifra], email="youssef@example.ma"
    )
    campaign = CampaignFactory(province=khenifra, status="ongoing", name="Khénifra 2026")

    def submitted(name, days_ago):
        association = AssociationFactory(commune=khenifra.communes.first(), name_fr=name)
        diagnostic = diagnostic_start(campaign=campaign, association=association, user=agent)
        saved = diagnostic_save_answers(
            diagnostic=diagnostic,
            raw_answers=full_answers(structure_for(campaign.version)),
            lock_version=0,
            user=agent,
        )
        diagnostic_submit(diagnostic=diagnostic, user=agent, lock_version=saved.lock_version)
        Diagnostic.objects.filter(pk=diagnostic.pk).update(
            submitted_at=timezone.now() - timedelta(days=days_ago)
        )
        return diagnostic

    first = submitted("Association Tifawin", 9)
    second = submitted("Association Amal", 2)

    # The reviewer opens the oldest of the queue and returns it, axis 1 commented.
    login(page, "nadia", TEST_PASSWORD)
    page.get_by_test_id("review-queue").get_by_role("link", name="Association Tifawin").click()
    page.get_by_label("Axe 1 : Gouvernance").fill("Le PV de la dernière AG manque.")
    page.get_by_role("button", name="Renvoyer pour correction").click()
    page.wait_for_url(re.compile(rf"/diagnostics/{second.pk}/$"))
    assert first.answers.exists()
    first.refresh_from_db()
    assert first.return_comments == {"governance": "Le PV de la dernière AG manque."}
    assert [email.to for email in mail.outbox] == [["youssef@example.ma"]]

    # The agent is told, reads the comment on the axis' step, corrects, submits again.
    page.context.clear_cookies()
    login(page, "youssef", TEST_PASSWORD)
    page.get_by_test_id("unread").filter(has_text="1 notification non lue").click()
    page.get_by_role("link", name=re.compile("renvoyé pour correction")).click()
    page.get_by_role("link", name="Gouvernance").first.click()
    assert "Le PV de la dernière AG manque." in page.get_by_test_id("return-comments").inner_text()
    assert axe_violations(page) == []
    page.locator("#q-gov_statutes_known").get_by_label("Non").check()
    assert wait_until(lambda: not first.answers.get(question__code="gov_statutes_known").value_bool)
    page.goto(reverse("diagnostics:entry", args=[first.pk, 7]))
    page.get_by_role("button", name="Soumettre le questionnaire").click()
    page.wait_for_url(re.compile(rf"/diagnostics/{first.pk}/$"))

    # The reviewer validates it once confirmed, and the next of the queue opens.
    page.context.clear_cookies()
    login(page, "nadia", TEST_PASSWORD)
    page.goto(reverse("diagnostics:results", args=[first.pk]))
    decisions = page.get_by_test_id("decisions").inner_text()
    assert "Renvoyé pour correction" in decisions and "Le PV de la dernière AG manque." in decisions
    page.get_by_label(re.compile("J'ai relu toutes les réponses")).check()
    page.get_by_role("button", name="Valider le diagnostic").click()
    page.wait_for_url(re.compile(rf"/diagnostics/{second.pk}/$"))
    first.refresh_from_db()
    assert first.status == "validated"
    assert first.answers.get(question__code="gov_statutes_known").value_bool is False
