"""``kehoach manage issue_token USERNAME [--name NAME]``: print a new API token."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kehoach.accounts.models import User
from kehoach.accounts.services import issue_token


class Command(BaseCommand):
    help = "Issue an API bearer token for a user and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']}")
        _, raw = issue_token(user, user, name=options["name"])
        self.stdout.write(raw)
