"""The library of guides and tools: read by every role, published by national staff."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diagnostics.forms import GuideForm
from diagnostics.models import Guide
from diagnostics.models.guides import FILE_LANGUAGES
from diagnostics.selectors import guide_detail as guide_detail_of
from diagnostics.selectors import guide_rows, library_axes
from diagnostics.services import guide_archive as guide_archive_service
from diagnostics.services import guide_save
from takwia.access import get_visible_or_404
from takwia.files import serve_record_file
from takwia.history import record_history
from takwia.roles import PUBLISH_GUIDES, VIEW_GUIDES
from takwia.submissions import already_created, create_once

PAGE_SIZE = 30


@permission_required(VIEW_GUIDES, raise_exception=True)
def guide_list(request):
    publisher = request.user.has_perm(PUBLISH_GUIDES)
    filters = {
        "query": request.GET.get("q", "").strip(),
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Guide.Kind.values else "",
        "axis": request.GET.get("axis", ""),
        "subdimension": request.GET.get("subdimension", ""),
        # Archived guides: a publisher's view (others reach them by their link only).
        "archived": publisher and request.GET.get("archived") == "1",
    }
    guides = guide_rows(user=request.user, with_downloads=publisher, **filters)
    page = Paginator(guides, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    page.query_string = params.urlencode()
    return render(
        request,
        "diagnostics/guide_list.html",
        {
            "page": page,
            "axes": library_axes(),
            "kinds": Guide.Kind.choices,
            "publisher": publisher,
            **filters,
        },
    )


def _guide_url(guide) -> str:
    return reverse("diagnostics:guide", args=[guide.pk])


@permission_required(VIEW_GUIDES, raise_exception=True)
def guide_detail(request, pk):
    guide = get_visible_or_404(Guide.objects.select_related("created_by"), request.user, pk=pk)
    publisher = request.user.has_perm(PUBLISH_GUIDES)
    return render(
        request,
        "diagnostics/guide_detail.html",
        {
            "guide": guide,
            "detail": guide_detail_of(guide=guide, user=request.user, with_downloads=publisher),
            "publisher": publisher,
            "history": record_history(guide),
        },
    )


def _guide_form(request, *, guide=None):
    if guide is None:
        first = already_created(request=request, model=Guide)
        if first is not None:  # the same form posted again: no second guide
            return redirect(_guide_url(first))
    form = GuideForm(request.POST or None, request.FILES or None, instance=guide)
    if request.method == "POST" and form.is_valid():

        def save():
            return guide_save(form=form, user=request.user)

        if guide is None:
            saved = create_once(request=request, model=Guide, create=save).instance
            messages.success(request, _("Le guide est publié dans la bibliothèque."))
        else:
            saved = save()
            messages.success(request, _("Le guide a été modifié."))
        return redirect(_guide_url(saved))
    return render(
        request,
        "diagnostics/guide_form.html",
        {
            "form": form,
            "guide": guide,
            "history": record_history(guide) if guide is not None else None,
        },
    )


@permission_required(PUBLISH_GUIDES, raise_exception=True)
def guide_create(request):
    return _guide_form(request)


@permission_required(PUBLISH_GUIDES, raise_exception=True)
def guide_update(request, pk):
    return _guide_form(request, guide=get_visible_or_404(Guide.objects, request.user, pk=pk))


@require_POST
@permission_required(PUBLISH_GUIDES, raise_exception=True)
def guide_archive(request, pk):
    """Archive the guide, or restore it when the form says ``archived=0``."""
    guide = get_visible_or_404(Guide.objects, request.user, pk=pk)
    archived = request.POST.get("archived", "1") != "0"
    guide_archive_service(guide=guide, user=request.user, archived=archived)
    if archived:
        messages.success(
            request,
            _(
                "Guide archivé : il ne figure plus dans la bibliothèque ni dans les "
                "recommandations ; sa fiche reste consultable, avec son historique."
            ),
        )
    else:
        messages.success(request, _("Rétabli."))
    return redirect(_guide_url(guide))


@permission_required(VIEW_GUIDES, raise_exception=True)
def guide_file(request, pk, language):
    """The guide's file in ``language`` (fr or ar), for whoever reads the library; every
    download is logged, and counted for national staff."""
    if language not in FILE_LANGUAGES:
        raise Http404
    guide = get_visible_or_404(Guide.objects, request.user, pk=pk)
    return serve_record_file(request, record=guide, field_file=guide.file_in(language))
