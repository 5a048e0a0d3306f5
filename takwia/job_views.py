"""Pages of the generated files: ask, follow the progress, download, retry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from takwia.access import get_visible_or_404
from takwia.jobs import RENDERERS, job_dispatch, job_request, job_retry, renderer_for
from takwia.models import Job

LANGUAGES = {"fr", "ar"}


@require_POST
def job_create(request):
    """POST kind, language and the renderer's parameters; redirects to the job's page."""
    kind = request.POST.get("kind", "")
    if kind not in RENDERERS:
        raise Http404
    language = request.POST.get("language") or get_language() or "fr"
    if language not in LANGUAGES:
        language = "fr"
    params = {
        key: value
        for key, value in request.POST.items()
        if key not in {"kind", "language", "csrfmiddlewaretoken"}
    }
    outcome = job_request(user=request.user, kind=kind, params=params, language=language)
    if outcome.reused:
        messages.info(
            request,
            _("Les données n'ont pas changé depuis la dernière génération : voici ce fichier."),
        )
    elif outcome.joined:
        messages.info(request, _("Ce fichier est déjà en préparation : voici son avancement."))
    return redirect("job_detail", pk=outcome.job.pk)


def _get_job(request, pk, queryset=None) -> Job:
    """The job if it is about something in the user's scope (else 404) and the user may
    see that kind of file (else 403)."""
    job = get_visible_or_404(queryset if queryset is not None else Job.objects, request.user, pk=pk)
    if not request.user.has_perm(renderer_for(job.kind).permission):
        raise PermissionDenied
    return job


def job_list(request):
    kinds = [kind for kind in RENDERERS if request.user.has_perm(renderer_for(kind).permission)]
    jobs = (
        Job.objects.visible_to(request.user)
        .filter(kind__in=kinds)
        .select_related("requested_by")[:50]
    )
    return render(request, "jobs/job_list.html", {"jobs": jobs})


def job_detail(request, pk):
    job = _get_job(request, pk, Job.objects.select_related("requested_by"))
    # Where the file leads next (an import's preview), when its kind says so.
    renderer = renderer_for(job.kind)
    following = None
    if hasattr(renderer, "next_url"):
        following = {"url": renderer.next_url(job), "label": renderer.next_label}
    # Files offered next to this one (the provincial report's annex as XLSX).
    companions = renderer.companions(job) if hasattr(renderer, "companions") else []
    return render(
        request,
        "jobs/job_detail.html",
        {"job": job, "following": following, "companions": companions},
    )


def _status(job: Job) -> dict:
    from django.urls import reverse

    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "message": _(job.message) if job.message else "",
        "finished": job.finished,
        "download_url": reverse("job_download", args=[job.pk])
        if job.status == Job.Status.DONE
        else None,
    }


@never_cache
@require_GET
def job_status(request, pk):
    """JSON for the page's polling; a job the broker missed is dispatched again here."""
    job = _get_job(request, pk)
    if job.status == Job.Status.QUEUED and job.dispatched_at is None:
        job_dispatch(job_id=job.pk)
        job.refresh_from_db()
    return JsonResponse(_status(job))


@require_GET
def job_download(request, pk):
    job = _get_job(request, pk)
    if job.status != Job.Status.DONE or not job.file:
        return render(request, "jobs/job_detail.html", {"job": job}, status=410)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@require_POST
def job_retry_view(request, pk):
    job = _get_job(request, pk)
    if job.status not in {Job.Status.FAILED, Job.Status.EXPIRED}:
        return redirect("job_detail", pk=job.pk)
    fresh = job_retry(job=job, user=request.user)
    messages.success(request, _("La demande a été relancée."))
    return redirect("job_detail", pk=fresh.pk)
