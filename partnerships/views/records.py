"""The create / edit / archive flow that every kind of partnership record shares.

A create form carries a one-time token (takwia/submissions.py): a double click makes
one record. Every write names its author in the record's history; nothing is deleted.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partnerships.services import record_archive, record_save
from takwia.history import record_history
from takwia.submissions import already_created, create_once

PAGE_SIZE = 50


def page_of(request, rows, size: int = PAGE_SIZE):
    """One page of ``rows``; ``page.query_string`` keeps the list's filters for its links."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    page.query_string = params.urlencode()
    return page


def record_form(
    request,
    *,
    form_class,
    model,
    title: str,
    saved: str,
    done,
    back_url: str,
    instance=None,
    form_kwargs=None,
    values=None,
    with_history: bool = False,
):
    """Show and handle the form of a new record (``instance`` None) or of ``instance``.

    ``done(record)`` gives the address to go to once saved; ``values`` are set on the
    record before it is saved (its programme, its pair...).
    """
    if instance is None:
        first = already_created(request=request, model=model)
        if first is not None:  # the same form posted again: no second record
            return redirect(done(first))
    form = form_class(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        **(form_kwargs or {}),
    )
    if request.method == "POST" and form.is_valid():

        def save():
            return record_save(form=form, user=request.user, **(values or {}))

        if instance is None:
            record = create_once(request=request, model=model, create=save).instance
        else:
            record = save()
        messages.success(request, saved)
        return redirect(done(record))
    return render(
        request,
        "partnerships/record_form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "history": record_history(instance) if with_history and instance else None,
        },
    )


def archive_toggle(request, record, *, back_url: str):
    """Archive the record, or restore it when the form says ``archived=0``."""
    archived = request.POST.get("archived", "1") != "0"
    record_archive(record=record, user=request.user, archived=archived)
    if archived:
        messages.success(request, _("Archivé : la fiche reste consultable, avec son historique."))
    else:
        messages.success(request, _("Rétabli."))
    return redirect(back_url)
