"""``kehoach parse --explain``: every extracted value with the rule that produced it."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach.documents.model import ParsedDocument, Section


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def explain_lines(result: ParsedDocument) -> Iterator[str]:
    doc = result.document
    yield f"# {result.source.name} ({result.source.format}, {result.source.chars} characters)"
    yield "## document"
    for name, f in doc.fields.items():
        yield f"{name:<12} {_short(f.value, 70)!r:<72} [{f.span[0]}:{f.span[1]}]  ← {f.rule}"
    if doc.signer:
        s = doc.signer
        yield f"{'signer':<12} {s.capacity!r} / {s.position!r} / {s.name!r}  ← {s.rule}"
    for r in doc.recipients:
        yield f"{'recipient':<12} {r.name!r} [{r.span[0]}:{r.span[1]}]  ← {r.rule}"
    yield "## references"
    for ref in result.references:
        date = ref.issued_on.isoformat() if ref.issued_on else "-"
        basis = " BASIS" if ref.basis else ""
        yield f"{ref.kind:<4} {ref.number or '-':>5} {ref.symbol or '-':<14} {date}{basis}  {_short(ref.text, 60)!r}  ← {ref.rule}"
    yield "## deadlines"
    for d in result.deadlines:
        due = d.due.isoformat() if d.due else "-"
        rec = f" every {d.recurrence['every']}" if d.recurrence else ""
        yield f"{due}{rec}  {d.text!r} [{d.span[0]}:{d.span[1]}]  ← {d.rule}"
    yield "## sections"
    yield from _sections(result.sections, 0)
    yield "## tasks"
    for t in result.tasks:
        yield f"{t.id}  {_short(t.text)!r}  ← {t.rule}"
        for u in t.lead:
            yield f"    lead     {u.name!r} [{u.span[0]}:{u.span[1]}]  ← {u.rule}"
        for u in t.support:
            yield f"    support  {u.name!r}  ← {u.rule}"
        if t.deadline:
            yield f"    deadline {t.deadline.text!r} → {t.deadline.due}"
    for w in result.warnings:
        yield f"warning: {w}"


def _sections(sections: list[Section], depth: int) -> Iterator[str]:
    for s in sections:
        yield f"{'  ' * depth}{s.number}  {_short(s.heading, 70)!r}  ← {s.rule}"
        yield from _sections(s.children, depth + 1)
