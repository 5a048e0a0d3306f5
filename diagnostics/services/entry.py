"""Writes of questionnaire entry: drafts saved answer by answer, submission with its
exact scores (the review's validation and return live in ``review.py``). Which answers
are live is decided here, on the server: an answer to a question that is no longer
asked is cleared (its history keeps it), never scored, never counted."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from associations.models import Association
from diagnostics import analytics
from diagnostics.models import Answer, Campaign, Diagnostic, SampleEntry, Score
from diagnostics.questionnaire import kinds, scoring
from diagnostics.questionnaire.structure import Structure, structure_for
from diagnostics.questionnaire.xlsform import IDENTIFICATION
from diagnostics.services.answer_rows import AnswerRow, answers_read, answers_write, draft_write
from diagnostics.services.campaigns import ERROR_CAMPAIGN_CLOSED, campaign_require_open
from takwia.figures import share_percent, stored
from takwia.freshness import figures_changed

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
ERROR_TEXT_SHAPE = "Un texte est attendu."
ERROR_UNKNOWN_QUESTION = "Question inconnue dans ce questionnaire."


class ConflictError(Exception):
    """A save made from an older version of the diagnostic. ``who`` saved it last, at
    ``when`` (HH:MM, local time), which is now ``lock_version``."""

    def __init__(self, message: str, *, who: str = "", when: str = "", lock_version: int = 0):
        super().__init__(message)
        self.who, self.when, self.lock_version = who, when, lock_version


class DiagnosticLocked(Exception):
    pass


def answers_of(diagnostic: Diagnostic, structure: Structure) -> dict[str, Any]:
    """The diagnostic's live answers by question code, typed (one query)."""
    values = {}
    for answer in diagnostic.answers.all():
        question = structure.by_id.get(answer.question_id)
        if question is not None:
            value = structure.kind(question).read(answer)
            if value is not None:
                values[question.code] = value
    return structure.live(values)


@dataclass
class AxisProgress:
    axis: object
    asked: int = 0
    answered: int = 0
    missing: list = field(default_factory=list)

    @property
    def percent(self) -> int:
        return int(share_percent(self.answered, self.asked, 0)) if self.asked else 100


def progress_of(structure: Structure, answers: dict[str, Any]) -> list[AxisProgress]:
    """Per axis: required questions asked (conditions holding), answered, missing."""
    live = structure.live(answers)
    by_axis = {axis.pk: AxisProgress(axis) for axis in structure.axes}
    for question in structure.questions:
        if not question.required or not structure.asked(question, live):
            continue
        entry = by_axis[question.subdimension.axis_id]
        entry.asked += 1
        if question.code in live:
            entry.answered += 1
        else:
            entry.missing.append(question)
    return list(by_axis.values())


@dataclass
class SaveResult:
    errors: dict[str, str]
    lock_version: int
    saved: int
    cleared: list[str] = field(default_factory=list)
    # The live answers as stored after the save, typed (what ``answers_of`` would read).
    answers: dict[str, Any] = field(default_factory=dict)


def _locked(diagnostic: Diagnostic, lock_version: int) -> Diagnostic:
    """The diagnostic, its row locked until the transaction ends, if ``lock_version``
    is the stored one (else ``ConflictError``) and it is still a draft. One the caller
    read with ``select_for_update`` in this transaction and marked ``row_locked`` (the
    autosave's view: access check and lock in one query) is not read again."""
    if diagnostic.__dict__.get("row_locked") and transaction.get_connection().in_atomic_block:
        locked = diagnostic
    else:
        locked = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    if not locked.editable:
        raise DiagnosticLocked(ERROR_LOCKED)
    if locked.lock_version != lock_version:
        raise _conflict(locked)
    if Diagnostic.version.is_cached(diagnostic) and diagnostic.version_id == locked.version_id:
        locked.version = diagnostic.version  # already read by the caller: not read again
    return locked


def _identification(locked: Diagnostic, identification: dict, errors: dict) -> None:
    """The respondent's fields: refused whole when too long for their column, of the
    wrong shape or with invisible characters (never cut, never cleaned silently)."""
    for name in ("respondent", "respondent_role"):
        if name not in identification:
            continue
        raw = identification[name]
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            errors[name] = ERROR_TEXT_SHAPE
            continue
        limit = Diagnostic._meta.get_field(name).max_length
        # The engine's text kind: invisible characters and length refused, not cut.
        text, error = kinds.KINDS["text"].parse({"max_length": limit}, raw)
        if error:
            errors[name] = error
        else:
            setattr(locked, name, text or "")
    if "interviewed_on" in identification:
        raw = identification["interviewed_on"]
        if raw in (None, ""):
            locked.interviewed_on = None
            return
        value, error = kinds.date_parse(raw)
        if error:
            errors["interviewed_on"] = error
        else:
            locked.interviewed_on = value


def diagnostic_save_answers(
    *,
    diagnostic: Diagnostic,
    raw_answers: dict[str, Any],
    lock_version: int,
    user,
    identification: dict | None = None,
) -> SaveResult:
    """Save a draft's answers (only those given), field by field.

    Valid answers are written; invalid ones come back as French errors by question
    code and leave the stored answer as it was. Then every stored answer to a question
    that is no longer asked is cleared (kept in the history). A save from an older
    ``lock_version`` than the stored one is refused whole (ConflictError).
    """
    # A caller holding the row's lock holds the transaction: no savepoint inside it
    # (two round trips); its failure rolls the caller's transaction back.
    with transaction.atomic(savepoint=not diagnostic.__dict__.get("row_locked")):
        return _save_answers(diagnostic, raw_answers, lock_version, user, identification)


def _save_answers(diagnostic, raw_answers, lock_version, user, identification) -> SaveResult:
    locked = _locked(diagnostic, lock_version)
    structure = structure_for(locked.version)
    existing = answers_read(locked.pk)
    errors: dict[str, str] = {}
    to_create, to_update, to_delete = [], [], []
    now = timezone.now()
    for code, raw in raw_answers.items():
        question = structure.by_code.get(str(code))
        if question is None:
            errors[str(code)[:100]] = ERROR_UNKNOWN_QUESTION
            continue
        kind = structure.kind(question)
        if question.kind == "text" and isinstance(raw, list | dict):
            errors[question.code] = ERROR_TEXT_SHAPE
            continue
        value, error = kinds.parse(question.kind, question.spec, raw)
        if error:
            errors[question.code] = error
            continue
        answer = existing.get(question.pk)
        if value is None:
            if answer is not None:
                to_delete.append(answer)
                del existing[question.pk]
            continue
        if answer is None:
            answer = AnswerRow(diagnostic_id=locked.pk, question_id=question.pk)
            existing[question.pk] = answer
            to_create.append(answer)
        elif kind.read(answer) == value:
            continue
        else:
            to_update.append(answer)
        answer.updated_at = now
        kind.store(answer, value)
    # Applicability: what the stored answers make live; the rest is cleared.
    typed = {
        structure.by_id[qid].code: structure.kind(structure.by_id[qid]).read(answer)
        for qid, answer in existing.items()
        if qid in structure.by_id
    }
    live = structure.live({code: value for code, value in typed.items() if value is not None})
    cleared = []
    for qid, answer in list(existing.items()):
        code = structure.by_id[qid].code if qid in structure.by_id else None
        if code is not None and code not in live:
            cleared.append(code)
            if answer in to_create:
                to_create.remove(answer)
                continue
            if answer in to_update:
                to_update.remove(answer)
            to_delete.append(answer)
    answers_write(
        created=to_create,
        updated=to_update,
        deleted=to_delete,
        user=user,
        now=now,
    )
    # What was written: an answer to a question that its other answers do not ask is
    # not written, and does not count.
    saved = len(to_create) + len(to_update) + len(to_delete)
    before = [getattr(locked, name) for name in IDENTIFICATION]
    if identification:
        _identification(locked, identification, errors)
    identified = before != [getattr(locked, name) for name in IDENTIFICATION]
    if saved or identified:
        # A save that changes nothing (the same step sent again, a second click, only
        # refused answers) writes nothing and keeps the version: nobody else's save is
        # refused because of it.
        locked.lock_version += 1
        locked.updated_at = now
        # Only what a draft's save changes: no status, no score, so no published
        # figure and no results summary moves (Diagnostic.DRAFT_FIELDS).
        draft_write(locked, Diagnostic.DRAFT_FIELDS, user=user, now=now, history=identified)
    diagnostic.lock_version = locked.lock_version
    return SaveResult(
        errors=errors,
        lock_version=locked.lock_version,
        saved=saved,
        cleared=sorted(cleared),
        answers=dict(live),
    )


def _conflict(diagnostic: Diagnostic) -> ConflictError:
    # Who saved last: the newest of the diagnostic's history and its answers' (a save
    # of answers only writes no diagnostic history row).
    records = [
        diagnostic.history.select_related("history_user").first(),
        Answer.history.filter(diagnostic_id=diagnostic.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first(),
    ]
    records = [record for record in records if record is not None]
    record = max(records, key=lambda r: r.history_date) if records else None
    who = "un autre utilisateur"
    if record is not None and record.history_user is not None:
        who = record.history_user.get_full_name() or record.history_user.username
    when = timezone.localtime(diagnostic.updated_at).strftime("%H:%M")
    return ConflictError(
        ERROR_CONFLICT.format(who=who, when=when),
        who=who,
        when=when,
        lock_version=diagnostic.lock_version,
    )


@transaction.atomic
def diagnostic_start(*, campaign: Campaign, association: Association, user) -> Diagnostic:
    """The diagnostic of ``association`` in ``campaign`` (created, as a draft, if new;
    a closed campaign takes no new one: ``CampaignClosed``)."""
    existing = Diagnostic.objects.filter(
        campaign=campaign, association=association, kind=Diagnostic.Kind.ASSESSMENT
    ).first()
    if existing is not None:
        return existing
    campaign_require_open(campaign)
    diagnostic, created = Diagnostic.objects.get_or_create(
        campaign=campaign,
        association=association,
        kind=Diagnostic.Kind.ASSESSMENT,
        defaults={"version": campaign.version, "created_by": user},
    )
    if created:
        SampleEntry.objects.get_or_create(campaign=campaign, association=association)
    return diagnostic


def score(structure: Structure, answers: dict[str, Any]) -> scoring.Result:
    """Exact scores of a set of answers (live ones only)."""
    live = structure.live(answers)
    asked = {q.code for q in structure.questions if structure.asked(q, live)}
    rules = [scoring.Rule(q.code, q.kind, q.subdimension.code, q.spec) for q in structure.questions]
    axes = {
        axis.code: [(sub.code, sub.weight) for sub in axis.subdimensions.all()]
        for axis in structure.axes
    }
    return scoring.compute(rules, live, asked=asked, axes=axes)


def scores_store(*, diagnostic: Diagnostic, structure: Structure, answers: dict) -> scoring.Result:
    result = score(structure, answers)
    rows = [
        Score(diagnostic=diagnostic, level=Score.Level.SUBDIMENSION, code=code, score=stored(value))
        for code, value in result.subdimensions.items()
        if value is not None
    ] + [
        Score(diagnostic=diagnostic, level=Score.Level.AXIS, code=code, score=stored(value))
        for code, value in result.axes.items()
        if value is not None
    ]
    diagnostic.scores.all().delete()
    Score.objects.bulk_create(rows)
    diagnostic.overall_score = stored(result.overall) if result.overall is not None else None
    return result


@transaction.atomic
def diagnostic_submit(*, diagnostic: Diagnostic, user, lock_version: int) -> list[str]:
    """Submit a complete draft: scores are computed and stored, the draft is locked.

    Returns the French errors (nothing changes then) or an empty list.
    """
    locked = _locked(diagnostic, lock_version)
    structure = structure_for(locked.version)
    answers = answers_of(locked, structure)
    if not locked.campaign.is_open:
        return [str(ERROR_CAMPAIGN_CLOSED)]
    missing = sum(len(entry.missing) for entry in progress_of(structure, answers))
    if missing:
        return [ERROR_INCOMPLETE.format(count=missing)]
    with analytics.change(locked):  # the results summary moves with it
        scores_store(diagnostic=locked, structure=structure, answers=answers)
        locked.status = Diagnostic.Status.SUBMITTED
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
        locked.return_comment = ""
        locked.return_comments = {}
        locked.lock_version += 1
        locked._history_user = user
        locked.save()
    diagnostic.refresh_from_db()
    return []


def answers_clear_not_live(*, diagnostics=None) -> int:
    """Clear stored answers whose question is not asked given the others (answers
    entered before the server decided applicability). Returns how many were cleared."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostic.objects.all()
    cleared = 0
    touched = set()
    for diagnostic in (
        diagnostics.select_related("version").prefetch_related("answers").iterator(chunk_size=500)
    ):
        structure = structure_for(diagnostic.version)
        stored_answers = list(diagnostic.answers.all())
        typed = {}
        for answer in stored_answers:
            question = structure.by_id.get(answer.question_id)
            if question is not None:
                value = structure.kind(question).read(answer)
                if value is not None:
                    typed[question.code] = value
        live = structure.live(typed)
        for answer in stored_answers:
            question = structure.by_id.get(answer.question_id)
            if question is not None and question.code not in live:
                answer.delete()
                cleared += 1
                touched.add(diagnostic.campaign_id)
    analytics.mark_stale(touched)  # the summary's rows of those campaigns: rebuilt when read
    return cleared


def scores_recompute(*, version=None) -> int:
    """Recompute the stored scores of submitted diagnostics, self-assessments included
    (after a scoring change)."""
    # Answers read 500 diagnostics at a time (one query per chunk, not one per diagnostic).
    diagnostics = (
        Diagnostic.objects.filter(
            status__in=[Diagnostic.Status.SUBMITTED, Diagnostic.Status.VALIDATED]
        )
        .select_related("version")
        .prefetch_related("answers")
    )
    if version is not None:
        diagnostics = diagnostics.filter(version=version)
    count = 0
    campaigns = set()
    for diagnostic in diagnostics.iterator(chunk_size=500):
        with transaction.atomic():
            structure = structure_for(diagnostic.version)
            answers = answers_of(diagnostic, structure)
            scores_store(diagnostic=diagnostic, structure=structure, answers=answers)
            Diagnostic.objects.filter(pk=diagnostic.pk).update(
                overall_score=diagnostic.overall_score
            )
        count += 1
        campaigns.add(diagnostic.campaign_id)
    # The results summary of each campaign recomputed, rebuilt in one transaction.
    for campaign_id in sorted(campaigns):
        analytics.rebuild(campaign_id)
    figures_changed()  # the scores moved by bulk writes, which send no signal
    return count


# The review's writes, still importable from here (they moved to review.py, which reads
# this module's errors: imported last).
from diagnostics.services.review import diagnostic_return, diagnostic_validate  # noqa: E402, F401
