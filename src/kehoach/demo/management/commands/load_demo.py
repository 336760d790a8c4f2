"""``kehoach manage load_demo``: load the demo data unless it is already there."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from kehoach.demo.loader import ACCOUNTS, DEMO_PASSWORD, demo_loaded, load_demo


class Command(BaseCommand):
    help = "Load the demo province, people, accounts and plans (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_loaded():
            self.stdout.write("Demo data already loaded.")
        else:
            started = time.monotonic()
            counts = load_demo()
            self.stdout.write(
                "Demo loaded in {:.1f} s: {units} units, {people} people, {plans} plans, {assignments} assignments "
                "({done} done), {periods} recurring periods created.".format(
                    time.monotonic() - started, **counts
                )
            )
        self.stdout.write(accounts_table())


def accounts_table() -> str:
    lines = [f"Demo accounts (password for all: {DEMO_PASSWORD}):"]
    for account in ACCOUNTS:
        lines.append(f"  {account.username:<18} {account.display_name:<34} {account.what}")
    return "\n".join(lines)
