"""Read a document (.txt, .md, .docx, .pdf, .doc) into plain text for the parser.

``read(source, name=None) -> RawDocument``:

* ``source`` a path (``pathlib.Path`` or any ``os.PathLike[str]``): that file; ``name``, when given,
  replaces the file's own name (an upload saved under a temporary name).
* ``source`` bytes: the file's content; ``name`` is required, for its extension.
* ``source`` a ``str``: the text itself (format ``txt``, or ``md`` when ``name`` ends in ``.md``).

The format comes from the extension and is checked against the content. Text layout, for every
format: lines end with ``"\n"`` (never ``"\r"``), the text is in Unicode NFC.

* .txt/.md: the text as it is (UTF-8, or UTF-16/32 with a byte-order mark).
* .docx: one line per paragraph (a line break inside a paragraph starts a new line; empty
  paragraphs are empty lines; trailing spaces dropped); tables row by row, cell by cell, each
  cell's paragraphs as lines, merged cells once, nested tables in place; text boxes after their
  paragraph; tracked deletions left out; footnotes and endnotes at the end after a line ``"\f"``,
  each as ``"[n] text"``.
* .pdf: each page's text, pages joined by ``"\f"``; trailing spaces dropped.
* .doc: through ``antiword -x db`` (DocBook), so the layout is the .docx one: a paragraph a
  line, tables row by row and cell by cell; footnotes from antiword's text output after ``"\f"``.

The text is then checked (:mod:`kehoach.documents.quality`): a scanned PDF, a garbled font
encoding, TCVN3/VNI text or text without diacritics is refused with
:class:`~kehoach.documents.errors.UnusableTextLayer`. Every failure is a
:class:`~kehoach.documents.errors.DocumentError` whose message is one plain-English line naming
the file.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.documents import quality
from kehoach.documents.errors import UnreadableDocument, UnsupportedFormat, UnusableTextLayer

__all__ = ["FORMATS", "MAX_BYTES", "RawDocument", "read"]


@dataclass(frozen=True)
class RawDocument:
    name: str
    """The file name, without directories."""
    format: str
    """``txt``, ``md``, ``docx``, ``pdf`` or ``doc``."""
    text: str
    """The extracted text (see the module's docstring for its layout)."""
    sha256: str
    """Of the original bytes (of the UTF-8 encoding when the source was a ``str``)."""
    pages: int | None
    """The PDF's page count; None for other formats."""
    tables: tuple[tuple[tuple[str, ...], ...], ...] = ()
    """The .docx's top-level tables as rows of cell texts (a cell's paragraphs joined by "\\n");
    their text is also in ``text``, in place."""
    warnings: tuple[str, ...] = ()
    """What was read with doubts, in plain words."""


MAX_BYTES = 50 * 1024 * 1024
"""Larger input is refused before it is read."""
MAX_DOCX_EXPANDED = 200 * 1024 * 1024
"""A .docx whose files expand to more than this is refused (zip bomb)."""
MAX_MEMBER_RATIO = 100
"""... and so is one with a member over 10 MB expanded that is compressed more than 100:1."""
MAX_PDF_PAGES = 1000
ANTIWORD_TIMEOUT = 30.0

FORMATS = ("txt", "md", "docx", "pdf", "doc")
_EXTENSIONS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".doc": "doc"}
_SUPPORTED = ".txt, .md, .docx, .pdf and .doc"
_MB = 1024 * 1024

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read(source: str | os.PathLike[str] | bytes, name: str | None = None) -> RawDocument:
    """Read ``source`` into a :class:`RawDocument`; see the module's docstring."""
    if isinstance(source, str):
        return _read_str(source, _file_name(name) if name is not None else "text.txt")
    path: Path | None = None
    if isinstance(source, bytes | bytearray | memoryview):
        if name is None:
            raise ValueError("read(bytes) needs name=, the file name whose extension gives the format")
        display = _file_name(name)
        fmt = _format_of(display)
        if len(source) > MAX_BYTES:
            raise _too_large(display, len(source))
        data = bytes(source)
    elif isinstance(source, os.PathLike):
        path = Path(os.fspath(source))
        display = _file_name(name) if name is not None else path.name
        fmt = _format_of(display)
        data = _read_file(path, display)
    else:
        raise TypeError(f"read() takes a path, bytes or str, not {type(source).__name__}")
    return _READERS[fmt](data, display, path)


# -- names, formats, files ----------------------------------------------------------------------


def _file_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base:
        raise ValueError(f"{name!r} is not a file name")
    return base


def _format_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    fmt = _EXTENSIONS.get(suffix)
    if fmt is not None:
        return fmt
    if not suffix:
        raise UnsupportedFormat(f"{name} has no file extension; the supported formats are {_SUPPORTED}")
    hint = ""
    if suffix in {".odt", ".rtf", ".dot", ".dotx", ".docm", ".wps", ".pages", ".htm", ".html"}:
        hint = "; save it as .docx or .pdf"
    raise UnsupportedFormat(
        f"{name}: {suffix} files are not supported (the supported formats are {_SUPPORTED}){hint}"
    )


def _too_large(name: str, size: int) -> UnreadableDocument:
    return UnreadableDocument(
        f"{name} is {size / _MB:.1f} MB; files larger than {MAX_BYTES // _MB} MB are refused"
    )


def _read_file(path: Path, name: str) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UnreadableDocument(f"{name} is a folder, not a file")
        if size > MAX_BYTES:
            raise _too_large(name, size)
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableDocument(f"{name}: no such file") from None
    except PermissionError:
        raise UnreadableDocument(f"{name} cannot be opened: permission denied") from None
    except OSError as exc:
        raise UnreadableDocument(f"{name} cannot be read: {_one_line(exc.strerror or str(exc))}") from None
    if len(data) > MAX_BYTES:  # it grew while we looked
        raise _too_large(name, len(data))
    return data


def _one_line(message: str, limit: int = 160) -> str:
    line = " ".join(str(message).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _sniff(data: bytes) -> str:
    """What ``data`` looks like, for messages: "a PDF file", "a zip archive" ..., or ""."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "a PDF file"
    if data.startswith(_ZIP):
        return "a zip archive (a .docx?)"
    if data.startswith(_OLE2):
        return "a Microsoft Office 97-2003 file (a .doc?)"
    if data.startswith(b"{\\rtf"):
        return "an RTF file"
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"mime-version:" in low:
        return "a web page (HTML)"
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "an image"
    return ""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- text: normalisation and the quality check --------------------------------------------------

# C0 controls other than tab, line feed, vertical tab, form feed and carriage return; DEL; C1.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_ENDS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def _normalise(text: str) -> str:
    if "\r" in text or not text.isascii():
        text = _LINE_ENDS.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def _check_text(text: str, name: str, warnings: list[str]) -> None:
    """Refuse text that is not Vietnamese in a readable encoding (not for PDFs: see _check_pdf)."""
    q = quality.measure(text)
    verdict = q.verdict
    if verdict == "legacy":
        example = quality.legacy_example(text)
        shown = f' (it reads like "{example}")' if example else ""
        raise UnusableTextLayer(
            f"{name} uses a legacy Vietnamese font encoding (TCVN3/VNI){shown}; "
            "convert it to Unicode (for example with Unikey's converter) and try again"
        )
    if verdict == "garbled":
        raise UnusableTextLayer(
            f"{name}: the text is garbled ({_pct(q.non_vietnamese_words)} of the words are not "
            f"Vietnamese{_examples(q)}); it cannot be read"
        )
    if verdict == "no-diacritics":
        raise UnusableTextLayer(
            f"{name}: the text has no Vietnamese diacritics (only {_pct(q.diacritic_words)} of the "
            "words have them), so it cannot be read reliably; use a copy with full Vietnamese text"
        )
    if q.suspect:
        warnings.append(
            f"{_pct(q.non_vietnamese_words)} of the words are not Vietnamese{_examples(q)}; "
            "parts of the text may be garbled"
        )


def _examples(q: quality.TextQuality) -> str:
    if not q.examples:
        return ""
    return ", e.g. " + ", ".join(f'"{w}"' for w in q.examples)


def _finish_text(text: str, name: str, fmt: str, sha: str, warnings: list[str]) -> RawDocument:
    """Normalise decoded .txt/.md text, refuse junk, check it and wrap it."""
    text = _normalise(text)
    if not text.strip():
        raise UnreadableDocument(f"{name} is empty")
    if "\x00" in text:
        raise UnreadableDocument(f"{name} is not a text file (it holds binary data: NUL characters)")
    controls = _CONTROLS.findall(text)
    if controls:
        if len(controls) > max(8, len(text) // 1000):
            raise UnreadableDocument(
                f"{name} is not a text file (it holds binary data: {len(controls)} control characters)"
            )
        text = _CONTROLS.sub("", text)
        if not text.strip():
            raise UnreadableDocument(f"{name} is empty (it holds only control characters)")
        warnings.append(f"{len(controls)} control character(s) removed")
    _check_text(text, name, warnings)
    return RawDocument(name=name, format=fmt, text=text, sha256=sha, pages=None, warnings=tuple(warnings))


# -- .txt and .md ---------------------------------------------------------------------------------


def _read_str(text: str, name: str) -> RawDocument:
    fmt = "md" if name.lower().endswith(".md") else "txt"
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        raise UnreadableDocument(f"{name} holds characters that are not valid Unicode text") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return _finish_text(text, name, fmt, _sha256(encoded), [])


def _read_plain(data: bytes, name: str, path: Path | None) -> RawDocument:
    fmt = _format_of(name)
    sha = _sha256(data)
    warnings: list[str] = []
    if data.startswith(b"\xff\xfe\x00\x00") or data.startswith(b"\x00\x00\xfe\xff"):
        text = _decode(data, "utf-32", name, "UTF-32")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _decode(data[3:], "utf-8", name, "UTF-8")
    elif data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        text = _decode(data, "utf-16", name, "UTF-16")
    else:
        if not data.strip():
            raise UnreadableDocument(f"{name} is empty")
        if b"\x00" in data:
            if _looks_utf16(data):
                raise UnreadableDocument(
                    f"{name} is not UTF-8 text (it looks like UTF-16 without a byte-order mark); "
                    "save it as UTF-8 and try again"
                )
            kind = _sniff(data)
            raise UnreadableDocument(
                f"{name} is not a text file (it is {kind})"
                if kind
                else f"{name} is not a text file (it holds binary data)"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            kind = _sniff(data)
            if kind:
                raise UnreadableDocument(f"{name} is not a text file (it is {kind})") from None
            lenient = data.decode("utf-8", errors="replace")
            bad = lenient.count("\ufffd")
            good = sum(1 for ch in lenient if ch > "\x7f") - bad
            if good > 10 * bad:
                raise UnreadableDocument(
                    f"{name} is damaged UTF-8 text ({bad} byte(s) are not UTF-8, the first at byte "
                    f"{exc.start}); save it as UTF-8 again"
                ) from None
            raise UnreadableDocument(
                f"{name} is not UTF-8 text (it looks like {_guess_encoding(data)}); "
                "save it as UTF-8 and try again"
            ) from None
    return _finish_text(text, name, fmt, sha, warnings)


def _decode(data: bytes, codec: str, name: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise UnreadableDocument(
            f"{name} is damaged: it says it is {label} text but holds bytes that are not"
        ) from None


def _looks_utf16(data: bytes) -> bool:
    """NUL bytes on every other position, as ASCII-range characters in UTF-16 give."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) >= half * 0.3 and min(even, odd) <= half * 0.05


def _guess_encoding(data: bytes) -> str:
    """A name for the encoding of non-UTF-8 ``data``, for the message."""
    sample = data[:65536]
    cp1258 = unicodedata.normalize("NFC", sample.decode("cp1258", errors="replace"))
    q = quality.measure(cp1258)
    if q.words and q.verdict in {"ok", "short"} and q.diacritic_words >= quality.MIN_DIACRITICS:
        return "Windows-1258"
    latin = sample.decode("cp1252", errors="replace")
    if quality.measure(latin).verdict == "legacy":
        return "TCVN3 or VNI, a legacy Vietnamese encoding"
    return "a legacy 8-bit encoding such as Windows-1252"


# -- .docx ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    _W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
_T, _TAB, _PTAB, _BR, _CR, _NB_HYPHEN = (_W + t for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen"))
_TXBX_CONTENT, _TC_PR, _V_MERGE, _H_MERGE, _VAL = (
    _W + t for t in ("txbxContent", "tcPr", "vMerge", "hMerge", "val")
)
_MC_FALLBACK = _MC + "Fallback"
# Inside a paragraph: subtrees whose text is not part of the paragraph's visible text.
_SKIP_IN_P = frozenset(
    _W + t for t in ("pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "fldData")
) | {_MC_FALLBACK}
_NOTE_TYPES_SKIPPED = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def _read_docx(data: bytes, name: str, path: Path | None) -> RawDocument:
    sha = _sha256(data)
    if not data.startswith(b"PK"):
        if data.startswith(_OLE2):
            if _ENCRYPTED_PACKAGE in data:
                raise UnreadableDocument(f"{name} is password-protected; remove the password and try again")
            doc = _read_doc(
                data, name, path, note=f"{name} is really a Word 97-2003 .doc file; it was read as one"
            )
            return doc
        kind = _sniff(data)
        raise UnreadableDocument(
            f"{name} is not a Word .docx file (it is not a zip archive{'; it is ' + kind if kind else ''})"
        )
    _check_zip(data, name)
    return _docx_document(data, name, sha, [])


def _check_zip(data: bytes, name: str) -> None:
    """Refuse damaged zips, zip bombs and zips that are not Word documents."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except Exception:  # BadZipFile mostly; also NotImplementedError, OSError, ValueError ...
        raise UnreadableDocument(
            f"{name} is damaged or truncated (its zip archive cannot be opened); save or download it again"
        ) from None
    total = 0
    names = set()
    for info in infos:
        total += info.file_size
        names.add(info.filename)
        if info.file_size > 10 * _MB and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
            raise UnreadableDocument(
                f"{name}: {info.filename} inside the .docx expands {info.file_size // max(info.compress_size, 1)} "
                f"times to {info.file_size // _MB} MB; refusing it"
            )
    if total > MAX_DOCX_EXPANDED:
        raise UnreadableDocument(
            f"{name}: the .docx expands to more than {MAX_DOCX_EXPANDED // _MB} MB; refusing it"
        )
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            kind = " (it is an Excel workbook)"
        elif "ppt/presentation.xml" in names:
            kind = " (it is a PowerPoint presentation)"
        elif "content.xml" in names and "mimetype" in names:
            kind = " (it is an OpenDocument file; save it as .docx)"
        else:
            kind = " (it has no word/document.xml)"
        raise UnreadableDocument(f"{name} is not a Word document{kind}")


def _docx_document(data: bytes, name: str, sha: str, warnings: list[str]) -> RawDocument:
    import docx  # python-docx: imported here, so reading text or PDFs does not pay for it
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        tables: list[tuple[tuple[str, ...], ...]] = []
        _docx_blocks(document.element.body, lines, tables)
        notes: list[str] = []
        for rel in document.part.rels.values():
            if rel.is_external or rel.reltype not in (RT.FOOTNOTES, RT.ENDNOTES):
                continue
            root = parse_xml(rel.target_part.blob)
            number = 0
            for note in root:
                if note.get(_W + "type") in _NOTE_TYPES_SKIPPED:
                    continue
                number += 1
                note_lines: list[str] = []
                _docx_blocks(note, note_lines)
                if note_lines:  # "[1] text", as antiword prints the notes of a .doc
                    note_lines[0] = f"[{number}] {note_lines[0].lstrip()}"
                notes.extend(note_lines)
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds; all mean "damaged"
        raise UnreadableDocument(
            f"{name} is damaged and cannot be read as a Word document ({_one_line(str(exc) or type(exc).__name__)})"
        ) from None
    text = _word_text(lines, notes, name, warnings)
    return RawDocument(
        name=name,
        format="docx",
        text=text,
        sha256=sha,
        pages=None,
        warnings=tuple(warnings),
        tables=tuple(tables),
    )


def _word_text(lines: list[str], notes: list[str], name: str, warnings: list[str]) -> str:
    """The text of a Word document (.docx or .doc): its lines, then its notes after a form feed;
    refused when empty or not readable as Vietnamese."""
    if notes:
        lines = [*lines, "\f", *notes]
    text = _normalise("\n".join(lines))
    if not text.strip():
        raise UnreadableDocument(f"{name} is empty (the Word document has no text)")
    text = _CONTROLS.sub("", text)
    _check_text(text, name, warnings)
    return text


def _docx_blocks(
    parent: Any, lines: list[str], tables: list[tuple[tuple[str, ...], ...]] | None = None
) -> None:
    """Append the lines of the block-level content of ``parent`` (body, cell, text box, note)."""
    for el in parent:
        tag = el.tag
        if tag == _P:
            boxes: list[Any] = []
            parts: list[str] = []
            _docx_runs(el, parts, boxes)
            lines.extend(line.rstrip() for line in "".join(parts).strip("\n").split("\n"))
            for box in boxes:
                _docx_blocks(box, lines)
        elif tag == _TBL:
            _docx_table(el, lines, tables)
        elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            _docx_blocks(el, lines, tables)


def _docx_table(tbl: Any, lines: list[str], tables: list[tuple[tuple[str, ...], ...]] | None = None) -> None:
    rows: list[tuple[str, ...]] = []
    for row in _children(tbl, _TR):
        cells: list[str] = []
        for cell in _children(row, _TC):
            cell_lines: list[str] = []
            if not _merged_away(cell):
                _docx_blocks(cell, cell_lines)
            lines.extend(cell_lines)
            cells.append("\n".join(cell_lines).strip())
        rows.append(tuple(cells))
    if tables is not None and rows:
        tables.append(tuple(rows))


def _merged_away(cell: Any) -> bool:
    """The lower part of a vertically merged cell (its content is above), or the right part of
    an old-style horizontal merge (its content is on the left). A ``gridSpan`` cell is one ``tc``."""
    props = cell.find(_TC_PR)
    if props is None:
        return False
    for merge in (props.find(_V_MERGE), props.find(_H_MERGE)):
        if merge is not None and merge.get(_VAL, "continue") == "continue":
            return True
    return False


def _children(el: Any, tag: str) -> Iterator[Any]:
    """Children of ``el`` with ``tag``, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            yield from _children(child, tag)


def _docx_runs(el: Any, parts: list[str], boxes: list[Any]) -> None:
    """The visible text inside a paragraph, in order; text boxes are collected in ``boxes``."""
    for child in el:
        tag = child.tag
        if tag == _T:
            if child.text:
                parts.append(child.text)
        elif tag in (_TAB, _PTAB):
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NB_HYPHEN:
            parts.append("-")
        elif tag == _TXBX_CONTENT:
            boxes.append(child)
        elif tag in _SKIP_IN_P or not isinstance(tag, str):
            continue
        elif len(child):
            _docx_runs(child, parts, boxes)


# -- .pdf ----------------------------------------------------------------------------------------

_PDF_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)


def _read_pdf(data: bytes, name: str, path: Path | None) -> RawDocument:
    import pypdfium2 as pdfium  # imported here, so reading text or .docx does not pay for it
    import pypdfium2.raw as pdfium_c

    sha = _sha256(data)
    if b"%PDF-" not in data[:1024]:
        kind = _sniff(data)
        raise UnreadableDocument(
            f"{name} is not a PDF file (it does not start with %PDF-{'; it is ' + kind if kind else ''})"
        )
    if b"%%EOF" not in data[-4096:]:
        raise UnreadableDocument(f"{name} is truncated (its end is missing); download or export it again")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableDocument(
                f"{name} is password-protected; remove the password and try again"
            ) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnreadableDocument(f"{name} uses an encryption scheme that cannot be read") from None
        raise UnreadableDocument(
            f"{name} is damaged and cannot be opened as a PDF; export it again"
        ) from None
    pages: list[str] = []
    empty: list[int] = []  # 1-based numbers of pages without text
    scanned: list[int] = []  # ... of those, the ones covered by an image
    per_page: list[tuple[Counter[str], int]] = []
    letters = 0
    try:
        count = len(pdf)
        if count == 0:
            raise UnreadableDocument(f"{name} has no pages")
        if count > MAX_PDF_PAGES:
            raise UnreadableDocument(f"{name} has {count} pages; PDFs over {MAX_PDF_PAGES} pages are refused")
        for index in range(count):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    raw = textpage.get_text_range()
                finally:
                    textpage.close()
                text = _pdf_page_text(raw)
                page_letters = quality.letter_count(quality.strip_signature_stamp(text))
                letters += page_letters
                if page_letters < quality.MIN_PAGE_LETTERS:
                    empty.append(index + 1)
                    if _covered_by_image(page, pdfium_c.FPDF_PAGEOBJ_IMAGE):
                        scanned.append(index + 1)
            finally:
                page.close()
            pages.append(text)
            per_page.append((quality.word_counts(text), quality.count_legacy_marks(text)))
        stamped = _stamped_number_and_day(pdf, pages[0], pdfium_c) if pages else None
        if stamped is not None:
            pages[0] = stamped
    except pdfium.PdfiumError:
        raise UnreadableDocument(f"{name} is damaged: a page cannot be read; export it again") from None
    finally:
        pdf.close()
    warnings = _check_pdf(name, count, letters, empty, scanned, per_page)
    if stamped is not None:
        warnings.append("the number or the day was read from the digital-signature stamp on page 1")
    return RawDocument(
        name=name, format="pdf", text="\f".join(pages), sha256=sha, pages=count, warnings=tuple(warnings)
    )


_BLANK_NUMBER = re.compile(r"(Số\s*:?\s*)(?=[/-]\s*[A-ZĐ])")
_BLANK_DAY = re.compile(r"(ngày\s+)(?=tháng\s+\d)")


def _stamped_number_and_day(pdf: Any, text: str, pdfium_c: Any) -> str | None:
    """Signed PDFs often leave "Số: /SCT-CN" and "ngày   tháng 3" blank in the text and print the
    number and the day in the signature widget. Flatten page 1, take the digits that appear only
    then, and put each beside the blank it is level with. None when there is nothing to fill."""
    if not (_BLANK_NUMBER.search(text) or _BLANK_DAY.search(text)):
        return None
    page = pdf[0]
    try:
        if pdfium_c.FPDFPage_GetAnnotCount(page) == 0:
            return None
        pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
    finally:
        page.close()
    page = pdf[0]
    textpage = page.get_textpage()
    try:
        full = _pdf_page_text(textpage.get_text_range())
        before = Counter(re.findall(r"\d+", text))
        after = Counter(re.findall(r"\d+", full))
        new = [tok for tok in (after - before) if len(tok) <= 5]
        if not new:
            return None
        raw_full = textpage.get_text_range()

        def box(index: int) -> tuple[float, float, float, float]:
            left, bottom, right, top = textpage.get_charbox(index)
            return float(left), float(bottom), float(right), float(top)

        anchors: dict[str, tuple[float, float, float, float]] = {}
        for key, rx in (("number", _BLANK_NUMBER), ("day", _BLANK_DAY)):
            m = rx.search(raw_full)
            if m and rx.search(text):
                anchors[key] = box(m.start())
        filled: dict[str, str] = {}
        for tok in new:
            idx = raw_full.rfind(tok)
            if idx < 0:
                continue
            left, bottom, _, top = box(idx)
            height = max(top - bottom, 1.0)
            # the blank on the same line whose start is the nearest one to the left of the digits
            level = [
                (key, a)
                for key, a in anchors.items()
                if abs((a[1] + a[3]) / 2 - (bottom + top) / 2) < 2 * height and a[0] <= left
            ]
            best = max(level, key=lambda kv: kv[1][0], default=None)
            if best is not None:
                filled.setdefault(best[0], tok)
    finally:
        textpage.close()
        page.close()
    if not filled:
        return None
    if "number" in filled:
        text = _BLANK_NUMBER.sub(lambda m: m.group(1) + filled["number"], text, count=1)
    if "day" in filled:
        text = _BLANK_DAY.sub(lambda m: m.group(1) + filled["day"] + " ", text, count=1)
    return text


def _pdf_page_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _PDF_CONTROLS.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.strip("\n")


def _covered_by_image(page: Any, image_type: int) -> bool:
    """Whether images cover at least half of the page (a scanned page)."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    for obj in page.get_objects(filter=[image_type], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        covered += max(right - left, 0.0) * max(top - bottom, 0.0)
        if covered >= area / 2:
            return True
    return False


def _check_pdf(
    name: str,
    count: int,
    letters: int,
    empty: list[int],
    scanned: list[int],
    per_page: list[tuple[Counter[str], int]],
) -> list[str]:
    """Refuse a PDF whose text layer is missing or garbled; return warnings for doubtful pages."""

    def unusable(reason: str) -> UnusableTextLayer:
        return UnusableTextLayer(f"{name}: the PDF's text layer is unusable ({reason}); it needs OCR")

    if letters < quality.MIN_LETTERS or len(empty) == count:
        raise unusable("no text layer: scanned pages")
    if 2 * len(empty) > count:
        raise unusable(f"no text layer on {len(empty)} of {count} pages: scanned pages")
    q = quality.merge(per_page)
    verdict = q.verdict
    if verdict in {"garbled", "legacy"}:
        raise unusable(
            f"garbled font encoding: {_pct(q.non_vietnamese_words)} of the words are not Vietnamese"
        )
    if verdict == "no-diacritics":
        raise unusable(
            f"text without Vietnamese diacritics, as from a poor OCR: only {_pct(q.diacritic_words)} "
            "of the words have them"
        )
    warnings: list[str] = []
    if scanned:
        warnings.append(
            f"{_pages(scanned)} no text layer (scanned); {'its' if len(scanned) == 1 else 'their'} "
            "content is missing"
        )
    bad = [
        i + 1
        for i, (counts, marks) in enumerate(per_page)
        if quality.measure_counts(counts, marks).verdict in {"garbled", "legacy", "no-diacritics"}
    ]
    if bad:
        warnings.append(f"the text of {_pages(bad).removesuffix(' has').removesuffix(' have')} looks garbled")
    elif q.suspect:
        warnings.append(
            f"{_pct(q.non_vietnamese_words)} of the words are not Vietnamese{_examples(q)}; "
            "parts of the text may be garbled"
        )
    return warnings


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]} has"
    shown = ", ".join(str(n) for n in numbers[:10]) + (" ..." if len(numbers) > 10 else "")
    return f"pages {shown} have"


# -- .doc (Word 97-2003, through antiword) ---------------------------------------------------------


def _read_doc(data: bytes, name: str, path: Path | None, note: str | None = None) -> RawDocument:
    sha = _sha256(data)
    warnings = [note] if note else []
    if data.startswith(b"PK"):
        _check_zip(data, name)
        warnings.append(f"{name} is really a .docx file; it was read as one")
        return _docx_document(data, name, sha, warnings)
    if not data.startswith(_OLE2):
        kind = _sniff(data)
        if kind in {"an RTF file", "a web page (HTML)"}:
            raise UnsupportedFormat(
                f"{name} is {kind} with a .doc name; open it in Word and save it as .docx"
            )
        raise UnreadableDocument(
            f"{name} is not a Word 97-2003 document{' (it is ' + kind + ')' if kind else ''}"
        )
    antiword = shutil.which("antiword")
    if antiword is None:
        raise UnsupportedFormat(
            f"{name} is a legacy .doc file; install antiword (apt-get install antiword) or save it as .docx"
        )
    xml, notes = _run_antiword(antiword, data, name, path)
    lines = _docbook_lines(xml, name)
    text = _word_text(lines, notes, name, warnings)
    return RawDocument(name=name, format="doc", text=text, sha256=sha, pages=None, warnings=tuple(warnings))


def _run_antiword(antiword: str, data: bytes, name: str, path: Path | None) -> tuple[bytes, list[str]]:
    """antiword's DocBook XML of the document (its structure: paragraphs, tables) and the
    footnotes, which only its text output holds."""

    def run(file: str, *options: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [antiword, *options, file],
            capture_output=True,
            timeout=ANTIWORD_TIMEOUT,
            check=False,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )

    def both(file: str) -> tuple[subprocess.CompletedProcess[bytes], list[str]]:
        done = run(file, "-x", "db")
        notes: list[str] = []
        if done.returncode == 0 and b"<footnote>" in done.stdout:
            plain = run(file, "-m", "UTF-8.txt", "-w", "0")
            if plain.returncode == 0:
                notes = _antiword_footnotes(plain.stdout.decode("utf-8", errors="replace"))
        return done, notes

    try:
        if path is not None and path.is_file():
            done, notes = both(str(path))
        else:
            with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
                file = os.path.join(tmp, "document.doc")
                with open(file, "wb") as f:
                    f.write(data)
                done, notes = both(file)
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(
            f"{name}: antiword took more than {ANTIWORD_TIMEOUT:.0f} s; refusing it"
        ) from None
    except OSError as exc:
        raise UnreadableDocument(f"{name}: antiword could not be run ({_one_line(str(exc))})") from None
    if done.returncode != 0 or not done.stdout.strip():
        err = done.stderr.decode("utf-8", errors="replace")
        if re.search(r"encrypt|password", err, re.IGNORECASE):
            raise UnreadableDocument(f"{name} is password-protected; remove the password and try again")
        if "not a Word Document" in err:
            raise UnreadableDocument(f"{name} is damaged or not a Word 97-2003 document; save it as .docx")
        first = next((line for line in err.splitlines() if line.strip()), "no output")
        first = first.replace(str(path) if path is not None else "\0", name)
        raise UnreadableDocument(f"{name} cannot be read by antiword ({_one_line(first)})")
    return done.stdout, notes


_ANTIWORD_NOTES = re.compile(r"\n-{20,}\n\s*(\[1\][\s\S]*)\Z")


def _antiword_footnotes(plain: str) -> list[str]:
    """The footnotes ("[1] ...") that antiword's text output prints after a line of dashes."""
    found = _ANTIWORD_NOTES.search(plain)
    if found is None:
        return []
    return [line.rstrip() for line in found.group(1).split("\n") if line.strip()]


_DB_TEXT = frozenset({"para", "simpara", "title", "entry", "term", "literallayout", "programlisting"})
_DB_TABLES = frozenset({"informaltable", "table"})
_DB_SKIP = frozenset({"bookinfo", "colspec", "spanspec"})


def _docbook_lines(xml: bytes, name: str) -> list[str]:
    """antiword's DocBook output as lines: one per paragraph, tables row by row."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, recover=True, huge_tree=False
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise UnreadableDocument(f"{name}: antiword's output could not be read")
    lines: list[str] = []

    def blocks(el: Any, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _DB_SKIP or (tag == "title" and el.tag == "book"):
                continue
            if tag == "title" and not "".join(child.itertext()).strip():
                continue
            if tag in _DB_TEXT:
                text_block(child, out)
            elif tag in _DB_TABLES:
                table(child, out)
            elif tag != "footnote":  # antiword leaves footnotes empty here; see _antiword_footnotes
                blocks(child, out)

    def table(el: Any, out: list[str]) -> None:
        for row in el.iter("row"):
            # rows of nested tables are reached through their entries, not here
            if next((a for a in row.iterancestors(*_DB_TABLES)), None) is not el:
                continue
            for entry in row:
                if entry.tag == "entry":
                    text_block(entry, out)

    def text_block(el: Any, out: list[str]) -> None:
        segments: list[str] = [el.text or ""]
        has_blocks = False

        def flush() -> None:
            text = "".join(segments)
            segments.clear()
            if text.strip() or not has_blocks:
                out.extend(_docbook_text_lines(text))

        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                segments.append(child.tail or "")
                continue
            if tag in _DB_TABLES or tag in _DB_TEXT or tag in {"itemizedlist", "orderedlist", "footnote"}:
                has_blocks = True
                if "".join(segments).strip():
                    flush()
                segments.clear()
                if tag in _DB_TABLES:
                    table(child, out)
                elif tag == "footnote":
                    pass
                elif tag in _DB_TEXT:
                    text_block(child, out)
                else:
                    blocks(child, out)
            else:
                segments.append("".join(child.itertext()))
            segments.append(child.tail or "")
        flush()

    blocks(root, lines)
    return lines


def _docbook_text_lines(text: str) -> list[str]:
    """The lines of one DocBook text element, without the indentation antiword wraps them in."""
    if text.startswith("\n"):
        text = text[1:]
    lines = [line.rstrip() for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()
    return lines or [""]


_READERS: dict[str, Callable[[bytes, str, Path | None], RawDocument]] = {
    "txt": _read_plain,
    "md": _read_plain,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "doc": _read_doc,
}
