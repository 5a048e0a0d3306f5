"""Writes of the diagnostic: questionnaire versions, campaigns, drafts, submission, scores."""

import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from associations.models import Association
from diagnostics import scoring
from diagnostics.models import (
    Answer,
    Axis,
    Campaign,
    Choice,
    Diagnostic,
    Finding,
    Question,
    QuestionnaireVersion,
    SampleEntry,
    Score,
    SubDimension,
)

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "data" / "questionnaire"

ERROR_REQUIRED = "Réponse obligatoire."
ERROR_YES_NO = "Répondez par oui ou par non."
ERROR_CHOICE = "Choisissez une des réponses proposées."
ERROR_INTEGER = "Nombre entier attendu."
ERROR_RANGE = "Nombre entre {low} et {high} attendu."
ERROR_DATE = "Date attendue au format jj/mm/aaaa."
ERROR_FUTURE = "La date ne peut pas être dans le futur."
ERROR_TEXT_LONG = "2 000 caractères au plus."
ERROR_CONFLICT = (
    "Ce questionnaire a été modifié entre-temps par {who} (à {when}). Vos dernières "
    "réponses n'ont pas été enregistrées : rechargez la page pour voir la version "
    "actuelle, puis reprenez votre saisie."
)
ERROR_LOCKED = "Ce questionnaire est soumis : il ne peut plus être modifié."
ERROR_NOT_SUBMITTED = "Seul un questionnaire soumis peut être validé ou renvoyé."
ERROR_RETURN_COMMENT = "Indiquez ce qui doit être corrigé."
ERROR_INCOMPLETE = (
    "Le questionnaire est incomplet : {count} réponse(s) obligatoire(s) manquante(s)."
)
ERROR_VERSION_USED = (
    "La version {number} du questionnaire a déjà servi à des diagnostics et son contenu "
    "a changé : publiez-la sous un nouveau numéro de version."
)
ERROR_BAD_FILE = "Questionnaire invalide : {problem}"
ERROR_SAMPLE_SIZE = "La taille de l'échantillon doit être comprise entre 1 et {available}."


class ConflictError(Exception):
    """A save made from an older version of the diagnostic."""


class DiagnosticLocked(Exception):
    pass


class QuestionnaireInvalid(Exception):
    pass


# --- The questionnaire -----------------------------------------------------------


def _check_questionnaire(data: dict) -> None:
    seen: set[str] = set()
    kinds = set(Question.Kind.values)
    for axis in data["axes"]:
        for subdimension in axis["subdimensions"]:
            if not subdimension["code"].startswith(axis["code"] + "."):
                raise QuestionnaireInvalid(f"{subdimension['code']} hors de l'axe {axis['code']}")
            for question in subdimension["questions"]:
                code = question["code"]
                if code in seen:
                    raise QuestionnaireInvalid(f"question {code} en double")
                if question["kind"] not in kinds:
                    raise QuestionnaireInvalid(f"{code} : type {question['kind']} inconnu")
                condition = question.get("condition")
                if condition and condition["question"] not in seen:
                    raise QuestionnaireInvalid(
                        f"{code} : sa condition porte sur une question qui ne la précède pas"
                    )
                seen.add(code)
    for finding in data.get("findings", []):
        if finding["question"] not in seen:
            raise QuestionnaireInvalid(f"constat {finding['code']} : question inconnue")


def _predicate(entry: dict) -> dict:
    return {
        key: entry[key]
        for key in ("equals", "in", "gte", "lte", "between", "contains")
        if key in entry
    }


@transaction.atomic
def questionnaire_load(*, data: dict, publish: bool = True) -> tuple[QuestionnaireVersion, bool]:
    """Load one version of the questionnaire from its data (idempotent).

    Returns the version and whether anything was written. A version already used by
    diagnostics can't change: a new content needs a new version number.
    """
    try:
        _check_questionnaire(data)
    except (KeyError, TypeError) as exc:
        raise QuestionnaireInvalid(ERROR_BAD_FILE.format(problem=f"clé manquante {exc}")) from exc
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    existing = QuestionnaireVersion.objects.filter(number=data["version"]).first()
    if existing is not None:
        if existing.source_digest == digest:
            if publish and existing.published_at is None:
                existing.published_at = timezone.now()
                existing.save(update_fields=["published_at"])
                return existing, True
            return existing, False
        if existing.diagnostics.exists() or existing.campaigns.exists():
            raise QuestionnaireInvalid(ERROR_VERSION_USED.format(number=data["version"]))
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
                spec = {
                    key: value
                    for key, value in question_data.items()
                    if key not in {"text_fr", "text_ar", "help_fr", "help_ar", "code", "kind"}
                }
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
                    spec=spec,
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
    Finding.objects.bulk_create(
        Finding(
            version=version,
            axis=axes[entry["axis"]],
            question=questions[entry["question"]],
            code=entry["code"],
            order=index,
            label_fr=entry["label_fr"],
            label_ar=entry.get("label_ar", ""),
            predicate=_predicate(entry),
            base=entry.get("base"),
            seed=entry.get("seed", ""),
        )
        for index, entry in enumerate(data.get("findings", []), start=1)
    )
    return version, True


def questionnaires_load_all(*, directory: Path = QUESTIONNAIRE_DIR) -> list[tuple[int, bool]]:
    """Load every v*.json file of the repository (what load_reference_data calls)."""
    loaded = []
    for path in sorted(directory.glob("v*.json"), key=lambda p: int(p.stem[1:])):
        version, written = questionnaire_load(data=json.loads(path.read_text("utf-8")))
        loaded.append((version.number, written))
    return loaded


# --- Reading a version as scoring rules ------------------------------------------


@dataclass
class Structure:
    """A questionnaire version as the pages and scoring use it (two queries)."""

    version: QuestionnaireVersion
    axes: list[Axis]
    questions: list[Question]
    by_code: dict[str, Question] = field(default_factory=dict)

    @property
    def rules(self) -> list[scoring.Rule]:
        return [scoring.Rule(q.code, q.kind, q.subdimension.code, q.spec) for q in self.questions]

    @property
    def axis_weights(self) -> dict[str, list[tuple[str, int]]]:
        return {
            axis.code: [(sub.code, sub.weight) for sub in axis.subdimensions.all()]
            for axis in self.axes
        }


_STRUCTURES: dict[int, Structure] = {}


def structure_for(version: QuestionnaireVersion) -> Structure:
    """The version's axes, sub-dimensions and questions; cached per process (immutable)."""
    cached = _STRUCTURES.get(version.pk)
    if cached is not None and cached.version.source_digest == version.source_digest:
        return cached
    axes = list(
        version.axes.prefetch_related(
            Prefetch("subdimensions", queryset=SubDimension.objects.order_by("order"))
        )
    )
    questions = list(
        version.questions.select_related("subdimension__axis").prefetch_related("choices")
    )
    structure = Structure(version, axes, questions, {q.code: q for q in questions})
    _STRUCTURES[version.pk] = structure
    return structure


# --- Answers ---------------------------------------------------------------------


def answer_parse(question: Question, raw: Any) -> tuple[Any, str | None]:
    """A raw value (form text or JSON) as the question's type, or a French error.

    ``None`` (and empty text or list) means "no answer".
    """
    spec = question.spec
    if raw is None or raw == "" or raw == []:
        return None, None
    kind = question.kind
    if kind == Question.Kind.YES_NO:
        if isinstance(raw, bool):
            return raw, None
        value = str(raw).lower()
        if value in {"yes", "oui", "true", "1"}:
            return True, None
        if value in {"no", "non", "false", "0"}:
            return False, None
        return None, ERROR_YES_NO
    if kind == Question.Kind.SINGLE:
        codes = {choice["code"] for choice in spec["choices"]}
        return (raw, None) if raw in codes else (None, ERROR_CHOICE)
    if kind == Question.Kind.MULTIPLE:
        values = raw if isinstance(raw, list) else [raw]
        codes = [choice["code"] for choice in spec["choices"]]
        if any(value not in codes for value in values):
            return None, ERROR_CHOICE
        return [code for code in codes if code in values], None
    if kind in {Question.Kind.INTEGER, Question.Kind.SCALE}:
        text = str(raw).replace(" ", "").replace("\u00a0", "")
        if not text.lstrip("-").isdigit():
            return None, ERROR_INTEGER
        value = int(text)
        low, high = spec.get("min", 0), spec.get("max")
        if value < low or (high is not None and value > high):
            return None, ERROR_RANGE.format(low=low, high=high if high is not None else "∞")
        return value, None
    if kind == Question.Kind.DATE:
        return date_parse(raw)
    text = str(raw).strip()
    if len(text) > 2000:
        return None, ERROR_TEXT_LONG
    return (text or None), None


def date_parse(raw: Any) -> tuple[date | None, str | None]:
    """A past or present date written jj/mm/aaaa (or ISO), or a French error."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            value = datetime.strptime(str(raw).strip(), fmt).date()
            break
        except ValueError:
            continue
    else:
        return None, ERROR_DATE
    if value > timezone.localdate():
        return None, ERROR_FUTURE
    return value, None


def _store(answer: Answer, question: Question, value: Any) -> None:
    answer.value_bool = value if question.kind == Question.Kind.YES_NO else None
    answer.value_int = (
        value if question.kind in {Question.Kind.INTEGER, Question.Kind.SCALE} else None
    )
    answer.value_date = value if question.kind == Question.Kind.DATE else None
    answer.value_text = (
        value if question.kind in {Question.Kind.TEXT, Question.Kind.SINGLE} else ""
    ) or ""
    answer.value_choices = value if question.kind == Question.Kind.MULTIPLE else []


def answer_value(answer: Answer, question: Question) -> Any:
    kind = question.kind
    if kind == Question.Kind.YES_NO:
        return answer.value_bool
    if kind in {Question.Kind.INTEGER, Question.Kind.SCALE}:
        return answer.value_int
    if kind == Question.Kind.DATE:
        return answer.value_date
    if kind == Question.Kind.MULTIPLE:
        return answer.value_choices or None
    return answer.value_text or None


def answers_of(diagnostic: Diagnostic, structure: Structure) -> dict[str, Any]:
    """Typed answers by question code (one query)."""
    by_id = {question.pk: question for question in structure.questions}
    values = {}
    for answer in diagnostic.answers.all():
        question = by_id.get(answer.question_id)
        if question is not None:
            values[question.code] = answer_value(answer, question)
    return {code: value for code, value in values.items() if value is not None}


@dataclass
class AxisProgress:
    axis: Axis
    asked: int = 0
    answered: int = 0
    missing: list[Question] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.asked) if self.asked else 100


def progress_of(structure: Structure, answers: dict[str, Any]) -> list[AxisProgress]:
    """Per axis: required questions asked (conditions holding), answered, missing."""
    by_axis = {axis.pk: AxisProgress(axis) for axis in structure.axes}
    for question in structure.questions:
        if not question.required or not scoring.condition_holds(
            question.spec.get("condition"), answers
        ):
            continue
        entry = by_axis[question.subdimension.axis_id]
        entry.asked += 1
        if question.code in answers:
            entry.answered += 1
        else:
            entry.missing.append(question)
    return list(by_axis.values())


@dataclass
class SaveResult:
    errors: dict[str, str]
    lock_version: int
    saved: int


@transaction.atomic
def diagnostic_save_answers(
    *,
    diagnostic: Diagnostic,
    raw_answers: dict[str, Any],
    lock_version: int,
    user,
    identification: dict | None = None,
) -> SaveResult:
    """Save a draft's answers (only those given), all or per field.

    Valid answers are written; invalid ones are returned as French errors by
    question code and leave the stored answer as it was. A save from an older
    ``lock_version`` than the stored one is refused whole (ConflictError): someone
    else saved in between.
    """
    locked = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    if not locked.editable:
        raise DiagnosticLocked(ERROR_LOCKED)
    if locked.lock_version != lock_version:
        raise ConflictError(_conflict_message(locked))
    structure = structure_for(locked.version)
    existing = {answer.question_id: answer for answer in locked.answers.all()}
    errors: dict[str, str] = {}
    saved = 0
    to_create, to_update = [], []
    for code, raw in raw_answers.items():
        question = structure.by_code.get(code)
        if question is None:
            continue
        value, error = answer_parse(question, raw)
        if error:
            errors[code] = error
            continue
        answer = existing.get(question.pk)
        if value is None:
            if answer is not None:
                answer.delete()
                saved += 1
            continue
        if answer is None:
            answer = Answer(diagnostic=locked, question=question)
            to_create.append(answer)
        elif answer_value(answer, question) == value:
            continue
        else:
            answer.updated_at = timezone.now()  # bulk_update skips auto_now
            to_update.append(answer)
        _store(answer, question, value)
        saved += 1
    # A step is a dozen answers: written in two bulk statements, each with its
    # history rows (who, when), rather than two queries per answer.
    if to_create:
        bulk_create_with_history(to_create, Answer, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update,
            Answer,
            ["value_bool", "value_int", "value_date", "value_text", "value_choices", "updated_at"],
            default_user=user,
        )
    if identification:
        for name in ("respondent", "respondent_role"):
            if name in identification:
                setattr(locked, name, str(identification[name])[:255])
        if identification.get("interviewed_on"):
            value, error = date_parse(identification["interviewed_on"])
            if error:
                errors["interviewed_on"] = error
            else:
                locked.interviewed_on = value
    locked.lock_version += 1
    locked._history_user = user
    locked.save()
    diagnostic.lock_version = locked.lock_version
    return SaveResult(errors=errors, lock_version=locked.lock_version, saved=saved)


def _conflict_message(diagnostic: Diagnostic) -> str:
    record = diagnostic.history.select_related("history_user").first()
    who = "un autre utilisateur"
    if record is not None and record.history_user is not None:
        who = record.history_user.get_full_name() or record.history_user.username
    when = timezone.localtime(diagnostic.updated_at).strftime("%H:%M")
    return ERROR_CONFLICT.format(who=who, when=when)


@transaction.atomic
def diagnostic_start(*, campaign: Campaign, association: Association, user) -> Diagnostic:
    """The diagnostic of ``association`` in ``campaign`` (created, as a draft, if new)."""
    diagnostic, created = Diagnostic.objects.get_or_create(
        campaign=campaign,
        association=association,
        defaults={"version": campaign.version, "created_by": user},
    )
    if created:
        SampleEntry.objects.get_or_create(campaign=campaign, association=association)
    return diagnostic


def scores_store(*, diagnostic: Diagnostic, structure: Structure, answers: dict) -> scoring.Result:
    result = scoring.compute(structure.rules, answers, axes=structure.axis_weights)
    rows = [
        Score(diagnostic=diagnostic, level=Score.Level.SUBDIMENSION, code=code, score=score)
        for code, score in result.subdimensions.items()
        if score is not None
    ] + [
        Score(diagnostic=diagnostic, level=Score.Level.AXIS, code=code, score=score)
        for code, score in result.axes.items()
        if score is not None
    ]
    diagnostic.scores.all().delete()
    Score.objects.bulk_create(rows)
    diagnostic.overall_score = result.overall
    return result


@transaction.atomic
def diagnostic_submit(*, diagnostic: Diagnostic, user, lock_version: int) -> list[str]:
    """Submit a complete draft: scores are computed and stored, the draft is locked.

    Returns the French errors (nothing changes then) or an empty list.
    """
    locked = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    if not locked.editable:
        raise DiagnosticLocked(ERROR_LOCKED)
    if locked.lock_version != lock_version:
        raise ConflictError(_conflict_message(locked))
    structure = structure_for(locked.version)
    answers = answers_of(locked, structure)
    missing = sum(len(entry.missing) for entry in progress_of(structure, answers))
    if missing:
        return [ERROR_INCOMPLETE.format(count=missing)]
    scores_store(diagnostic=locked, structure=structure, answers=answers)
    locked.status = Diagnostic.Status.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = timezone.now()
    locked.return_comment = ""
    locked.lock_version += 1
    locked._history_user = user
    locked.save()
    diagnostic.refresh_from_db()
    return []


@transaction.atomic
def diagnostic_validate(*, diagnostic: Diagnostic, user) -> None:
    locked = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    if locked.status != Diagnostic.Status.SUBMITTED:
        raise DiagnosticLocked(ERROR_NOT_SUBMITTED)
    locked.status = Diagnostic.Status.VALIDATED
    locked.validated_by, locked.validated_at = user, timezone.now()
    locked.lock_version += 1
    locked._history_user = user
    locked.save()
    diagnostic.refresh_from_db()


@transaction.atomic
def diagnostic_return(*, diagnostic: Diagnostic, user, comment: str) -> None:
    """Send a submitted diagnostic back to its field agent, with what to correct."""
    if not comment.strip():
        raise ValueError(ERROR_RETURN_COMMENT)
    locked = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    if locked.status != Diagnostic.Status.SUBMITTED:
        raise DiagnosticLocked(ERROR_NOT_SUBMITTED)
    locked.status = Diagnostic.Status.RETURNED
    locked.return_comment = comment.strip()
    locked.lock_version += 1
    locked._history_user = user
    locked.save()
    diagnostic.refresh_from_db()


def scores_recompute(*, version: QuestionnaireVersion | None = None) -> int:
    """Recompute the stored scores of submitted diagnostics (after a scoring change)."""
    diagnostics = Diagnostic.objects.scored().select_related("version")
    if version is not None:
        diagnostics = diagnostics.filter(version=version)
    count = 0
    for diagnostic in diagnostics.iterator(chunk_size=500):
        with transaction.atomic():
            structure = structure_for(diagnostic.version)
            answers = answers_of(diagnostic, structure)
            scores_store(diagnostic=diagnostic, structure=structure, answers=answers)
            Diagnostic.objects.filter(pk=diagnostic.pk).update(
                overall_score=diagnostic.overall_score
            )
        count += 1
    return count


# --- Campaigns -------------------------------------------------------------------


def _stratum(milieu: str, domain: str | None) -> str:
    return f"{milieu}/{domain or 'sans-domaine'}"


@transaction.atomic
def campaign_sample_draw(*, campaign: Campaign, size: int, seed: int) -> list[SampleEntry]:
    """Draw a representative sample of the province's active associations.

    Strata are milieu x first domain (alphabetical code); each stratum gets a share
    of ``size`` proportional to its size (largest remainders), drawn at random with
    ``seed``, so the same seed gives the same sample. Each drawn association weighs
    N_h / n_h (registry units per sampled unit in its stratum) in the estimates.
    """
    population = (
        Association.objects.current()
        .filter(commune__province=campaign.province, status=Association.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", "commune__milieu")
    )
    first_domain = {}
    through = Association.domains.through
    rows = through.objects.filter(association__commune__province=campaign.province).values_list(
        "association_id", "domain__code"
    )
    for association_id, code in rows:
        if association_id not in first_domain or code < first_domain[association_id]:
            first_domain[association_id] = code
    strata: dict[str, list[int]] = {}
    for pk, milieu in population:
        strata.setdefault(_stratum(milieu, first_domain.get(pk)), []).append(pk)
    total = sum(len(members) for members in strata.values())
    if not 1 <= size <= total:
        raise ValueError(ERROR_SAMPLE_SIZE.format(available=total))
    quotas = {name: size * len(members) / total for name, members in strata.items()}
    allocation = {name: int(quota) for name, quota in quotas.items()}
    remaining = size - sum(allocation.values())
    for name in sorted(quotas, key=lambda n: (-(quotas[n] - allocation[n]), n))[:remaining]:
        allocation[name] += 1
    rng = random.Random(seed)
    entries = []
    for name in sorted(strata):
        members, count = strata[name], allocation[name]
        if not count:
            continue
        weight = len(members) / count
        entries += [
            SampleEntry(campaign=campaign, association_id=pk, stratum=name, weight=weight)
            for pk in sorted(rng.sample(members, count))
        ]
    SampleEntry.objects.filter(campaign=campaign).exclude(
        association__diagnostics__campaign=campaign
    ).delete()
    kept = set(campaign.entries.values_list("association_id", flat=True))
    SampleEntry.objects.bulk_create(
        [entry for entry in entries if entry.association_id not in kept]
    )
    campaign.sample_seed = seed
    campaign.save(update_fields=["sample_seed"])
    return entries


# --- Plans -----------------------------------------------------------------------

# The kind of intervention first proposed for a need, by axis (editable afterwards).
ACTION_KIND_BY_AXIS = {
    "governance": "training",
    "vision": "coaching",
    "management": "guides",
    "resources": "information",
    "projects": "training",
    "communication": "networking",
}
DRAFT_TOP_NEEDS = 6


@transaction.atomic
def plan_draft_from_needs(*, campaign: Campaign, user, top: int = DRAFT_TOP_NEEDS):
    """A draft plan for the campaign's province: one action per top-ranked need, aimed at
    the diagnosed associations scoring below the threshold on that sub-dimension."""
    from diagnostics.models import Action, Plan
    from diagnostics.selectors import NEED_THRESHOLD, needs_ranking

    needs = [need for need in needs_ranking(campaign=campaign) if need.below][:top]
    plan = Plan.objects.create(
        province=campaign.province,
        campaign=campaign,
        title=f"Plan de renforcement des capacités – {campaign.province.name_fr}",
        objective=(
            "Renforcer les capacités des associations de la province sur les besoins "
            "prioritaires identifiés par le diagnostic."
        ),
        starts_on=campaign.ends_on,
        ends_on=date(campaign.ends_on.year + 1, campaign.ends_on.month, 1),
        created_by=user,
    )
    for need in needs:
        kind = ACTION_KIND_BY_AXIS.get(need.axis.code, "training")
        action = Action.objects.create(
            plan=plan,
            kind=kind,
            title=f"{Action.Kind(kind).label} : {need.subdimension.name_fr}",
            description=(
                f"{_decimal(need.share_below)} % des associations diagnostiquées sont sous "
                f"{NEED_THRESHOLD:.0f}/100 sur « {need.subdimension.name_fr} » "
                f"(écart moyen {_decimal(need.mean_gap)} points)."
            ),
            axis=need.axis.code,
            subdimensions=[need.subdimension.code],
        )
        weak = Score.objects.filter(
            level=Score.Level.SUBDIMENSION,
            code=need.subdimension.code,
            score__lt=NEED_THRESHOLD,
            diagnostic__in=Diagnostic.objects.scored().filter(campaign=campaign),
        ).values("diagnostic__association_id")
        action.targets.set(Association.objects.filter(pk__in=weak))
    return plan


def _decimal(number: float) -> str:
    """A figure as French writes it (decimal comma)."""
    return f"{number:.1f}".replace(".", ",")
