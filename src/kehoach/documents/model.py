"""The parser's result: plain dataclasses whose ``to_dict()`` is the JSON contract
(``shared/spec/parse-output.md``, schema ``kehoach.parse/1``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "kehoach.parse/1"

Span = tuple[int, int]


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass
class Explained:
    """Every extracted value remembers the rule that produced it (``kehoach parse --explain``)."""

    rule: str = field(default="", kw_only=True, compare=False)


@dataclass
class Source:
    name: str
    format: str
    sha256: str
    chars: int
    pages: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "format": self.format, "sha256": self.sha256, "chars": self.chars}


@dataclass
class Signer(Explained):
    capacity: str | None
    position: str | None
    name: str | None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "capacity": self.capacity,
            "position": self.position,
            "name": self.name,
            "span": _span(self.span),
        }


@dataclass
class Recipient(Explained):
    name: str
    span: Span


@dataclass
class Field(Explained):
    """One header value with where it was read."""

    value: str
    span: Span


@dataclass
class DocumentInfo:
    kind: str | None = None
    kind_name: str | None = None
    number: str | None = None
    symbol: str | None = None
    superior: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued_on: dt.date | None = None
    title: str | None = None
    confidentiality: str | None = None
    urgency: str | None = None
    signer: Signer | None = None
    recipients: list[Recipient] = field(default_factory=list)
    # Where each header value was read, by field name ("number", "issued_on", "title", ...).
    fields: dict[str, Field] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_name": self.kind_name,
            "number": self.number,
            "symbol": self.symbol,
            "superior": self.superior,
            "issuer": self.issuer,
            "place": self.place,
            "issued_on": _date(self.issued_on),
            "title": self.title,
            "confidentiality": self.confidentiality,
            "urgency": self.urgency,
            "signer": self.signer.to_dict() if self.signer else None,
            "recipients": [r.name for r in self.recipients],
            "spans": {name: _span(f.span) for name, f in self.fields.items()},
        }


@dataclass
class Reference(Explained):
    kind: str
    number: str | None
    symbol: str | None
    issued_on: dt.date | None
    issuer: str | None
    text: str
    span: Span
    basis: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "symbol": self.symbol,
            "issued_on": _date(self.issued_on),
            "issuer": self.issuer,
            "text": self.text,
            "span": _span(self.span),
            "basis": self.basis,
        }


@dataclass
class Deadline(Explained):
    text: str
    due: dt.date | None
    span: Span
    start: dt.date | None = None
    recurrence: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "due": _date(self.due),
            "start": _date(self.start),
            "recurrence": self.recurrence,
            "span": _span(self.span),
        }


@dataclass
class UnitMention(Explained):
    name: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "span": _span(self.span)}


@dataclass
class Section(Explained):
    number: str
    heading: str
    span: Span
    level: int = 0
    children: list[Section] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "heading": self.heading,
            "span": _span(self.span),
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Task(Explained):
    id: str
    section: str | None
    text: str
    span: Span
    lead: list[UnitMention] = field(default_factory=list)
    support: list[UnitMention] = field(default_factory=list)
    deadline: Deadline | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "text": self.text,
            "span": _span(self.span),
            "lead": [u.to_dict() for u in self.lead],
            "support": [u.to_dict() for u in self.support],
            "deadline": self.deadline.to_dict() if self.deadline else None,
        }


@dataclass
class ParsedDocument:
    source: Source
    text: str
    document: DocumentInfo
    references: list[Reference] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "source": self.source.to_dict(),
            "document": self.document.to_dict(),
            "references": [r.to_dict() for r in self.references],
            "sections": [s.to_dict() for s in self.sections],
            "tasks": [t.to_dict() for t in self.tasks],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "warnings": list(self.warnings),
        }
        if with_text:
            out["text"] = self.text
        return out
