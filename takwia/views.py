import functools

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from associations.maps.service import home_map, home_map_shown
from associations.models import Association
from associations.selectors import association_counts, provinces_with_figures
from diagnostics import selectors as diagnostics_selectors
from takwia.access import is_national
from takwia.freshness import request_figures_token, user_scope
from takwia.notifications.models import Notification
from takwia.offline import offline_urls
from takwia.roles import PROVINCIAL_ROLES, Role
from volunteers.selectors import (
    ENDING_WITHIN,
    active_volunteers,
    placements_ending,
    placements_missing_deliverables,
)


def lazy(function, **arguments):
    """``function(**arguments)``, computed when a template first reads it."""
    return SimpleLazyObject(functools.partial(function, **arguments))


def home(request):
    """What each role needs first: the counts of their territory, then their work list
    (diagnostics to enter, the review queue, campaign progress, scores, placements).

    The work lists and figures are read lazily, by the fragments of the home templates
    that show them, and those fragments are kept until the figures change
    (``{% figures_cache %}``, takwia.freshness): a repeated visit reads none of them."""
    user = request.user
    context = {"role": user.role, "unread": Notification.objects.visible_to(user).unread().count()}
    context["figures_scope"] = user_scope(user)
    # The map the person reads first (None for those who may not read the provinces),
    # read by the home page's cached fragment: a repeated visit reads nothing of it.
    context["home_map"] = lazy(home_map, user=user, token=request_figures_token(request))
    context["home_map_script"] = home_map_shown(user)
    if is_national(user):
        context["template"] = "home/national.html"
        context["counts"] = lazy(association_counts, user=user)
        context["queue"] = lazy(diagnostics_selectors.review_queue, user=user)
    elif user.role == Role.VOLUNTEER_MANAGER:
        context["template"] = "home/volunteering.html"
        context["active"] = lazy(active_volunteers, user=user)
        context["ending"] = lazy(placements_ending, user=user)
        context["missing"] = lazy(placements_missing_deliverables, user=user)
        context["ending_within"] = ENDING_WITHIN
    elif user.role in PROVINCIAL_ROLES:
        context["template"] = "home/provincial.html"
        context["counts"] = lazy(association_counts, user=user)
        context["provinces"] = lazy(provinces_with_figures, user=user)
        if user.role == Role.FIELD_AGENT:
            context["work"] = lazy(diagnostics_selectors.agent_worklist, user=user)
        else:
            context["campaigns"] = lazy(diagnostics_selectors.campaign_progress, user=user)
            context["actions_due"] = lazy(diagnostics_selectors.actions_due, user=user)
            context["today"] = timezone.localdate()
    elif user.role == Role.PRESIDENT and user.association_id:
        context["template"] = "home/president.html"

        @functools.cache
        def president():
            association = (
                Association.objects.visible_to(user)
                .select_related("commune__province__region")
                .filter(pk=user.association_id)
                .first()
            )
            if association is None:
                return None, None, []
            return (
                association,
                diagnostics_selectors.president_overview(user=user, association=association),
                diagnostics_selectors.guides_recommended(association=association, user=user),
            )

        context["association"] = lazy(lambda: president()[0])
        context["overview"] = lazy(lambda: president()[1])
        context["guides"] = lazy(lambda: president()[2])
    else:
        context["template"] = "home/no_role.html"
    return render(request, "home/home.html", context)


class LogoutView(auth_views.LogoutView):
    """Logging out leaves nothing of the session on the device: the browser is told to
    empty its caches and storage (the service worker's pages, the answers waiting in
    IndexedDB); device.js does the same by script, for browsers without the header."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer once an account is locked: a French page saying for how long."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)


@login_not_required
@never_cache
@require_GET
def service_worker(request):
    """The service worker (static/js/sw.js) served at the root, so that its scope covers
    the questionnaire pages; never cached by the browser, so an update reaches it."""
    path = finders.find("js/sw.js")
    with open(path, encoding="utf-8") as source:
        return HttpResponse(source.read(), content_type="application/javascript; charset=utf-8")


@never_cache
@require_GET
def offline_precache(request):
    """What the service worker keeps for this person (JSON, fetched by offline.js when
    online): the shell, and for a field agent every step of their drafts and returns."""
    diagnostics = []
    if request.user.role == Role.FIELD_AGENT:
        work = diagnostics_selectors.agent_worklist(user=request.user)
        diagnostics = [*work.returned.rows, *work.drafts.rows]
    return JsonResponse({"urls": offline_urls(diagnostics)})


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness probe for load balancers; also the bare baseline of bench/run.py."""
    return HttpResponse("ok", content_type="text/plain")
