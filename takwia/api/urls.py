"""``/api/v1/``: the API's routes, its OpenAPI schema and its documentation page.

Every API view is exempt from the login-required middleware (DRF marks its views so,
and so do we): a script comes with a token, not a session, and DRF answers 401 itself
when neither is there. The documentation page is a page of the site: login required."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from takwia.api import associations, diagnostics, partnerships, plans, volunteers
from takwia.api.base import FrenchMixin

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("associations", associations.AssociationViewSet, basename="association")
router.register("regions", associations.RegionViewSet, basename="region")
router.register("provinces", associations.ProvinceViewSet, basename="province")
router.register("communes", associations.CommuneViewSet, basename="commune")
router.register("campaigns", diagnostics.CampaignViewSet, basename="campaign")
router.register("diagnostics", diagnostics.DiagnosticViewSet, basename="diagnostic")
router.register("plans", plans.PlanViewSet, basename="plan")
router.register("actions", plans.ActionViewSet, basename="action")
router.register("volunteers", volunteers.VolunteerViewSet, basename="volunteer")
router.register("placements", volunteers.PlacementViewSet, basename="placement")
router.register("agreements", partnerships.AgreementViewSet, basename="agreement")
router.register(
    "cooperation/programmes", partnerships.ProgrammeViewSet, basename="cooperation-programme"
)
router.register("cooperation/pairs", partnerships.PairViewSet, basename="cooperation-pair")


class SchemaView(FrenchMixin, SpectacularAPIView):
    pass


app_name = "api"
urlpatterns = [
    *[
        # Format-suffix routes (".json") add nothing here.
        pattern
        for pattern in router.urls
        if "format" not in str(pattern.pattern)
    ],
    path("schema/", SchemaView.as_view(), name="schema"),
]
for pattern in urlpatterns:
    login_not_required(pattern.callback)

# Swagger UI comes from drf-spectacular-sidecar's static files, its script from this
# same URL (no inline script, no CDN).
urlpatterns.append(
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    )
)
