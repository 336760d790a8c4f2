"""The recurring-period job, as a management command and as a django-tasks task."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from kehoach.plans.models import Assignment
from kehoach.plans.tasks import create_due_instances_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tree, users):
    from kehoach.plans import services as s
    from kehoach.plans.tests.test_services import parsed

    plan = s.create_plan_from_parse(parsed(), None, tree.district, users.district_office)
    s.resolve_task_unit(
        plan.tasks.get(code="II.1.c").units.get(), users.district_office, organisation=tree.district
    )
    return s.publish_plan(plan, users.district_office, on=dt.date(2025, 1, 15))


def test_command_creates_due_periods_once(published, capsys):
    call_command("run_recurring", "--date", "2025-07-15")
    assert "3 recurring period(s) created" in capsys.readouterr().out
    assert Assignment.objects.filter(task__code="II.1.b", sequence=2).count() == 3
    call_command("run_recurring", "--date", "2025-07-15")
    assert "0 recurring period(s)" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("run_recurring", "--date", "15/07/2025")


def test_task_runs_the_same_service(published):
    created = create_due_instances_task.call()  # today (after mid-2025): several periods each
    assert created >= 3
    assert create_due_instances_task.call() == 0


def test_enqueue_with_the_immediate_backend(published, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = create_due_instances_task.enqueue()
    assert result.return_value >= 3


def test_enqueue_with_the_database_backend(published, capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("run_recurring", "--enqueue")
    assert "enqueued task" in capsys.readouterr().out
    assert DBTaskResult.objects.filter(task_path__endswith="create_due_instances_task").count() == 1
