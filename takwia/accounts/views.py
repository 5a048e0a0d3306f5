"""Accounts pages for national staff (``takwia.*_user`` permissions)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from takwia.access import get_visible_or_404
from takwia.history import record_history
from takwia.models import User
from takwia.submissions import already_created, create_once

from .forms import AccountFilterForm, AccountUpdateForm, InviteForm
from .services import account_invite, account_send_reset, account_update

PAGE_SIZE = 50


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@permission_required("takwia.view_user", raise_exception=True)
def account_list(request):
    accounts = User.objects.visible_to(request.user).order_by("last_name", "first_name", "pk")
    filters = AccountFilterForm(request.GET or None)
    if filters.is_valid():
        for word in filters.cleaned_data["q"].split():
            accounts = accounts.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(username__icontains=word)
            )
        if filters.cleaned_data["role"]:
            accounts = accounts.filter(role=filters.cleaned_data["role"])
    page = Paginator(
        accounts.select_related("association").prefetch_related("provinces"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "accounts/account_list.html", {"page": page, "filters": filters})


@permission_required("takwia.add_user", raise_exception=True)
def account_invite_view(request):
    first = already_created(request=request, model=User)
    if first is not None:  # the same form sent twice: one account, one e-mail
        return redirect("accounts:detail", pk=first.pk)
    form = InviteForm(request.POST or None, editor=request.user)
    if request.method == "POST" and form.is_valid():
        account = create_once(
            request=request,
            model=User,
            create=lambda: account_invite(form=form, by=request.user, base_url=_base_url(request)),
        ).instance
        messages.success(
            request,
            _("Invitation envoyée à %(email)s : le lien permet de choisir un mot de passe.")
            % {"email": account.email},
        )
        return redirect("accounts:detail", pk=account.pk)
    return render(request, "accounts/account_form.html", {"form": form, "account": None})


@permission_required("takwia.view_user", raise_exception=True)
def account_detail(request, pk):
    account = get_visible_or_404(
        User.objects.select_related("association").prefetch_related("provinces"),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "accounts/account_detail.html",
        {
            "account": account,
            "history": record_history(account),
            "can_change": request.user.has_perm("takwia.change_user"),
        },
    )


@permission_required("takwia.change_user", raise_exception=True)
def account_edit(request, pk):
    account = get_visible_or_404(User.objects.all(), request.user, pk=pk)
    if account.is_superuser and not request.user.is_superuser:
        messages.error(request, _("Seul un superutilisateur modifie un compte superutilisateur."))
        return redirect("accounts:detail", pk=account.pk)
    form = AccountUpdateForm(request.POST or None, instance=account, editor=request.user)
    if request.method == "POST" and form.is_valid():
        account_update(form=form, by=request.user)
        messages.success(request, _("Le compte a été enregistré."))
        return redirect("accounts:detail", pk=account.pk)
    return render(request, "accounts/account_form.html", {"form": form, "account": account})


@require_POST
@permission_required("takwia.change_user", raise_exception=True)
def account_reset(request, pk):
    account = get_visible_or_404(User.objects.all(), request.user, pk=pk)
    if not account.email or not account.is_active:
        messages.error(request, _("Ce compte n'a pas d'adresse e-mail active."))
    else:
        account_send_reset(account=account, by=request.user, base_url=_base_url(request))
        messages.success(
            request,
            _("Un lien pour choisir un mot de passe a été envoyé à %(email)s.")
            % {"email": account.email},
        )
    return redirect("accounts:detail", pk=account.pk)
