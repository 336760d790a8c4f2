"""The parse pipeline: normalised text → every extractor, in dependency order."""

from __future__ import annotations

from kehoach.documents.closing import read_closing
from kehoach.documents.dates import find_deadlines
from kehoach.documents.header import read_header
from kehoach.documents.layout import Text
from kehoach.documents.model import ParsedDocument, Source
from kehoach.documents.normalise import normalise
from kehoach.documents.references import find_references
from kehoach.documents.tasks import find_tasks


def run(raw_text: str, source: Source) -> ParsedDocument:
    text = normalise(raw_text, source.format)
    source.chars = len(text)
    t = Text(text)
    warnings: list[str] = []
    header = read_header(t)
    info = header.info
    closing = read_closing(t, header.body_start)
    info.signer = closing.signer
    info.recipients = closing.recipients
    body_end = closing.start if closing.start is not None else len(text)
    if closing.start is None:
        warnings.append("no signer block or Nơi nhận found")
    if info.issued_on is None:
        warnings.append("no date line found" if "place" not in info.fields else "the date line has no day")
    if info.kind is None:
        warnings.append("no document type found in the header")
    references = find_references(t, (info.number, info.symbol), header.spans)
    excluded = header.spans + closing.spans + [r.span for r in references]
    deadlines = find_deadlines(text, t.mtext, (header.body_start, body_end), info.issued_on, excluded)
    sections, tasks = find_tasks(t, header.body_start, body_end, deadlines)
    return ParsedDocument(
        source=source,
        text=text,
        document=info,
        references=references,
        sections=sections,
        tasks=tasks,
        deadlines=deadlines,
        warnings=warnings,
    )
