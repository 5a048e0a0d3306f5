"""Create, edit and archive the records of volunteering (never delete): volunteers, host
structures, programmes and their events, placements and deliverables. One set of views
for every kind, told the kind's model, form, page and words."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from takwia.access import get_visible_or_404
from takwia.history import record_history
from takwia.submissions import already_created, create_once
from volunteers.forms import (
    DeliverableEditForm,
    EventForm,
    HostForm,
    PlacementForm,
    ProgrammeForm,
    VolunteerForm,
)
from volunteers.models import Deliverable, Event, Host, Placement, Programme, Volunteer
from volunteers.services import record_archive, record_save
from volunteers.views.forms import bound as _bound


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    page: str  # the record's page (url name), where a write lands
    list_page: str | None  # where a create form leads back (None: its parent's page)
    create_title: object
    edit_title: object
    saved: object  # message after a create or an edit
    archived: object
    restored: object
    form_kwargs: Callable = field(default=lambda request: {})
    # The page of the record's parent (the link back from the form), if any.
    parent: Callable = field(default=lambda record: None)

    def perm(self, action: str) -> str:
        return f"volunteers.{action}_{self.model._meta.model_name}"

    def url(self, record) -> str:
        return reverse(self.page, args=[record.pk])


KINDS = {
    "volunteer": Kind(
        Volunteer, VolunteerForm, "volunteers:volunteer", "volunteers:volunteers",
        _("Enregistrer un volontaire"), _("Modifier le volontaire"),
        _("Le volontaire a été enregistré."), _("Le volontaire a été archivé."),
        _("Le volontaire a été rétabli."),
    ),
    "host": Kind(
        Host, HostForm, "volunteers:host", "volunteers:hosts",
        _("Enregistrer une structure d'accueil"), _("Modifier la structure d'accueil"),
        _("La structure d'accueil a été enregistrée."),
        _("La structure d'accueil a été archivée."), _("La structure d'accueil a été rétablie."),
        form_kwargs=lambda request: {"user": request.user},
    ),
    "programme": Kind(
        Programme, ProgrammeForm, "volunteers:programme", "volunteers:dashboard",
        _("Enregistrer un programme"), _("Modifier le programme"),
        _("Le programme a été enregistré."), _("Le programme a été archivé."),
        _("Le programme a été rétabli."),
    ),
    "event": Kind(
        Event, EventForm, "volunteers:event_edit", None,
        _("Enregistrer un événement"), _("Modifier l'événement"),
        _("L'événement a été enregistré."), _("L'événement a été archivé."),
        _("L'événement a été rétabli."),
        parent=lambda event: event.programme,
    ),
    "placement": Kind(
        Placement, PlacementForm, "volunteers:placement", "volunteers:placements",
        _("Enregistrer une mission"), _("Modifier la mission"),
        _("La mission a été enregistrée."), _("La mission a été archivée."),
        _("La mission a été rétablie."),
        # "Place this volunteer" from their page, "place here" from a host's.
        form_kwargs=lambda request: {
            "initial": {k: v for k, v in request.GET.items() if k in ("volunteer", "host")}
        },
    ),
    "deliverable": Kind(
        Deliverable, DeliverableEditForm, "volunteers:deliverable_edit", None,
        _("Ajouter un livrable"), _("Modifier le livrable"),
        _("Le livrable a été enregistré."), _("Le livrable a été archivé."),
        _("Le livrable a été rétabli."),
        parent=lambda deliverable: deliverable.placement,
    ),
}  # fmt: skip


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _back(kind: Kind, record, parent) -> str:
    """Where the form's page leads back: the record's own page, else its parent's, else
    the list."""
    if record is not None and not kind.page.endswith("_edit"):
        return kind.url(record)
    if parent is not None:
        return parent.get_absolute_url()
    return reverse(kind.list_page)


def _form_page(request, kind: Kind, form, *, title, record=None, parent=None, history=None):
    return render(
        request,
        "volunteers/record_form.html",
        {
            "form": form,
            "title": title,
            "record": record,
            "kind": kind,
            "parent": parent,
            "back": _back(kind, record, parent),
            "history": history,
            "can_archive": record is not None and request.user.has_perm(kind.perm("change")),
            "archive_url": reverse(f"volunteers:{kind.model._meta.model_name}_archive",
                                   args=[record.pk]) if record else None,
        },
    )  # fmt: skip


def record_create(request, *, kind_name: str, prepare: Callable | None = None, parent=None):
    """Create a record of ``kind_name`` (once per form token: a double click makes one)."""
    kind = KINDS[kind_name]
    _require(request, kind.perm("add"))
    first = already_created(request=request, model=kind.model)
    if first is not None:
        return redirect(kind.url(first))
    form = kind.form(*_bound(request), **kind.form_kwargs(request))
    if request.method == "POST" and form.is_valid():

        def create():
            record = form.save(commit=False)
            if prepare is not None:
                prepare(record)
            record_save(record=record, user=request.user)
            form.save_m2m()
            return record

        record = create_once(request=request, model=kind.model, create=create).instance
        messages.success(request, kind.saved)
        return redirect(kind.url(record))
    return _form_page(request, kind, form, title=kind.create_title, parent=parent)


def record_edit(request, pk, *, kind_name: str):
    """Edit a record the user sees (404 outside their scope, 403 without the right)."""
    kind = KINDS[kind_name]
    _require(request, kind.perm("change"))
    record = get_visible_or_404(kind.model.objects, request.user, pk=pk)
    form = kind.form(*_bound(request), instance=record, **kind.form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record_save(record=record, user=request.user)
        form.save_m2m()
        messages.success(request, kind.saved)
        return redirect(kind.url(record))
    # Pages that are their record's only page (events, deliverables) show its history.
    history = record_history(record) if kind.page.endswith("_edit") else None
    return _form_page(
        request, kind, form, title=kind.edit_title, record=record,
        parent=kind.parent(record), history=history,
    )  # fmt: skip


@require_POST
def record_archive_view(request, pk, *, kind_name: str):
    """Archive a record (``archived=1``) or bring it back (``archived=0``)."""
    kind = KINDS[kind_name]
    _require(request, kind.perm("change"))
    record = get_visible_or_404(kind.model.objects, request.user, pk=pk)
    archived = request.POST.get("archived", "1") != "0"
    record_archive(record=record, user=request.user, archived=archived)
    messages.success(request, kind.archived if archived else kind.restored)
    return redirect(kind.url(record))


def volunteer_create(request):
    return record_create(request, kind_name="volunteer")


def host_create(request):
    return record_create(request, kind_name="host")


def programme_create(request):
    return record_create(request, kind_name="programme")


def event_create(request, programme_pk):
    _require(request, KINDS["event"].perm("add"))
    programme = get_visible_or_404(Programme.objects, request.user, pk=programme_pk)

    def prepare(event):
        event.programme = programme

    return record_create(request, kind_name="event", prepare=prepare, parent=programme)


def edit(kind_name: str):
    def view(request, pk):
        return record_edit(request, pk, kind_name=kind_name)

    view.__name__ = f"{kind_name}_edit"
    return view


def archive(kind_name: str):
    def view(request, pk):
        return record_archive_view(request, pk, kind_name=kind_name)

    view.__name__ = f"{kind_name}_archive"
    return view


def placement_create(request):
    return record_create(request, kind_name="placement")
