"""Create forms that a double click cannot submit twice.

A create form carries a one-time token (``SubmissionTokenMixin``, a hidden field
drawn at each display). ``create_once`` stores the token in the same transaction
as the record it creates; the token is unique, so an identical POST arriving at
the same moment waits for that transaction, fails to store the token, and gets
the first record back instead of making a second. A POST whose token was already
used (a resubmission after the first answered) is recognised before validation
by ``already_created``. A POST without a token (an old page, a script) is
served as before.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from takwia.models import Submission

# A token answers a double click or a resent page; after this it is forgotten.
SUBMISSION_RETENTION = timedelta(days=7)


class SubmissionTokenMixin(forms.Form):
    """Adds the hidden ``submission_token`` field, new at each display of the form."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_token"].initial = uuid.uuid4


def _token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("submission_token", ""))
    except ValueError:
        return None


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def already_created(*, request, model: type[models.Model]):
    """The record this POST's token already created, among those the user sees (or None)."""
    token = _token(request)
    if request.method != "POST" or token is None:
        return None
    pk = (
        Submission.objects.filter(token=token, user=request.user, model=_label(model))
        .exclude(object_pk="")
        .values_list("object_pk", flat=True)
        .first()
    )
    if pk is None:
        return None
    return model.objects.visible_to(request.user).filter(pk=pk).first()


@dataclass
class Created:
    instance: models.Model
    created: bool  # False: an identical POST had created it


def create_once(*, request, model: type[models.Model], create: Callable[[], models.Model]):
    """Run ``create`` once per form token; an identical simultaneous POST gets its record."""
    token = _token(request)
    if token is None:
        return Created(instance=create(), created=True)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                token=token, user=request.user, model=_label(model)
            )
            instance = create()
            submission.object_pk = str(instance.pk)
            submission.save(update_fields=["object_pk"])
    except IntegrityError:
        first = already_created(request=request, model=model)
        if first is None:
            raise
        return Created(instance=first, created=False)
    return Created(instance=instance, created=True)


def submissions_cleanup(*, now=None) -> int:
    """Forget the tokens older than SUBMISSION_RETENTION (periodic task)."""
    now = now or timezone.now()
    deleted, _ = Submission.objects.filter(created_at__lt=now - SUBMISSION_RETENTION).delete()
    return deleted
