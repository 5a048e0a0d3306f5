"""The chapters of the provincial report: registry, the map by commune, partnerships,
volunteering and the diagnostic (findings, radar, needs, plan, annex)."""

from django.db.models import Count
from django.utils.translation import gettext as _

from associations.maps.indicators import map_figures
from associations.maps.service import map_drawing
from associations.models import Association, Province
from associations.selectors import registry_figures
from diagnostics.models import Campaign, Plan
from diagnostics.models.entry import scored_through
from diagnostics.questionnaire.structure import structure_for
from diagnostics.selectors import (
    NEED_THRESHOLD,
    campaign_results,
    needs_ranking,
    plan_progress,
    version_axis_means,
)
from takwia.charts import radar_legend, radar_svg


def province_registry_section(*, province: Province) -> dict:
    """Registry figures of the province (domains, milieu, period, initiators, networks)."""
    queryset = Association.objects.filter(commune__province=province)
    return {"figures": registry_figures(queryset=queryset)}


REPORT_MAPS = ("density", "diagnosed", "score")


def province_map_section(*, province: Province) -> list[dict]:
    """The province by commune: associations per 10,000 inhabitants, share of the
    registry diagnosed, mean overall score (hatched under five diagnosed associations),
    each map with its legend and the table of its figures, as on the map page."""
    maps = []
    for key in REPORT_MAPS:
        figures = map_figures(user=None, level="commune", indicator_key=key, province=province)
        for area in figures.areas:
            area.href = None  # a PDF has no site to open
        maps.append(map_drawing(figures, province=province, uid=f"map-{key}"))
    return maps


def province_partnerships_section(*, province: Province) -> dict:
    """Partnerships of the province's associations by kind of partner, and the
    decentralised cooperation pairs of its communes with their indicators' progress."""
    from partnerships.models import CommunePair
    from partnerships.selectors import indicator_series, partner_figures

    figures = partner_figures(user=None, province=province)[-1]
    pairs = list(
        CommunePair.objects.filter(communes__province=province)
        .distinct()
        .select_related("programme")
        .prefetch_related("communes")
    )
    series = {}
    for pair in pairs:
        series.update(indicator_series(programme=pair.programme, pairs=[pair]))
    return {
        "figures": figures,
        "pairs": [(pair, series.get(pair.pk, [])) for pair in pairs],
    }


def province_volunteering_section(*, province: Province) -> dict:
    """Volunteer placements hosted in the province, by theme, with their deliverables."""
    from volunteers.models import Deliverable, Placement

    placements = Placement.objects.filter(host__association__commune__province=province)
    return {
        "placements": placements.count(),
        "by_theme": list(placements.values_list("theme").annotate(n=Count("pk")).order_by("-n")),
        "hosts": list(
            placements.values_list("host__name", "host__city").distinct().order_by("host__name")
        ),
        "deliverables": Deliverable.objects.filter(placement__in=placements).count(),
    }


def province_campaign(*, province: Province, campaign_id=None):
    """The campaign a report is about: the one the person asked for; without a choice
    (an old link), the province's campaign with the most counted diagnostics, the
    newest on a tie (None when no campaign has any)."""
    campaigns = Campaign.objects.filter(province=province).select_related("version")
    if campaign_id:
        return campaigns.get(pk=campaign_id)
    counted = Count("diagnostics", filter=scored_through("diagnostics__"))
    return (
        campaigns.annotate(counted=counted)
        .filter(counted__gt=0)
        .order_by("-counted", "-starts_on", "-pk")
        .first()
    )


def diagnostic_section(*, campaign: Campaign, validated_only: bool = False) -> dict:
    """Findings per axis (sentences with bases), the province's radar against every
    province's averages (one unit per association). The annex of every diagnosed
    association is read in chunks by ``diagnostics.reports.annex``."""
    results = campaign_results(campaign=campaign, validated_only=validated_only)
    structure = structure_for(campaign.version)
    axis_codes = [axis.code for axis in structure.axes]
    province_means = {entry.axis.code: entry.mean for entry in results.distribution}
    national = version_axis_means(version=campaign.version)
    radar = radar_svg(
        [str(number) for number in range(1, len(axis_codes) + 1)],
        [float(province_means.get(code) or 0) for code in axis_codes],
        reference=[float(national.get(code) or 0) for code in axis_codes],
        title=_("Scores moyens par axe : province et ensemble des provinces"),
    )
    plan = (
        Plan.objects.filter(province=campaign.province)
        .exclude(status=Plan.Status.DRAFT)
        .order_by("-starts_on", "-pk")
        .first()
        or Plan.objects.filter(campaign=campaign).order_by("-pk").first()
    )
    return {
        "campaign": campaign,
        "validated_only": validated_only,
        "needs": needs_ranking(campaign=campaign)[:10],
        "threshold": NEED_THRESHOLD,
        "plan": plan,
        "plan_actions": list(plan.actions.all()) if plan else [],
        "plan_progress": plan_progress(plan=plan) if plan else None,
        "results": results,
        "radar": radar,
        "legend": radar_legend(_("Province"), _("Ensemble des provinces")),
        "axes": [
            (axis, province_means.get(axis.code), national.get(axis.code))
            for axis in structure.axes
        ],
    }
