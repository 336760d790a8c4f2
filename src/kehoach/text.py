"""Text helpers shared by every app: the accent-folded search key.

Vietnamese users type without diacritics ("huyen uy") or with them ("Huyện ủy"); the two must
find each other on SQLite and PostgreSQL alike, and neither database folds Vietnamese accents
by itself (SQLite's LIKE only folds ASCII case). So each searchable row stores ``search_key``,
the folded form of its text, and a search folds the query the same way and filters with ``icontains``
on that column (ADR 0004).
"""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "æ": "ae", "œ": "oe"})


def fold(text: str | None) -> str:
    """Return ``text`` lower-cased without diacritics, with its whitespace collapsed.

    >>> fold("Ban Thường vụ  Huyện ủy Tam Đường")
    'ban thuong vu huyen uy tam duong'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().translate(_EXTRA).split())
