"""Reads of the library of guides and tools: the library's rows with their filters, the
guides recommended to an association (those answering its weak sub-dimensions), how
many times each guide was downloaded. A constant number of queries whatever the size."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from diagnostics.models import Action, Diagnostic, Guide, QuestionnaireVersion, SubDimension
from diagnostics.questionnaire.structure import structure_for
from diagnostics.selectors.results import weak_codes
from takwia.lists import filter_words
from takwia.models import FileDownload
from takwia.roles import VIEW_GUIDES

# Guides recommended on a president's page, the most relevant first.
RECOMMENDED = 6


def guide_downloads():
    """How many times a guide's files were downloaded, from the download log
    (takwia.models.FileDownload): an expression to annotate guides with."""
    counted = (
        FileDownload.objects.filter(
            record_type__app_label=Guide._meta.app_label,
            record_type__model=Guide._meta.model_name,
            record_id=OuterRef("pk"),
        )
        .order_by()
        .values("record_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _tied_to(**lookup):
    """Guides tied to a sub-dimension matching ``lookup`` (on the sub-dimension)."""
    through = Guide.subdimensions.through.objects.filter(guide_id=OuterRef("pk"))
    return Exists(through.filter(**{f"subdimension__{k}": v for k, v in lookup.items()}))


def _subdimensions_in_order():
    return Prefetch("subdimensions", queryset=SubDimension.objects.select_related("axis"))


def _by_shown_title(guides):
    """Sorted on the title the reader sees (the Arabic one for Arabic readers, where given)."""
    if get_language() == "ar":
        return guides.order_by(Coalesce(NullIf("title_ar", Value("")), "title"), "pk")
    return guides.order_by("title", "pk")


def guide_rows(
    *,
    user,
    query: str = "",
    kind: str = "",
    axis: str = "",
    subdimension: str = "",
    archived: bool = False,
    with_downloads: bool = False,
):
    """The library's guides the user sees, filtered (words of the titles and descriptions
    in either language, kind, axis or sub-dimension by code), each with its sub-dimensions
    and, ``with_downloads``, its number of downloads (``downloads``)."""
    guides = Guide.objects.visible_to(user).filter(archived=archived)
    guides = filter_words(guides, query, "search_text")
    if kind:
        guides = guides.filter(kind=kind)
    if subdimension:
        guides = guides.filter(_tied_to(code=subdimension))
    elif axis:
        guides = guides.filter(_tied_to(axis__code=axis))
    if with_downloads:
        guides = guides.annotate(downloads=guide_downloads())
    return _by_shown_title(guides.prefetch_related(_subdimensions_in_order()))


def library_axes() -> list:
    """The axes of the latest published questionnaire, each with its sub-dimensions: the
    library's filters and the guide form's choices (sub-dimensions by name)."""
    version = QuestionnaireVersion.objects.published().first()
    return structure_for(version).axes if version is not None else []


def guide_detail(*, guide, user, with_downloads: bool = False):
    """A guide's sub-dimensions, the plan actions the user sees that hand it out, and its
    number of downloads (None unless asked for)."""
    actions = (
        Action.objects.visible_to(user)
        .filter(guides=guide)
        .exclude(status=Action.Status.CANCELLED)
        .select_related("plan__province")
        .order_by("starts_on", "pk")
    )
    downloads = None
    if with_downloads:
        downloads = (
            Guide.objects.filter(pk=guide.pk)
            .annotate(n=guide_downloads())
            .values_list("n", flat=True)
            .get()
        )
    return GuideDetail(
        subdimensions=list(guide.subdimensions.select_related("axis")),
        actions=list(actions),
        downloads=downloads,
    )


@dataclass
class GuideDetail:
    subdimensions: list
    actions: list
    downloads: int | None


def guides_recommended(*, association, user, limit: int = RECOMMENDED) -> list:
    """The current guides answering the weak sub-dimensions of the association's latest
    validated diagnostic (as the user may see it), those answering most of them first;
    each carries ``answers``, the weak sub-dimensions it helps with.

    One query: the links between guides and weak sub-dimensions, guides and names
    joined (a library holds tens of guides, each tied to a few sub-dimensions)."""
    if not user.has_perm(VIEW_GUIDES):
        return []
    weak = weak_codes(
        association=association,
        validated_only=True,
        diagnostics=Diagnostic.objects.visible_to(user),
    )
    links = Guide.subdimensions.through.objects.filter(
        subdimension__code__in=weak,
        guide__in=Guide.objects.visible_to(user).current(),
    ).select_related("guide", "subdimension__axis")
    guides: dict[int, Guide] = {}
    for link in links:
        guide = guides.setdefault(link.guide_id, link.guide)
        # One entry per sub-dimension, even where a guide names it in two versions.
        guide.__dict__.setdefault("weak", {})[link.subdimension.code] = link.subdimension
    ranked = sorted(guides.values(), key=lambda guide: (-len(guide.weak), guide.title, guide.pk))
    for guide in ranked:
        guide.answers = sorted(guide.weak.values(), key=lambda sub: (sub.axis.order, sub.order))
    return ranked[:limit]
