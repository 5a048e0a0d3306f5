"""Loading a questionnaire file (diagnostics/data/questionnaire/v*.json), all or nothing.

A file is checked whole before anything is written; every problem is a French
message naming the entry. A version already used by campaigns or diagnostics can't
change its questions (a new content needs a new version number), but its findings can
be corrected: findings define the analysis, not the data collected, and every
correction is kept in the findings' history.
"""

import hashlib
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from diagnostics.models import Axis, Choice, Finding, Question, QuestionnaireVersion, SubDimension
from diagnostics.questionnaire.checks import QuestionnaireInvalid, questionnaire_check
from diagnostics.questionnaire.structure import structure_forget

QUESTIONNAIRE_DIR = Path(__file__).resolve().parents[1] / "data" / "questionnaire"

ERROR_VERSION_USED = (
    "La version {number} du questionnaire a déjà servi à des diagnostics et ses questions "
    "ont changé : publiez-la sous un nouveau numéro de version."
)
TEXT_KEYS = {"text_fr", "text_ar", "help_fr", "help_ar", "code", "kind"}


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


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
