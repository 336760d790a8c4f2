"""Normalisation: the raw text of a document becomes the one text that every span points into.

Steps, in order: Unicode NFC; line endings, odd spaces and invisible characters; markdown
markers; footnote markers; PDF page furniture (running headers, page numbers) repeated on
pages; line-wrap artefacts (a paragraph broken over lines, a number and its symbol broken
over a line: "01-\\nKL/TW"); runs of blank lines.

For matching, :func:`match_text` gives a second string *of the same length* in which case and
the placement of tone marks are made uniform ("Hoá"/"hóa", "UỶ"/"ủy" compare equal), so a
rule can search the match text and use the same offsets to cut the display text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Tone marks as combining characters (NFD).
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SUPERSCRIPT_MARK = re.compile(r"⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^?\d+\]")
_LIST_START = re.compile(
    r"^(?:[-+•*–]\s|[IVXLC]+[.\-–)]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ][).]\s|\(\d+\)\s|Nơi nhận|Kính gửi)"
)
_TERMINAL = re.compile(r"[.:;!?…]$|[.;:]\s*[”\"»)]$|\./\.$")


def _strip_markdown(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)  # headings
    line = re.sub(r"^\s*>\s?", "", line)  # quotes
    line = line.replace("\\*", "\x00").replace("\\_", "_").replace("\\-", "-").replace("\\.", ".")
    line = re.sub(r"\*\*|__", "", line)
    # *italic* (not a lone "*" line, not a list bullet "* ")
    line = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])", r"\1", line)
    line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
    return line.replace("\x00", "*")


def _clean_line(line: str, markdown: bool) -> str:
    line = line.translate(_INVISIBLE)
    if markdown:
        line = _strip_markdown(line)
    line = _SUPERSCRIPT_MARK.sub("", line)
    line = _SPACES.sub(" ", line)
    return line.strip()


def _drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""
    if len(pages) < 2:
        return pages
    edge: Counter[str] = Counter()
    for lines in pages:
        non_empty = [ln for ln in lines if ln]
        for ln in set(non_empty[:2] + non_empty[-2:]):
            edge[re.sub(r"\d+", "#", ln)] += 1
    repeated = {k for k, n in edge.items() if n >= max(2, (len(pages) + 1) // 2)}
    page_number = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$", re.I)
    out = []
    for lines in pages:
        non_empty_idx = [i for i, ln in enumerate(lines) if ln]
        edges = set(non_empty_idx[:2] + non_empty_idx[-2:])
        kept = []
        for i, ln in enumerate(lines):
            if i in edges and (page_number.match(ln) or re.sub(r"\d+", "#", ln) in repeated):
                continue
            kept.append(ln)
        out.append(kept)
    return out


def _looks_hard_wrapped(lines: list[str]) -> int:
    """The wrap width of hard-wrapped lines (0 when lines are whole paragraphs).

    Wrapped lines are unterminated and cluster around one length; a text may mix wrapped
    paragraphs with whole ones, so only the unterminated lines are looked at."""
    lengths = sorted(len(ln) for ln in lines if len(ln) >= 40 and not _TERMINAL.search(ln))
    if len(lengths) < 5:
        return 0
    width = lengths[len(lengths) // 2]
    near = sum(1 for n in lengths if 0.8 * width <= n <= 1.1 * width)
    return width if width <= 130 and near >= 0.6 * len(lengths) else 0


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _join_wrapped(lines: list[str], width: int) -> list[str]:
    """Join the lines of a paragraph broken by hard wraps or by a page break."""
    out: list[str] = []
    last_len = 0  # length of the last physical line appended to out[-1]
    for line in lines:
        prev = out[-1] if out else ""
        if (
            line
            and prev
            and not _TERMINAL.search(prev)
            and not _is_caps(prev)
            and not _LIST_START.match(line)
        ):
            starts_lower = line[0].islower()
            wrapped = bool(width) and 0.7 * width <= last_len <= 1.15 * width and not _is_caps(line)
            broken_symbol = bool(re.search(r"\d\s*[-/]$", prev)) and bool(re.match(r"[A-ZĐ]", line))
            if starts_lower or wrapped or broken_symbol:
                out[-1] = prev + ("" if broken_symbol else " ") + line
                last_len = len(line)
                continue
        out.append(line)
        last_len = len(line)
    return out


def _rejoin_across_blanks(lines: list[str], footnote_lines: set[str]) -> list[str]:
    """A paragraph split by a page break (blank lines, maybe footnotes in between) whose
    second half starts in lower case is joined again; the footnotes move after it."""
    out = list(lines)
    i = 0
    while i < len(out):
        prev = out[i]
        if prev and not _TERMINAL.search(prev) and not _is_caps(prev):
            j = i + 1
            footnotes: list[int] = []
            while j < len(out) and (not out[j] or out[j] in footnote_lines):
                if out[j]:
                    footnotes.append(j)
                j += 1
            if j > i + 1 and j < len(out) and out[j][:1].islower() and not _LIST_START.match(out[j]):
                moved = [out[k] for k in footnotes]
                joined = prev + " " + out[j]
                out[i : j + 1] = [joined, *([""] + [m for f in moved for m in (f, "")] if moved else [])]
                continue
        i += 1
    return out


# Two header columns extracted side by side on one line (PDF): split before the right column.
_RIGHT_COLUMN = re.compile(
    r"(?<=\S)\s+(?=CỘNG\s+H[OÒ]À?\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do)"
)
_NUMBER_THEN_DATE = re.compile(
    r"^(Số\s*:?\s*\d*\s*[-/][^\s,]*)\s+(?=[A-ZĐ][^\d,]{1,40},\s*ngày\b)|^(Số\s*:?\s*\d*\s*[-/][^\s,]*)\s+(?=ngày\b)"
)


def _split_header_columns(lines: list[str], limit: int = 15) -> list[str]:
    out: list[str] = []
    for i, ln in enumerate(lines):
        if i < limit and ln:
            ln = _RIGHT_COLUMN.sub("\n", ln)
            ln = _NUMBER_THEN_DATE.sub(lambda m: (m.group(1) or m.group(2)) + "\n", ln)
            out.extend(ln.split("\n"))
        else:
            out.append(ln)
    return out


def normalise(raw: str, fmt: str = "txt") -> str:
    """Return the normalised text of a document (the text that all spans point into)."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    markdown = fmt in ("txt", "md")
    pages = []
    for page in text.split("\f"):
        pages.append([_clean_line(ln, markdown) for ln in page.split("\n")])
    pages = _drop_page_furniture(pages)
    # Footnote lines (they start with a superscript number in the raw text).
    footnote_lines = set()
    for raw_line in text.split("\n"):
        stripped = raw_line.strip()
        if _SUPERSCRIPT_MARK.match(stripped) and not stripped.startswith("["):
            footnote_lines.add(_clean_line(stripped, markdown))
    lines = [ln for page in pages for ln in [*page, ""]]
    if fmt in ("pdf", "doc"):
        lines = _split_header_columns(lines)
    width = _looks_hard_wrapped(lines) if fmt in ("txt", "md", "pdf", "doc") else 0
    lines = _rejoin_across_blanks(lines, footnote_lines)
    lines = _join_wrapped(lines, width)
    # Collapse blank runs, strip "-----" decorations.
    out: list[str] = []
    for ln in lines:
        if re.fullmatch(r"[-_=~.·]{3,}", ln):
            ln = ""
        if not ln and (not out or not out[-1]):
            continue
        out.append(ln)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# --- matching --------------------------------------------------------------------------


def fold_tones_same_length(text: str) -> str:
    """Uniform tone placement for "oa", "oe", "uy" (hoá→hóa, uỷ→ủy), keeping the length."""
    return _TONE_PAIR.sub(_swap_tone, text)


def _split(ch: str) -> tuple[str, str]:
    d = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in d if c in _TONES)
    base = "".join(c for c in d if c not in _TONES)
    return unicodedata.normalize("NFC", base), tone


def _swap_tone(m: re.Match[str]) -> str:
    first, second = m.group(1), m.group(2)
    b2, tone = _split(second)
    if not tone:
        return m.group(0)
    b1, t1 = _split(first)
    if t1:
        return m.group(0)
    return unicodedata.normalize("NFC", b1 + tone) + b2 + m.group(3)


# "oá", "oè", "uỷ" … at the end of a syllable (new style puts the tone on the first vowel).
_TONE_PAIR = re.compile(
    r"(?<![qQ])([oOuU])([áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸýỳỷỹỵÝỲỶỸỴ])(?![a-zA-ZđĐăâêôơưĂÂÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ])()"
)


def match_text(text: str) -> str:
    """Lower case, uniform tone placement, same length as ``text``."""
    folded = fold_tones_same_length(text).lower()
    if len(folded) != len(text):  # a character whose lower case is longer ("İ"): keep 1:1
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in fold_tones_same_length(text))
    return folded
