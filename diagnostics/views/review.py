"""The reviewer's decision: validate (once confirmed) or return with comments, then
the next diagnostic of the review queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from diagnostics.forms import ReturnForm
from diagnostics.selectors.worklists import review_next
from diagnostics.services import (
    DiagnosticLocked,
    diagnostic_return,
    diagnostic_validate,
    structure_for,
)
from diagnostics.views.entry import _diagnostic
from takwia.roles import REVIEW_DIAGNOSTICS

ERROR_CONFIRM = gettext_lazy(
    "Cochez la case de confirmation pour valider : vous avez relu toutes les réponses."
)


@require_POST
def diagnostic_review(request, pk):
    """National staff validate a submitted diagnostic (once they confirm having read
    it) or return it with comments, general and by axis; then the next diagnostic of
    the review queue opens."""
    diagnostic = _diagnostic(request, pk)
    if not request.user.has_perm(REVIEW_DIAGNOSTICS):
        raise PermissionDenied
    structure = structure_for(diagnostic.version)
    name = diagnostic.association.name
    try:
        if request.POST.get("decision") == "validate":
            if request.POST.get("confirm") != "yes":
                messages.error(request, ERROR_CONFIRM)
                return redirect(reverse("diagnostics:results", args=[pk]) + "#review-title")
            diagnostic_validate(diagnostic=diagnostic, user=request.user)
            messages.success(request, _("Le diagnostic de %(name)s est validé.") % {"name": name})
        else:
            form = ReturnForm(request.POST, axes=structure.axes)
            if not form.is_valid():
                messages.error(request, _("Indiquez ce qui doit être corrigé."))
                return redirect(reverse("diagnostics:results", args=[pk]) + "#review-title")
            diagnostic_return(
                diagnostic=diagnostic,
                user=request.user,
                comment=form.cleaned_data["comment"],
                comments=form.axis_comments(),
            )
            messages.success(
                request,
                _("Le diagnostic de %(name)s est renvoyé à l'agent pour correction.")
                % {"name": name},
            )
    except (DiagnosticLocked, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("diagnostics:results", pk=pk)
    following = review_next(user=request.user, after=diagnostic)
    if following is None:
        messages.info(request, _("La file de validation est vide."))
        return redirect("home")
    return redirect("diagnostics:results", pk=following.pk)
