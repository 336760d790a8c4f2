"""The shared shape of the import commands: read the file, run the service (a dry run unless
``--apply``), print the changes and the errors by row; exit 1 when a row is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kehoach.accounts.models import User
from kehoach.errors import ServiceError
from kehoach.organisations.importing import ImportResult
from kehoach.organisations.models import Organisation


class ImportCommand(BaseCommand):
    root_required = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--root", help="code of the unit the rows belong under")
        parser.add_argument("--apply", action="store_true", help="write the changes (default: a dry run)")
        parser.add_argument("--user", help="the acting user (default: the first superuser)")

    def run(self, upload: Any, root: Any, user: Any, dry_run: bool) -> ImportResult:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        root = None
        if options["root"]:
            root = Organisation.objects.filter(code=options["root"]).first()
            if root is None:
                raise CommandError(f"no unit with code {options['root']}")
        elif self.root_required:
            raise CommandError("--root CODE is required")
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=options["user"]) if options["user"] else users.filter(is_superuser=True)
        ).first()
        if user is None:
            raise CommandError("no such user (give --user, or create a superuser first)")
        with path.open("rb") as handle:
            try:
                result = self.run(File(handle, name=path.name), root, user, not options["apply"])
            except ServiceError as exc:
                raise CommandError(exc.english) from exc
        for change in result.changes:
            if change.action != "unchanged":
                fields = ", ".join(f"{k}: {old!r} → {new!r}" for k, (old, new) in change.changes.items())
                self.stdout.write(f"row {change.row}: {change.action} {change.code} {change.name} ({fields})")
        for error in result.errors:
            self.stdout.write(f"row {error.row}, {error.column}: {error.message}")
        summary = ", ".join(f"{v} {k}" for k, v in result.summary.items())
        if result.errors:
            raise CommandError(f"nothing written: {summary}")
        self.stdout.write(("written: " if result.applied else "dry run (use --apply to write): ") + summary)
