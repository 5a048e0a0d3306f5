"""Edits made from a stale page are refused, never silently written over.

An edit form carries the version of the record it was displayed with (its
``updated_at``, posted as ``record_version``: ``EditVersionMixin``). The form refuses
a version that is no longer the record's; the write (``save_unchanged``) checks it
again with the record's row locked, so two people saving at the same instant cannot
both win: the second is told, in French, that someone else changed the record
meanwhile, and nothing of theirs is written.

A stale form that asks for nothing the record does not already hold (the second post
of a double click on "Enregistrer", a save without changes) is no conflict: it is
accepted and writes nothing, so no empty entry reaches the history.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

ERROR_CONCURRENT_EDIT = _(
    "Cette fiche a été modifiée par quelqu'un d'autre pendant que vous la modifiiez. "
    "Rechargez la page pour voir sa version actuelle : vos changements n'ont pas été enregistrés."
)

VERSION_FIELD = "record_version"


class StaleEdit(Exception):
    """The record changed since the page was displayed."""

    def __init__(self):
        super().__init__(str(ERROR_CONCURRENT_EDIT))


def version_of(record) -> str:
    return record.updated_at.isoformat() if record.updated_at else ""


def lock_unchanged(record, version: str) -> None:
    """Lock ``record``'s row until the end of the transaction; ``StaleEdit`` when it was
    saved since ``version``."""
    current = (
        type(record)
        ._base_manager.select_for_update()
        .filter(pk=record.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    if current is None or current.isoformat() != version:
        raise StaleEdit


class EditVersionMixin(forms.Form):
    """A hidden ``record_version``: the record's ``updated_at`` when the form was
    displayed (``VERSION_FIELD``, the name a hand-written form posts it under too)."""

    record_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[VERSION_FIELD].initial = version_of(self.instance)

    def asks_changes(self) -> bool:
        """Whether the posted values of the record's fields differ from the record as it
        is now (the version and a form token are not the record's)."""
        fields = {field.name for field in self.instance._meta.get_fields()}
        return any(name in fields for name in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        stale = self.instance.pk and cleaned.get(VERSION_FIELD) != version_of(self.instance)
        if stale and self.asks_changes():
            raise forms.ValidationError(ERROR_CONCURRENT_EDIT, code="concurrent_edit")
        return cleaned


def save_unchanged(*, form, user, **values):
    """Save a valid ``EditVersionMixin`` model form unless its record changed meanwhile
    (``StaleEdit``, nothing written); ``values`` are set on the record first and the
    history entry names ``user``. A form asking for no change writes nothing."""
    unchanged = all(getattr(form.instance, name) == value for name, value in values.items())
    if form.instance.pk and unchanged and not form.asks_changes():
        return form.instance
    with transaction.atomic():
        if form.instance.pk:
            lock_unchanged(form.instance, form.cleaned_data.get(VERSION_FIELD, ""))
        record = form.save(commit=False)
        for name, value in values.items():
            setattr(record, name, value)
        record._history_user = user
        record.save()
        form.save_m2m()
    return record
