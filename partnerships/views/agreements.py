"""Pages of the associations' partnership agreements, and the partnership figures."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from associations.models import Province
from partnerships.forms import AgreementForm
from partnerships.models import Agreement, Partner
from partnerships.selectors import agreement_list_rows, partner_figures
from partnerships.views.records import archive_toggle, page_of, record_form
from takwia.access import get_visible_or_404
from takwia.files import serve_record_file
from takwia.history import record_history


@permission_required("partnerships.view_agreement", raise_exception=True)
def agreement_list(request):
    province = request.GET.get("province", "")
    kind = request.GET.get("partner_kind", "")
    query = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "")
    archived = request.GET.get("archived") == "1"
    agreements = agreement_list_rows(
        user=request.user,
        province=province,
        partner_kind=kind,
        query=query,
        sort=sort,
        archived=archived,
    )
    return render(
        request,
        "partnerships/agreement_list.html",
        {
            "page": page_of(request, agreements),
            "provinces": Province.objects.visible_to(request.user),
            "kinds": Partner.Kind.choices,
            "province": province,
            "kind": kind,
            "q": query,
            "sort": sort,
            "archived": archived,
            "sorts": AGREEMENT_SORTS,
        },
    )


AGREEMENT_SORTS = [
    ("", gettext_lazy("Début, le plus récent d'abord")),
    ("association", gettext_lazy("Association, de A à Z")),
    ("partner", gettext_lazy("Partenaire, de A à Z")),
]


def _agreement_url(agreement):
    return reverse("partnerships:agreement", args=[agreement.pk])


@permission_required("partnerships.add_agreement", raise_exception=True)
def agreement_create(request):
    form_kwargs = {"user": request.user}
    if request.GET.get("association"):
        form_kwargs["initial"] = {"association": request.GET["association"]}
    return record_form(
        request,
        form_class=AgreementForm,
        model=Agreement,
        title=_("Enregistrer un accord de partenariat"),
        saved=_("L'accord de partenariat a été enregistré."),
        done=_agreement_url,
        back_url=reverse("partnerships:agreements"),
        form_kwargs=form_kwargs,
        values={"created_by": request.user},
    )


def _visible_agreement(request, pk):
    return get_visible_or_404(
        Agreement.objects.select_related("association__commune__province", "partner"),
        request.user,
        pk=pk,
    )


@permission_required("partnerships.change_agreement", raise_exception=True)
def agreement_update(request, pk):
    agreement = _visible_agreement(request, pk)
    return record_form(
        request,
        form_class=AgreementForm,
        model=Agreement,
        instance=agreement,
        title=_("Modifier l'accord de partenariat"),
        saved=_("L'accord de partenariat a été modifié."),
        done=_agreement_url,
        back_url=_agreement_url(agreement),
        form_kwargs={"user": request.user},
    )


@require_POST
@permission_required("partnerships.change_agreement", raise_exception=True)
def agreement_archive(request, pk):
    agreement = _visible_agreement(request, pk)
    return archive_toggle(request, agreement, back_url=_agreement_url(agreement))


@permission_required("partnerships.view_agreement", raise_exception=True)
def agreement_detail(request, pk):
    agreement = _visible_agreement(request, pk)
    return render(
        request,
        "partnerships/agreement_detail.html",
        {"agreement": agreement, "history": record_history(agreement)},
    )


@permission_required("partnerships.view_agreement", raise_exception=True)
def figures(request):
    province = None
    if request.GET.get("province"):
        province = get_visible_or_404(Province.objects, request.user, code=request.GET["province"])
    rows = partner_figures(user=request.user, province=province)
    total = rows[-1]
    # The per-province table keeps the kinds of partner that occur somewhere.
    columns = [index for index, (_label, count, _share) in enumerate(total.by_kind) if count]
    return render(
        request,
        "partnerships/figures.html",
        {
            "rows": [(row, [row.by_kind[i] for i in columns]) for row in rows[:-1]],
            "headers": [total.by_kind[i][0] for i in columns],
            "total": total,
            "province": province,
        },
    )


@permission_required("partnerships.view_agreement", raise_exception=True)
def agreement_document(request, pk):
    """The agreement's document, for whoever sees the agreement (logged)."""
    agreement = get_visible_or_404(Agreement.objects, request.user, pk=pk)
    return serve_record_file(request, record=agreement, field_file=agreement.document)
