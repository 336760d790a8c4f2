"""Lines with offsets, and the zones of a document: header, body, closing (signer, Nơi nhận)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.documents.normalise import match_text


@dataclass(frozen=True)
class Line:
    index: int
    start: int
    end: int
    text: str
    mtext: str

    @property
    def is_caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


class Text:
    """The normalised text, its match text (same length) and its lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.mtext = match_text(text)
        self.lines: list[Line] = []
        pos = 0
        for i, raw in enumerate(text.split("\n")):
            self.lines.append(Line(i, pos, pos + len(raw), raw, self.mtext[pos : pos + len(raw)]))
            pos += len(raw) + 1

    def line_at(self, offset: int) -> Line:
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.lines[lo]

    def cut(self, start: int, end: int) -> tuple[str, tuple[int, int]]:
        """The display text of a span, trimmed of spaces and edge punctuation, with its trimmed span."""
        s = self.text[start:end]
        left = len(s) - len(s.lstrip(" ,;:-–\n\t"))
        right = len(s.rstrip(" ,;:.\n\t"))
        if right <= left:
            return "", (start, start)
        return re.sub(r"\s+", " ", s[left:right]), (start + left, start + right)


SECTION_HEADING = re.compile(
    r"^(?P<num>(?P<roman>[IVX]{1,5})[.\-–/)]|(?P<arabic>\d{1,2}(?:\.\d{1,2}){0,3})[.)]|(?P<letter>[a-zđ])[).])\s*(?=\S)"
)
CLOSING = re.compile(r"^(?:nơi\s+nhận|kính\s+gửi)\s*:?", re.I)
CAPACITY = re.compile(
    r"^(?P<cap>t/m|tm\s*\.|tm\s(?=\S)|k/t|kt\s*\.|t/l|tl\s*\.|t/u|tuq\s*\.|tưq\s*\.|q\s*\.)\s*(?P<rest>.*)$"
)
