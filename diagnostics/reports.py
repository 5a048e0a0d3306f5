"""The provincial report (PDF, French or Arabic), rendered by WeasyPrint in a worker.

A renderer for takwia/jobs.py: ``resolve`` checks the province against the user's
scope, ``fingerprint`` digests what the report shows (so an unchanged report is
served again), ``render`` builds the context from the selectors, the HTML from
``templates/diagnostics/reports/province.html`` and the PDF from the HTML.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from associations.models import Association, Province
from associations.selectors import registry_figures
from diagnostics.models import Action, Campaign, Diagnostic, Plan, Score
from diagnostics.questionnaire.structure import structure_for
from diagnostics.selectors import (
    NEED_THRESHOLD,
    axis_means,
    campaign_results,
    needs_ranking,
    plan_progress,
)
from takwia.access import get_visible_or_404
from takwia.charts import radar_legend, radar_svg
from takwia.jobs import digest

# Bumped whenever the report's layout or content changes: old files are not reused.
REPORT_VERSION = 6
# Which diagnostics a provincial report counts (the person asking chooses).
STATUSES_ALL, STATUSES_VALIDATED = "all", "validated"


def province_registry_section(*, province: Province) -> dict:
    """Registry figures of the province (domains, milieu, period, initiators, networks)."""
    queryset = Association.objects.filter(commune__province=province)
    return {"figures": registry_figures(queryset=queryset)}


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint on the report's HTML; static files (fonts, CSS) resolved on disk."""
    from weasyprint import HTML

    base = finders.find("css/report.css")
    base_url = (
        str(settings.BASE_DIR / "static") + "/" if base is None else base.rsplit("css/", 1)[0]
    )
    return HTML(string=html, base_url=base_url).write_pdf()


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
    counted = Count("diagnostics", filter=Q(diagnostics__status__in=["submitted", "validated"]))
    return (
        campaigns.annotate(counted=counted)
        .filter(counted__gt=0)
        .order_by("-counted", "-starts_on", "-pk")
        .first()
    )


def diagnostic_section(*, campaign: Campaign, validated_only: bool = False) -> dict:
    """Findings per axis (sentences with bases), the province's radar against every
    province's averages (one unit per association), and the annex of every diagnosed
    association with its scores."""
    results = campaign_results(campaign=campaign, validated_only=validated_only)
    structure = structure_for(campaign.version)
    axis_codes = [axis.code for axis in structure.axes]
    province_means = {entry.axis.code: entry.mean for entry in results.distribution}
    national = axis_means(
        Diagnostic.objects.scored().filter(version=campaign.version).latest_per_association()
    )
    radar = radar_svg(
        [str(number) for number in range(1, len(axis_codes) + 1)],
        [float(province_means.get(code) or 0) for code in axis_codes],
        reference=[float(national.get(code) or 0) for code in axis_codes],
        title=_("Scores moyens par axe : province et ensemble des provinces"),
    )
    pivot = {
        code: Max("scores__score", filter=Q(scores__level=Score.Level.AXIS, scores__code=code))
        for code in axis_codes
    }
    annex = (
        Diagnostic.objects.scored(validated_only=validated_only)
        .filter(campaign=campaign)
        .select_related("association__commune")
        .annotate(**pivot)
        .order_by("association__name_fr")
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
        "annex": [
            (diagnostic, [getattr(diagnostic, code) for code in axis_codes]) for diagnostic in annex
        ],
    }


class ProvinceReport:
    label = gettext_lazy("Rapport provincial")
    permission = "diagnostics.view_report"

    def resolve(self, *, user, params: dict) -> dict:
        province = get_visible_or_404(
            Province.objects.select_related("region"), user, code=params.get("province", "")
        )
        clean = {"province": province.code}
        if params.get("campaign"):
            campaign = get_visible_or_404(
                Campaign.objects.filter(province=province), user, pk=params["campaign"]
            )
            clean["campaign"] = campaign.pk
        if params.get("statuses") == STATUSES_VALIDATED:
            clean["statuses"] = STATUSES_VALIDATED
        return {
            "params": clean,
            "province": province,
            "title": _("Rapport provincial – %(province)s") % {"province": province.name_fr},
        }

    def fingerprint(self, *, params: dict, language: str) -> str:
        registry = Association.objects.filter(commune__province__code=params["province"]).aggregate(
            count=Count("pk"), changed=Max("updated_at")
        )
        diagnostics = Diagnostic.objects.filter(
            association__commune__province__code=params["province"]
        ).aggregate(count=Count("pk"), changed=Max("updated_at"))
        # Every change of a plan or an action leaves a history row: its latest date.
        plans = (
            Plan.history.filter(province__code=params["province"]).aggregate(
                changed=Max("history_date")
            ),
            Action.history.filter(plan__province__code=params["province"]).aggregate(
                count=Count("history_id"), changed=Max("history_date")
            ),
        )
        from partnerships.models import Agreement, Measurement

        partnerships = (
            Agreement.history.filter(
                association__commune__province__code=params["province"]
            ).aggregate(count=Count("history_id"), changed=Max("history_date")),
            Measurement.objects.filter(pair__communes__province__code=params["province"]).aggregate(
                count=Count("pk"), latest=Max("year")
            ),
        )
        from volunteers.models import Placement

        volunteering = Placement.history.filter(
            host__association__commune__province__code=params["province"]
        ).aggregate(count=Count("history_id"), changed=Max("history_date"))
        return digest(
            REPORT_VERSION,
            language,
            params,
            registry,
            diagnostics,
            plans,
            partnerships,
            volunteering,
        )

    def context(
        self, *, province: Province, campaign_id=None, validated_only=False, progress=None
    ) -> dict:
        progress = progress or (lambda percent, message: None)
        rtl = get_language() == "ar"
        context = {
            "province": province,
            "rtl": rtl,
            "generated_at": timezone.localtime(),
            "registry": province_registry_section(province=province),
            "partnerships": province_partnerships_section(province=province),
            "volunteering": province_volunteering_section(province=province),
        }
        campaign = province_campaign(province=province, campaign_id=campaign_id)
        if campaign is not None:
            progress(25, _("Calcul des constats du diagnostic…"))
            context["diagnostic"] = diagnostic_section(
                campaign=campaign, validated_only=validated_only
            )
        return context

    def html(
        self, *, province: Province, campaign_id=None, validated_only=False, progress=None
    ) -> str:
        """The report's HTML in the active language (what WeasyPrint is given)."""
        progress = progress or (lambda percent, message: None)
        progress(10, _("Lecture des données du registre…"))
        context = self.context(
            province=province,
            campaign_id=campaign_id,
            validated_only=validated_only,
            progress=progress,
        )
        progress(40, _("Mise en page du rapport…"))
        return render_to_string("diagnostics/reports/province.html", context)

    @staticmethod
    def filename(*, province: Province, language: str) -> str:
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        return f"rapport-{slugify(province.name_fr)}-{language}-{stamp}.pdf"

    def render(self, *, job, progress) -> tuple[str, bytes]:
        province = Province.objects.select_related("region").get(code=job.params["province"])
        html = self.html(
            province=province,
            campaign_id=job.params.get("campaign"),
            validated_only=job.params.get("statuses") == STATUSES_VALIDATED,
            progress=progress,
        )
        progress(60, _("Production du PDF…"))
        pdf = html_to_pdf(html)
        progress(95, _("Enregistrement du fichier…"))
        return self.filename(province=province, language=job.language), pdf


class AssociationReport:
    """One association's diagnostic as a PDF, for its president and the staff in scope."""

    label = gettext_lazy("Diagnostic d'une association")
    permission = "diagnostics.view_diagnostic"

    def resolve(self, *, user, params: dict) -> dict:
        diagnostic = get_visible_or_404(
            Diagnostic.objects.scored().select_related("association"),
            user,
            pk=params.get("diagnostic") or 0,
        )
        return {
            "params": {"diagnostic": diagnostic.pk},
            "association": diagnostic.association,
            "title": _("Diagnostic – %(association)s")
            % {"association": diagnostic.association.name_fr},
        }

    def fingerprint(self, *, params: dict, language: str) -> str:
        diagnostic = Diagnostic.objects.get(pk=params["diagnostic"])
        # Any change of an action aimed at the association leaves a history row.
        actions = Action.history.filter(
            id__in=Action.objects.filter(targets=diagnostic.association_id).values("pk")
        ).aggregate(count=Count("history_id"), changed=Max("history_date"))
        return digest(REPORT_VERSION, language, params, diagnostic.updated_at, actions)

    def render(self, *, job, progress) -> tuple[str, bytes]:
        from diagnostics.selectors import diagnostic_results, results_radar

        diagnostic = Diagnostic.objects.select_related(
            "association__commune__province", "campaign", "version"
        ).get(pk=job.params["diagnostic"])
        progress(20, _("Lecture du diagnostic…"))
        results = diagnostic_results(diagnostic=diagnostic)
        radar, legend = results_radar(results)
        html = render_to_string(
            "diagnostics/reports/association.html",
            {
                "diagnostic": diagnostic,
                "results": results,
                "radar": radar,
                "legend": legend,
                "actions": Action.objects.aimed_at(diagnostic.association).order_by(
                    "starts_on", "pk"
                ),
                "rtl": get_language() == "ar",
                "generated_at": timezone.localtime(),
            },
        )
        progress(50, _("Production du PDF…"))
        pdf = html_to_pdf(html)
        name = slugify(diagnostic.association.name_fr)[:60]
        return f"diagnostic-{name}-{job.language}.pdf", pdf


class PlanReport:
    """A provincial capacity-building plan as a PDF, for its province's staff."""

    label = gettext_lazy("Plan de renforcement des capacités")
    permission = "diagnostics.view_plan"

    def resolve(self, *, user, params: dict) -> dict:
        plan = get_visible_or_404(
            Plan.objects.select_related("province"), user, pk=params.get("plan") or 0
        )
        return {
            "params": {"plan": plan.pk},
            "province": plan.province,
            "title": _("Plan – %(title)s") % {"title": plan.title},
        }

    def fingerprint(self, *, params: dict, language: str) -> str:
        return digest(
            REPORT_VERSION,
            language,
            params,
            Plan.history.filter(id=params["plan"]).aggregate(changed=Max("history_date")),
            Action.history.filter(plan_id=params["plan"]).aggregate(
                count=Count("history_id"), changed=Max("history_date")
            ),
        )

    def render(self, *, job, progress) -> tuple[str, bytes]:
        plan = Plan.objects.select_related("province").get(pk=job.params["plan"])
        progress(20, _("Lecture du plan…"))
        html = render_to_string(
            "diagnostics/reports/plan.html",
            {
                "plan": plan,
                "actions": plan.actions.prefetch_related("targets"),
                "progress": plan_progress(plan=plan),
                "rtl": get_language() == "ar",
                "generated_at": timezone.localtime(),
            },
        )
        progress(50, _("Production du PDF…"))
        return f"plan-{slugify(plan.province.name_fr)}-{plan.pk}-{job.language}.pdf", html_to_pdf(
            html
        )
