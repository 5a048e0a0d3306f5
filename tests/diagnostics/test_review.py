"""Review that sees everything (issue 14, item 6): every answer with its points and the
previous answer, returns per axis shown on the agent's steps, a confirmation before
validating, the next diagnostic of the queue after a decision, every decision kept."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diagnostics.models import Diagnostic
from diagnostics.services import (
    diagnostic_return,
    diagnostic_save_answers,
    diagnostic_start,
    diagnostic_submit,
    structure_for,
)
from diagnostics.services.review import ERROR_RETURN_AXIS
from diagnostics.views.review import ERROR_CONFIRM
from tests.diagnostics.test_diagnostic_entry import full_answers
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def submitted(campaign, association, user, *, yes=True, when=None) -> Diagnostic:
    diagnostic = diagnostic_start(campaign=campaign, association=association, user=user)
    saved = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers=full_answers(structure_for(campaign.version), yes=yes),
        lock_version=0,
        user=user,
    )
    diagnostic_submit(diagnostic=diagnostic, user=user, lock_version=saved.lock_version)
    if when is not None:
        Diagnostic.objects.filter(pk=diagnostic.pk).update(submitted_at=when)
    diagnostic.refresh_from_db()
    return diagnostic


@pytest.fixture
def pair(users, province_a, association_a):
    """Association A's diagnostic of 2024 (all "no") and its 2026 one (all "yes")."""
    now = timezone.now()
    before = submitted(
        CampaignFactory(province=province_a, name="Khénifra 2024"),
        association_a,
        users["field_agent"],
        yes=False,
        when=now - timedelta(days=700),
    )
    after = submitted(
        CampaignFactory(province=province_a, name="Khénifra 2026"),
        association_a,
        users["field_agent"],
        when=now - timedelta(days=3),
    )
    Diagnostic.objects.filter(pk=before.pk).update(status="validated")
    return before, after


def row_of(page: str, question_text: str) -> str:
    start = page.index(question_text)
    return page[start : page.index("</tr>", start)]


def test_the_reviewer_reads_every_answer_its_points_and_the_previous_answer(client, users, pair):
    _before, after = pair
    client.force_login(users["national"])

    response = client.get(reverse("diagnostics:results", args=[after.pk]))

    page = response.content.decode().replace("&#x27;", "'")
    axes = response.context["answers"]
    questions = sum(len(rows) for axis in axes for _sub, rows in axis.subdimensions)
    assert questions == len(structure_for(after.version).questions)
    statutes = row_of(page, "Les statuts de l'association sont-ils conformes")
    # yes = 2 points of 2; the 2024 diagnostic said no.
    assert re.search(r"<td>Oui</td>\s*<td[^>]*>2,0 / 2,0</td>\s*<td>Non <span", statutes)
    assert "changé" in statutes


def test_a_return_per_axis_is_shown_on_the_agents_steps(client, users, pair):
    _before, after = pair
    client.force_login(users["national"])
    client.post(
        reverse("diagnostics:review", args=[after.pk]),
        {
            "decision": "return",
            "comment": "",
            "axis_governance": "Le PV de la dernière AG manque.",
            "axis_projects": "Préciser le nombre de projets.",
        },
    )
    after.refresh_from_db()
    client.force_login(users["field_agent"])

    governance = client.get(reverse("diagnostics:entry", args=[after.pk, 1])).content.decode()
    finances = client.get(reverse("diagnostics:entry", args=[after.pk, 2])).content.decode()
    identification = client.get(reverse("diagnostics:entry", args=[after.pk, 0])).content.decode()

    assert after.status == "returned"
    assert after.return_comments == {
        "governance": "Le PV de la dernière AG manque.",
        "projects": "Préciser le nombre de projets.",
    }
    assert "Le PV de la dernière AG manque." in governance
    assert "Préciser le nombre de projets." not in governance
    assert "Le PV de la dernière AG manque." not in finances
    assert "Préciser le nombre de projets." in identification
    assert reverse("diagnostics:entry", args=[after.pk, 5]) in identification


def test_a_return_without_any_comment_is_refused_and_changes_nothing(client, users, pair):
    _before, after = pair
    client.force_login(users["national"])

    response = client.post(
        reverse("diagnostics:review", args=[after.pk]),
        {"decision": "return", "comment": "  ", "axis_governance": ""},
        follow=True,
    )

    after.refresh_from_db()
    assert after.status == "submitted"
    assert "Indiquez ce qui doit être corrigé." in response.content.decode()


def test_a_comment_on_an_unknown_axis_is_refused(users, pair):
    _before, after = pair

    with pytest.raises(ValueError, match=ERROR_RETURN_AXIS):
        diagnostic_return(
            diagnostic=after, user=users["national"], comment="", comments={"nope": "x"}
        )


def test_validating_asks_for_a_confirmation_then_opens_the_next_of_the_queue(
    client, users, pair, province_b, association_b
):
    _before, after = pair
    older = submitted(
        CampaignFactory(province=province_b),
        association_b,
        users["national"],
        when=timezone.now() - timedelta(days=20),
    )
    client.force_login(users["national"])
    url = reverse("diagnostics:review", args=[after.pk])

    unconfirmed = client.post(url, {"decision": "validate"}, follow=True)
    after.refresh_from_db()
    assert after.status == "submitted"
    assert str(ERROR_CONFIRM).replace("'", "&#x27;") in unconfirmed.content.decode()

    confirmed = client.post(url, {"decision": "validate", "confirm": "yes"})
    after.refresh_from_db()
    assert after.status == "validated"
    assert confirmed["Location"] == reverse("diagnostics:results", args=[older.pk])

    last = client.post(
        reverse("diagnostics:review", args=[older.pk]), {"decision": "validate", "confirm": "yes"}
    )
    assert last["Location"] == reverse("home")


def test_every_decision_is_in_the_history_with_who_and_the_comments(client, users, pair):
    _before, after = pair
    national = users["national"]
    national.first_name, national.last_name = "Nadia", "Berrada"
    national.save()
    diagnostic_return(
        diagnostic=after, user=national, comment="Revoir", comments={"governance": "PV"}
    )
    saved = diagnostic_save_answers(
        diagnostic=after,
        raw_answers={"gov_statutes_known": "no"},
        lock_version=after.lock_version,
        user=users["field_agent"],
    )
    diagnostic_submit(diagnostic=after, user=users["field_agent"], lock_version=saved.lock_version)
    client.force_login(national)
    client.post(
        reverse("diagnostics:review", args=[after.pk]), {"decision": "validate", "confirm": "yes"}
    )

    decisions = client.get(reverse("diagnostics:results", args=[after.pk])).context["decisions"]

    assert [(d.status, d.who) for d in decisions] == [
        ("Soumis", users["field_agent"].get_full_name()),
        ("Renvoyé pour correction", "Nadia Berrada"),
        ("Soumis", users["field_agent"].get_full_name()),
        ("Validé", "Nadia Berrada"),
    ]
    assert decisions[1].comment == "Revoir"
    assert decisions[1].comments == [("Gouvernance", "PV")]


def test_a_president_reads_the_results_without_the_answer_table(client, users, pair):
    _before, after = pair
    client.force_login(users["president"])

    response = client.get(reverse("diagnostics:results", args=[after.pk]))

    assert response.status_code == 200
    assert response.context["answers"] is None
    assert 'data-testid="review-answers"' not in response.content.decode()
