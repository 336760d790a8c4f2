"""``kehoach manage import_people FILE --root CODE [--apply] [--user NAME]``"""

from __future__ import annotations

from typing import Any

from kehoach.organisations.importing import import_people
from kehoach.organisations.management.importing_command import ImportCommand


class Command(ImportCommand):
    help = "Import people (cán bộ, đảng viên) from an .xlsx or .csv file (a dry run unless --apply)."
    root_required = True

    def run(self, upload: Any, root: Any, user: Any, dry_run: bool) -> Any:
        return import_people(upload, root, user, dry_run=dry_run)
