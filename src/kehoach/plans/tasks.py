"""Background tasks (django-tasks). Run a worker with ``kehoach manage db_worker``; schedule
``kehoach manage run_recurring --enqueue`` (or without ``--enqueue``, to run in place) once a
day, e.g. from cron."""

from __future__ import annotations

from django_tasks import task

from kehoach.plans import services


@task()
def create_due_instances_task() -> int:
    """Create the recurring periods that have started; returns how many were created."""
    return len(services.create_due_instances())
