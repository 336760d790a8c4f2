"""``kehoach manage import_organisations FILE [--root CODE] [--apply] [--user NAME]``"""

from __future__ import annotations

from typing import Any

from kehoach.organisations.importing import import_organisations
from kehoach.organisations.management.importing_command import ImportCommand


class Command(ImportCommand):
    help = "Import units from an .xlsx or .csv file (a dry run unless --apply)."
    root_required = False

    def run(self, upload: Any, root: Any, user: Any, dry_run: bool) -> Any:
        return import_organisations(upload, root, user, dry_run=dry_run)
