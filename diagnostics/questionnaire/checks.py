"""Checking a questionnaire file whole before anything is written: every problem is a
French message naming the entry (unknown question, operator or choice, a condition on
itself or on a later question, a finding whose base can never hold)."""

import itertools
import json

from diagnostics.questionnaire import predicates
from diagnostics.questionnaire.kinds import KINDS

ERROR_BAD_FILE = "Questionnaire invalide : {problem}"
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
