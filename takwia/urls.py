from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from takwia import job_views, views
from takwia.api import token_views
from takwia.forms import QueuedPasswordResetForm

admin.site.site_header = _("Administration de Takwia")
admin.site.site_title = _("Takwia")
admin.site.index_title = _("Données et comptes")

handler400 = "takwia.errors.bad_request"
handler403 = "takwia.errors.permission_denied"
handler404 = "takwia.errors.page_not_found"
handler500 = "takwia.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/precache/", views.offline_precache, name="offline_precache"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("", include("takwia.accounts.urls")),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("account/tokens/", token_views.token_list, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", token_views.token_revoke, name="api_token_revoke"),
    path("api/v1/", include("takwia.api.urls")),
    path("files/", job_views.job_list, name="job_list"),
    path("files/request/", job_views.job_create, name="job_create"),
    path("files/<uuid:pk>/", job_views.job_detail, name="job_detail"),
    path("files/<uuid:pk>/status/", job_views.job_status, name="job_status"),
    path("files/<uuid:pk>/download/", job_views.job_download, name="job_download"),
    path("files/<uuid:pk>/retry/", job_views.job_retry_view, name="job_retry"),
    path("", include("associations.urls")),
    path("", include("diagnostics.urls")),
    path("", include("partnerships.urls")),
    path("", include("volunteers.urls")),
    path("", include("takwia.notifications.urls")),
]
