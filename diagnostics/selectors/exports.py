"""A campaign's raw data, as Kobo and ODK users take it out first: one row per counted
diagnostic (submitted and validated, or validated only), one column per question of
the campaign's questionnaire version (answers as codes), the exact stored scores, the
association, its stratum and its weights; and the codebook that says what each column
holds. Rows are read in chunks with their answers, scores and domains prefetched: a
constant number of queries per chunk, constant memory whatever the campaign's size."""

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import F, Prefetch
from django.utils import timezone, translation

from associations.models import Domain, Milieu
from diagnostics.models import Campaign, Diagnostic, Question
from diagnostics.questionnaire import predicates
from diagnostics.questionnaire.kinds import TEXT_LIMIT
from diagnostics.questionnaire.structure import Structure, structure_for
from diagnostics.selectors.findings import (
    HAND,
    counted_diagnostics,
    sample_entry_relation,
    sample_strata,
)
from takwia.figures import round_half_up

CHUNK_SIZE = 500
# Weights are written as the scores are stored: ten decimals, rounded half up once.
WEIGHT_PLACES = 10

IDENTIFICATION = [
    ("diagnostic_id", "Identifiant du diagnostic", "Nombre entier"),
    ("association_id", "Identifiant de l'association dans le registre", "Nombre entier"),
    ("association_nom", "Nom de l'association (français)", "Texte"),
    ("commune_code", "Code de la commune (découpage HCP)", "Code"),
    ("milieu", "Milieu de la commune", "Code"),
    ("province_code", "Code de la province (découpage HCP)", "Code"),
    ("domaines", "Domaines d'intervention de l'association", "Codes"),
    ("statut", "Statut du questionnaire", "Code"),
    ("soumis_le", "Date de soumission", "Date"),
    ("valide_le", "Date de validation", "Date"),
    ("strate", "Strate de tirage (milieu/premier domaine)", "Code"),
    ("N_h", "N_h : associations actives de la strate dans le registre au tirage", "Nombre entier"),
    # Not "n_h": tools that ignore case (SPSS, our own importer) would read N_h twice.
    ("n_h_tires", "n_h : associations de la strate tirées dans l'échantillon", "Nombre entier"),
    ("r_h", "r_h : associations de la strate comptées dans ce fichier", "Nombre entier"),
    ("poids_plan", "Poids de sondage N_h / n_h (avant non-réponse)", "Nombre décimal"),
    ("poids_estimation", "Poids d'estimation N_h / r_h (après non-réponse)", "Nombre décimal"),
]
SCORE_KIND = "Nombre décimal (0 à 100, 10 décimales)"
NOTES = [
    "Une ligne par diagnostic compté dans les résultats de la campagne : {statuses}.",
    "Une question qui n'a pas été posée (sa condition ne tient pas) ou laissée sans réponse "
    "a une cellule vide. Les réponses sont des codes : voir la colonne « Codes autorisés ».",
    "Choix multiples : les codes cochés, séparés par une espace (comme Kobo et ODK).",
    "Scores : valeurs exactes telles qu'enregistrées, à 10 décimales, non arrondies. Les "
    "chiffres publiés sont arrondis une seule fois, au dixième, demi vers le haut "
    "(6,25 donne 6,3). Le score d'un axe est la moyenne pondérée de ses sous-dimensions "
    "(valeurs exactes), le score global la moyenne des axes.",
    "Nombres décimaux : virgule décimale dans le CSV (séparateur « ; »), nombres dans le XLSX.",
    "Poids : N_h est l'effectif de la strate dans le registre au tirage, n_h le nombre "
    "d'associations tirées, r_h le nombre d'associations diagnostiquées comptées ici. Le "
    "poids d'estimation N_h / r_h compense, dans sa strate, une association tirée mais non "
    "diagnostiquée ; c'est celui des estimations de la page de résultats (estimateur "
    "stratifié par le quotient, docs/method.md). Les poids sont arrondis à 10 décimales : "
    "pour un calcul exact, utilisez N_h et r_h.",
    "Une association ajoutée à la main à l'échantillon est hors tirage aléatoire : strate, "
    "N_h et poids vides. Elle est comptée dans les effectifs et les parts non pondérées, "
    "jamais dans les estimations pondérées. Sans tirage, aucun poids n'est donné.",
    "Une part de la page de résultats (colonnes %, Base) se refait ainsi : la base est le "
    "nombre de lignes où les questions du constat ont une réponse (et où la base du constat "
    "tient) ; le compte, celles où le prédicat tient (voir docs/findings.md).",
]
STATUSES_ALL = "questionnaires soumis et validés (colonne « statut »)"
STATUSES_VALIDATED = "questionnaires validés seulement"


@dataclass(frozen=True)
class RawColumn:
    """One column of the raw export, as the codebook describes it."""

    header: str
    label: str
    kind: str
    section: str = ""
    codes: str = ""
    condition: str = ""
    note: str = ""


def _operand_text(value) -> str:
    if isinstance(value, bool):
        return "1 (oui)" if value else "0 (non)"
    if isinstance(value, list):
        return ", ".join(_operand_text(item) for item in value)
    return str(value)


def condition_text(predicate: dict | None) -> str:
    """A condition or predicate in French, on the export's codes (yes = 1, no = 0)."""
    if not predicate:
        return ""
    for combinator, word in (("all", " et "), ("any", " ou ")):
        if combinator in predicate:
            parts = [condition_text(part) for part in predicate[combinator]]
            nested = (f"({part})" if " et " in part or " ou " in part else part for part in parts)
            return word.join(nested)
    operator = predicates.operator_of(predicate)
    operand = predicate[operator]
    if operator == "between":
        operand_text = f"{_operand_text(operand[0])} et {_operand_text(operand[1])}"
    else:
        operand_text = _operand_text(operand)
    return f"{predicate['question']} {predicates.OPERATOR_WORDS[operator]} {operand_text}"


def _codes(question: Question) -> str:
    spec = question.spec
    if question.kind == "yes_no":
        return "1 = oui ; 0 = non"
    if question.kind in {"single", "multiple"}:
        return " ; ".join(f"{choice.code} = {choice.label_fr}" for choice in question.choices.all())
    if question.kind in {"integer", "scale"}:
        low, high = spec.get("min", 0), spec.get("max")
        return f"de {low} à {high}" if high is not None else f"{low} ou plus"
    if question.kind == "date":
        return "AAAA-MM-JJ"
    return f"texte libre, {spec.get('max_length', TEXT_LIMIT)} caractères au plus"


def _question_note(structure: Structure, question: Question) -> str:
    notes = []
    if question.kind == "multiple":
        notes.append("codes cochés séparés par une espace")
    if not (structure.kind(question).scored and question.spec.get("scored", True)):
        notes.append("non comptée dans les scores")
    if not question.required:
        notes.append("facultative")
    return " ; ".join(notes)


def _subdimension_header(code: str) -> str:
    return f"score_sd_{code}"


def _axis_header(code: str) -> str:
    return f"score_axe_{code}"


def campaign_raw_columns(*, campaign: Campaign) -> list[RawColumn]:
    """Every column of the campaign's raw export, in order, with its French description."""
    structure = structure_for(campaign.version)
    with translation.override("fr"):
        milieux = " ; ".join(f"{value} = {label}" for value, label in Milieu.choices)
        statuses = " ; ".join(
            f"{status.value} = {status.label}"
            for status in (Diagnostic.Status.SUBMITTED, Diagnostic.Status.VALIDATED)
        )
        kinds = {value: str(label) for value, label in Question.Kind.choices}
    codes = {"milieu": milieux, "statut": statuses, "domaines": "codes séparés par une espace"}
    columns = [
        RawColumn(header, label, kind, "Identification et échantillon", codes.get(header, ""))
        for header, label, kind in IDENTIFICATION
    ]
    subdimensions = {sub.pk: (axis, sub) for axis, sub in structure.subdimensions}
    for question in structure.questions:
        axis, sub = subdimensions[question.subdimension_id]
        columns.append(
            RawColumn(
                question.code,
                question.text_fr,
                kinds[question.kind],
                f"{axis.name_fr} › {sub.name_fr}",
                _codes(question),
                condition_text(question.spec.get("condition")),
                _question_note(structure, question),
            )
        )
    for axis, sub in structure.subdimensions:
        columns.append(
            RawColumn(
                _subdimension_header(sub.code),
                f"Score de la sous-dimension « {sub.name_fr} »",
                SCORE_KIND,
                axis.name_fr,
                note=f"poids dans l'axe : {sub.weight}",
            )
        )
    for axis in structure.axes:
        columns.append(
            RawColumn(
                _axis_header(axis.code),
                f"Score de l'axe « {axis.name_fr} »",
                SCORE_KIND,
                axis.name_fr,
                note="moyenne pondérée des scores exacts de ses sous-dimensions",
            )
        )
    columns.append(
        RawColumn(
            "score_global",
            "Score global",
            SCORE_KIND,
            "Scores",
            note="moyenne des scores exacts des axes",
        )
    )
    return columns


def campaign_raw_notes(*, validated_only: bool = False) -> list[str]:
    """The codebook's notes on rows, answers, scores and weights."""
    statuses = STATUSES_VALIDATED if validated_only else STATUSES_ALL
    return [note.format(statuses=statuses) for note in NOTES]


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def _weight(numerator: int, denominator: int):
    if not numerator or not denominator:
        return None
    return round_half_up(Fraction(numerator, denominator), WEIGHT_PLACES)


def campaign_raw_rows(
    *, campaign: Campaign, validated_only: bool = False, chunk_size: int = CHUNK_SIZE
) -> Iterator[list]:
    """The rows of the raw export, in ``campaign_raw_columns`` order, typed (integers,
    dates, exact Decimals, codes as text; None for an empty cell). A generator: the
    database is read when it is iterated, ``chunk_size`` diagnostics at a time (four
    queries per chunk), so a streamed response holds one chunk in memory."""
    structure = structure_for(campaign.version)
    diagnostics = counted_diagnostics(campaign=campaign, validated_only=validated_only)
    # The strata as the results page counts them: r_h among the diagnostics counted here.
    strata = sample_strata(campaign, diagnostics) if campaign.sample_seed is not None else {}
    chunks = (
        diagnostics.annotate(
            entry=sample_entry_relation(""),
            stratum=F("entry__stratum"),
            population=F("entry__population"),
        )
        .select_related("association__commune__province")
        .prefetch_related(
            "answers",
            "scores",
            Prefetch("association__domains", queryset=Domain.objects.only("pk", "code")),
        )
        .order_by("pk")
    )
    layout = _Layout(
        questions=[(question, structure.kind(question)) for question in structure.questions],
        subdimensions=[sub.code for _axis, sub in structure.subdimensions],
        axes=[axis.code for axis in structure.axes],
    )
    last = 0
    while True:
        chunk = list(chunks.filter(pk__gt=last)[:chunk_size])
        for diagnostic in chunk:
            yield _row(structure, layout, strata, diagnostic)
        if len(chunk) < chunk_size:
            return
        last = chunk[-1].pk


@dataclass(frozen=True)
class _Layout:
    questions: list  # (question, kind) in questionnaire order
    subdimensions: list[str]
    axes: list[str]


def _row(structure: Structure, layout: _Layout, strata: dict, diagnostic: Diagnostic) -> list:
    association = diagnostic.association
    commune = association.commune
    stratum = diagnostic.stratum or HAND
    population, drawn, respondents = strata.get(stratum, (None, None, None))
    values = {}
    for answer in diagnostic.answers.all():
        question = structure.by_id.get(answer.question_id)
        if question is not None:
            value = structure.kind(question).read(answer)
            if value is not None:
                values[question.code] = value
    live = structure.live(values)
    scores = {(score.level, score.code): score.score for score in diagnostic.scores.all()}
    return [
        diagnostic.pk,
        association.pk,
        association.name_fr,
        commune.code,
        commune.milieu,
        commune.province.code,
        " ".join(sorted(domain.code for domain in association.domains.all())),
        diagnostic.status,
        _local_date(diagnostic.submitted_at),
        _local_date(diagnostic.validated_at),
        stratum or None,
        diagnostic.population if stratum else None,
        drawn,
        respondents,
        _weight(population, drawn),
        _weight(population, respondents),
        *(
            kind.export(live[question.code]) if question.code in live else None
            for question, kind in layout.questions
        ),
        *(scores.get(("subdimension", code)) for code in layout.subdimensions),
        *(scores.get(("axis", code)) for code in layout.axes),
        diagnostic.overall_score,
    ]
