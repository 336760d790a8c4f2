"""The ``kehoach`` command: ``parse`` reads a document; the web commands live in ``kehoach.webcli``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kehoach.documents.errors import DocumentError


def _parse_command(args: argparse.Namespace) -> int:
    from kehoach.documents import parse
    from kehoach.documents.explain import explain_lines

    path = Path(args.file)
    if not path.exists():
        print(f"kehoach parse: {path}: no such file", file=sys.stderr)
        return 2
    if path.is_dir():
        print(f"kehoach parse: {path}: is a directory, not a document", file=sys.stderr)
        return 2
    try:
        result = parse(path)
    except DocumentError as exc:
        print(f"kehoach parse: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # a bug of ours: still one line, never a trace on the user's screen
        print(
            f"kehoach parse: {path.name}: internal error ({type(exc).__name__}: {exc}); please report it",
            file=sys.stderr,
        )
        return 3
    if args.json:
        json.dump(result.to_dict(with_text=args.with_text), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    if args.explain:
        for line in explain_lines(result):
            print(line)
    if not args.json and not args.explain:
        from kehoach.documents.summary import summary_lines

        for line in summary_lines(result):
            print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kehoach", description="Read plan documents and track their tasks.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="read a plan (.txt .md .docx .pdf .doc) and print what it assigns")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the JSON contract (kehoach.parse/1)")
    p.add_argument("--with-text", action="store_true", help="with --json: add the normalised text")
    p.add_argument("--explain", action="store_true", help="print, for each value, the rule that produced it")
    p.set_defaults(func=_parse_command)
    try:
        from kehoach import webcli
    except ImportError:  # the web application is optional for the parser
        webcli = None  # type: ignore[assignment]
    if webcli is not None:
        webcli.add_commands(sub)
    else:
        d = sub.add_parser("demo", help="parse the project's sample plan and print what it assigns")
        d.set_defaults(func=_demo_command)
    return ap


def _demo_command(args: argparse.Namespace) -> int:
    """Without the web application: read the sample plan shipped in samples/ and summarise it."""
    sample = Path(__file__).resolve().parents[2] / "samples" / "ke-hoach-dang-uy.txt"
    if not sample.exists():
        print(f"kehoach demo: the sample plan {sample} is missing", file=sys.stderr)
        return 2
    print(f"Đọc kế hoạch mẫu: {sample.name}\n")
    return _parse_command(argparse.Namespace(file=str(sample), json=False, with_text=False, explain=False))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
