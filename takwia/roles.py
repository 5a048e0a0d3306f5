"""The roles of the platform and the permissions each one grants.

This table is the one place that says what a role may *do*; what a user may
*see* is decided by each model's ``visible_to(user)`` (see takwia/access.py).
Permissions are Django's ``app_label.codename`` strings; a pattern may use
``*`` (``"associations.view_*"``). Nothing is ever deleted through the
platform (records are archived), so no role holds ``delete_*``.

Besides Django's model permissions, the platform checks its own (granted here
only, never stored):

- ``associations.list_association``: the registry's list, its filters and
  exports (a president's "list" is their own association's page);
- ``diagnostics.review_diagnostic``: validate or return a submitted diagnostic;
- ``diagnostics.read_answers``: every answer of a diagnostic with its points;
- ``diagnostics.reopen_campaign``: reopen a closed campaign (national staff);
- ``diagnostics.publish_guide``: publish, edit and archive the library's guides and tools
  (every role with ``diagnostics.view_guide`` reads them);
- ``volunteers.view_personal_data``: volunteers' identity and personal details
  (Moroccan law 09-08);
- ``<app>.import_<model>``: the web import of a kind of record (IMPORT_PERMISSIONS).

Views check these with ``user.has_perm``, never the user's role.
"""

from fnmatch import fnmatchcase

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL = "national", _("Personnel ADS national")
    FIELD_AGENT = "field_agent", _("Agent provincial (terrain)")
    COORDINATOR = "coordinator", _("Coordinateur provincial")
    PRESIDENT = "president", _("Président d'association")
    VOLUNTEER_MANAGER = "volunteer_manager", _("Gestionnaire de programme de volontariat")


# Roles whose scope is one or more provinces.
PROVINCIAL_ROLES = frozenset({Role.FIELD_AGENT, Role.COORDINATOR})
# Every role of ADS or programme staff (not presidents): reference data is theirs.
STAFF_ROLES = frozenset({Role.NATIONAL, Role.FIELD_AGENT, Role.COORDINATOR, Role.VOLUNTEER_MANAGER})
# Roles that see the whole country.
NATIONWIDE_ROLES = frozenset({Role.NATIONAL, Role.VOLUNTEER_MANAGER})

_TERRITORY = ("associations.view_region", "associations.view_province", "associations.view_commune")
LIST_ASSOCIATIONS = "associations.list_association"
REVIEW_DIAGNOSTICS = "diagnostics.review_diagnostic"
READ_ANSWERS = "diagnostics.read_answers"
REOPEN_CAMPAIGNS = "diagnostics.reopen_campaign"
PUBLISH_GUIDES = "diagnostics.publish_guide"
VIEW_GUIDES = "diagnostics.view_guide"
VIEW_PERSONAL_DATA = "volunteers.view_personal_data"
IMPORT_COMMUNES = "associations.import_commune"
IMPORT_VOLUNTEERS = "volunteers.import_volunteer"
IMPORT_PLACEMENTS = "volunteers.import_placement"
IMPORT_AGREEMENTS = "partnerships.import_agreement"

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.NATIONAL: (
        "associations.view_*",
        "associations.add_*",
        "associations.change_*",
        "diagnostics.view_*",
        "diagnostics.add_*",
        "diagnostics.change_*",
        "volunteers.view_*",
        "volunteers.add_*",
        "volunteers.change_*",
        "partnerships.view_*",
        "partnerships.add_*",
        "partnerships.change_*",
        "takwia.view_user",
        "takwia.add_user",
        "takwia.change_user",
        # Who downloaded which record's file (takwia.files), read in the admin.
        "takwia.view_filedownload",
        LIST_ASSOCIATIONS,
        REVIEW_DIAGNOSTICS,
        READ_ANSWERS,
        REOPEN_CAMPAIGNS,
        PUBLISH_GUIDES,
        VIEW_PERSONAL_DATA,
        IMPORT_COMMUNES,
        IMPORT_VOLUNTEERS,
        IMPORT_PLACEMENTS,
        IMPORT_AGREEMENTS,
    ),
    Role.FIELD_AGENT: (
        *_TERRITORY,
        "associations.view_association",
        "associations.add_association",
        "associations.change_association",
        "diagnostics.view_*",
        "diagnostics.add_diagnostic",
        "diagnostics.change_diagnostic",
        "partnerships.view_*",
        LIST_ASSOCIATIONS,
        READ_ANSWERS,
    ),
    Role.COORDINATOR: (
        *_TERRITORY,
        "associations.view_association",
        "diagnostics.view_*",
        "diagnostics.add_*",
        "diagnostics.change_*",
        "partnerships.view_*",
        # Their associations' agreements and partners, the networks, and the yearly values
        # of their provinces' pairs; programmes, indicators and pairs are national staff's.
        "partnerships.add_agreement",
        "partnerships.change_agreement",
        "partnerships.add_partner",
        "partnerships.change_partner",
        "partnerships.add_measurement",
        "partnerships.change_measurement",
        "associations.add_network",
        "associations.change_network",
        "volunteers.view_placement",
        LIST_ASSOCIATIONS,
        READ_ANSWERS,
        # Agreements of the associations of their provinces (the import is scoped).
        IMPORT_AGREEMENTS,
    ),
    Role.PRESIDENT: (
        # A president reaches their association's page only: no territory pages.
        "associations.view_association",
        "diagnostics.view_diagnostic",
        "diagnostics.view_action",
        VIEW_GUIDES,
    ),
    Role.VOLUNTEER_MANAGER: (
        *_TERRITORY,
        "associations.view_association",
        "volunteers.view_*",
        "volunteers.add_*",
        "volunteers.change_*",
        "partnerships.view_*",
        VIEW_GUIDES,
        LIST_ASSOCIATIONS,
        READ_ANSWERS,
        VIEW_PERSONAL_DATA,
        IMPORT_VOLUNTEERS,
        IMPORT_PLACEMENTS,
    ),
}


def role_has_perm(role: str | None, perm: str) -> bool:
    """True when ``role`` grants ``perm`` (an ``app_label.codename`` string)."""
    if not role:
        return False
    return any(fnmatchcase(perm, pattern) for pattern in ROLE_PERMISSIONS.get(role, ()))


def role_app_labels(role: str | None) -> set[str]:
    """The apps in which ``role`` holds at least one permission (for the admin index)."""
    return {pattern.split(".", 1)[0] for pattern in ROLE_PERMISSIONS.get(role or "", ())}
