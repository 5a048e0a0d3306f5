from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from associations.models import Association
from associations.selectors import association_counts, provinces_with_figures
from takwia.access import is_national
from takwia.roles import PROVINCIAL_ROLES, Role


def home(request):
    """What each role needs first: a national dashboard, one's provinces, one's association."""
    user = request.user
    context = {"role": user.role}
    if is_national(user) or user.role == Role.VOLUNTEER_MANAGER:
        context["template"] = "home/national.html"
        context["counts"] = association_counts(user=user)
    elif user.role in PROVINCIAL_ROLES:
        context["template"] = "home/provincial.html"
        context["counts"] = association_counts(user=user)
        context["provinces"] = provinces_with_figures(user=user)
    elif user.role == Role.PRESIDENT and user.association_id:
        context["template"] = "home/president.html"
        context["association"] = (
            Association.objects.visible_to(user)
            .select_related("commune__province__region")
            .filter(pk=user.association_id)
            .first()
        )
    else:
        context["template"] = "home/no_role.html"
    return render(request, "home/home.html", context)


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer once an account is locked: a French page saying for how long."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness probe for load balancers; also the bare baseline of bench/run.py."""
    return HttpResponse("ok", content_type="text/plain")
