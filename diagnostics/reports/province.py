"""The provincial report (PDF, French or Arabic), rendered by WeasyPrint in a worker.

A renderer for takwia/jobs.py: ``resolve`` checks the province (and the campaign the
person chose) against the user's scope, ``fingerprint`` digests what the report shows
(so an unchanged report is served again), ``render`` builds the context from the
selectors, the HTML from ``templates/diagnostics/reports/province.html`` and the PDF.
"""

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from associations.models import Association, Province
from diagnostics.models import Action, Campaign, Diagnostic, Plan
from diagnostics.reports.common import REPORT_VERSION, html_to_pdf
from diagnostics.reports.sections import (
    diagnostic_section,
    province_campaign,
    province_map_section,
    province_partnerships_section,
    province_registry_section,
    province_volunteering_section,
)
from takwia.access import get_visible_or_404
from takwia.jobs import digest

# Which diagnostics a provincial report counts (the person asking chooses).
STATUSES_ALL, STATUSES_VALIDATED = "all", "validated"


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
            "title": _("Rapport provincial – %(province)s") % {"province": province.name},
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
            "maps": province_map_section(province=province),
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
