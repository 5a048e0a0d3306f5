"""The "Rapports" page: ask for the provincial report (province, campaign and which
questionnaires chosen), a plan's PDF or an association's PDF."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from diagnostics.forms import ProvinceReportForm
from diagnostics.models import Diagnostic, Plan
from diagnostics.selectors.worklists import reportable_campaigns
from takwia.jobs import job_request
from takwia.lists import listing


@permission_required("diagnostics.view_report", raise_exception=True)
def report_request(request):
    campaigns = list(reportable_campaigns(user=request.user))
    data = request.POST if request.method == "POST" else None
    form = ProvinceReportForm(data, user=request.user, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        outcome = job_request(
            user=request.user,
            kind="province_report",
            params=form.params(),
            language=get_language() or "fr",
        )
        return redirect("job_detail", pk=outcome.job.pk)
    plans = listing(
        Plan.objects.visible_to(request.user)
        .select_related("province")
        .order_by("-starts_on", "-pk")
    )
    diagnostics = listing(
        Diagnostic.objects.visible_to(request.user)
        .scored()
        .select_related("association", "campaign")
        .order_by("-submitted_at", "-pk")
    )
    return render(
        request,
        "diagnostics/report_request.html",
        {"form": form, "plans": plans, "diagnostics": diagnostics},
        status=422 if form.errors else 200,
    )
