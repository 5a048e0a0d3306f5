from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from takwia.roles import LIST_ASSOCIATIONS, VIEW_GUIDES, Role


def navigation(request):
    """The navigation entries that fit the user's role (an empty list when anonymous)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": []}
    items = [(_("Accueil"), reverse("home"))]
    if user.has_perm("associations.view_province"):
        items.append((_("Territoire"), reverse("associations:territory")))
    if user.has_perm(LIST_ASSOCIATIONS):
        items.append((_("Associations"), reverse("associations:list")))
    if user.has_perm("diagnostics.view_campaign"):
        items.append((_("Diagnostics"), reverse("diagnostics:campaigns")))
    if user.has_perm("diagnostics.view_plan"):
        items.append((_("Plans"), reverse("diagnostics:plans")))
    if user.has_perm("partnerships.view_agreement"):
        items.append((_("Partenariats"), reverse("partnerships:agreements")))
    if user.has_perm("volunteers.view_programme"):
        items.append((_("Volontariat"), reverse("volunteers:dashboard")))
    elif user.has_perm("volunteers.view_placement"):
        items.append((_("Volontaires"), reverse("volunteers:placements")))
    if user.has_perm(VIEW_GUIDES):
        items.append((_("Guides et outils"), reverse("diagnostics:guides")))
    if user.has_perm("diagnostics.view_report"):
        items.append((_("Rapports"), reverse("diagnostics:reports")))
    if user.role == Role.PRESIDENT and user.association_id:
        items.append(
            (_("Mon association"), reverse("associations:detail", args=[user.association_id]))
        )
    if user.has_perm("takwia.view_user") and user.role == Role.NATIONAL:
        items.append((_("Comptes"), reverse("accounts:list")))
    if user.is_staff:
        items.append((_("Administration"), reverse("admin:index")))
    return {"nav_items": items}
