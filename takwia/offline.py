"""What the service worker (static/js/sw.js) keeps so that field work goes on with no
connection: the application shell (the home page and the static files the pages
load) and every step of the questionnaires the agent has open or is assigned (their
drafts and the diagnostics returned to them: the home page's work list).

Each step is listed with the diagnostic's version: the service worker fetches a step
again only when the copy it keeps was rendered from another version (the entry page
says its version in the ``X-Diagnostic-Version`` header)."""

from django.templatetags.static import static
from django.urls import reverse

# The files an entry page loads (base.html and entry.html), in both directions.
ENTRY_STATIC = (
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "vendor/bootstrap-5.3.9/bootstrap.rtl.min.css",
    "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
    "css/takwia.css",
    "img/favicon.svg",
    "js/device.js",
    "js/diagnostic.js",
    "js/offline.js",
)
# The header an entry page carries its diagnostic's version in.
VERSION_HEADER = "X-Diagnostic-Version"


def offline_urls(diagnostics) -> list[dict]:
    """The shell (home page, static files), then every step of each diagnostic with
    the version it should be rendered from."""
    from diagnostics.questionnaire.structure import structure_for

    shell = [{"url": reverse("home")}] + [{"url": static(path)} for path in ENTRY_STATIC]
    steps = [
        {
            "url": reverse("diagnostics:entry", args=[diagnostic.pk, step]),
            "version": diagnostic.lock_version,
        }
        for diagnostic in diagnostics
        for step in range(len(structure_for(diagnostic.version).axes) + 2)
    ]
    return shell + steps
