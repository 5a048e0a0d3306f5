"""Loading a questionnaire file (diagnostics/data/questionnaire/v*.json), all or nothing.

A file is checked whole before anything is written; every problem is a French
message naming the entry. A version already used by campaigns or diagnostics can't
change its questions (a new content needs a new version number), but its findings can
be corrected: findings define the analysis, not the data collected, and every
correction is kept in the findings' history.
"""

import hashlib
import itertools
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from diagnostics.models import Axis, Choice, Finding, Question, QuestionnaireVersion, SubDimension
from diagnostics.questionnaire import predicates
from diagnostics.questionnaire.kinds import KINDS
from diagnostics.questionnaire.structure import structure_forget

QUESTIONNAIRE_DIR = Path(__file__).resolve().parents[1] / "data" / "questionnaire"

ERROR_VERSION_USED = (
    "La version {number} du questionnaire a déjà servi à des diagnostics et ses questions "
    "ont changé : publiez-la sous un nouveau numéro de version."
)
ERROR_BAD_FILE = "Questionnaire invalide : {problem}"
TEXT_KEYS = {"text_fr", "text_ar", "help_fr", "help_ar", "code", "kind"}
FINDING_KEYS = {"code", "axis", "label_fr", "label_ar", "seed", "base", "predicate", "question"}


class QuestionnaireInvalid(Exception):
    pass


def _fail(problem: str):
    raise QuestionnaireInvalid(ERROR_BAD_FILE.format(problem=problem))


def _check_leaves(owner: str, predicate, known: dict[str, dict]) -> None:
    """Every leaf names a known question, an operator its kind has, a valid operand."""
    try:
        leaves = list(predicates.leaves(predicate))
    except predicates.PredicateError as exc:
        _fail(f"{owner} : {exc}")
    for leaf in leaves:
        code = leaf["question"]
        if code not in known:
            _fail(f"{owner} : question inconnue « {code} »")
        question = known[code]
        operator = predicates.operator_of(leaf)
        if not KINDS[question["kind"]].operand_ok(question, operator, leaf[operator]):
            _fail(
                f"{owner} : « {operator} {json.dumps(leaf[operator], ensure_ascii=False)} » "
                f"n'est pas une valeur possible de la question {code}"
            )


def _satisfiable(predicate, extra_answered: list[str], known: dict[str, dict]) -> bool:
    """Whether some answers make ``predicate`` hold (representative values of each
    question read: bounds and operands ± 1 for numbers, every choice...)."""
    codes = predicates.questions_of(predicate)
    codes += [code for code in extra_answered if code not in codes]
    operands: dict[str, list] = {code: [] for code in codes}
    for leaf in predicates.leaves(predicate):
        operator = predicates.operator_of(leaf)
        operands[leaf["question"]].append(leaf[operator])
    domains = [
        KINDS[known[code]["kind"]].sample_values(known[code], operands[code]) for code in codes
    ]
    for values in itertools.product(*domains):
        if predicates.holds(predicate, dict(zip(codes, values, strict=True))):
            return True
    return False


def _check_questions(data: dict) -> dict[str, dict]:
    known: dict[str, dict] = {}
    for key in ("version", "title_fr", "maturity_levels", "axes"):
        if key not in data:
            _fail(f"clé manquante « {key} »")
    for axis in data["axes"]:
        for subdimension in axis["subdimensions"]:
            if not subdimension["code"].startswith(axis["code"] + "."):
                _fail(f"{subdimension['code']} hors de l'axe {axis['code']}")
            for question in subdimension["questions"]:
                code = question["code"]
                if code in known:
                    _fail(f"question {code} en double")
                if question.get("kind") not in KINDS:
                    _fail(f"{code} : type {question.get('kind')} inconnu")
                choices = [choice["code"] for choice in question.get("choices", [])]
                if len(set(choices)) != len(choices):
                    _fail(f"{code} : choix en double")
                condition = question.get("condition")
                if condition:
                    named = (
                        predicates.questions_of(condition) if isinstance(condition, dict) else []
                    )
                    if code in named:
                        _fail(f"{code} : sa condition porte sur elle-même (condition circulaire)")
                    later = [name for name in named if name not in known]
                    if later:
                        _fail(
                            f"{code} : sa condition porte sur « {later[0]} », qui ne la précède "
                            "pas (une condition ne peut dépendre que des questions d'avant : "
                            "pas de boucle)"
                        )
                    _check_leaves(f"question {code} (condition)", condition, known)
                known[code] = {**question, "code": code}
    return known


def _findings(data: dict, known: dict[str, dict]) -> list[dict]:
    """The findings in canonical form (predicate and base over named questions)."""
    axes = {axis["code"] for axis in data["axes"]}
    seen: set[str] = set()
    result = []
    for entry in data.get("findings", []):
        code = entry.get("code", "?")
        owner = f"constat {code}"
        if code in seen:
            _fail(f"{owner} en double")
        seen.add(code)
        if entry.get("axis") not in axes:
            _fail(f"{owner} : axe inconnu « {entry.get('axis')} »")
        if "predicate" in entry:
            predicate = entry["predicate"]
        else:
            unknown = set(entry) - FINDING_KEYS - set(predicates.OPERATORS)
            if unknown:
                _fail(f"{owner} : opérateur inconnu « {sorted(unknown)[0]} »")
            predicate = predicates.normalise(entry)
        if not predicate:
            _fail(f"{owner} : prédicat manquant")
        main = predicates.questions_of(predicate)[0] if isinstance(predicate, dict) else None
        base = entry.get("base")
        if base is not None:
            base = predicates.normalise(base, question=main) or _fail(f"{owner} : base vide")
        _check_leaves(owner, predicate, known)
        _check_leaves(f"{owner} (base)", base, known)
        answered = predicates.questions_of(predicate)
        if base is not None and not _satisfiable(base, answered, known):
            _fail(f"{owner} : sa base ne peut jamais être remplie")
        both = {"all": [predicate, base]} if base is not None else predicate
        if not _satisfiable(both, [], known):
            _fail(f"{owner} : son prédicat ne peut jamais être vrai dans sa base")
        result.append(
            {
                "code": code,
                "axis": entry["axis"],
                "question": main,
                "label_fr": entry["label_fr"],
                "label_ar": entry.get("label_ar", ""),
                "seed": entry.get("seed", ""),
                "predicate": predicate,
                "base": base,
            }
        )
    return result


def questionnaire_check(data: dict) -> list[dict]:
    """Check a whole file; returns its findings in canonical form."""
    try:
        known = _check_questions(data)
        return _findings(data, known)
    except (KeyError, TypeError, AttributeError) as exc:
        raise QuestionnaireInvalid(ERROR_BAD_FILE.format(problem=f"clé manquante {exc}")) from exc


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def _questions_of_file(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "findings"}


def _questions_stored(version: QuestionnaireVersion) -> dict:
    """The stored questions in the file's shape, to tell a findings-only correction."""
    axes = []
    for axis in version.axes.prefetch_related("subdimensions__questions__choices"):
        subdimensions = []
        for sub in axis.subdimensions.order_by("order"):
            questions = []
            for question in sub.questions.order_by("order"):
                entry = {key: getattr(question, key) for key in TEXT_KEYS}
                questions.append(_present({**entry, **question.spec}))
            subdimensions.append((sub.code, sub.name_fr, sub.weight, questions))
        axes.append((axis.code, axis.name_fr, subdimensions))
    return {"axes": axes, "maturity_levels": version.maturity_levels}


def _present(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if value not in ("", None)}


def _questions_shape(data: dict) -> dict:
    axes = []
    for axis in data["axes"]:
        subdimensions = []
        for sub in axis["subdimensions"]:
            questions = [_present(question) for question in sub["questions"]]
            subdimensions.append((sub["code"], sub["name_fr"], sub.get("weight", 1), questions))
        axes.append((axis["code"], axis["name_fr"], subdimensions))
    return {"axes": axes, "maturity_levels": data["maturity_levels"]}


def _finding_row(version, axes, questions, entry, order) -> Finding:
    return Finding(
        version=version,
        axis=axes[entry["axis"]],
        question=questions[entry["question"]],
        code=entry["code"],
        order=order,
        label_fr=entry["label_fr"],
        label_ar=entry["label_ar"],
        predicate=entry["predicate"],
        base=entry["base"],
        seed=entry["seed"],
    )


def _findings_correct(version: QuestionnaireVersion, findings: list[dict]) -> None:
    """Correct a used version's findings in place, each change kept in their history."""
    axes = {axis.code: axis for axis in version.axes.all()}
    questions = {question.code: question for question in version.questions.all()}
    existing = {finding.code: finding for finding in version.findings.all()}
    for order, entry in enumerate(findings, start=1):
        fresh = _finding_row(version, axes, questions, entry, order)
        current = existing.pop(entry["code"], None)
        if current is None:
            fresh.save()
            continue
        fields = ["axis", "question", "order", "label_fr", "label_ar", "predicate", "base", "seed"]
        if any(getattr(current, name) != getattr(fresh, name) for name in fields):
            for name in fields:
                setattr(current, name, getattr(fresh, name))
            current.save()
    for finding in existing.values():
        finding.delete()


@transaction.atomic
def questionnaire_load(*, data: dict, publish: bool = True) -> tuple[QuestionnaireVersion, bool]:
    """Load one version of the questionnaire from its data (idempotent).

    Returns the version and whether anything was written.
    """
    findings = questionnaire_check(data)
    digest = _digest(data)
    existing = QuestionnaireVersion.objects.filter(number=data["version"]).first()
    if existing is not None:
        if existing.source_digest == digest:
            if publish and existing.published_at is None:
                existing.published_at = timezone.now()
                existing.save(update_fields=["published_at"])
                return existing, True
            return existing, False
        if existing.diagnostics.exists() or existing.campaigns.exists():
            if _digest(_questions_stored(existing)) != _digest(_questions_shape(data)):
                raise QuestionnaireInvalid(ERROR_VERSION_USED.format(number=data["version"]))
            _findings_correct(existing, findings)
            existing.source_digest = digest
            existing.title_fr = data["title_fr"]
            existing.title_ar = data.get("title_ar", "")
            existing.save(update_fields=["source_digest", "title_fr", "title_ar"])
            structure_forget()
            return existing, True
        existing.delete()
    version = QuestionnaireVersion.objects.create(
        number=data["version"],
        title_fr=data["title_fr"],
        title_ar=data.get("title_ar", ""),
        source_digest=digest,
        maturity_levels=data["maturity_levels"],
        published_at=timezone.now() if publish else None,
    )
    questions: dict[str, Question] = {}
    order = 0
    for axis_order, axis_data in enumerate(data["axes"], start=1):
        axis = Axis.objects.create(
            version=version,
            code=axis_data["code"],
            order=axis_order,
            name_fr=axis_data["name_fr"],
            name_ar=axis_data.get("name_ar", ""),
        )
        for sub_order, sub_data in enumerate(axis_data["subdimensions"], start=1):
            subdimension = SubDimension.objects.create(
                axis=axis,
                code=sub_data["code"],
                order=sub_order,
                name_fr=sub_data["name_fr"],
                name_ar=sub_data.get("name_ar", ""),
                weight=sub_data.get("weight", 1),
            )
            for question_data in sub_data["questions"]:
                order += 1
                question = Question.objects.create(
                    version=version,
                    subdimension=subdimension,
                    code=question_data["code"],
                    order=order,
                    kind=question_data["kind"],
                    text_fr=question_data["text_fr"],
                    text_ar=question_data.get("text_ar", ""),
                    help_fr=question_data.get("help_fr", ""),
                    help_ar=question_data.get("help_ar", ""),
                    required=question_data.get("required", True),
                    spec={k: v for k, v in question_data.items() if k not in TEXT_KEYS},
                )
                Choice.objects.bulk_create(
                    Choice(
                        question=question,
                        code=choice["code"],
                        order=index,
                        label_fr=choice["label_fr"],
                        label_ar=choice.get("label_ar", ""),
                        points=choice.get("points"),
                    )
                    for index, choice in enumerate(question_data.get("choices", []), start=1)
                )
                questions[question.code] = question
    axes = {axis.code: axis for axis in version.axes.all()}
    for index, entry in enumerate(findings, start=1):
        _finding_row(version, axes, questions, entry, index).save()
    structure_forget()
    return version, True


def questionnaires_load_all(*, directory: Path = QUESTIONNAIRE_DIR) -> list[tuple[int, bool]]:
    """Load every v*.json file of the repository (what load_reference_data calls)."""
    loaded = []
    for path in sorted(directory.glob("v*.json"), key=lambda p: int(p.stem[1:])):
        version, written = questionnaire_load(data=json.loads(path.read_text("utf-8")))
        loaded.append((version.number, written))
    return loaded
