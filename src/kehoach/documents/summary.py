"""A readable summary of a parse (``kehoach parse FILE`` without --json)."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach.documents.model import ParsedDocument
from kehoach.documents.symbols import format_number


def summary_lines(result: ParsedDocument) -> Iterator[str]:
    doc = result.document
    written = format_number(doc.number, doc.symbol)
    number = f"số {written}" if doc.number else written
    yield f"{doc.kind_name or 'Văn bản'} {number}".strip()
    if doc.title:
        yield f"  {doc.title}"
    if doc.issuer or doc.issued_on:
        when = doc.issued_on.strftime("%d/%m/%Y") if doc.issued_on else "không rõ ngày"
        yield f"  {doc.issuer or ''}{', ' if doc.issuer else ''}{doc.place or ''} {when}".rstrip()
    basis = [r for r in result.references if r.basis]
    if basis:
        yield f"  Thực hiện: {basis[0].text}"
    yield f"Văn bản được dẫn: {len(result.references)} · Thời hạn: {len([d for d in result.deadlines if d.due])} · Nhiệm vụ: {len(result.tasks)}"
    for t in result.tasks:
        if not t.lead and not t.deadline:
            continue
        who = "; ".join(u.name for u in t.lead) or "(chưa rõ đơn vị)"
        due = f" — hạn {t.deadline.due.strftime('%d/%m/%Y')}" if t.deadline and t.deadline.due else ""
        yield f"  [{t.id}] {who}{due}"
        yield f"        {t.text[:110]}{'…' if len(t.text) > 110 else ''}"
    if doc.recipients:
        yield "Nơi nhận: " + "; ".join(r.name for r in doc.recipients)
    if doc.signer:
        s = doc.signer
        yield "Ký: " + " / ".join(x for x in (s.capacity, s.position, s.name) if x)
    for w in result.warnings:
        yield f"Lưu ý: {w}"
