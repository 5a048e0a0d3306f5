"""Web import of agreements (the registry's flow: takwia/imports.py). A coordinator
imports the agreements of the associations of their provinces only: the importer
looks associations up among those the user sees."""

from django.utils.translation import gettext_lazy as _

from partnerships.services import AgreementsImporter
from takwia.imports import ImportKind, ImportViews, StagedImportRun
from takwia.roles import IMPORT_AGREEMENTS

AGREEMENTS = ImportKind(
    key="agreements",
    namespace="partnerships",
    importer=AgreementsImporter,
    permission=IMPORT_AGREEMENTS,
    title=_("Importer des accords de partenariat"),
    explanation=_(
        "L'association est cherchée par la référence de son récépissé, sinon par son nom "
        "et le code de sa commune, parmi celles de votre périmètre. Un accord déjà "
        "enregistré (même association, même partenaire, même date de début) est mis à "
        "jour. Un partenaire inconnu est créé si son type est indiqué."
    ),
    list_url="partnerships:agreements",
    list_label=_("Partenariats"),
    template_filename="modele-accords",
)

urls = ImportViews(AGREEMENTS).urls("partnerships/import/")


class AgreementsImportRun(StagedImportRun):
    kind = AGREEMENTS
