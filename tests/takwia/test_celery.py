"""Background tasks: in-process by default, a real worker on Redis when a broker is set."""

import pytest
from django.core import mail
from django.urls import reverse

from takwia.celery import app as celery_app
from takwia.tasks import send_email
from tests.factories import UserFactory


@pytest.mark.django_db
def test_send_email_task_sends_one_message():
    send_email.delay(subject="Objet", body="Corps", to=["a@example.ma"], html="<p>Corps</p>")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0][1] == "text/html"


@pytest.mark.services
def test_a_real_worker_sends_the_password_reset_mail(celery_worker, client, reference_data):
    """The reset form queues the e-mail on commit; the worker consumes it from Redis."""
    user = UserFactory(national=True, email="nadia@example.ma")
    assert celery_app.conf.task_always_eager is False

    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302

    # The worker runs in a thread of this process and shares its locmem outbox.
    import time

    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "/accounts/reset/" in mail.outbox[0].body
