"""Notifications (issue 14, item 8, first part): a diagnostic returned or validated is
told in the app (unread count on the home page) and by e-mail through the Celery task,
unless the person turned e-mails off."""

import pytest
from django.core import mail
from django.urls import reverse

from diagnostics.services import diagnostic_return, diagnostic_validate
from diagnostics.services.review import NOTICE_RETURNED, NOTICE_VALIDATED
from takwia.notifications.models import Notification
from takwia.notifications.services import preference_set
from tests.factories import CampaignFactory, DiagnosticFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(users, province_a, association_a):
    agent = users["field_agent"]
    agent.email = "agent@example.ma"
    agent.save()
    users["president"].email = "president@example.ma"
    users["president"].save()
    return DiagnosticFactory(
        campaign=CampaignFactory(province=province_a, name="Khénifra 2026"),
        association=association_a,
        status="submitted",
        created_by=agent,
        submitted_by=agent,
    )


def test_a_return_is_told_to_whoever_entered_it_in_the_app_and_by_email(
    client, users, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        diagnostic_return(diagnostic=submitted, user=users["national"], comment="PV manquant")

    message = NOTICE_RETURNED.format(
        association=submitted.association.name_fr, campaign="Khénifra 2026"
    )
    [notification] = Notification.objects.all()
    assert (notification.user, notification.message) == (users["field_agent"], message)
    assert notification.url == reverse("diagnostics:entry", args=[submitted.pk, 0])
    [email] = mail.outbox
    assert email.to == ["agent@example.ma"] and message in email.subject
    client.force_login(users["field_agent"])
    home = client.get(reverse("home")).content.decode()
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "1 notification non lue" in home
    assert message in listing and "nouvelle" in listing
    assert "1 notification non lue" not in client.get(reverse("home")).content.decode()


def test_a_validation_is_told_to_the_agent_and_the_president_except_muted_emails(
    users, submitted, django_capture_on_commit_callbacks
):
    preference_set(user=users["president"], email=False)
    UserFactory(president=True, association=submitted.association, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        diagnostic_validate(diagnostic=submitted, user=users["national"])

    message = NOTICE_VALIDATED.format(
        association=submitted.association.name_fr, campaign="Khénifra 2026"
    )
    told = {(n.user.username, n.emailed) for n in Notification.objects.select_related("user")}
    assert told == {("agent", True), ("president", False)}
    assert [email.to for email in mail.outbox] == [["agent@example.ma"]]
    assert all(n.message == message for n in Notification.objects.all())


def test_each_person_turns_emails_off_and_on_from_the_notifications_page(client, users):
    client.force_login(users["coordinator"])

    client.post(reverse("notifications:preference"), {})
    off = client.get(reverse("notifications:list")).content.decode()
    client.post(reverse("notifications:preference"), {"email": "on"})
    on = client.get(reverse("notifications:list")).content.decode()

    assert 'id="id_email" checked' not in off
    assert 'id="id_email" checked' in on


def test_nobody_reads_another_persons_notifications(client, users, submitted):
    diagnostic_return(diagnostic=submitted, user=users["national"], comment="PV manquant")
    client.force_login(users["coordinator"])

    page = client.get(reverse("notifications:list")).content.decode()

    assert "Aucune notification." in page
    assert Notification.objects.get().read_at is None


def test_a_notification_reads_in_the_readers_language_and_an_old_one_as_it_was_sent(
    users, submitted
):
    from django.utils import translation

    diagnostic_validate(diagnostic=submitted, user=users["coordinator"])
    notification = Notification.objects.filter(user=users["field_agent"]).get()
    name = submitted.association.name_fr
    assert notification.params == {"association": name, "campaign": "Khénifra 2026"}
    with translation.override("ar"):
        arabic = notification.text
    with translation.override("fr"):
        french = notification.text
    assert (
        french
        == notification.message
        == NOTICE_VALIDATED.format(association=name, campaign="Khénifra 2026")
    )
    assert arabic != french and name in arabic and "Khénifra 2026" in arabic
    assert "تم" in arabic or "التشخيص" in arabic  # written in Arabic, not the French words
    old = Notification.objects.create(
        user=users["field_agent"], kind="validated", message="Texte d'avant."
    )
    with translation.override("ar"):
        assert old.text == "Texte d'avant."
