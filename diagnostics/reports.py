"""The provincial report (PDF, French or Arabic), rendered by WeasyPrint in a worker.

A renderer for takwia/jobs.py: ``resolve`` checks the province against the user's
scope, ``fingerprint`` digests what the report shows (so an unchanged report is
served again), ``render`` builds the context from the selectors, the HTML from
``templates/diagnostics/reports/province.html`` and the PDF from the HTML.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from associations.models import Association, Province
from associations.selectors import registry_figures
from takwia.access import get_visible_or_404
from takwia.jobs import digest

# Bumped whenever the report's layout or content changes: old files are not reused.
REPORT_VERSION = 1


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


class ProvinceReport:
    label = gettext_lazy("Rapport provincial")
    permission = "diagnostics.view_report"

    def resolve(self, *, user, params: dict) -> dict:
        province = get_visible_or_404(
            Province.objects.select_related("region"), user, code=params.get("province", "")
        )
        return {
            "params": {"province": province.code},
            "province": province,
            "title": _("Rapport provincial – %(province)s") % {"province": province.name_fr},
        }

    def fingerprint(self, *, params: dict, language: str) -> str:
        registry = Association.objects.filter(commune__province__code=params["province"]).aggregate(
            count=Count("pk"), changed=Max("updated_at")
        )
        return digest(REPORT_VERSION, language, params, registry)

    def context(self, *, province: Province) -> dict:
        rtl = get_language() == "ar"
        return {
            "province": province,
            "rtl": rtl,
            "generated_at": timezone.localtime(),
            "registry": province_registry_section(province=province),
        }

    def html(self, *, province: Province, progress=None) -> str:
        """The report's HTML in the active language (what WeasyPrint is given)."""
        progress = progress or (lambda percent, message: None)
        progress(10, _("Lecture des données du registre…"))
        context = self.context(province=province)
        progress(40, _("Mise en page du rapport…"))
        return render_to_string("diagnostics/reports/province.html", context)

    @staticmethod
    def filename(*, province: Province, language: str) -> str:
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        return f"rapport-{slugify(province.name_fr)}-{language}-{stamp}.pdf"

    def render(self, *, job, progress) -> tuple[str, bytes]:
        province = Province.objects.select_related("region").get(code=job.params["province"])
        html = self.html(province=province, progress=progress)
        progress(60, _("Production du PDF…"))
        pdf = html_to_pdf(html)
        progress(95, _("Enregistrement du fichier…"))
        return self.filename(province=province, language=job.language), pdf
