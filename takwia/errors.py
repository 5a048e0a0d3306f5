"""The error pages people see: 400, 403, 404, 500 and the CSRF refusal, in the site's
layout, in French or Arabic, each with a way back.

Rules:
- every error a person can meet has its page (``ERRORS``: a title, what happened and
  what to do); the lock-out (429) has its own page (``takwia.views.lockout``);
- the 500 page never touches the database: it is drawn without the navigation (the
  failure may be the database itself), and as plain HTML if even that fails;
- Django's technical pages (which list every URL and show settings) appear only to a
  developer who asks for them (``DEBUG`` and ``TAKWIA_TECHNICAL_ERRORS``);
  ``ErrorPagesMiddleware`` puts the site's page in their place otherwise, so that
  people trying the platform under ``make run`` see what production shows.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

ERRORS = {
    400: (
        _("Demande incorrecte"),
        _("L'adresse ou le formulaire envoyé contient une valeur illisible par la plateforme."),
        _("Revenez à la page précédente et vérifiez ce qui a été saisi."),
    ),
    403: (
        _("Accès refusé"),
        _("Votre rôle ne permet pas d'ouvrir cette page ou de faire cette action."),
        _("Si vous pensez devoir y accéder, demandez-le au personnel national de l'ADS."),
    ),
    404: (
        _("Page introuvable"),
        _("Cette page n'existe pas, a été archivée, ou ne fait pas partie de votre territoire."),
        _("Vérifiez l'adresse, ou repartez de l'accueil."),
    ),
    500: (
        _("Erreur de la plateforme"),
        _("Une erreur inattendue s'est produite ; elle a été enregistrée pour l'équipe technique."),
        _("Réessayez dans quelques instants. Ce que vous aviez enregistré avant reste enregistré."),
    ),
}
CSRF_ADVICE = _(
    "La page a expiré ou a été ouverte dans un autre onglet. Rechargez-la, puis recommencez : "
    "rien n'a été enregistré."
)

PLAIN_500 = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Erreur · Takwia</title>'
    "</head><body><h1>Erreur de la plateforme</h1><p>Une erreur inattendue s'est produite. "
    'Réessayez dans quelques instants. <a href="/">Accueil</a></p></body></html>'
)


def render_error(request, status: int, *, advice=None, navigation: bool = True) -> HttpResponse:
    title, what, todo = ERRORS[status]
    context = {
        "status": status,
        "title": title,
        "what": what,
        "todo": advice or todo,
        "navigation": navigation,
    }
    template = loader.get_template("errors/error.html")
    # Without navigation, drawn without the request: no context processor, no query.
    response = HttpResponse(
        template.render(context, request if navigation else None), status=status
    )
    response.takwia_error_page = True
    return response


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    try:
        return render_error(request, 500, navigation=False)
    except Exception:  # the page itself failed (templates, database): plain HTML
        logger.exception("The 500 page could not be drawn")
        response = HttpResponse(PLAIN_500, status=500)
        response.takwia_error_page = True
        return response


def csrf_failure(request, reason=""):
    response = render_error(request, 403, advice=CSRF_ADVICE)
    return response


def technical_pages_wanted() -> bool:
    return settings.DEBUG and getattr(settings, "TAKWIA_TECHNICAL_ERRORS", False)


class ErrorPagesMiddleware:
    """Under ``DEBUG``, replace Django's technical error pages with the site's, unless
    a developer asked for them. Only HTML answers are replaced (the API keeps JSON)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and not technical_pages_wanted()
            and response.status_code in ERRORS
            and not getattr(response, "takwia_error_page", False)
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
        ):
            if response.status_code == 500:
                return server_error(request)
            return render_error(request, response.status_code)
        return response
