"""Pages of the partner organisations and of the networks of associations."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.models import Association, Network
from associations.services import association_network_membership
from partnerships.forms import NetworkForm, PartnerForm
from partnerships.models import Agreement, Partner
from partnerships.selectors import network_list_rows, partner_list_rows
from partnerships.views.records import archive_toggle, page_of, record_form
from takwia.access import get_visible_or_404
from takwia.history import record_history
from takwia.lists import filter_words, listing


@permission_required("partnerships.view_partner", raise_exception=True)
def partner_list(request):
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    archived = request.GET.get("archived") == "1"
    partners = partner_list_rows(user=request.user, query=query, kind=kind, archived=archived)
    return render(
        request,
        "partnerships/partner_list.html",
        {
            "page": page_of(request, partners),
            "q": query,
            "kind": kind,
            "kinds": Partner.Kind.choices,
            "archived": archived,
        },
    )


def _partner_url(partner):
    return reverse("partnerships:partner", args=[partner.pk])


@permission_required("partnerships.add_partner", raise_exception=True)
def partner_create(request):
    return record_form(
        request,
        form_class=PartnerForm,
        model=Partner,
        title=_("Nouveau partenaire"),
        saved=_("Le partenaire a été enregistré."),
        done=_partner_url,
        back_url=reverse("partnerships:partners"),
    )


@permission_required("partnerships.change_partner", raise_exception=True)
def partner_update(request, pk):
    partner = get_visible_or_404(Partner.objects, request.user, pk=pk)
    return record_form(
        request,
        form_class=PartnerForm,
        model=Partner,
        instance=partner,
        title=_("Modifier le partenaire"),
        saved=_("Le partenaire a été modifié."),
        done=_partner_url,
        back_url=_partner_url(partner),
    )


@require_POST
@permission_required("partnerships.change_partner", raise_exception=True)
def partner_archive(request, pk):
    partner = get_visible_or_404(Partner.objects, request.user, pk=pk)
    return archive_toggle(request, partner, back_url=_partner_url(partner))


@permission_required("partnerships.view_partner", raise_exception=True)
def partner_detail(request, pk):
    partner = get_visible_or_404(Partner.objects, request.user, pk=pk)
    agreements = listing(
        Agreement.objects.visible_to(request.user)
        .current()
        .filter(partner=partner)
        .select_related("association__commune__province")
        .order_by("-starts_on", "-pk")
    )
    return render(
        request,
        "partnerships/partner_detail.html",
        {"partner": partner, "agreements": agreements, "history": record_history(partner)},
    )


@permission_required("partnerships.view_agreement", raise_exception=True)
def network_list(request):
    archived = request.GET.get("archived") == "1"
    return render(
        request,
        "partnerships/network_list.html",
        {
            "page": page_of(request, network_list_rows(user=request.user, archived=archived)),
            "archived": archived,
        },
    )


def _network_url(network):
    return reverse("partnerships:network", args=[network.pk])


@permission_required("associations.add_network", raise_exception=True)
def network_create(request):
    return record_form(
        request,
        form_class=NetworkForm,
        model=Network,
        title=_("Nouveau réseau d'associations"),
        saved=_("Le réseau a été enregistré."),
        done=_network_url,
        back_url=reverse("partnerships:networks"),
    )


@permission_required("associations.change_network", raise_exception=True)
def network_update(request, pk):
    network = get_visible_or_404(Network.objects, request.user, pk=pk)
    return record_form(
        request,
        form_class=NetworkForm,
        model=Network,
        instance=network,
        title=_("Modifier le réseau"),
        saved=_("Le réseau a été modifié."),
        done=_network_url,
        back_url=_network_url(network),
    )


@require_POST
@permission_required("associations.change_network", raise_exception=True)
def network_archive(request, pk):
    network = get_visible_or_404(Network.objects, request.user, pk=pk)
    return archive_toggle(request, network, back_url=_network_url(network))


@require_POST
@permission_required("associations.change_network", raise_exception=True)
def network_membership(request, pk):
    """Add an association the user sees to the network, or take it out (``member=0``)."""
    network = get_visible_or_404(Network.objects, request.user, pk=pk)
    association = get_visible_or_404(
        Association.objects, request.user, pk=request.POST.get("association")
    )
    member = request.POST.get("member", "1") != "0"
    association_network_membership(
        association=association, network=network, member=member, user=request.user
    )
    if member:
        message = _("%(association)s est membre du réseau.")
    else:
        message = _("%(association)s n'est plus membre du réseau.")
    messages.success(request, message % {"association": association.name})
    return redirect(_network_url(network))


# Associations offered to join, found by name: the first ones only.
CANDIDATES_LIMIT = 10


@permission_required("partnerships.view_agreement", raise_exception=True)
def network_detail(request, pk):
    network = get_visible_or_404(Network.objects, request.user, pk=pk)
    visible = Association.objects.visible_to(request.user)
    members = listing(
        visible.filter(networks=network).select_related("commune__province").order_by("name_fr"),
        limit=200,
    )
    query = request.GET.get("q", "").strip()
    candidates = []
    can_change = request.user.has_perm("associations.change_network")
    if query and can_change:
        candidates = list(
            filter_words(visible.current().exclude(networks=network), query, "search_text")
            .select_related("commune__province")
            .order_by("search_text", "pk")[:CANDIDATES_LIMIT]
        )
    return render(
        request,
        "partnerships/network_detail.html",
        {
            "network": network,
            "members": members,
            "total": network.members.count(),
            "q": query,
            "candidates": candidates,
            "can_change": can_change,
            "history": record_history(network),
        },
    )
