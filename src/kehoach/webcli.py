"""The web commands of ``kehoach`` (added to the CLI by :mod:`kehoach.cli`):

- ``kehoach demo``: migrate the database, load the demo once, print the demo accounts, serve
  at http://127.0.0.1:8000;
- ``kehoach serve``: migrate and serve;
- ``kehoach manage ARGS…``: any Django management command (``kehoach manage createsuperuser``,
  ``kehoach manage run_recurring``, ``kehoach manage import_organisations FILE``…).

Django is imported only when one of these runs, so ``kehoach parse`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

DEFAULT_ADDRESS = "127.0.0.1:8000"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _serve(address: str) -> None:
    from django.core.management import call_command

    print(
        f"kehoach: serving at http://{address}/ (API documentation: http://{address}/api/docs). Ctrl-C stops."
    )
    call_command("runserver", address, use_reloader=False)


def _demo(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    _migrate()
    call_command("load_demo")
    if not args.no_serve:
        _serve(args.address)
    return 0


def _serve_command(args: argparse.Namespace) -> int:
    _setup()
    _migrate()
    _serve(args.address)
    return 0


def _manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kehoach manage", *args.args])
    return 0


def add_commands(sub: Any) -> None:
    """Add ``demo``, ``serve`` and ``manage`` to the ``kehoach`` command's subparsers."""
    p = sub.add_parser("demo", help="load the demo data (once) and serve it at http://127.0.0.1:8000")
    p.add_argument("--no-serve", action="store_true", help="load and print the accounts, do not serve")
    p.add_argument(
        "--address", default=DEFAULT_ADDRESS, help=f"host:port to serve on (default {DEFAULT_ADDRESS})"
    )
    p.set_defaults(func=_demo)
    p = sub.add_parser("serve", help="migrate the database and serve the web application")
    p.add_argument(
        "--address", default=DEFAULT_ADDRESS, help=f"host:port to serve on (default {DEFAULT_ADDRESS})"
    )
    p.set_defaults(func=_serve_command)
    p = sub.add_parser("manage", help="run a Django management command (kehoach manage help)", add_help=False)
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=_manage)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_manage(argparse.Namespace(args=sys.argv[1:])))
