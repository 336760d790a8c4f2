"""Number and symbol (số và ký hiệu), Party and State grammars (conventions.md §1.3 and §6).

Party  ``232-KH/HU``   number - TYPE / ISSUER[/drafter]
State  ``08/KH-UBND``  number / TYPE - ISSUER;  ``30/2020/NĐ-CP`` with a year;
       ``1629/SCT-CN`` a công văn: ISSUER - DRAFTING UNIT (no type code).
Tolerated: spaces and en dashes around the separators, "TƯ" for "TU", mixed styles.

>>> parse_symbol("232 - KH/HU").symbol
'KH/HU'
>>> parse_symbol("30/2020/NĐ-CP").symbol
'2020/NĐ-CP'
>>> parse_symbol("1629/SCT-CN").type_code is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.documents import lexicon

_L = "A-Za-zĐđƯư"
# The symbol after the number, in running text (original case).
PARTY = rf"\s*[-–]\s*(?P<ptype>[A-ZĐ][{_L}]{{0,4}})\s*/\s*(?P<piss>[A-ZĐƯ][{_L}0-9]*(?:-[A-ZĐƯ0-9][{_L}0-9]*)*)(?:/(?P<pdraft>[a-zđ]{{1,4}}))?"
STATE = (
    rf"\s*/\s*(?:(?P<year>(?:19|20)\d{{2}})\s*/\s*)?(?P<stype>(?:(?:19|20)\d{{2}})?[A-ZĐ][{_L}]{{0,7}}\d{{0,2}})"
    rf"(?:\s*(?P<ssep>[-–]|/(?=[A-ZĐ]))\s*(?P<siss>[A-ZĐƯ0-9][{_L}0-9&]*(?:\s*[-–]\s*[A-ZĐƯ0-9][{_L}0-9&]*)*))?"
)
# A company letter numbered with dashes only: "01-GCN-MT".
DASHED = rf"\s*-\s*(?P<dtype>[A-ZĐ]{{2,8}})(?P<drest>(?:-[A-ZĐ0-9][{_L}0-9]*)+)"
SYMBOL = rf"(?:{PARTY}|{STATE}|{DASHED})(?![{_L}0-9])"
_NUMBER_SYMBOL = re.compile(rf"^\s*(?P<num>\d{{1,5}})(?:{PARTY}|{STATE})")


@dataclass(frozen=True)
class SymbolParts:
    number: str | None
    symbol: str
    type_code: str | None  # KH, QĐ… ; None for a State công văn (ISSUER-UNIT)
    issuer: str | None
    grammar: str  # "Party" | "State"


def clean_symbol(raw: str) -> str:
    s = re.sub(r"\s+", "", raw.replace("–", "-").replace("—", "-"))
    s = re.sub(r"TƯ(?=$|[-/])", "TU", s)
    # Issuer codes carry digits only for the term of the Quốc hội (QH14, UBTVQH15); other
    # trailing digits are a footnote mark glued on by the text layer ("NĐ-CP2").
    s = re.sub(r"(?<=[-/])(?!(?:UBTV)?QH\d)([A-ZĐ][A-Za-zĐđ&]+?)\d{1,2}$", r"\1", s)
    return s


def _type_code(raw: str) -> str | None:
    """The official spelling of a type code (``Ctr`` → ``CTr``), or None when unknown."""
    codes = lexicon.type_codes()
    dtype = codes.get(raw.upper())
    return dtype.code if dtype else None


def parts_from_match(m: re.Match[str]) -> SymbolParts | None:
    num = m.groupdict().get("num")
    head = (num or "").partition(".")[0]
    number = str(int(head)) if head and int(head) else None
    if m["ptype"]:
        code = _type_code(m["ptype"]) or m["ptype"]
        sym = clean_symbol(f"{code}/{m['piss']}" + (f"/{m['pdraft']}" if m["pdraft"] else ""))
        return SymbolParts(number, sym, code if _type_code(m["ptype"]) else None, m["piss"], "Party")
    if m.groupdict().get("dtype"):
        sym = clean_symbol(m["dtype"] + m["drest"])
        code = _type_code(m["dtype"])
        return SymbolParts(number, sym, code, m["drest"].strip("-"), "State")
    if m["stype"]:
        stype, siss, year = m["stype"], m["siss"], m["year"]
        code = _type_code(stype)
        sep = "/" if m["ssep"] == "/" else "-"
        sym = code + (f"{sep}{siss}" if siss else "") if code else stype + (f"{sep}{siss}" if siss else "")
        if year:
            sym = f"{year}/{sym}"
        return SymbolParts(number, clean_symbol(sym), code, siss if code else stype, "State")
    return None


def parse_symbol(text: str, whole: bool = False) -> SymbolParts | None:
    """Parse "232-KH/HU", "08/KH-UBND", "30/2020/NĐ-CP" (number and symbol together); with
    ``whole``, nothing may follow the symbol (a form field rather than running text)."""
    text = text.replace("–", "-")
    m = re.fullmatch(_NUMBER_SYMBOL.pattern + r"\s*", text) if whole else _NUMBER_SYMBOL.match(text)
    return parts_from_match(m) if m else None


def format_number(number: str | None, symbol: str | None) -> str:
    """Number and symbol as the document writes them: Party "232-KH/HU" (number, dash, type/issuer),
    State "08/KH-UBND" (number below 10 with a leading zero, slash, type-issuer; NĐ 30/2020 Điều 15)."""
    if not symbol:
        return number or ""
    if not number:
        return symbol
    party = re.match(r"^[A-Za-zĐđ]+/", symbol) is not None
    if party:
        return f"{number}-{symbol}"
    return f"{int(number):02d}/{symbol}" if number.isdigit() else f"{number}/{symbol}"
