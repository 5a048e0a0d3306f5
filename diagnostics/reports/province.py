"""The provincial report (PDF, French or Arabic), rendered by WeasyPrint in a worker.

A renderer for takwia/jobs.py: ``resolve`` checks the province (and the campaign the
person chose) against the user's scope, ``fingerprint`` digests what the report shows
(so an unchanged report is served again), ``render`` builds the context from the
selectors, the HTML from ``templates/diagnostics/reports/province.html`` and the PDF in
parts (``parts.py``): the chapters with the annex's first chunk, then each further chunk
of the annex (``province_annex.html``), merged with continuous page numbers.
"""

import math
import tempfile
from pathlib import Path

from django.core.files import File
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from associations.models import Association, Province
from diagnostics.models import Action, Campaign, Diagnostic, Plan
from diagnostics.questionnaire.structure import structure_for
from diagnostics.reports import annex
from diagnostics.reports.common import REPORT_VERSION
from diagnostics.reports.parts import PdfParts
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
    heavy = True  # WeasyPrint: on the reports queue

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
        """The first part's HTML in the active language: every chapter and the annex's
        first chunk (the report when its annex fits in one chunk)."""
        html, _chunks = self._front(
            province=province,
            campaign_id=campaign_id,
            validated_only=validated_only,
            progress=progress,
        )
        return html

    def _front(self, *, province, campaign_id, validated_only, progress):
        progress = progress or (lambda percent, message: None)
        progress(10, _("Lecture des données du registre…"))
        context = self.context(
            province=province,
            campaign_id=campaign_id,
            validated_only=validated_only,
            progress=progress,
        )
        chunks = iter(())
        if "diagnostic" in context:
            chunks = annex.annex_chunks(
                campaign=context["diagnostic"]["campaign"], validated_only=validated_only
            )
        first, following = next(chunks, []), next(chunks, None)
        context |= {"annex_rows": first, "annex_last": following is None}
        if "diagnostic" in context:
            context["annex_head"] = annex.annex_head(len(context["diagnostic"]["axes"]))
        progress(40, _("Mise en page du rapport…"))
        html = render_to_string("diagnostics/reports/province.html", context)
        return html, (following, chunks)

    @staticmethod
    def filename(*, province: Province, language: str) -> str:
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        return f"rapport-{slugify(province.name_fr)}-{language}-{stamp}.pdf"

    def write_parts(
        self, parts: PdfParts, *, province, campaign_id=None, validated_only=False, progress=None
    ) -> None:
        """The report as parts: the chapters with the annex's first chunk, then one part
        per further chunk, each numbered on from the previous one; progress after each."""
        progress = progress or (lambda percent, message: None)
        html, (following, chunks) = self._front(
            province=province,
            campaign_id=campaign_id,
            validated_only=validated_only,
            progress=progress,
        )
        parts.add(html)
        del html
        if following is None:
            return
        campaign = province_campaign(province=province, campaign_id=campaign_id)
        rows = Diagnostic.objects.scored(validated_only=validated_only).filter(campaign=campaign)
        total = max(1, math.ceil(rows.count() / annex.ANNEX_CHUNK))
        context = {
            "province": province,
            "rtl": get_language() == "ar",
            "annex_head": annex.annex_head(len(structure_for(campaign.version).axes)),
        }
        done = 1
        while following is not None:
            total = max(total, done + 1)  # rows submitted since the count
            progress(
                45 + 45 * done // total,
                _("Mise en page de l'annexe : partie %(done)s sur %(total)s…")
                % {"done": done + 1, "total": total},
            )
            chunk, following = following, next(chunks, None)
            context |= {
                "annex_rows": chunk,
                "annex_last": following is None,
                "first_page": parts.next_page,
            }
            parts.add(render_to_string("diagnostics/reports/province_annex.html", context))
            done += 1

    def render(self, *, job, progress) -> tuple[str, File]:
        province = Province.objects.select_related("region").get(code=job.params["province"])
        output = tempfile.TemporaryFile(prefix="takwia-report-")
        try:
            with tempfile.TemporaryDirectory(prefix="takwia-report-") as folder:
                parts = PdfParts(Path(folder))
                self.write_parts(
                    parts,
                    province=province,
                    campaign_id=job.params.get("campaign"),
                    validated_only=job.params.get("statuses") == STATUSES_VALIDATED,
                    progress=progress,
                )
                progress(92, _("Assemblage du PDF…"))
                parts.merge(output)
        except BaseException:
            output.close()
            raise
        output.seek(0)
        progress(95, _("Enregistrement du fichier…"))
        filename = self.filename(province=province, language=job.language)
        return filename, File(output, name=filename)

    def companions(self, job) -> list[dict]:
        """Files offered next to this one: the annex as XLSX, same parameters (when the
        report is about a campaign: without one, it may have no annex)."""
        if not job.params.get("campaign"):
            return []
        return [{"kind": "province_annex", "label": _("Annexe (XLSX)"), "params": job.params}]
