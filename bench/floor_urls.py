"""The project's URLs plus ``/bench/floor/``: the honest floor of a logged-in page.

The floor goes through the whole middleware stack like any page (session read,
user loaded by the login-required middleware, CSRF, messages, history) and renders
nothing: the most requests per second a logged-in page can reach on this server.
A page's figure is given as a share of it, measured back to back in the same run.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from takwia.urls import urlpatterns as project_urlpatterns


@never_cache
def floor(request):
    # The user's name: the session and the user are read, as on every page.
    return HttpResponse(request.user.get_username(), content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *project_urlpatterns]
