"""What the service worker (static/js/sw.js) keeps so that questionnaires open offline:
the static files of the entry page and every step of the questionnaires given."""

from django.templatetags.static import static
from django.urls import reverse

# The files an entry page loads (base.html and entry.html), in both directions.
ENTRY_STATIC = (
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "vendor/bootstrap-5.3.9/bootstrap.rtl.min.css",
    "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
    "css/takwia.css",
    "img/favicon.svg",
    "js/diagnostic.js",
    "js/offline.js",
)


def offline_urls(diagnostics) -> list[str]:
    """The entry page's static files, then every step of each diagnostic."""
    from diagnostics.questionnaire.structure import structure_for

    steps = [
        reverse("diagnostics:entry", args=[diagnostic.pk, step])
        for diagnostic in diagnostics
        for step in range(len(structure_for(diagnostic.version).axes) + 2)
    ]
    return [static(path) for path in ENTRY_STATIC] + steps
