"""Campaigns, drawn samples, answered and scored diagnostics for the benchmarks.

Shape at 250,000 associations (``scale`` = 1): in the province with the most active
associations, a 2026 campaign with 5,000 diagnosed associations and a 2025 one with
1,500; a 2026 campaign with 40 diagnosed in every other province and a 2025 one in
twenty of them. Samples are drawn by the real service (``campaign_sample_draw``:
strata milieu x first domain, N_h kept on each entry); 5 % of the sample is never
diagnosed, 2 % more are drafts or returned. Answers follow the demo's distributions
(diagnostics/demo.py), asked questions only; scores are computed by the engine.
Diagnostics, answers and scores are written with COPY (bench/pgcopy.py).
"""

import json
import random
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, Q
from pgcopy import copy_model, reserve_ids

from associations.models import Association, Province
from diagnostics.demo import _answer
from diagnostics.models import Answer, Campaign, Diagnostic, QuestionnaireVersion, Score
from diagnostics.questionnaire.kinds import KINDS
from diagnostics.services import campaign_sample_draw, score, structure_for
from takwia.figures import stored
from takwia.models import User

PREFIX = "Banc national"
SEED = ["05.301", "04.481", "07.161"]  # Khénifra, Sidi Kacem, Chichaoua
_DIAGNOSTIC_COLUMNS = [
    "id", "campaign_id", "association_id", "version_id", "status", "lock_version", "respondent",
    "respondent_role", "interviewed_on", "created_by_id", "created_at", "updated_at",
    "submitted_by_id", "submitted_at", "validated_by_id", "validated_at", "return_comment",
    "overall_score", "return_comments", "kind",
]  # fmt: skip
_ANSWER_COLUMNS = ["id", "diagnostic_id", "question_id", "value_bool", "value_int", "value_date",
                   "value_text", "value_choices", "updated_at"]  # fmt: skip


def shape(total: int, big_diagnosed: int | None = None) -> dict:
    """How many diagnosed associations each campaign gets at ``total`` associations."""
    scale = total / 250_000
    return {
        "big_2026": big_diagnosed or max(30, round(5000 * scale)),
        "big_2025": max(10, round(1500 * scale)),
        "province_2026": max(2, round(40 * scale)),
        "province_2025": max(1, round(40 * scale)),
        "provinces_2025": 20,
    }


def _active_counts() -> list[tuple[Province, int]]:
    provinces = Province.objects.annotate(
        active=Count(
            "communes__associations",
            filter=Q(communes__associations__status="active",
                     communes__associations__archived=False),
        )
    ).order_by("-active", "code")  # fmt: skip
    return [(p, p.active) for p in provinces]


def big_province() -> Province:
    return _active_counts()[0][0]


def diagnostics_generate(total: int, big_diagnosed: int | None = None, seed: int = 16) -> dict:
    """Create the benchmark campaigns (idempotent: nothing when they exist)."""
    if Campaign.objects.filter(name__startswith=PREFIX).exists():
        return {"campaigns": 0, "diagnostics": 0}
    sizes = shape(total, big_diagnosed)
    version = QuestionnaireVersion.objects.order_by("number").first()
    structure = structure_for(version)
    agent = User.objects.get(username="agent.khenifra")
    coordinator = User.objects.get(username="coordinateur.khenifra")
    rng = random.Random(seed)
    counts = _active_counts()
    big = counts[0][0]
    plan = [(big, 2026, sizes["big_2026"]), (big, 2025, sizes["big_2025"])]
    others = [(p, n) for p, n in counts[1:] if n >= 2 * sizes["province_2026"] + 2]
    plan += [(p, 2026, sizes["province_2026"]) for p, _ in others]
    plan += [(p, 2025, sizes["province_2025"]) for p, _ in others[: sizes["provinces_2025"]]]
    made = 0
    for province, year, diagnosed in plan:
        made += _campaign(province, year, diagnosed, version, structure, agent, coordinator, rng)
    return {"campaigns": len(plan), "diagnostics": made, "big_province": big.code, **sizes}


def _campaign(province, year, diagnosed, version, structure, agent, coordinator, rng) -> int:
    campaign = Campaign.objects.create(
        name=f"{PREFIX} {year} – {province.name_fr}", province=province, version=version,
        starts_on=date(year, 2, 1), ends_on=date(year, 11, 30),
        status=Campaign.Status.ONGOING,
    )  # fmt: skip
    drafts = max(1, diagnosed // 50)
    available = (
        Association.objects.current().filter(commune__province=province, status="active").count()
    )
    size = min(available, round(diagnosed * 1.05) + drafts)
    entries = campaign_sample_draw(campaign=campaign, size=size, seed=year)
    if year != 2026:  # drawn while open (a closed campaign takes no new draw), then closed
        Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    rng.shuffle(entries)
    chosen = entries[: diagnosed + drafts]
    milieu = dict(
        Association.objects.filter(pk__in=[e.association_id for e in chosen]).values_list(
            "pk", "commune__milieu"
        )
    )
    first = reserve_ids(Diagnostic, len(chosen))
    answer_rows, score_rows, diagnostic_rows = [], [], []
    start = datetime(year, 3, 1, 9, tzinfo=UTC)
    # The demo's distributions exist for the three seed provinces; others borrow one.
    profile = province.code if province.code in SEED else SEED[province.pk % len(SEED)]
    for index, entry in enumerate(chosen):
        pk = first + index
        values = {}
        for question in structure.questions:
            if not structure.asked(question, values):
                continue
            value = _answer(rng, question, profile, milieu[entry.association_id] == "rural",
                            values)  # fmt: skip
            if value in ("", []):
                continue
            values[question.code] = value
            row = Answer()
            KINDS[question.kind].store(row, value)
            answer_rows.append((pk, question.pk, row.value_bool, row.value_int, row.value_date,
                                row.value_text, json.dumps(row.value_choices)))  # fmt: skip
        when = start + timedelta(hours=index % 4000, minutes=rng.randrange(60))
        if index < diagnosed:
            result = score(structure, values)
            score_rows += [
                (pk, "subdimension", c, stored(v))
                for c, v in result.subdimensions.items()
                if v is not None
            ]
            score_rows += [(pk, "axis", c, stored(v))
                           for c, v in result.axes.items() if v is not None]  # fmt: skip
            overall = stored(result.overall) if result.overall is not None else None
            validated = rng.random() < (0.9 if year < 2026 else 0.6)
            status = "validated" if validated else "submitted"
            diagnostic_rows.append((
                pk, campaign.pk, entry.association_id, version.pk, status, 4, "Président(e)",
                "Président(e)", when.date(), agent.pk, when, when, agent.pk, when,
                coordinator.pk if validated else None, when + timedelta(days=3) if validated
                else None, "", overall, "{}", Diagnostic.Kind.ASSESSMENT,
            ))  # fmt: skip
        else:
            status = "returned" if index % 2 else "draft"
            diagnostic_rows.append((
                pk, campaign.pk, entry.association_id, version.pk, status, 2, "", "", None,
                agent.pk, when, when, None, None, None, None,
                "Réponses à compléter." if status == "returned" else "", None, "{}",
                Diagnostic.Kind.ASSESSMENT,
            ))  # fmt: skip
    copy_model(Diagnostic, _DIAGNOSTIC_COLUMNS, diagnostic_rows)
    history = Diagnostic.history.model
    history_first = reserve_ids(history, len(diagnostic_rows))
    copy_model(
        history,
        _DIAGNOSTIC_COLUMNS + ["history_id", "history_date", "history_type"],
        ((*row, history_first + i, row[11], "~") for i, row in enumerate(diagnostic_rows)),
    )
    answer_first = reserve_ids(Answer, len(answer_rows))
    now = datetime(year, 6, 1, tzinfo=UTC)
    copy_model(Answer, _ANSWER_COLUMNS,
               ((answer_first + i, *row, now) for i, row in enumerate(answer_rows)))  # fmt: skip
    score_first = reserve_ids(Score, len(score_rows))
    copy_model(Score, ["id", "diagnostic_id", "level", "code", "score"],
               ((score_first + i, *row) for i, row in enumerate(score_rows)))  # fmt: skip
    return diagnosed
