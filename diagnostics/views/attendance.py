"""The attendance sheet, person by person, of a plan's action or a campaign's workshop."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from associations.models import Association
from diagnostics.forms import AttendanceFormSet, association_choices
from diagnostics.models import Attendee
from diagnostics.models.attendance import ATTENDED
from takwia.editing import StaleEdit


def attendance_sheet(request, *, record, province, save, done: str, template: str, context):
    """Show the sheet of ``record``, one line per person; on a valid POST, hand the
    people to ``save(attendees)`` (returns how many) and go to ``done``. A
    ``StaleEdit`` from ``save`` keeps what was typed, with the French message."""
    field, _present = ATTENDED[type(record)]
    associations = (
        Association.objects.current().filter(commune__province=province).order_by("sort_name")
    )
    initial = [
        {"full_name": a.full_name, "association": a.association, "sex": a.sex, "role": a.role}
        for a in Attendee.objects.filter(**{field: record}).select_related("association")
    ]
    formset = AttendanceFormSet(
        request.POST or None,
        initial=initial,
        form_kwargs={"associations": associations, "choices": association_choices(associations)},
        prefix="attendees",
    )
    stale = None
    if request.method == "POST" and formset.is_valid():
        attendees = [
            {key: form.cleaned_data.get(key) or "" for key in ("full_name", "sex", "role")}
            | {"association": form.cleaned_data.get("association")}
            for form in formset.forms
            if form.has_changed()
            and not formset._should_delete_form(form)
            and form.cleaned_data.get("full_name")
        ]
        try:
            count = save(attendees)
        except StaleEdit as exc:
            stale = str(exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Présence enregistrée : %(n)s personne.",
                    "Présence enregistrée : %(n)s personnes.",
                    count,
                )
                % {"n": count},
            )
            return redirect(done)
    return render(
        request, template, {**context, "formset": formset, "stale": stale, "back_url": done}
    )
