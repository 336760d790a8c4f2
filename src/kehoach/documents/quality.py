"""Is this text Vietnamese, or a broken text layer?

Extracted text goes wrong in four ways, and each has its own signature:

* **no text** (a scanned PDF): few or no letters once a digital-signature stamp is set aside;
* **garbled font encoding** (a PDF whose ``ToUnicode`` map is broken): "KẾ HOẠCH" comes out as
  ".ӂ +2Ҥ&+", letters from other scripts (Cyrillic, Armenian ...) and words that cannot be
  Vietnamese syllables ("QăP", "NLӇP", "cÙng");
* **legacy font encoding** (TCVN3/ABC or VNI text read as Windows-1252): "Uû ban nh©n d©n",
  Latin-1 symbols and letters inside words;
* **OCR without diacritics**: "QUYET DINH", "BO CONG THIJoNG": words may be well formed but
  almost none of them carries a Vietnamese diacritic.

The measure works on *words* (runs of letters). Every word is checked against the shape of a
Vietnamese syllable: an optional initial consonant (b, ch, gh, ngh, qu, tr ...), one to three
vowels, an optional final consonant (c, ch, m, n, ng, nh, p, t), at most one tone mark, and
plain case (``lower``, ``Title`` or ``UPPER``). Clean Vietnamese documents score 92-100 % of
Vietnamese-shaped words (the rest are abbreviations such as UBND or VLNCN), and 85-92 % of those
words carry a diacritic. Garbled layers score under 25 %; OCR without accents has 0-5 %
of words with diacritics. The thresholds below sit far from both groups.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "VIETNAMESE_LETTERS",
    "TextQuality",
    "count_legacy_marks",
    "legacy_example",
    "letter_count",
    "measure",
    "measure_counts",
    "merge",
    "strip_signature_stamp",
    "word_counts",
]

# -- the Vietnamese alphabet ------------------------------------------------------------------

_TONE_GROUPS = {
    "a": "aàáảãạ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
    "e": "eèéẻẽẹ",
    "ê": "êềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "ô": "ôồốổỗộ",
    "ơ": "ơờớởỡợ",
    "u": "uùúủũụ",
    "ư": "ưừứửữự",
    "y": "yỳýỷỹỵ",
}
# toned vowel -> (vowel without tone, has a tone mark)
_UNTONE: dict[str, tuple[str, bool]] = {
    ch: (base, i > 0) for base, group in _TONE_GROUPS.items() for i, ch in enumerate(group)
}
_VIET_LOWER = frozenset("abcdefghijklmnopqrstuvwxyzđ") | frozenset(_UNTONE)
VIETNAMESE_LETTERS = _VIET_LOWER | frozenset(c.upper() for c in _VIET_LOWER)

_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ch|nh|ng|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")

# Characters that TCVN3 (ABC) or VNI text shows when it is read as Windows-1252/Latin-1: the
# Latin-1 range minus the letters Vietnamese itself uses (à á â ã è é ê ì í ò ó ô õ ù ú ý).
_LEGACY_MARKS = frozenset(chr(c) for c in range(0xA1, 0x100)) - VIETNAMESE_LETTERS - {"×", "÷"}
_LEGACY_RE = re.compile("[" + re.escape("".join(sorted(_LEGACY_MARKS))) + "]")

# Lines of a digital-signature stamp ("Ký bởi: Sở Công Thương", "Thời gian ký: 12.03.2026 ...").
_STAMP_LINE = re.compile(
    r"^\s*(?:k[ýy] b[ởo]i|ng[ưu][ờo]i k[ýy]|signed by|signature|c[ơo] quan|t[ổo] ch[ứu]c|ch[ứu]c v[ụu]"
    r"|e-?mail|th[ờo]i gian k[ýy]|ng[àa]y k[ýy]|ng[àa]y gi[ờo] k[ýy]|date|reason|location|l[ýy] do"
    r"|v[ịi] tr[íi])\s*:.*$"
    r"|^[\s\d:./+-]*\d{1,2}:\d{2}(?::\d{2})?[\s\d:./+-]*$",
    re.IGNORECASE | re.MULTILINE,
)

# -- thresholds ---------------------------------------------------------------------------------

MIN_WORDS = 30
"""Below this many words the text is too short to judge; it is accepted."""
MIN_LETTERS = 200
"""A PDF with fewer letters than this (stamps aside) has no text layer to speak of."""
MIN_PAGE_LETTERS = 40
"""A PDF page with fewer letters than this (stamps aside) counts as having no text."""
GARBLED_WORDS = 0.50
"""At least this share of non-Vietnamese words: garbled."""
FOREIGN_LETTERS = 0.05
"""At least this share of letters from outside the Vietnamese alphabet: garbled."""
LEGACY_MARKS = 0.02
"""At least this many Latin-1 marks per letter (with garbled words): TCVN3/VNI."""
MIN_DIACRITICS = 0.25
"""Fewer Vietnamese-shaped words than this share with a diacritic: no diacritics (OCR)."""
SUSPECT_WORDS = 0.25
"""Accepted text with at least this share of non-Vietnamese words gets a warning."""


@dataclass(frozen=True)
class TextQuality:
    """How Vietnamese a text looks. Shares are between 0 and 1."""

    letters: int
    words: int
    non_vietnamese_words: float
    """Share of words that cannot be Vietnamese syllables (abbreviations count here too)."""
    foreign_letters: float
    """Share of letters outside the Vietnamese alphabet (Latin + đ + the toned vowels)."""
    other_script_letters: float
    """Share of letters that are not Latin at all (Cyrillic, Armenian, Greek ...)."""
    legacy_marks: float
    """Latin-1 symbols and letters typical of TCVN3/VNI text, per letter."""
    diacritic_words: float
    """Share of the Vietnamese-shaped words that carry a diacritic."""
    examples: tuple[str, ...] = ()
    """A few of the most frequent non-Vietnamese words, for messages."""

    @property
    def verdict(self) -> str:
        """``ok``, ``short`` (too little to judge), ``garbled``, ``legacy`` or ``no-diacritics``."""
        if self.words < MIN_WORDS:
            return "short"
        garbled = self.non_vietnamese_words >= GARBLED_WORDS or self.foreign_letters >= FOREIGN_LETTERS
        if garbled and self.legacy_marks >= LEGACY_MARKS and self.other_script_letters < 0.01:
            return "legacy"
        if garbled and not (self.foreign_letters < 0.01 and self.diacritic_words < MIN_DIACRITICS):
            return "garbled"
        if self.diacritic_words < MIN_DIACRITICS:
            return "no-diacritics"
        return "ok"

    @property
    def suspect(self) -> bool:
        """Accepted, but a noticeable part of the text does not look Vietnamese."""
        return self.verdict == "ok" and (
            self.non_vietnamese_words >= SUSPECT_WORDS or self.foreign_letters >= 0.01
        )

    def describe(self) -> str:
        """The measure in a few words, for messages and reports."""
        return (
            f"{self.words} words, {_pct(self.non_vietnamese_words)} not Vietnamese, "
            f"{_pct(self.foreign_letters)} of letters outside the Vietnamese alphabet, "
            f"{_pct(self.diacritic_words)} of words with diacritics"
        )


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


@lru_cache(maxsize=65536)
def _is_syllable(word: str) -> bool:
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return False
    tones = 0
    plain = []
    for ch in word.lower():
        untoned = _UNTONE.get(ch)
        if untoned is None:
            plain.append(ch)
        else:
            plain.append(untoned[0])
            tones += untoned[1]
    return tones <= 1 and _SYLLABLE.fullmatch("".join(plain)) is not None


def _has_diacritic(word: str) -> bool:
    return not word.isascii()


def word_counts(text: str) -> Counter[str]:
    """How often each word (run of letters) occurs in ``text`` (expected in NFC)."""
    return Counter(_WORD.findall(text))


def _is_latin(ch: str) -> bool:
    # Latin-1 counts as Latin: its µ ª º are what TCVN3 text shows, not another script.
    return ch <= "\u00ff" or unicodedata.name(ch, "").startswith("LATIN")


def measure_counts(counts: Counter[str], legacy_marks: int = 0) -> TextQuality:
    """The measure from word counts (see :func:`word_counts`); ``legacy_marks`` as counted by
    :func:`measure` (the marks are not letters, so the word counts do not hold them)."""
    words = letters = bad_words = foreign = other = good_words = diacritic = 0
    bad: list[tuple[int, str]] = []
    for word, n in counts.items():
        words += n
        letters += len(word) * n
        if _is_syllable(word):
            good_words += n
            if _has_diacritic(word):
                diacritic += n
        else:
            bad_words += n
            bad.append((n, word))
        if not word.isascii():
            for ch in word:
                if ch not in VIETNAMESE_LETTERS:
                    foreign += n
                    if not _is_latin(ch):
                        other += n
    bad.sort(key=lambda item: (-item[0], item[1]))
    examples = tuple(w for _, w in bad if w.isprintable() and not w.isupper())[:3]
    return TextQuality(
        letters=letters,
        words=words,
        non_vietnamese_words=bad_words / words if words else 0.0,
        foreign_letters=foreign / letters if letters else 0.0,
        other_script_letters=other / letters if letters else 0.0,
        legacy_marks=legacy_marks / letters if letters else 0.0,
        diacritic_words=diacritic / good_words if good_words else 0.0,
        examples=examples,
    )


def count_legacy_marks(text: str) -> int:
    """How many characters of ``text`` are typical of TCVN3/VNI text read as Latin-1."""
    if text.isascii():
        return 0
    return len(_LEGACY_RE.findall(text))


def measure(text: str) -> TextQuality:
    """Measure ``text`` (expected in NFC)."""
    return measure_counts(word_counts(text), count_legacy_marks(text))


def merge(parts: Iterable[tuple[Counter[str], int]]) -> TextQuality:
    """The measure of several texts (PDF pages) given as (word counts, legacy marks)."""
    total: Counter[str] = Counter()
    marks = 0
    for counts, n in parts:
        total.update(counts)
        marks += n
    return measure_counts(total, marks)


def strip_signature_stamp(text: str) -> str:
    """``text`` without the lines of a digital-signature stamp ("Ký bởi: ...")."""
    return _STAMP_LINE.sub("", text)


def letter_count(text: str) -> int:
    """How many letters ``text`` holds."""
    return sum(len(w) for w in _WORD.findall(text))


def legacy_example(text: str, limit: int = 40) -> str:
    """A short stretch of ``text`` around the first TCVN3/VNI mark, for a message."""
    for i, ch in enumerate(text):
        if ch in _LEGACY_MARKS:
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            line = text[start : end if end >= 0 else len(text)].strip()
            if len(line) > limit:
                cut = max(0, i - start - limit // 2)
                line = line[cut : cut + limit].strip()
            return "".join(c for c in line if c.isprintable())
    return ""
