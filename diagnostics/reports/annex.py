"""The provincial report's annex: every diagnosed association of the campaign with its
scores, read in chunks (the PDF lays out one chunk at a time) and offered as XLSX.

One reading (``annex_chunks``) feeds both files, so the workbook has exactly the PDF's
rows, in its order, with its figures (scores rounded once, half up, to whole numbers).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from associations.models import Province
from diagnostics.models import Campaign, Diagnostic, Score
from diagnostics.questionnaire.structure import structure_for
from takwia.figures import exact, round_half_up

# Rows laid out at once: the report's peak memory grows with this, not with the campaign.
ANNEX_CHUNK = 400


# Each figure of the PDF's annex takes this many digits' width; the line starts with
# them. DejaVu's digits all have one width (tabular figures), and so do the FIGURE SPACE
# that pads them and the FIGURE DASH that marks a missing score: the figures form
# columns without a monospaced font, a table or a positioned box per row, which cost
# WeasyPrint 2 to 7 times the bare block of text (bench/side_report.py).
FIGURE_WIDTH = 3
FIGURE_SPACE, FIGURE_DASH = "\u2007", "\u2012"


def figures_line(values) -> str:
    """Figures right-aligned in columns of digits' width ("‒" when missing)."""
    return FIGURE_SPACE.join(
        (FIGURE_DASH if value is None else str(value)).rjust(FIGURE_WIDTH, FIGURE_SPACE)
        for value in values
    )


@dataclass(frozen=True)
class AnnexRow:
    association: str
    commune: str
    scores: tuple[Decimal | None, ...]  # one per axis, in the questionnaire's order
    overall: Decimal | None

    @property
    def figures(self) -> str:
        """The scores then the overall score, as the PDF's annex shows them."""
        return figures_line((*self.scores, self.overall))


def annex_head(axis_count: int) -> str:
    """The header of the PDF annex's figures: the axes' numbers, then G (overall)."""
    return figures_line([*range(1, axis_count + 1), "G"])


def _whole(value) -> Decimal | None:
    return None if value is None else round_half_up(exact(value), 0)


def annex_chunks(
    *, campaign: Campaign, validated_only: bool = False, size: int | None = None
) -> Iterator[list[AnnexRow]]:
    """The annex's rows by association name, ``size`` at a time (keyset pagination: no
    cursor is held between chunks, which a transaction-pooling PgBouncer would refuse)."""
    size = size or ANNEX_CHUNK
    axis_codes = [axis.code for axis in structure_for(campaign.version).axes]
    pivot = {
        f"axis_{index}": Max(
            "scores__score", filter=Q(scores__level=Score.Level.AXIS, scores__code=code)
        )
        for index, code in enumerate(axis_codes)
    }
    arabic = get_language() == "ar"
    rows = (
        Diagnostic.objects.scored(validated_only=validated_only)
        .filter(campaign=campaign)
        .annotate(**pivot)
        .order_by("association__sort_name", "pk")
    )
    fields = ["pk", "association__sort_name", "association__name_fr", "association__name_ar"]
    fields += ["overall_score"]
    fields += ["association__commune__name_fr", "association__commune__name_ar", *pivot]
    after = None
    while True:
        page = rows
        if after is not None:
            name, pk = after
            page = rows.filter(
                Q(association__sort_name__gt=name) | Q(association__sort_name=name, pk__gt=pk)
            )
        values = list(page.values(*fields)[:size])
        if not values:
            return
        yield [
            AnnexRow(
                association=(arabic and value["association__name_ar"])
                or value["association__name_fr"]
                or value["association__name_ar"],
                commune=(arabic and value["association__commune__name_ar"])
                or value["association__commune__name_fr"],
                scores=tuple(_whole(value[key]) for key in pivot),
                overall=_whole(value["overall_score"]),
            )
            for value in values
        ]
        if len(values) < size:
            return
        after = (values[-1]["association__sort_name"], values[-1]["pk"])


def annex_headers(campaign: Campaign) -> list[str]:
    axes = structure_for(campaign.version).axes
    return [
        _("Association"),
        _("Commune"),
        *(
            _("Axe %(number)s : %(name)s") % {"number": number, "name": axis.name}
            for number, axis in enumerate(axes, start=1)
        ),
        _("Score global"),
    ]


def annex_xlsx(*, campaign: Campaign, validated_only: bool = False) -> bytes:
    """The annex as one XLSX sheet (text cells formula-neutralised by takwia.tabular)."""
    from takwia.tabular import xlsx_bytes

    def rows():
        for chunk in annex_chunks(campaign=campaign, validated_only=validated_only):
            for row in chunk:
                yield [row.association, row.commune, *row.scores, row.overall]

    return xlsx_bytes(annex_headers(campaign), rows(), title=_("Annexe"))


class ProvinceAnnex:
    """The provincial report's annex as XLSX: same parameters, same rows as the PDF."""

    label = gettext_lazy("Annexe du rapport provincial (XLSX)")
    permission = "diagnostics.view_report"
    heavy = True  # on the reports queue, like the PDF it goes with

    def _report(self):
        from diagnostics.reports.province import ProvinceReport

        return ProvinceReport()

    def resolve(self, *, user, params: dict) -> dict:
        resolved = self._report().resolve(user=user, params=params)
        resolved["title"] = _("Annexe du rapport provincial – %(province)s") % {
            "province": resolved["province"].name
        }
        return resolved

    def fingerprint(self, *, params: dict, language: str) -> str:
        return self._report().fingerprint(params=params, language=language)

    def render(self, *, job, progress) -> tuple[str, bytes]:
        from diagnostics.reports.province import STATUSES_VALIDATED
        from diagnostics.reports.sections import province_campaign

        province = Province.objects.get(code=job.params["province"])
        campaign = province_campaign(province=province, campaign_id=job.params.get("campaign"))
        if campaign is None:
            raise ValueError("no campaign with diagnostics in this province")
        progress(20, _("Lecture des associations diagnostiquées…"))
        content = annex_xlsx(
            campaign=campaign, validated_only=job.params.get("statuses") == STATUSES_VALIDATED
        )
        return f"annexe-{slugify(province.name_fr)}-{job.language}.xlsx", content
