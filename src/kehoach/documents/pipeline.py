"""The parse pipeline: normalised text → every extractor, in dependency order."""

from __future__ import annotations

from collections.abc import Sequence

from kehoach.documents.closing import read_closing
from kehoach.documents.dates import find_deadlines
from kehoach.documents.header import read_header
from kehoach.documents.layout import Text
from kehoach.documents.model import ParsedDocument, Source
from kehoach.documents.normalise import normalise
from kehoach.documents.references import find_references
from kehoach.documents.tables import Table, table_tasks, tables_from_tsv
from kehoach.documents.tasks import find_tasks


def run(raw_text: str, source: Source, tables: Sequence[Table] | None = None) -> ParsedDocument:
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
    mentions: list[tuple[int, int]] = []
    references = find_references(t, (info.number, info.symbol), header.spans, mentions, header.body_start)
    excluded = header.spans + closing.spans + mentions
    regions = [(header.body_start, body_end)]
    if closing.annex_start is not None:
        regions.append((closing.annex_start, len(text)))
    deadlines = [
        d
        for region in regions
        for d in find_deadlines(text, t.mtext, region, header.anchor, excluded, info.issued_on)
    ]
    sections, tasks = [], []
    for region in regions:
        secs, found = find_tasks(t, region[0], region[1], deadlines, info.kind)
        sections.extend(secs)
        tasks.extend(found)
    if tables is None and source.format in ("txt", "md"):
        tables = tables_from_tsv(raw_text)
    if tables:
        rows, covered = table_tasks(t, tables, deadlines, header.body_start)
        if rows:
            tasks = [x for x in tasks if not any(a <= x.span[0] < b for a, b in covered)] + rows
            tasks.sort(key=lambda x: x.span[0])
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
