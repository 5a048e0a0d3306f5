"""Campaign pages: list, creation, edit, close, sample, provincial results, comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.models import Association, Domain
from diagnostics.forms import (
    CampaignEditForm,
    CampaignForm,
    SampleAddForm,
    SampleDrawForm,
    WorkshopForm,
)
from diagnostics.models import Campaign, QuestionnaireVersion
from diagnostics.selectors import (
    campaign_counts,
    campaign_results,
    campaign_sample,
    comparison_versions,
    findings_by_province,
    with_attendance_counts,
)
from diagnostics.services import (
    CampaignClosed,
    campaign_sample_draw,
    diagnostic_start,
    sample_add,
)
from diagnostics.services import campaign_close as campaign_close_service
from diagnostics.services import campaign_reopen as campaign_reopen_service
from diagnostics.services import campaign_update as campaign_update_service
from takwia.access import get_visible_or_404
from takwia.editing import StaleEdit
from takwia.history import record_history
from takwia.roles import REOPEN_CAMPAIGNS
from takwia.submissions import already_created, create_once


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_list(request):
    campaigns = Campaign.objects.visible_to(request.user).select_related("province", "version")
    return render(request, "diagnostics/campaign_list.html", {"campaigns": campaigns})


@permission_required("diagnostics.add_campaign", raise_exception=True)
def campaign_create(request):
    first = already_created(request=request, model=Campaign)
    if first is not None:  # the same form posted again: no second campaign
        return redirect("diagnostics:campaign", pk=first.pk)
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():

        def create():
            campaign = form.save(commit=False)
            campaign.created_by = campaign._history_user = request.user
            campaign.save()
            return campaign

        campaign = create_once(request=request, model=Campaign, create=create).instance
        messages.success(request, _("La campagne a été créée."))
        return redirect("diagnostics:campaign", pk=campaign.pk)
    return render(request, "diagnostics/campaign_form.html", {"form": form})


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_detail(request, pk):
    campaign = get_visible_or_404(
        Campaign.objects.select_related("province", "version"), request.user, pk=pk
    )
    can_change = request.user.has_perm("diagnostics.change_campaign")
    return render(
        request,
        "diagnostics/campaign_detail.html",
        {
            "campaign": campaign,
            "entries": campaign_sample(campaign=campaign),
            "counts": campaign_counts(campaign=campaign),
            "workshops": with_attendance_counts(
                campaign.workshops.annotate(associations=Count("attendees", distinct=True)),
                "attendance",
            ).order_by("archived", "held_on", "pk"),
            "history": record_history(campaign),
            "can_change": can_change,
            "can_reopen": request.user.has_perm(REOPEN_CAMPAIGNS),
            "can_enter": campaign.is_open
            and request.user.has_perm("diagnostics.change_diagnostic"),
            "draw_form": SampleDrawForm(),
            "add_form": SampleAddForm(campaign=campaign, user=request.user),
            "workshop_form": WorkshopForm(campaign=campaign),
        },
    )


@permission_required("diagnostics.change_campaign", raise_exception=True)
def campaign_update(request, pk):
    """Edit the campaign; a page displayed before someone else's save is refused."""
    campaign = get_visible_or_404(
        Campaign.objects.select_related("province", "version"), request.user, pk=pk
    )
    form = CampaignEditForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_update_service(form=form, user=request.user)
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("La campagne a été enregistrée."))
            return redirect("diagnostics:campaign", pk=campaign.pk)
    return render(request, "diagnostics/campaign_form.html", {"form": form, "campaign": campaign})


@permission_required("diagnostics.change_campaign", raise_exception=True)
def campaign_close(request, pk):
    """Confirm, then close the campaign: no new diagnostic, sample addition or submission."""
    campaign = get_visible_or_404(Campaign.objects.select_related("province"), request.user, pk=pk)
    if request.method == "POST":
        if campaign_close_service(campaign=campaign, user=request.user):
            messages.success(request, _("La campagne est clôturée."))
        return redirect("diagnostics:campaign", pk=campaign.pk)
    return render(
        request,
        "diagnostics/campaign_close.html",
        {"campaign": campaign, "counts": campaign_counts(campaign=campaign)},
    )


@require_POST
@permission_required(REOPEN_CAMPAIGNS, raise_exception=True)
def campaign_reopen(request, pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    if campaign_reopen_service(campaign=campaign, user=request.user):
        messages.success(request, _("La campagne est rouverte."))
    return redirect("diagnostics:campaign", pk=campaign.pk)


@permission_required("diagnostics.view_campaign", raise_exception=True)
def campaign_results_view(request, pk):
    """The province's findings, shares with their base, weighted when the sample was drawn."""
    campaign = get_visible_or_404(
        Campaign.objects.select_related("province", "version"), request.user, pk=pk
    )
    domains = Domain.objects.order_by("name_fr")
    domain = request.GET.get("domain") or None
    if domain and not domains.filter(code=domain).exists():
        domain = None
    validated_only = request.GET.get("statuses") == "validated"
    results = campaign_results(campaign=campaign, domain=domain, validated_only=validated_only)
    return render(
        request,
        "diagnostics/campaign_results.html",
        {"campaign": campaign, "results": results, "domains": domains, "domain": domain},
    )


@permission_required("diagnostics.view_campaign", raise_exception=True)
def findings_comparison(request):
    """Each finding side by side for the user's provinces, with the national figure, for
    one questionnaire version: the one asked for, else the newest with scored diagnostics
    (a newly published version has none yet)."""
    versions = list(comparison_versions())
    number = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == number), None) or (
        versions[0] if versions else QuestionnaireVersion.objects.published().first()
    )
    findings, provinces, per_province, national = findings_by_province(
        version=version, user=request.user
    )
    rows = [
        (
            finding,
            [per_province[p.pk].get(finding.code) for p in provinces],
            national.get(finding.code),
        )
        for finding in findings
    ]
    return render(
        request,
        "diagnostics/comparison.html",
        {"version": version, "versions": versions, "provinces": provinces, "rows": rows},
    )


@require_POST
@permission_required("diagnostics.change_campaign", raise_exception=True)
def campaign_sample_draw_view(request, pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    form = SampleDrawForm(request.POST)
    if form.is_valid():
        try:
            entries = campaign_sample_draw(
                campaign=campaign,
                size=form.cleaned_data["size"],
                seed=form.cleaned_data["seed"],
                user=request.user,
            )
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Échantillon tiré : %(count)s associations, stratifié par milieu et domaine.")
                % {"count": len(entries)},
            )
    else:
        messages.error(request, _("Taille ou graine invalide."))
    return redirect("diagnostics:campaign", pk=campaign.pk)


@require_POST
@permission_required("diagnostics.change_campaign", raise_exception=True)
def campaign_sample_add(request, pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    form = SampleAddForm(request.POST, campaign=campaign, user=request.user)
    if form.is_valid():
        try:
            sample_add(campaign=campaign, association=form.cleaned_data["association"])
        except CampaignClosed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("L'association a été ajoutée à l'échantillon."))
    else:
        messages.error(request, _("Choisissez une association de la province."))
    return redirect("diagnostics:campaign", pk=campaign.pk)


@require_POST
@permission_required("diagnostics.change_diagnostic", raise_exception=True)
def diagnostic_begin(request, pk, association_pk):
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    association = get_visible_or_404(
        Association.objects.filter(campaigns=campaign), request.user, pk=association_pk
    )
    try:
        diagnostic = diagnostic_start(campaign=campaign, association=association, user=request.user)
    except CampaignClosed as exc:
        messages.error(request, str(exc))
        return redirect("diagnostics:campaign", pk=campaign.pk)
    return redirect("diagnostics:entry", pk=diagnostic.pk, step=0)
