"""kehoach.documents: read a Vietnamese plan (kế hoạch) and tell who must do what by when.

Pure Python, no Django. One call::

    from kehoach.documents import parse
    result = parse(Path("ke-hoach.docx"))      # or parse(data, name="x.pdf"), or parse(text)
    result.to_dict()                            # the JSON contract, schema kehoach.parse/1

Pipeline: read (txt/md/docx/pdf/doc) → normalise → layout → header, closing, references,
sections, deadlines, units, tasks → :class:`ParsedDocument`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from kehoach.documents.errors import DocumentError, UnreadableDocument, UnsupportedFormat, UnusableTextLayer
from kehoach.documents.model import ParsedDocument, Source

__all__ = [
    "DocumentError",
    "ParsedDocument",
    "UnreadableDocument",
    "UnsupportedFormat",
    "UnusableTextLayer",
    "parse",
    "parse_text",
]


def parse(source: str | os.PathLike[str] | bytes, name: str | None = None) -> ParsedDocument:
    """Parse a document: a path, bytes with a file ``name``, or the text itself (a ``str``).

    Raises :class:`DocumentError` (with a one-line message) for what cannot be read."""
    from kehoach.documents.read import read

    raw = read(source, name=name)
    result = parse_text(
        raw.text,
        name=raw.name,
        fmt=raw.format,
        sha256=raw.sha256,
        pages=raw.pages,
        tables=getattr(raw, "tables", None) or None,
    )
    result.warnings[:0] = list(raw.warnings)
    return result


def parse_text(
    raw_text: str,
    name: str = "text.txt",
    fmt: str = "txt",
    sha256: str | None = None,
    pages: int | None = None,
    tables: Sequence[Sequence[Sequence[str]]] | None = None,
) -> ParsedDocument:
    """Parse already-extracted text (``fmt`` tells how it was laid out)."""
    from kehoach.documents.pipeline import run

    if sha256 is None:
        sha256 = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()
    return run(raw_text, Source(name=name, format=fmt, sha256=sha256, chars=0, pages=pages), tables)
