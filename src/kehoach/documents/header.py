"""The header: superior body and issuer, number and symbol, place and date, kind and title,
confidentiality and urgency marks (conventions.md §1, §1.3, §6)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kehoach.documents import lexicon
from kehoach.documents.dates import make_date
from kehoach.documents.layout import CLOSING, SECTION_HEADING, Line, Text
from kehoach.documents.model import DocumentInfo, Field
from kehoach.documents.symbols import parse_symbol

MOTTO = re.compile(
    r"^(?:đảng\s+cộng\s+sản\s+việt\s+nam|cộng\s+h[òo]à?\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam|độc\s+lập\s*[-–]\s*tự\s+do)"
)
NUMBER_LINE = re.compile(r"^(?:số|so)\s*:?\s*(?=[\d/\-.…_ ]|$)")
DATE_LINE = re.compile(
    r"^(?:(?P<place>[^,\n]{2,40}?)\s*,\s*)?ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*năm\s*(?P<y>(?:19|20)\d{2})"
)
MARKS = {
    "mật": "confidentiality",
    "tối mật": "confidentiality",
    "tuyệt mật": "confidentiality",
    "khẩn": "urgency",
    "thượng khẩn": "urgency",
    "hỏa tốc": "urgency",
    "hỏa tốc hẹn giờ": "urgency",
}
BODY_START = re.compile(
    r"^(?:thực\s+hiện|căn\s+cứ|triển\s+khai|nhằm|để|theo|trên\s+cơ\s+sở|kính\s+gửi|sau\s+khi|ngày\s+\d|"
    r"qua|tiếp\s+tục|hiện\s+nay|năm\s+\d{4}|thời\s+gian\s+qua|chấp\s+hành|xét|phần\s+thứ|chương\s+[ivx\d])"
)
HEADER_SCAN = 40


@dataclass
class Header:
    info: DocumentInfo
    body_start: int  # offset where the body begins (after the title)
    spans: list[tuple[int, int]] = field(default_factory=list)  # header spans (not deadlines)
    # The document's date, or the first day of its month when the day is left blank
    # ("ngày    tháng 4 năm 2026"): years and recurring dates are counted from it.
    anchor: dt.date | None = None


def _kind_line(line: Line) -> lexicon.DocType | None:
    if not line.is_caps:
        return None
    name = re.sub(r"\s+", " ", line.mtext.strip(" :.*"))
    return lexicon.type_names().get(name)


def read_header(t: Text) -> Header:
    info = DocumentInfo()
    spans: list[tuple[int, int]] = []
    lines = t.lines[:HEADER_SCAN]
    kind_idx: int | None = None
    number_idx: int | None = None
    caps_before: list[Line] = []
    for ln in lines:
        m = ln.mtext.strip()
        if not m:
            continue
        if SECTION_HEADING.match(ln.text) and kind_idx is not None:
            break
        if kind_idx is None and (dtype := _kind_line(ln)):
            kind_idx = ln.index
            info.kind, info.kind_name = dtype.code, dtype.name
            info.fields["kind"] = Field(dtype.code, (ln.start, ln.end), rule="type name line in capitals")
            continue
        if number_idx is None and NUMBER_LINE.match(m) and kind_idx is None:
            number_idx = ln.index
            _read_number(t, ln, info)
            spans.append((ln.start, ln.end))
            continue
        if info.issued_on is None and "place" not in info.fields and (dm := DATE_LINE.match(m)):
            _read_date(t, ln, dm, info)
            spans.append((ln.start, ln.end))
            continue
        if m.strip("* ") in MARKS and ln.is_caps:
            setattr(info, MARKS[m.strip("* ")], ln.text.strip("* "))
            continue
        if kind_idx is None and number_idx is None and ln.is_caps and not MOTTO.match(m) and m not in ("*",):
            caps_before.append(ln)
    if caps_before:
        issuer = caps_before[-1]
        info.issuer = issuer.text.strip()
        info.fields["issuer"] = Field(
            info.issuer, (issuer.start, issuer.end), rule="last capitals line above Số"
        )
        if len(caps_before) > 1:
            sup = caps_before[-2]
            info.superior = sup.text.strip()
            info.fields["superior"] = Field(
                info.superior, (sup.start, sup.end), rule="capitals line above issuer"
            )
    body_start = _read_title(t, info, kind_idx, number_idx)
    anchor = info.issued_on or _month_of_date_line(t)
    if info.kind is None and info.symbol:
        parts = (
            parse_symbol("0/" + info.symbol)
            if "/" not in info.symbol.split("-")[0]
            else parse_symbol("0-" + info.symbol)
        )
        if parts and parts.type_code:
            dtype = lexicon.type_codes().get(parts.type_code.upper())
            if dtype:
                info.kind, info.kind_name = dtype.code, dtype.name
        elif parts:
            info.kind, info.kind_name = "CV", "Công văn"
    return Header(info, body_start, spans, anchor)


def _month_of_date_line(t: Text) -> dt.date | None:
    for ln in t.lines[:HEADER_SCAN]:
        m = DATE_LINE.match(ln.mtext.strip())
        if m:
            return make_date(int(m["y"]), int(m["m"]) if m["m"] else 1, 1)
    return None


def _read_number(t: Text, ln: Line, info: DocumentInfo) -> None:
    m = re.match(r"^\s*(?:Số|số|SỐ|So)\s*:?\s*", ln.text)
    rest_start = ln.start + (m.end() if m else 0)
    rest = t.text[rest_start : ln.end]
    num = re.match(r"\s*(\d{0,5})\s*", rest)
    digits = num.group(1) if num else ""
    sym_text = rest[num.end() if num else 0 :].strip(" .…_")
    sym_text = re.sub(r"^[-/–]\s*", "", sym_text) if not digits else sym_text
    parts = (
        parse_symbol(f"{digits or 0}{'' if sym_text[:1] in '-/–' else '/'}{sym_text}") if sym_text else None
    )
    if digits:
        info.number = str(int(digits))
        info.fields["number"] = Field(info.number, (rest_start, rest_start + len(rest)), rule="Số line")
    if parts:
        info.symbol = parts.symbol
        info.fields["symbol"] = Field(
            parts.symbol, (ln.start, ln.end), rule=f"Số line, {parts.grammar} grammar"
        )


def _read_date(t: Text, ln: Line, m: re.Match[str], info: DocumentInfo) -> None:
    if m["place"]:
        place_text = t.text[ln.start + m.start("place") : ln.start + m.end("place")].strip(" ,")
        info.place = place_text
        info.fields["place"] = Field(
            place_text,
            (ln.start + m.start("place"), ln.start + m.end("place")),
            rule="place before the date line",
        )
    if m["d"] and m["m"]:
        d = make_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            info.issued_on = d
            info.fields["issued_on"] = Field(
                d.isoformat(), (ln.start, ln.end), rule="date line (ngày … tháng … năm …)"
            )


def _read_title(t: Text, info: DocumentInfo, kind_idx: int | None, number_idx: int | None) -> int:
    """The trích yếu: lines after the type name (or a "V/v" line under Số); returns the body start."""
    lines = t.lines
    if kind_idx is None:
        # Công văn: "V/v …" under the number, possibly over two lines.
        for ln in lines[: HEADER_SCAN + 10]:
            vm = re.match(r"^\s*(?:v/v|về\s+việc)\s*:?\s*", ln.mtext)
            if vm:
                parts = [ln]
                nxt = ln.index + 1
                while (
                    nxt < len(lines)
                    and lines[nxt].text
                    and not lines[nxt].is_caps
                    and _title_cont(lines[nxt])
                    and not CLOSING.match(lines[nxt].mtext)
                    and not BODY_START.match(lines[nxt].mtext)
                ):
                    parts.append(lines[nxt])
                    nxt += 1
                start = ln.start + (vm.end() if vm.group(0).strip().startswith("v/v") else 0)
                _set_title(t, info, start, parts[-1].end, "V/v line under the number")
                return parts[-1].end
        last = max((ln.end for ln in lines[:HEADER_SCAN] if DATE_LINE.match(ln.mtext.strip())), default=0)
        return last
    first: Line | None = None
    last_ln: Line | None = None
    for ln in lines[kind_idx + 1 : kind_idx + 15]:
        if not ln.text.strip():
            continue
        if first is None:
            if CLOSING.match(ln.mtext) or DATE_LINE.match(ln.mtext.strip()):
                break
            first = last_ln = ln
            continue
        if (
            BODY_START.match(ln.mtext)
            or SECTION_HEADING.match(ln.text)
            or CLOSING.match(ln.mtext)
            or re.match(r"^\s*[-+•]\s", ln.text)
        ):
            break
        if len(ln.text) > 260 or not _title_cont(ln):
            break
        if ln.is_caps and not first.is_caps:
            break  # the authority line of a decision ("BỘ TRƯỞNG BỘ XÂY DỰNG")
        last_ln = ln
    if first is None or last_ln is None:
        return lines[kind_idx].end
    _set_title(t, info, first.start, last_ln.end, "lines under the type name")
    return last_ln.end


def _title_cont(ln: Line) -> bool:
    s = ln.text.strip()
    return bool(s) and not re.fullmatch(r"[-_=*.\s]+", s) and not DATE_LINE.match(ln.mtext.strip())


def _set_title(t: Text, info: DocumentInfo, start: int, end: int, rule: str) -> None:
    value, span = t.cut(start, end)
    value = value.strip(" *").rstrip(".")
    if value:
        info.title = value
        info.fields["title"] = Field(value, span, rule=rule)
