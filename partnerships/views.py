from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from associations.models import Network, Province
from partnerships.forms import AgreementForm
from partnerships.models import Agreement, CommunePair, CooperationProgramme
from partnerships.selectors import (
    indicator_series,
    partner_figures,
    programme_series,
    visible_pairs,
)
from takwia.access import get_visible_or_404
from takwia.charts import line_svg
from takwia.files import serve_record_file
from takwia.submissions import already_created, create_once


@permission_required("partnerships.view_agreement", raise_exception=True)
def agreement_list(request):
    agreements = Agreement.objects.visible_to(request.user).select_related(
        "association__commune__province", "partner"
    )
    province = request.GET.get("province")
    if province:
        agreements = agreements.filter(association__commune__province__code=province)
    kind = request.GET.get("partner_kind")
    if kind:
        agreements = agreements.filter(partner__kind=kind)
    page = Paginator(agreements, 50).get_page(request.GET.get("page"))
    from partnerships.models import Partner

    return render(
        request,
        "partnerships/agreement_list.html",
        {
            "page": page,
            "provinces": Province.objects.visible_to(request.user),
            "kinds": Partner.Kind.choices,
            "province": province,
            "kind": kind,
        },
    )


@permission_required("partnerships.add_agreement", raise_exception=True)
def agreement_create(request):
    first = already_created(request=request, model=Agreement)
    if first is not None:  # the same form posted again: no second agreement
        return redirect("partnerships:agreement", pk=first.pk)
    initial = {}
    if request.GET.get("association"):
        initial["association"] = request.GET["association"]
    form = AgreementForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():

        def create():
            agreement = form.save(commit=False)
            agreement.created_by = request.user
            agreement._history_user = request.user
            agreement.save()
            return agreement

        agreement = create_once(request=request, model=Agreement, create=create).instance
        messages.success(request, _("L'accord de partenariat a été enregistré."))
        return redirect("partnerships:agreement", pk=agreement.pk)
    return render(request, "partnerships/agreement_form.html", {"form": form})


@permission_required("partnerships.view_agreement", raise_exception=True)
def agreement_detail(request, pk):
    agreement = get_visible_or_404(
        Agreement.objects.select_related("association__commune__province", "partner"),
        request.user,
        pk=pk,
    )
    return render(request, "partnerships/agreement_detail.html", {"agreement": agreement})


@permission_required("partnerships.view_agreement", raise_exception=True)
def agreement_document(request, pk):
    """The agreement's document, for whoever sees the agreement (logged)."""
    agreement = get_visible_or_404(Agreement.objects, request.user, pk=pk)
    return serve_record_file(request, record=agreement, field_file=agreement.document)


@permission_required("partnerships.view_agreement", raise_exception=True)
def figures(request):
    province = None
    if request.GET.get("province"):
        province = get_visible_or_404(Province.objects, request.user, code=request.GET["province"])
    rows = partner_figures(user=request.user, province=province)
    total = rows[-1]
    # The per-province table keeps the kinds of partner that occur somewhere.
    columns = [index for index, (_, count, _) in enumerate(total.by_kind) if count]
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
def network_detail(request, pk):
    from associations.models import Association

    network = get_visible_or_404(Network.objects, request.user, pk=pk)
    members = (
        Association.objects.visible_to(request.user)
        .filter(networks=network)
        .select_related("commune__province")
        .order_by("name_fr")
    )
    return render(
        request,
        "partnerships/network_detail.html",
        {"network": network, "members": members, "total": network.members.count()},
    )


@permission_required("partnerships.view_cooperationprogramme", raise_exception=True)
def programme_list(request):
    programmes = CooperationProgramme.objects.visible_to(request.user)
    return render(request, "partnerships/programme_list.html", {"programmes": programmes})


def _chart(series, title):
    return line_svg(
        series.points,
        title=title,
        target=series.indicator.target,
        baseline=series.indicator.baseline,
    )


@permission_required("partnerships.view_cooperationprogramme", raise_exception=True)
def programme_detail(request, pk):
    programme = get_visible_or_404(CooperationProgramme.objects, request.user, pk=pk)
    pairs = list(visible_pairs(user=request.user, programme=programme))
    series = programme_series(programme=programme, pairs=pairs)
    return render(
        request,
        "partnerships/programme_detail.html",
        {
            "programme": programme,
            "pairs": pairs,
            "results": programme.results.all(),
            "series": [(s, _chart(s, s.indicator.name)) for s in series],
        },
    )


@permission_required("partnerships.view_cooperationprogramme", raise_exception=True)
def pair_detail(request, pk):
    pair = get_visible_or_404(
        CommunePair.objects.select_related("programme").prefetch_related("communes__province"),
        request.user,
        pk=pk,
    )
    series = indicator_series(programme=pair.programme, pairs=[pair])[pair.pk]
    return render(
        request,
        "partnerships/pair_detail.html",
        {
            "pair": pair,
            "series": [(s, _chart(s, s.indicator.name)) for s in series],
            "conventions": pair.conventions.all(),
        },
    )
