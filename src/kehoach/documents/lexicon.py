"""Language data: the data files in ``data/`` loaded once, with their sources noted there."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from kehoach.documents.normalise import match_text


def _lines(name: str) -> list[str]:
    raw = resources.files("kehoach.documents").joinpath("data", name).read_text(encoding="utf-8")
    return [ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class DocType:
    code: str
    name: str
    spellings: tuple[str, ...]


@cache
def document_types() -> tuple[DocType, ...]:
    out = []
    for ln in _lines("document_types.tsv"):
        code, name, *rest = ([*ln.split("\t"), ""])[:3]
        spellings = tuple(s.strip() for s in rest[0].split(",") if s.strip()) if rest else ()
        out.append(DocType(code, name, spellings))
    return tuple(out)


@cache
def type_codes() -> dict[str, DocType]:
    """Symbol code (upper case) → type; the first listed wins (QĐ → Quyết định)."""
    out: dict[str, DocType] = {}
    for t in document_types():
        out.setdefault(t.code.upper(), t)
    return out


@cache
def type_names() -> dict[str, DocType]:
    """Spelled-out name in match text (``kế hoạch``) → type."""
    out: dict[str, DocType] = {}
    for t in document_types():
        for s in t.spellings:
            out.setdefault(match_text(s), t)
    return out


@cache
def unit_heads() -> tuple[str, ...]:
    return tuple(sorted({match_text(x) for x in _lines("unit_heads.txt")}, key=len, reverse=True))


@cache
def task_verbs() -> tuple[str, ...]:
    return tuple(sorted({match_text(x) for x in _lines("task_verbs.txt")}, key=len, reverse=True))
