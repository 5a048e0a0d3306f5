"""Web imports of volunteers and placements (the registry's flow: takwia/imports.py)."""

from django.utils.translation import gettext_lazy as _

from takwia.imports import ImportKind, ImportViews, StagedImportRun
from takwia.roles import IMPORT_PLACEMENTS, IMPORT_VOLUNTEERS
from volunteers.services import PlacementsImporter, VolunteersImporter

VOLUNTEERS = ImportKind(
    key="volunteers",
    namespace="volunteers",
    importer=VolunteersImporter,
    permission=IMPORT_VOLUNTEERS,
    title=_("Importer des volontaires"),
    explanation=_(
        "Un volontaire déjà enregistré est reconnu par son nom, son prénom et sa date de "
        "naissance : il est alors mis à jour, jamais dupliqué. Le programme et les "
        "compétences doivent déjà exister."
    ),
    list_url="volunteers:volunteers",
    list_label=_("Volontaires"),
    template_filename="modele-volontaires",
)
PLACEMENTS = ImportKind(
    key="placements",
    namespace="volunteers",
    importer=PlacementsImporter,
    permission=IMPORT_PLACEMENTS,
    title=_("Importer des missions"),
    explanation=_(
        "Une mission déjà enregistrée est reconnue par son volontaire, sa structure "
        "d'accueil et sa date de début : elle est alors mise à jour. Le volontaire, la "
        "structure d'accueil (nom et ville) et le programme doivent déjà exister."
    ),
    list_url="volunteers:placements",
    list_label=_("Missions"),
    template_filename="modele-missions",
)

urls = [
    *ImportViews(VOLUNTEERS).urls("volunteering/volunteers/import/"),
    *ImportViews(PLACEMENTS).urls("volunteering/placements/import/"),
]


class VolunteersImportRun(StagedImportRun):
    kind = VOLUNTEERS


class PlacementsImportRun(StagedImportRun):
    kind = PLACEMENTS
