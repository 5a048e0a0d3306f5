"""Notifications (issue 14, item 8, remaining parts): a file ready, a placement ending in
90 then 60 days, a plan action starting within 7 days or overdue. Each is told once per
event, in both setups: in-process (no broker: the same tasks run after a request, or by
``run_periodic``) and by a real Celery worker (tests marked ``services``)."""

import time
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from diagnostics.models import Action, Plan
from diagnostics.services.reminders import (
    NOTICE_ACTION_OVERDUE,
    NOTICE_ACTION_STARTING,
    plan_actions_remind,
)
from diagnostics.tasks import remind_plan_actions
from takwia import periodic
from takwia.jobs import NOTICE_FILE_READY
from takwia.notifications.models import Notification
from takwia.notifications.services import notify
from tests.factories import UserFactory
from volunteers.models import Host, Placement, Programme, Volunteer
from volunteers.reminders import NOTICE_PLACEMENT_ENDING, placements_ending_remind
from volunteers.tasks import remind_placements_ending

TODAY = date(2027, 1, 10)


def told(kind=None):
    """(username, message) of every notification (of a kind), sorted."""
    rows = Notification.objects.select_related("user")
    if kind:
        rows = rows.filter(kind=kind)
    return sorted((n.user.username, n.message) for n in rows)


def make_placement(ends_on, **extra):
    programme = Programme.objects.create(
        name=f"Programme {ends_on}", coordinator="ADS", countries="Maroc",
        starts_on=date(2026, 1, 1),
    )  # fmt: skip
    volunteer = Volunteer.objects.create(
        first_name="Salma", last_name="Idrissi", gender="f", nationality="Marocaine",
        category="local", status="active", programme=programme,
    )  # fmt: skip
    host = Host.objects.create(
        name=f"Association Tiwizi {ends_on}", kind="association", country="Maroc", city="Khénifra"
    )
    return Placement.objects.create(
        volunteer=volunteer, host=host, programme=programme, theme="Gestion",
        starts_on=date(2026, 6, 1), ends_on=ends_on, **extra,
    )  # fmt: skip


def placement_notice(placement, days):
    return NOTICE_PLACEMENT_ENDING.format(
        volunteer="Salma Idrissi",
        host=placement.host.name,
        day=placement.ends_on.strftime("%d/%m/%Y"),
        days=days,
    )


@pytest.fixture
def managers(db):
    return [
        UserFactory(volunteer_manager=True, username="gestionnaire"),
        UserFactory(volunteer_manager=True, username="retire", is_active=False),
    ]


@pytest.fixture
def plan(province_a, province_b):
    plan = Plan.objects.create(
        province=province_a, title="Plan Khénifra", starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )  # fmt: skip
    return plan


def make_action(plan, **fields):
    defaults = {"kind": "training", "axis": "finances", "title": "Formation"}
    return Action.objects.create(plan=plan, **(defaults | fields))


# In-process ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_placement_is_told_at_90_then_at_60_days_once_each_to_active_managers(
    managers, django_capture_on_commit_callbacks
):
    in_80 = make_placement(TODAY + timedelta(days=80))
    in_50 = make_placement(TODAY + timedelta(days=50))
    make_placement(TODAY + timedelta(days=200))  # not yet
    make_placement(TODAY - timedelta(days=1))  # ended
    make_placement(TODAY + timedelta(days=30), status="interrupted")

    with django_capture_on_commit_callbacks(execute=True):
        first = placements_ending_remind(today=TODAY)
        again = placements_ending_remind(today=TODAY + timedelta(days=5))  # nothing new
        # 25 days later the first one is 55 days from its end: told at 60 days, once.
        later = placements_ending_remind(today=TODAY + timedelta(days=25))

    assert (first, again, later) == (2, 0, 1)
    assert told() == sorted(
        [
            ("gestionnaire", placement_notice(in_80, 90)),
            ("gestionnaire", placement_notice(in_50, 60)),
            ("gestionnaire", placement_notice(in_80, 60)),
        ]
    )
    assert {n.url for n in Notification.objects.all()} == {
        reverse("volunteers:placement", args=[in_80.pk]),
        reverse("volunteers:placement", args=[in_50.pk]),
    }
    assert len(mail.outbox) == 3 and all(m.to == ["gestionnaire@example.ma"] for m in mail.outbox)


@pytest.mark.django_db
def test_a_placement_whose_end_moves_is_told_again(managers):
    placement = make_placement(TODAY + timedelta(days=70))
    placements_ending_remind(today=TODAY)
    placement.ends_on = TODAY + timedelta(days=85)
    placement.save()

    assert placements_ending_remind(today=TODAY) == 1
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_coordinators_of_the_province_are_told_of_actions_starting_within_7_days_and_overdue(
    plan, province_a, province_b, users
):
    coordinator = users["coordinator"]
    other = UserFactory(coordinator=True, username="ailleurs", provinces=[province_b])
    soon = make_action(plan, title="Atelier gouvernance", starts_on=TODAY + timedelta(days=7))
    late = make_action(
        plan, title="Formation finances", status="ongoing",
        starts_on=TODAY - timedelta(days=40), ends_on=TODAY - timedelta(days=1),
    )  # fmt: skip
    make_action(plan, title="Trop tôt", starts_on=TODAY + timedelta(days=8))
    make_action(plan, title="Réalisée", status="done", ends_on=TODAY - timedelta(days=3))
    make_action(plan, title="Annulée", status="cancelled", starts_on=TODAY + timedelta(days=2))

    first = plan_actions_remind(today=TODAY)
    again = plan_actions_remind(today=TODAY)

    assert (first, again) == (2, 0)
    assert told() == sorted(
        [
            (
                coordinator.username,
                NOTICE_ACTION_STARTING.format(
                    action="Atelier gouvernance", plan="Plan Khénifra", day="17/01/2027"
                ),
            ),
            (
                coordinator.username,
                NOTICE_ACTION_OVERDUE.format(
                    action="Formation finances", plan="Plan Khénifra", day="09/01/2027"
                ),
            ),
        ]
    )
    assert not Notification.objects.filter(user=other).exists()
    plan_url = reverse("diagnostics:plan", args=[plan.pk])
    assert {n.url for n in Notification.objects.all()} == {plan_url}
    assert soon.pk != late.pk


@pytest.mark.django_db
def test_actions_of_a_closed_plan_are_not_told(plan, users):
    plan.status = Plan.Status.CLOSED
    plan.save()
    make_action(plan, starts_on=TODAY + timedelta(days=3))

    assert plan_actions_remind(today=TODAY) == 0


@pytest.mark.django_db
def test_two_runs_at_once_tell_an_event_once(users):
    """The unique key settles a race: a second notify for the same event is dropped."""
    coordinator = users["coordinator"]
    first = notify(users=[coordinator], kind="action_overdue", message="A", key="k:1")
    second = notify(users=[coordinator], kind="action_overdue", message="A", key="k:1")

    assert (len(first), len(second)) == (1, 0)
    assert Notification.objects.filter(key="k:1").count() == 1


@pytest.mark.django_db
def test_a_file_ready_is_told_to_whoever_asked_in_the_app_and_by_email(
    client, users, province_a, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator = users["coordinator"]
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("job_create"),
            {"kind": "province_report", "province": province_a.code, "language": "fr"},
        )

    [notification] = Notification.objects.all()
    job = coordinator.jobs.get()
    assert job.status == "done"
    assert (notification.user, notification.kind) == (coordinator, "file_ready")
    assert notification.message == NOTICE_FILE_READY.format(title=job.title)
    assert notification.url == reverse("job_detail", args=[job.pk])
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


@pytest.mark.django_db
def test_without_a_broker_the_web_process_runs_the_due_reminders_after_a_request_once(
    client, settings, managers, users, plan
):
    settings.TAKWIA_PERIODIC_IN_PROCESS = True
    today = timezone.localdate()
    make_placement(today + timedelta(days=45))
    make_action(plan, starts_on=today + timedelta(days=2))
    client.force_login(users["coordinator"])

    client.get(reverse("home"))
    client.get(reverse("home"))

    assert sorted(Notification.objects.values_list("user__username", "kind")) == [
        ("coordinateur", "action_starting"),
        ("gestionnaire", "placement_ending"),
        ("volontariat", "placement_ending"),
    ]
    # The next check waits CHECK_EVERY seconds; the tasks' own periods are longer.
    from django.core.cache import cache

    cache.delete(periodic.CHECK_KEY)
    assert periodic.periodic_run_due() == []


@pytest.mark.django_db
def test_a_web_process_asks_the_cache_for_due_tasks_at_most_once_a_minute(
    client, settings, users, monkeypatch
):
    settings.TAKWIA_PERIODIC_IN_PROCESS = True
    checks = []
    monkeypatch.setattr(periodic, "periodic_run_due", lambda: checks.append(1) or [])
    client.force_login(users["coordinator"])
    from django.core.cache import cache

    client.get(reverse("home"))
    cache.delete(periodic.CHECK_KEY)  # as if another process's minute had passed
    client.get(reverse("home"))

    assert checks == [1]  # this process waits its own minute before asking again
    later = time.monotonic() + periodic.CHECK_EVERY + 1
    monkeypatch.setattr(periodic, "time", SimpleNamespace(monotonic=lambda: later))
    client.get(reverse("home"))
    assert checks == [1, 1]


@pytest.mark.django_db
def test_the_run_periodic_command_runs_the_reminders(managers, capsys):
    make_placement(timezone.localdate() + timedelta(days=10))

    call_command("run_periodic", "--all")

    assert "remind-placements-ending" in capsys.readouterr().out
    assert told("placement_ending")[0][0] == "gestionnaire"


def test_beat_sends_every_periodic_task_including_the_reminders():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["remind-placements-ending"]["task"] == remind_placements_ending.name
    assert schedule["remind-plan-actions"]["task"] == remind_plan_actions.name
    assert set(schedule) == set(periodic.PERIODIC)


@pytest.mark.django_db
def test_a_failing_periodic_task_is_logged_and_never_breaks_the_request(
    client, settings, users, monkeypatch, caplog
):
    settings.TAKWIA_PERIODIC_IN_PROCESS = True

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("volunteers.reminders.placements_ending_remind", broken)
    client.force_login(users["coordinator"])

    assert client.get(reverse("home")).status_code == 200
    assert "remind-placements-ending failed" in caplog.text


# Real worker ---------------------------------------------------------------------------


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.services
def test_a_real_worker_runs_the_reminders_beat_sends(celery_worker, reference_data, plan, users):
    """What beat sends (the task by name, on the broker), a worker runs: each event once."""
    from takwia.celery import app

    manager = users["volunteer_manager"]  # the only one
    today = timezone.localdate()
    make_placement(today + timedelta(days=20))
    make_action(plan, starts_on=today + timedelta(days=1))
    make_action(plan, status="ongoing", ends_on=today - timedelta(days=2))

    for name in ("remind-placements-ending", "remind-plan-actions", "remind-plan-actions"):
        app.send_task(periodic.PERIODIC[name].task)

    assert wait_until(lambda: Notification.objects.count() >= 3)
    time.sleep(1)  # the repeated task had its chance to tell twice
    assert sorted(Notification.objects.values_list("kind", flat=True)) == [
        "action_overdue",
        "action_starting",
        "placement_ending",
    ]
    assert wait_until(lambda: len(mail.outbox) == 3)
    assert manager.notifications.count() == 1


@pytest.mark.services
def test_a_real_worker_tells_the_file_ready(
    celery_worker, reference_data, client, users, province_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator = users["coordinator"]
    client.force_login(coordinator)
    client.post(
        reverse("job_create"),
        {"kind": "province_report", "province": province_a.code, "language": "fr"},
    )

    assert wait_until(lambda: Notification.objects.filter(kind="file_ready").exists(), 90)
    job = coordinator.jobs.get()
    assert job.status == "done"
    assert Notification.objects.get().message == NOTICE_FILE_READY.format(title=job.title)
    assert wait_until(lambda: [m.to for m in mail.outbox] == [[coordinator.email]])
