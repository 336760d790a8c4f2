"""The closing of a document: the signer block (T/M, K/T, T/L, T/U; TM., KT., TL., TUQ., Q.;
position; name) and "Nơi nhận" (without "Lưu …" and without purpose trailers)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.documents.layout import CAPACITY, Line, Text
from kehoach.documents.model import Recipient, Signer

RECIPIENTS_HEAD = re.compile(r"^\s*nơi\s+nhận\s*:?\s*", re.I)
ITEM = re.compile(r"^\s*(?:[-+•–*]|\d+[.)])\s*")
PURPOSE = re.compile(
    r"\s*\((?:để\s+|đề\s+)?(?:b/c|t/h|p/h|th|bc|báo\s+cáo|biết|thực\s+hiện|phối\s+hợp(?:\s+thực\s+hiện)?|"
    r"chỉ\s+đạo|theo\s+dõi|giám\s+sát|tham\s+mưu|đăng\s+tải|p/h\s+thực\s+hiện|t/h\s*;?\s*p/h|b/c\s*;?\s*t/h|"
    r"thay\s+báo\s+cáo|chỉ\s+đạo\s+thực\s+hiện|phối\s+hợp\s+chỉ\s+đạo|[a-z]/[a-z](?:\s*[,;]\s*[a-z]/[a-z])*)\)\s*$",
    re.I,
)
POSITION_WORDS = re.compile(
    r"(chủ\s+tịch|bí\s+thư|giám\s+đốc|trưởng|phó|thủ\s+trưởng|chánh|tổng|viện\s+trưởng|ủy\s+viên|"
    r"tư\s+lệnh|chính\s+ủy|hiệu\s+trưởng|thư\s+ký|người\s+ký|chỉ\s+huy)"
)
NOT_NAME = re.compile(r"^\s*\(?\s*(?:đã\s+ký|ký|chữ\s+ký|ký\s+tên|ký,|ký\s+bởi|signature|đóng\s+dấu)", re.I)


@dataclass
class Closing:
    signer: Signer | None = None
    recipients: list[Recipient] = field(default_factory=list)
    start: int | None = None  # where the closing begins (end of the body)
    annex_start: int | None = None  # an appendix after the signature ("PHỤ LỤC …"), part of the body
    spans: list[tuple[int, int]] = field(default_factory=list)


def read_closing(t: Text, body_start: int) -> Closing:
    out = Closing()
    lines = [ln for ln in t.lines if ln.start >= body_start]
    head = next((ln for ln in reversed(lines) if RECIPIENTS_HEAD.match(ln.mtext)), None)
    if head is not None:
        # the signer sits beside the Nơi nhận (after it when the table is read cell by cell, or before)
        near = [ln for ln in lines if head.index - 40 <= ln.index <= head.index + 60]
        after = [ln for ln in near if ln.index > head.index]
        cap_idx = _signer_start(after, first=True) or _signer_start(
            [ln for ln in near if ln.index < head.index]
        )
    else:
        cap_idx = _signer_start(lines)
    starts = [x for x in (head.start if head else None, cap_idx.start if cap_idx else None) if x is not None]
    out.start = min(starts) if starts else None
    if head:
        out.recipients = _recipients(t, head)
        out.spans.append((head.start, out.recipients[-1].span[1] if out.recipients else head.end))
    if cap_idx:
        out.signer = _signer(t, cap_idx)
        if out.signer and out.signer.span:
            out.spans.append(out.signer.span)
    if out.start is not None:
        closing_end = max([out.start, *(b for _, b in out.spans)])
        annex = next((ln for ln in t.lines if ln.start >= closing_end and ANNEX.match(ln.mtext)), None)
        if annex is not None:
            out.annex_start = annex.start
    return out


ANNEX = re.compile(r"^\s*(?:phụ\s+lục|danh\s+mục|biểu)\b")


def _signer_start(lines: list[Line], first: bool = False) -> Line | None:
    """The first line of the signer block: a capacity line (T/M …), else a position line near the end."""
    tail = lines if first else lines[-60:]
    for ln in tail:
        if CAPACITY.match(ln.mtext.strip()) and ln.is_caps:
            return ln
    for ln in tail[::-1][:25][::-1]:
        s = ln.mtext.strip()
        if ln.is_caps and len(s.split()) <= 8 and POSITION_WORDS.search(s) and not RECIPIENTS_HEAD.match(s):
            nxt = _name_after(lines, ln)
            if nxt is not None:
                return ln
    return None


def _name_after(lines: list[Line], ln: Line) -> Line | None:
    pos = lines.index(ln)
    for cand in lines[pos + 1 : pos + 20]:
        s = cand.text.strip()
        if not s or NOT_NAME.match(s) or re.fullmatch(r"[\W_]+", s):
            continue
        if cand.is_caps and POSITION_WORDS.search(cand.mtext):
            continue
        if ITEM.match(s) or re.match(r"^lưu\b", s, re.I):
            continue  # the Nơi nhận column read between the position and the name
        words = s.split()
        if (
            1 <= len(words) <= 6
            and s[0].isupper()
            and not RECIPIENTS_HEAD.match(cand.mtext)
            and not ITEM.match(s)
        ):
            return cand
        return None
    return None


def _signer(t: Text, first: Line) -> Signer | None:
    lines = t.lines
    caps: list[str] = []
    idx = first.index
    position: str | None = None
    pos_line: Line | None = None
    i = idx
    while i < len(lines) and i < idx + 8:
        ln = lines[i]
        s = ln.text.strip().strip("*").strip()
        if not s:
            i += 1
            continue
        if not ln.is_caps:
            break
        cm = CAPACITY.match(ln.mtext.strip())
        if cm:
            caps.append(_clean_capacity(s))
        elif caps and not POSITION_WORDS.search(ln.mtext) and not caps[-1].endswith(("CHỦ TỊCH", "BÍ THƯ")):
            caps[-1] = f"{caps[-1]} {s}"  # capacity over two lines
        else:
            position, pos_line = s, ln
            # a position over two lines ("PHÓ CHỦ TỊCH" / "THƯỜNG TRỰC")
            j = i + 1
            if j < len(lines) and lines[j].is_caps and not CAPACITY.match(lines[j].mtext.strip()):
                nxt = lines[j].text.strip()
                if len(nxt.split()) <= 4 and not POSITION_WORDS.search(lines[j].mtext):
                    position, pos_line = f"{position} {nxt}", lines[j]
            break
        i += 1
    if position is None and caps:
        # "KT. CHỦ TỊCH" with no separate position line
        position = None
    anchor = pos_line or lines[i - 1] if i > idx else first
    name_line = _name_after([ln for ln in lines if ln.index >= anchor.index], anchor)
    name = name_line.text.strip().strip("*").strip() if name_line else None
    end = (name_line or anchor).end
    if not caps and position is None:
        return None
    rule = (
        "capacity lines (T/M, K/T, TM., KT. …), position, name"
        if caps
        else "position line near the end, name"
    )
    return Signer(" / ".join(caps) or None, position, name, span=(first.start, end), rule=rule)


def _clean_capacity(s: str) -> str:
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"^(TM|KT|TL|TUQ|TƯQ|Q)\s*\.\s*", lambda m: m.group(1).replace("TƯQ", "TUQ") + ". ", s)
    return s


def _recipients(t: Text, head: Line) -> list[Recipient]:
    out: list[Recipient] = []
    lines = t.lines
    first_rest = RECIPIENTS_HEAD.match(head.mtext)
    candidates: list[tuple[int, int]] = []
    if first_rest and first_rest.end() < len(head.text.rstrip()):
        candidates.append((head.start + first_rest.end(), head.end))
    blank_run = 0
    for ln in lines[head.index + 1 :]:
        s = ln.text.strip()
        if not s:
            blank_run += 1
            if blank_run >= 3 and candidates:
                break
            continue
        if CAPACITY.match(ln.mtext.strip()) and ln.is_caps:
            if not candidates:
                continue  # a PDF reads the signer's column beside the first lines of Nơi nhận
            break
        if ln.is_caps and POSITION_WORDS.search(ln.mtext) and len(s.split()) <= 8:
            if not candidates:
                continue
            break
        if not ITEM.match(s) and candidates and (blank_run or len(s) > 120):
            break
        blank_run = 0
        candidates.append((ln.start, ln.end))
    for a, b in candidates:
        raw = t.text[a:b]
        lead = ITEM.match(raw)
        a2 = a + (lead.end() if lead else 0)
        value, span = t.cut(a2, b)
        value = PURPOSE.sub("", value).rstrip(" ,;.")
        if not value or re.match(r"^lưu\b", value, re.I):
            continue
        out.append(
            Recipient(
                value,
                (span[0], span[0] + len(value)) if t.text.startswith(value, span[0]) else span,
                rule="line of Nơi nhận",
            )
        )
    return out
