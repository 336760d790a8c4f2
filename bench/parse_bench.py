"""Parser benchmark (``make bench``): speed per format, and deadlines against dateparser.

Not a test: it measures and prints, and never fails on a slow or inaccurate result. It exits
non-zero only when it could not run at all.

1. Speed. ``kehoach.documents.parse(pathlib.Path(p))`` on one pinned core, a few warm-up calls,
   then N timed repetitions per document. Median and p90 per format, against the targets:
   text <= 20 ms for a 15 KB plan, docx <= 60 ms, PDF <= 40 ms per page.
     text: samples/ke-hoach-dang-uy.txt (the 15 KB plan) + ../shared/corpus/seeds/*.txt
     docx: samples/ke-hoach-dang-uy.docx + ../shared/corpus/real/*.docx
     pdf:  samples/ke-hoach-dang-uy.pdf + the clean born-digital PDFs of ../shared/corpus/real
2. Deadlines. On every document that has a gold file (samples/, ../shared/corpus/seeds/,
   tests/corpus_gold/real/ for the documents in ../shared/corpus/real/), the set of due dates
   found by our parser and by ``dateparser.search.search_dates(text, languages=["vi"])`` on the
   same normalised text (``parse(...).text``), scored against the gold's ``deadlines[*].due``
   the way ``shared/tools/score_parse.py`` does: distinct dues per document, precision, recall
   and F1 pooled over documents. Plus the median time per document of each.

   dateparser is a general date finder, not a deadline reader: it also returns the issuing
   date, the dates of cited documents and past events, fills in missing parts from the
   previous match or today's date, and reads "năm 2025" or "6 tháng" as dates. Its precision
   here measures that difference, not a defect of dateparser.

Results also go to bench/results/latest.json (git-ignored). Missing parts of ../shared are
skipped with a note. Options: --reps, --warmup, --deadline-reps, --skip-speed,
--skip-deadlines, --quick (few repetitions, for a smoke run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KEHOACH_SHARED", ROOT.parent / "shared")).resolve()
SAMPLES = ROOT / "samples"
SEEDS = SHARED / "corpus" / "seeds"
REAL = SHARED / "corpus" / "real"
REAL_GOLD = ROOT / "tests" / "corpus_gold" / "real"
RESULTS = ROOT / "bench" / "results" / "latest.json"

SAMPLE_PLAN = "ke-hoach-dang-uy"  # the benchmark's "15 KB plan", also as .docx and .pdf
CLEAN_PDFS = [
    "cv-sct-laocai-1629-2026-khkt.pdf",
    "cv-ubnd-laocai-3686-2026.pdf",
    "qd-bxd-1074-2026.pdf",
    "hd-btctu-hanoi-huyhieu-2025.pdf",
    "hd-tw-06-2025.pdf",
]
# Target in milliseconds: per document for text and docx, per page for PDF.
TARGETS_MS = {"text": 20.0, "docx": 60.0, "pdf": 40.0}
# Which file stands for a gold when several share its stem (.txt, .docx and .pdf of one plan).
DOCUMENT_PREFERENCE = [".txt", ".md", ".docx", ".pdf", ".doc"]

notes: list[str] = []


def note(message: str) -> None:
    notes.append(message)
    print(f"note: {message}")


# --- measuring -----------------------------------------------------------------------------


def pin_one_core() -> int | None:
    """Run on a single core so that numbers compare across machines and runs."""
    if not hasattr(os, "sched_setaffinity"):
        note("os.sched_setaffinity is not available here: the run is not pinned to one core")
        return None
    cpus = os.sched_getaffinity(0)
    cpu = 0 if 0 in cpus else min(cpus)
    os.sched_setaffinity(0, {cpu})
    return cpu


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def time_calls(fn: Callable[[], Any], warmup: int, reps: int) -> tuple[list[float], Any]:
    """Call fn warmup times untimed, then reps times timed; times in ms and the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    gc.collect()
    times: list[float] = []
    for _ in range(reps):
        start = time.perf_counter_ns()
        result = fn()
        times.append((time.perf_counter_ns() - start) / 1e6)
    return times, result


# --- the parser, loaded lazily so that a broken parser still lets the rest run ---------------


@dataclass
class Parser:
    parse: Callable[..., Any] | None = None
    error: str | None = None

    @classmethod
    def load(cls) -> Parser:
        try:
            from kehoach.documents import parse
        except Exception as exc:  # the parser is optional for this script
            return cls(error=f"{type(exc).__name__}: {exc}")
        return cls(parse=parse)


def pdf_page_count(path: Path) -> int | None:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


# --- part 1: speed -------------------------------------------------------------------------


@dataclass
class SpeedDoc:
    fmt: str
    path: Path
    label: str
    times_ms: list[float] = field(default_factory=list)  # per document (per page for pdf)
    pages: int | None = None
    first_call_ms: float | None = None
    error: str | None = None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": self.fmt,
            "document": self.label,
            "bytes": self.path.stat().st_size,
            "pages": self.pages,
            "first_call_ms": _round(self.first_call_ms),
            "error": self.error,
        }
        if self.times_ms:
            out["median_ms"] = _round(statistics.median(self.times_ms))
            out["p90_ms"] = _round(percentile(self.times_ms, 90))
            out["per"] = "page" if self.fmt == "pdf" else "document"
        return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def speed_documents() -> list[SpeedDoc]:
    docs: list[SpeedDoc] = []

    def add(fmt: str, path: Path, label: str | None = None) -> None:
        if path.exists():
            docs.append(SpeedDoc(fmt, path, label or path.name))
        else:
            note(f"speed: {path} is missing, skipped")

    add("text", SAMPLES / f"{SAMPLE_PLAN}.txt", f"{SAMPLE_PLAN}.txt (15 KB plan)")
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            add("text", path, f"seeds/{path.name}")
    else:
        note(f"speed: {SEEDS} not found, text is timed on the sample only")
    add("docx", SAMPLES / f"{SAMPLE_PLAN}.docx")
    if REAL.is_dir():
        for path in sorted(REAL.glob("*.docx")):
            add("docx", path, f"real/{path.name}")
    else:
        note(f"speed: {REAL} not found, docx and PDF are timed on the sample only")
    add("pdf", SAMPLES / f"{SAMPLE_PLAN}.pdf")
    if REAL.is_dir():
        for name in CLEAN_PDFS:
            add("pdf", REAL / name, f"real/{name}")
    return docs


def run_speed(parser: Parser, warmup: int, reps: int) -> dict[str, Any]:
    assert parser.parse is not None
    parse = parser.parse
    docs = speed_documents()
    for doc in docs:
        path = doc.path

        def call(path: Path = path) -> Any:
            return parse(path)

        try:
            start = time.perf_counter_ns()
            result = call()
            doc.first_call_ms = (time.perf_counter_ns() - start) / 1e6
            times, result = time_calls(call, max(warmup - 1, 0), reps)
        except Exception as exc:
            doc.error = f"{type(exc).__name__}: {exc}"
            note(f"speed: parse({doc.label}) failed: {doc.error}")
            continue
        if doc.fmt == "pdf":
            pages = getattr(getattr(result, "source", None), "pages", None) or pdf_page_count(path)
            doc.pages = pages
            times = [t / pages for t in times] if pages else times
        doc.times_ms = times

    rows = []
    sample = [d for d in docs if d.fmt == "text" and d.path.stem == SAMPLE_PLAN and d.times_ms]
    groups: list[tuple[str, str, list[SpeedDoc]]] = [
        ("text: the 15 KB plan", "text", sample),
        ("text: all", "text", [d for d in docs if d.fmt == "text"]),
        ("docx", "docx", [d for d in docs if d.fmt == "docx"]),
        ("pdf (per page)", "pdf", [d for d in docs if d.fmt == "pdf"]),
    ]
    for name, fmt, group in groups:
        timed = [d for d in group if d.times_ms]
        pooled = [t for d in timed for t in d.times_ms]
        row: dict[str, Any] = {
            "group": name,
            "format": fmt,
            "documents": len(timed),
            "failed": len([d for d in group if d.error]),
            "samples": len(pooled),
            "target_ms": TARGETS_MS[fmt],
        }
        if pooled:
            row["median_ms"] = _round(statistics.median(pooled))
            row["p90_ms"] = _round(percentile(pooled, 90))
            row["meets_target"] = row["median_ms"] <= TARGETS_MS[fmt]
            row["documents_over_target"] = [
                d.label for d in timed if statistics.median(d.times_ms) > TARGETS_MS[fmt]
            ]
        rows.append(row)
    return {"warmup": warmup, "reps": reps, "groups": rows, "documents": [d.summary() for d in docs]}


def print_speed(speed: dict[str, Any]) -> None:
    print()
    print(f"Parse time on one core ({speed['warmup']} warm-up calls, {speed['reps']} timed repetitions)")
    header = f"{'':24} {'docs':>4} {'failed':>6} {'median ms':>10} {'p90 ms':>8}   {'target':<22} verdict"
    print(header)
    print("-" * len(header))
    target_text = {
        "text": "<= 20 ms (15 KB plan)",
        "docx": "<= 60 ms",
        "pdf": "<= 40 ms per page",
    }
    for row in speed["groups"]:
        median = f"{row['median_ms']:.2f}" if "median_ms" in row else "-"
        p90 = f"{row['p90_ms']:.2f}" if "p90_ms" in row else "-"
        if "meets_target" not in row:
            verdict = "not measured"
        elif row["group"] == "text: all":
            verdict = "(documents of every size)"
        else:
            verdict = "meets target" if row["meets_target"] else "SLOWER than target"
            if row["documents_over_target"]:
                verdict += f" ({len(row['documents_over_target'])} document(s) over)"
        print(
            f"{row['group']:24} {row['documents']:>4} {row['failed']:>6} {median:>10} {p90:>8}   "
            f"{target_text[row['format']]:<22} {verdict}"
        )
    print()
    print(f"{'per document':52} {'size':>9} {'per':>5} {'median ms':>10} {'p90 ms':>8} {'1st call ms':>12}")
    for doc in speed["documents"]:
        size = f"{doc['bytes'] / 1000:.1f} kB"
        if doc["error"]:
            print(f"  {doc['document']:50} {size:>9}   FAILED: {doc['error'][:60]}")
            continue
        per = f"{doc['pages']} p" if doc.get("per") == "page" else "doc"
        print(
            f"  {doc['document']:50} {size:>9} {per:>5} {doc['median_ms']:>10.2f} {doc['p90_ms']:>8.2f} "
            f"{doc['first_call_ms']:>12.1f}"
        )
    print("(per: the median and p90 are per document, or per page for an n-page PDF; the first call")
    print(" is the untimed first parse of the whole document, lazy set-up included)")


# --- part 2: deadlines against dateparser --------------------------------------------------


@dataclass
class GoldDoc:
    group: str
    gold_path: Path
    path: Path
    gold_dues: list[str]


def _dedupe(items: Iterable[str | None]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item is not None and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _document_for(gold_path: Path, folder: Path) -> Path | None:
    stem = gold_path.name[: -len(".gold.json")]
    candidates = [p for p in folder.glob(stem + ".*") if not p.name.endswith(".json") and p.suffix != ".tsv"]
    rank = {suffix: i for i, suffix in enumerate(DOCUMENT_PREFERENCE)}
    candidates.sort(key=lambda p: (rank.get(p.suffix.lower(), len(rank)), p.name))
    return candidates[0] if candidates else None


def gold_documents() -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    sources = [
        ("samples", SAMPLES, SAMPLES),
        ("seeds", SEEDS, SEEDS),
        ("real", REAL_GOLD, REAL),
    ]
    for group, gold_dir, doc_dir in sources:
        if not gold_dir.is_dir():
            note(f"deadlines: {gold_dir} not found, its gold is skipped")
            continue
        if not doc_dir.is_dir():
            note(f"deadlines: {doc_dir} not found, the gold in {gold_dir} is skipped")
            continue
        for gold_path in sorted(gold_dir.glob("*.gold.json")):
            path = _document_for(gold_path, doc_dir)
            if path is None:
                note(f"deadlines: no document for {gold_path.name} in {doc_dir}, skipped")
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            dues = _dedupe(d.get("due") for d in gold.get("deadlines") or [])
            docs.append(GoldDoc(group, gold_path, path, dues))
    return docs


class Tally:
    """Pooled precision/recall/F1 over documents, as shared/tools/score_parse.py counts them."""

    def __init__(self) -> None:
        self.tp_p = self.n_pred = self.tp_g = self.n_gold = 0

    def add(self, pred: list[str], gold: list[str]) -> None:
        self.n_pred += len(pred)
        self.n_gold += len(gold)
        self.tp_p += sum(1 for p in pred if p in gold)
        self.tp_g += sum(1 for g in gold if g in pred)

    def scores(self) -> dict[str, float]:
        p = self.tp_p / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)
        r = self.tp_g / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def fallback_text(path: Path) -> str | None:
    """The document's plain text without our parser (used only when parse is unavailable)."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return path.read_text(encoding="utf-8")
    if suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    if suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()
    return None


def run_deadlines(parser: Parser, reps: int) -> dict[str, Any] | None:
    try:
        from dateparser.search import search_dates
    except ImportError as exc:
        note(f"deadlines: dateparser is not installed ({exc}); comparison skipped")
        return None
    docs = gold_documents()
    if not docs:
        note("deadlines: no gold documents found; comparison skipped")
        return None
    ours, theirs = Tally(), Tally()
    ours_ms: list[float] = []
    theirs_ms: list[float] = []
    per_doc: list[dict[str, Any]] = []
    for doc in docs:
        label = f"{doc.group}/{doc.path.name}"
        entry: dict[str, Any] = {"document": label, "gold": doc.gold_dues}
        text: str | None = None
        if parser.parse is not None:
            try:
                times, result = time_calls(lambda d=doc: parser.parse(d.path), 1, reps)
            except Exception as exc:
                entry["ours_error"] = f"{type(exc).__name__}: {exc}"
                note(f"deadlines: parse({label}) failed: {entry['ours_error']}")
            else:
                found = _dedupe(d.due.isoformat() if d.due else None for d in result.deadlines)
                ours.add(found, doc.gold_dues)
                ours_ms.append(statistics.median(times))
                entry.update(ours=found, ours_ms=_round(statistics.median(times)))
                text = result.text
        if text is None:
            text = fallback_text(doc.path)
            entry["text_source"] = "raw text (our parser unavailable for this document)"
            if text is None:
                note(f"deadlines: no text for {label} without our parser, skipped")
                per_doc.append(entry)
                continue
        else:
            entry["text_source"] = "parse(...).text"

        def find(text: str = text) -> Any:
            return search_dates(text, languages=["vi"])

        times, matches = time_calls(find, 1, reps)
        found = _dedupe(d.date().isoformat() for _, d in matches or [])
        theirs.add(found, doc.gold_dues)
        theirs_ms.append(statistics.median(times))
        entry.update(dateparser=found, dateparser_ms=_round(statistics.median(times)))
        per_doc.append(entry)

    def side(tally: Tally, times: list[float]) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": len(times), **tally.scores()}
        out["median_ms_per_document"] = _round(statistics.median(times)) if times else None
        out["true_positives"], out["found"], out["gold"] = tally.tp_p, tally.n_pred, tally.n_gold
        return out

    return {
        "reps": reps,
        "gold_documents": len(docs),
        "ours": side(ours, ours_ms) if ours_ms else None,
        "dateparser": side(theirs, theirs_ms),
        "documents": per_doc,
        "caveat": (
            "dateparser finds dates, not deadlines: it also returns issuing dates, dates of cited "
            "documents and past events, and fills missing parts from the previous match or "
            "today's date; its precision "
            "reflects that. Our time is the whole parse (reading the file included); dateparser's "
            "is search_dates on the already normalised text."
        ),
    }


def print_deadlines(result: dict[str, Any]) -> None:
    print()
    print(
        f"Deadline due dates against gold ({result['gold_documents']} gold documents, "
        f"scored as shared/tools/score_parse.py: distinct dues per document, pooled)"
    )
    header = f"{'':34} {'docs':>4} {'found':>6} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'median ms/doc':>14}"
    print(header)
    print("-" * len(header))
    for name, side in (
        ("kehoach parse()", result["ours"]),
        ("dateparser search_dates(vi)", result["dateparser"]),
    ):
        if side is None:
            print(f"{name:34} {'not available':>4}")
            continue
        ms = side["median_ms_per_document"]
        print(
            f"{name:34} {side['documents']:>4} {side['found']:>6} {side['gold']:>5} "
            f"{side['precision']:>6.3f} {side['recall']:>6.3f} {side['f1']:>6.3f} "
            f"{(f'{ms:.2f}' if ms is not None else '-'):>14}"
        )
    print("Caveat: " + result["caveat"])


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=20, help="timed parses per document (default 20)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed parses first (default 3)")
    ap.add_argument(
        "--deadline-reps",
        type=int,
        default=3,
        help="timed runs per document in the deadline comparison (default 3)",
    )
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-deadlines", action="store_true")
    ap.add_argument("--quick", action="store_true", help="1 warm-up, 3 repetitions: a smoke run")
    ap.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default {RESULTS})")
    args = ap.parse_args(argv)
    if args.quick:
        args.reps, args.warmup, args.deadline_reps = 3, 1, 1

    cpu = pin_one_core()
    print(
        f"kehoach parse benchmark: python {platform.python_version()}, "
        f"{'pinned to CPU ' + str(cpu) if cpu is not None else 'not pinned'}, shared = {SHARED}"
    )
    if not SHARED.is_dir():
        note(f"{SHARED} not found: only the project's own samples are used")
    parser = Parser.load()
    if parser.error:
        note(
            f"kehoach.documents.parse is not importable ({parser.error}); "
            "the speed part is skipped and dateparser runs on raw text"
        )

    results: dict[str, Any] = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_pinned": cpu,
        "shared": str(SHARED),
        "parser": {"available": parser.parse is not None, "error": parser.error},
        "targets_ms": TARGETS_MS,
    }
    try:
        if not args.skip_speed and parser.parse is not None:
            results["speed"] = run_speed(parser, args.warmup, args.reps)
            print_speed(results["speed"])
        if not args.skip_deadlines:
            deadlines = run_deadlines(parser, args.deadline_reps)
            if deadlines is not None:
                results["deadlines"] = deadlines
                print_deadlines(deadlines)
    except Exception:
        traceback.print_exc()
        results["crash"] = traceback.format_exc()
    results["notes"] = notes
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print()
    print(f"results written to {args.output}")
    return 1 if "crash" in results else 0


if __name__ == "__main__":
    sys.exit(main())
