"""One association's diagnostic and a provincial plan, as PDFs."""

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from diagnostics.models import Action, Diagnostic, Plan
from diagnostics.reports.common import REPORT_VERSION, html_to_pdf
from diagnostics.selectors import plan_progress
from diagnostics.selectors.evidence import evidence_changes, evidence_listed
from takwia.access import get_visible_or_404
from takwia.jobs import digest


class AssociationReport:
    """One association's diagnostic as a PDF, for its president and the staff in scope."""

    label = gettext_lazy("Diagnostic d'une association")
    permission = "diagnostics.view_diagnostic"
    heavy = True  # WeasyPrint: on the reports queue

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
            % {"association": diagnostic.association.name},
        }

    def fingerprint(self, *, params: dict, language: str) -> str:
        diagnostic = Diagnostic.objects.get(pk=params["diagnostic"])
        # Any change of an action aimed at the association leaves a history row.
        actions = Action.history.filter(
            id__in=Action.objects.filter(targets=diagnostic.association_id).values("pk")
        ).aggregate(count=Count("history_id"), changed=Max("history_date"))
        evidence = evidence_changes(diagnostic_id=diagnostic.pk)
        return digest(REPORT_VERSION, language, params, diagnostic.updated_at, actions, evidence)

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
                "evidence": evidence_listed(diagnostic=diagnostic),
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
    heavy = True  # WeasyPrint: on the reports queue

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
