#!/usr/bin/env python3
"""Score `kehoach parse` against our own gold of real files, with the shared scorer.

The gold files live in the repo (tests/corpus_gold/real, tests/corpus_gold/heldout); the
documents stay in ../shared/corpus/real. This links each document beside a copy of its gold in
a temporary directory and runs ../shared/tools/score_parse.py on it.

  python3 tools/score_gold.py                          # tests/corpus_gold/real
  python3 tools/score_gold.py tests/corpus_gold/heldout --misses
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ORDER = [".txt", ".md", ".docx", ".doc", ".pdf"]  # a gold file serves the first format present


def main(argv: list[str]) -> int:
    gold_dir = (
        Path(argv[0]) if argv and not argv[0].startswith("-") else ROOT / "tests" / "corpus_gold" / "real"
    )
    extra = [a for a in argv if a.startswith("-")]
    real = SHARED / "corpus" / "real"
    scorer = SHARED / "tools" / "score_parse.py"
    if not scorer.exists():
        print("../shared is not beside the repository: nothing to score", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for gold in sorted(gold_dir.glob("*.gold.json")):
            stem = gold.name[: -len(".gold.json")]
            docs = sorted(
                (p for p in real.glob(stem + ".*") if p.suffix in ORDER), key=lambda p: ORDER.index(p.suffix)
            )
            if not docs:
                print(f"{stem}: no document in {real}", file=sys.stderr)
                continue
            shutil.copy(gold, tmp)
            (Path(tmp) / docs[0].name).symlink_to(docs[0])
        cmd = [
            sys.executable,
            str(scorer),
            tmp,
            "--cmd",
            f"{ROOT / '.venv' / 'bin' / 'kehoach'} parse --json {{}}",
            *extra,
        ]
        return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
