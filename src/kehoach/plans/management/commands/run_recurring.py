"""``kehoach manage run_recurring [--date YYYY-MM-DD] [--enqueue]``: create the periods of
recurring duties ("định kỳ 6 tháng") that have started. Safe to run any number of times."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kehoach.plans.services import create_due_instances
from kehoach.plans.tasks import create_due_instances_task


class Command(BaseCommand):
    help = "Create the periods of recurring duties that have started (daily, from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="act as if today were this day (YYYY-MM-DD)")
        parser.add_argument("--enqueue", action="store_true", help="hand the work to the task worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            if options["date"]:
                raise CommandError("--date cannot be used with --enqueue")
            result = create_due_instances_task.enqueue()
            self.stdout.write(f"enqueued task {result.id}")
            return
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"not a date: {options['date']}") from exc
        created = create_due_instances(today)
        self.stdout.write(f"{len(created)} recurring period(s) created")
