"""References: every document cited by type and number, Party and State grammars, with its
date and issuing body when written, and the one the plan implements marked as its basis.

"Kế hoạch số 107-KH/TU, ngày 28/02/2024 của Ban Thường vụ Tỉnh ủy", "Quy định 164-QĐ/TW",
"Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ", "Chỉ thị 05" (kind from the word).
"""

from __future__ import annotations

import re
from functools import cache

from kehoach.documents import lexicon
from kehoach.documents.dates import make_date
from kehoach.documents.layout import Text
from kehoach.documents.model import Reference
from kehoach.documents.normalise import match_text
from kehoach.documents.symbols import SYMBOL, parts_from_match


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted({s for t in lexicon.document_types() for s in t.spellings}, key=len, reverse=True)
    words = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(
        rf"(?P<word>(?i:{words}))(?:\s+(?i:liên\s+tịch))?\s*(?P<so>(?i:số|số\s*:))?\s*(?P<num>\d{{1,5}}(?:\.\d{{1,2}})?)"
        rf"(?:{SYMBOL})?(?![\w/])"
    )


@cache
def _anchor() -> re.Pattern[str]:
    """A fast first pass on the match text (lower case, no case-insensitive alternation): a type
    word followed by a number; the full pattern is then tried only there."""
    names = sorted(
        {match_text(s) for t in lexicon.document_types() for s in t.spellings}, key=len, reverse=True
    )
    words = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w])(?:{words})(?:\s+liên\s+tịch)?\s*(?:số\s*:?)?\s*\d")


_BARE = re.compile(rf"(?i:số)\s*:?\s*(?P<num>\d{{1,5}}(?:\.\d{{1,2}})?){SYMBOL}")
_DATE_AFTER = re.compile(
    r"\s*(?:,\s*|\s)?(?:\(?\s*)?(?:ban\s+hành\s+|ký\s+)?(?i:ngày)\s+"
    r"(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*,?\s*năm\s+(?P<y2>(?:19|20)\d{2}))"
    r"|\s*,?\s*tháng\s+(?P<m3>\d{1,2})\s*(?:năm\s+|/)(?P<y3>(?:19|20)\d{2})"
)
_ISSUER_AFTER = re.compile(
    r"\s*,?\s*(?:\)\s*)?(?:của|do)\s+(?P<iss>[^,;:.()“\"\n]{3,90}?)"
    r"(?=\s+(?:về|v/v|khóa|khoá|\(|ban\s+hành|quy\s+định|hướng\s+dẫn|tại|"
    r"và\s+(?:các\s+)?(?:Kế|Hướng|Nghị|Quyết|Chỉ|Kết|Thông|Chương|Quy|Công|Văn|Luật)\s)\b|[,;:.()“\"\n]|$)"
)
_PLAN_KINDS = {"KH", "CTr", "CT", "NQ", "KL", "HD", "TB", "ĐA", "QĐ"}
_BASIS = re.compile(r"(?:^|\n)\s*(?:thực\s+hiện|căn\s+cứ|triển\s+khai(?:\s+thực\s+hiện)?)\s+$", re.I)
_NOT_A_NUMBER_AFTER = re.compile(r"\s*(?:tháng|năm|ngày|%|người|lần|nội\s+dung|đơn\s+vị|kỳ)\b", re.I)
# Kinds whose bare number ("Chỉ thị 05") is a citation even without "số" or a symbol.
_NUMBERED_WITHOUT_SO = {"CT", "NQ", "KL", "QĐ", "HD", "NĐ", "TT"}


def find_references(
    t: Text,
    own: tuple[str | None, str | None],
    skip: list[tuple[int, int]],
    occurrences: list[tuple[int, int]] | None = None,
    body_start: int = 0,
) -> list[Reference]:
    """All citations in reading order, merged by (kind, number, symbol).

    ``occurrences`` receives the span of every mention, repeated ones included."""
    text = t.text
    found: list[Reference] = []
    taken: list[tuple[int, int]] = list(skip)
    for anchor in _anchor().finditer(t.mtext):
        m = _pattern().match(text, anchor.start())
        if m is None or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        word_type = lexicon.type_names().get(re.sub(r"\s+", " ", t.mtext[m.start("word") : m.end("word")]))
        if word_type is None:
            continue
        parts = parts_from_match(m)
        has_symbol = parts is not None
        if not has_symbol:
            if not m["so"] and word_type.code not in _NUMBERED_WITHOUT_SO:
                continue
            if _NOT_A_NUMBER_AFTER.match(text, m.end()) and not (
                m["so"] and re.match(r"\s*ngày", text[m.end() :])
            ):
                continue
        number = _number(m["num"])
        symbol = parts.symbol if parts else None
        kind = word_type.code  # the word decides ("Văn bản số 01/GM-HTCS" is a công văn)
        ref = _complete(
            t,
            m.start(),
            m.end(),
            kind,
            number,
            symbol,
            rule="type word + number" + (" + symbol" if has_symbol else ""),
        )
        found.append(ref)
        taken.append(ref.span)
    for m in _BARE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        parts = parts_from_match(m)
        if not parts:
            continue
        before = t.mtext[max(0, m.start() - 120) : m.start()]
        if _TEMPLATE.search(before[-25:]):
            continue  # "Mẫu số 01/HNCT": a form in the annex, not a document
        kind = _kind_before(before) or _kind_of_symbol(parts.symbol) or parts.type_code or "CV"
        ref = _complete(
            t, m.start(), m.end(), kind, _number(m["num"]), parts.symbol, rule="số + number + symbol"
        )
        found.append(ref)
        taken.append(ref.span)
    for m in _UNNUMBERED.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        found.append(
            _complete(t, m.start(), m.end(), "CV", None, m["sym"], rule="letter cited by a symbol alone")
        )
    for m in _QCVN.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        num = m["num"].split("-")[0]
        found.append(
            _complete(
                t,
                m.start(),
                m.end(),
                "QCVN",
                str(int(num)),
                f"{m['year']}/{m['iss']}",
                rule="QCVN number:year/issuer",
            )
        )
    found.sort(key=lambda r: r.span[0])
    if occurrences is not None:
        occurrences.extend(r.span for r in found)
    own_number, own_symbol = own
    merged: list[Reference] = []
    index: dict[tuple[str, str | None, str | None], Reference] = {}
    for ref in found:
        if (
            own_number
            and ref.number == own_number
            and (ref.symbol or "").upper() == (own_symbol or "").upper()
        ):
            continue
        k = (ref.kind, ref.number, (ref.symbol or "").upper() or None)
        # "Chỉ thị 05" after "Chỉ thị số 05-CT/TW": the same directive (not for letters, whose
        # numbers repeat across senders).
        loose = (
            None
            if ref.kind == "CV"
            else next((r for kk, r in index.items() if kk[0] == ref.kind and kk[1] == ref.number), None)
        )
        twin = next((r for r in merged if _same_document(r, ref)), None)
        if k in index or (ref.symbol is None and loose is not None) or twin is not None:
            prev = index.get(k) or twin or loose
            assert prev is not None
            if prev.issued_on is None and ref.issued_on is not None and ref.symbol:
                prev.issued_on = ref.issued_on
            if prev.issuer is None and ref.issuer is not None:
                prev.issuer = ref.issuer
            continue
        if ref.symbol is not None and (ref.kind, ref.number, None) in index:
            # "Chỉ thị 05" seen first, "Chỉ thị số 05-CT/TW" later: keep the full one in place.
            old = index.pop((ref.kind, ref.number, None))
            ref.span, ref.text = old.span, old.text
            merged[merged.index(old)] = ref
            index[k] = ref
            continue
        index[k] = ref
        merged.append(ref)
    _mark_basis(t, merged, body_start)
    return merged


def _number(raw: str) -> str:
    """Leading zeros dropped ("08" → "8"); a dotted company number stays ("01.6" → "1.6")."""
    head, _, tail = raw.partition(".")
    return str(int(head)) + (f".{tail}" if tail else "")


def _same_document(a: Reference, b: Reference) -> bool:
    """The same citation spelled two ways: symbol parts in another order ("KH-BTT-MTTQ" /
    "KH-MTTQ-BTT"), or cut short ("2025/NQLT" / "2025/NQLT-UBTVQH15-…"), or another kind word."""
    if a.number != b.number or not a.symbol or not b.symbol:
        return False
    sa, sb = a.symbol.upper(), b.symbol.upper()
    if sa == sb or re.sub(r"[-/]", "", sa) == re.sub(r"[-/]", "", sb):
        return True
    pa, pb = re.split(r"[-/]", sa), re.split(r"[-/]", sb)
    if a.kind == b.kind and sorted(pa) == sorted(pb):
        return True
    return a.kind == b.kind and (sa.startswith(sb) or sb.startswith(sa)) and min(len(pa), len(pb)) >= 2


_TEMPLATE = re.compile(r"(?:mẫu|mau|biểu|phụ\s+lục|phiếu)\s*(?:số|so)?\s*:?\s*$")
_LAW_SYMBOL = re.compile(r"^\d{4}/QH\d*$", re.I)


def _kind_before(before: str) -> str | None:
    """A type word earlier in the same clause: "Luật Bầu cử đại biểu Quốc hội số 85/2015/QH13"."""
    clause = re.split(r"[;:.\n]|\d\s*[-/]\s*[a-zđ]", before)[-1]
    found = None
    for name, dtype in lexicon.type_names().items():
        idx = clause.rfind(name)
        if idx >= 0 and (found is None or idx > found[0]):
            found = (idx, dtype.code)
    return found[1] if found else None


def _kind_of_symbol(symbol: str) -> str | None:
    return "L" if _LAW_SYMBOL.match(symbol) else None


_UNNUMBERED = re.compile(
    r"(?i:văn\s+bản|công\s+văn)\s+(?i:số)\s*:?\s*(?P<sym>[A-ZĐ][A-Z0-9Đ]*(?:[-/][A-Z0-9Đ]+){1,4})(?![\w/-])"
)
_QCVN = re.compile(
    r"QCVN\s*(?P<num>\d{1,3}(?:-\d{1,3})?)\s*:\s*(?P<year>(?:19|20)\d{2})\s*/\s*(?P<iss>[A-ZĐ][A-Za-zĐđ]+)"
)


def _complete(
    t: Text, start: int, end: int, kind: str, number: str | None, symbol: str | None, rule: str
) -> Reference:
    text = t.text
    issued = None
    stop = end
    dm = _DATE_AFTER.match(text, end)
    if dm and dm["m3"]:
        stop = dm.end()  # "Văn bản số 02/GĐN-ĐD tháng 4 năm 2026": a month, no day
    elif dm:
        d = make_date(int(dm["y"] or dm["y2"]), int(dm["m"] or dm["m2"]), int(dm["d"] or dm["d2"]))
        if d:
            issued, stop = d, dm.end()
    issuer = None
    im = _ISSUER_AFTER.match(text, stop)
    if im:
        issuer = re.sub(r"\s+", " ", im["iss"]).strip()
        stop = im.end("iss")
    shown = re.sub(r"\s+", " ", text[start:stop]).strip()
    return Reference(
        kind=kind,
        number=number,
        symbol=symbol,
        issued_on=issued,
        issuer=issuer,
        text=shown,
        span=(start, stop),
        rule=rule,
    )


def _mark_basis(t: Text, refs: list[Reference], body_start: int) -> None:
    """The document the plan implements: the first one after "Thực hiện"/"Triển khai" opening a
    paragraph; failing that, among those after "Căn cứ" (a State plan's list of grounds), the last
    plan or directive cited (laws and decrees are grounds, a superior's plan is what is carried out)."""
    opened: list[tuple[str, Reference]] = []
    for ref in refs:
        line = t.line_at(ref.span[0])
        before = t.mtext[line.start : ref.span[0]]
        m = _BASIS.search("\n" + before)
        if m:
            opened.append(("căn cứ" if "căn" in m.group(0) else "thực hiện", ref))
    # the body's own opening before a title that starts "Thực hiện Chỉ thị …"
    opened.sort(key=lambda hr: hr[1].span[0] < body_start)
    carried = [r for how, r in opened if how == "thực hiện"]
    grounds = [r for how, r in opened if how == "căn cứ"]
    plans = [r for r in grounds if r.kind in ("KH", "CTr")] or [r for r in grounds if r.kind in _PLAN_KINDS]
    chosen = carried[0] if carried else (plans[-1] if plans else (grounds[0] if grounds else None))
    if chosen is not None:
        chosen.basis = True
        chosen.rule += (
            "; basis: the document this one carries out ('Thực hiện …', or the plan among 'Căn cứ …')"
        )


def references_in(text: str) -> list[Reference]:
    """The citations of a short text on its own (for examples, tests and ``explain``)."""
    from kehoach.documents.normalise import normalise

    return find_references(Text(normalise(text)), (None, None), [])
