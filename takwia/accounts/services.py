"""Writes of accounts: invite, update, deactivate, send a password link."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from takwia.models import User
from takwia.tasks import send_email


def password_link(*, account: User, base_url: str) -> str:
    """The address where ``account`` sets a password (Django's reset confirmation;
    it stops working once the password is set or the account logs in)."""
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    token = default_token_generator.make_token(account)
    return base_url.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def _send_link(*, account: User, base_url: str, invited_by: User, first: bool) -> None:
    context = {
        "account": account,
        "link": password_link(account=account, base_url=base_url),
        "invited_by": invited_by,
        "first": first,
    }
    subject = _("Votre compte Takwia") if first else _("Takwia : choisir un nouveau mot de passe")
    body = loader.render_to_string("accounts/invitation_email.txt", context)
    send_email.delay_on_commit(subject=str(subject), body=body, to=[account.email])


@transaction.atomic
def account_invite(*, form, by: User, base_url: str) -> User:
    """Create the account from a valid ``InviteForm``, without a password, and e-mail
    the link to set one."""
    account = form.save(commit=False)
    account.username = account.email
    account.set_unusable_password()
    account._history_user = by
    account.save()
    form.save_m2m()
    _send_link(account=account, base_url=base_url, invited_by=by, first=True)
    return account


@transaction.atomic
def account_update(*, form, by: User) -> User:
    account = form.save(commit=False)
    account._history_user = by
    account.save()
    form.save_m2m()
    return account


def account_send_reset(*, account: User, by: User, base_url: str) -> None:
    _send_link(account=account, base_url=base_url, invited_by=by, first=False)
