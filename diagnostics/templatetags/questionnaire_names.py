"""``{% load questionnaire_names %}``: codes of the questionnaire and of the sample
shown by their names, in the reader's language (never the code itself)."""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from associations.models import Domain, Milieu
from diagnostics.models.campaigns import NO_DOMAIN, stratum_parts
from diagnostics.models.questionnaire import QuestionnaireVersion
from diagnostics.questionnaire.structure import structure_for

register = template.Library()

NAMES_TTL = 600  # reference data: a renamed domain or sub-dimension shows within 10 min


def _subdimension_names() -> dict[str, str]:
    def compute():
        names = {}
        for version in QuestionnaireVersion.objects.published().order_by("number"):
            names.update(structure_for(version).subdimension_names)  # newest wins
        return names

    return cache.get_or_set(f"names:subdimensions:{get_language()}", compute, NAMES_TTL)


def _domain_names() -> dict[str, str]:
    def compute():
        return {domain.code: domain.name for domain in Domain.objects.all()}

    return cache.get_or_set(f"names:domains:{get_language()}", compute, NAMES_TTL)


@register.filter
def subdimensions(codes) -> str:
    """``{{ match.reasons|subdimensions }}`` -> "Partenariats, Vision" (by name)."""
    names = _subdimension_names()
    return ", ".join(names.get(code, code) for code in codes or ())


@register.filter
def stratum(code) -> str:
    """``{{ entry.stratum|stratum }}``: "rural/femmes" -> "Rural · Femmes"; an entry
    added by hand (no stratum) -> "ajoutée à la main"."""
    if not code:
        return _("ajoutée à la main")
    milieu, domain = stratum_parts(code)
    milieu_name = str(dict(Milieu.choices).get(milieu, milieu))
    domain_name = _("sans domaine") if domain == NO_DOMAIN else _domain_names().get(domain, domain)
    return f"{milieu_name} · {domain_name}"
