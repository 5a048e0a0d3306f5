from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from takwia.tasks import send_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose e-mail leaves through a Celery task after commit."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        send_email.delay_on_commit(
            subject=subject, body=body, to=[to_email], from_email=from_email, html=html
        )


def check_period(form, cleaned: dict, message, *, start: str = "starts_on", end: str = "ends_on"):
    """Put ``message`` beside the end date when it precedes the start (every dated form)."""
    if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
        form.add_error(end, message)
