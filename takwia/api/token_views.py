"""The account page's API tokens: list, create (the key shown once), revoke."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from takwia.access import get_visible_or_404
from takwia.api.models import ApiToken
from takwia.api.services import api_token_create, api_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nom du jeton"),
        max_length=80,
        help_text=gettext_lazy("Pour vous souvenir de son usage, par exemple « Power BI »."),
    )


@never_cache
def token_list(request):
    """Every user manages their own tokens: no role permission is needed, and nobody
    sees anybody else's."""
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.visible_to(request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "key": key})


@require_POST
def token_revoke(request, pk):
    token = get_visible_or_404(ApiToken.objects, request.user, pk=pk)
    api_token_revoke(token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("api_tokens")
