"""Dates and deadlines: our own grammar (dateparser misses "Quý II/2024", drops "trước" and
borrows years from earlier dates).

Every rule runs on the *match text* (lower case, uniform tone placement) and yields a
:class:`Candidate` with its span; :func:`find_deadlines` then drops the dates that are not
deadlines (citations' dates, past events, effective dates, dates inside quoted titles) and
fills in missing years. Examples of each rule are in ``tests/documents/test_dates.py``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kehoach.documents.model import Deadline, Span

SEP = r"\s*[/.\-]\s*"
DAY = r"(?P<d>\d{1,2})"
MONTH = r"(?P<m>\d{1,2})"
YEAR = r"(?P<y>(?:19|20)\d{2})"
# "10/4/2024", "10/4", "10 tháng 4 năm 2024", "ngày 10 tháng 4"
DMY = rf"{DAY}{SEP}{MONTH}(?:{SEP}{YEAR})?(?![\d/])"
DMY_WORDS = r"(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})(?:\s*(?:,\s*)?năm\s+(?P<wy>(?:19|20)\d{2}))?"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def full_dates(mtext: str) -> Iterator[tuple[int, int, dt.date]]:
    """Every complete date (day, month and year) in the text: (start, end, date)."""
    for rx in (_FULL_NUM, _FULL_WORDS):
        for m in rx.finditer(mtext):
            d = make_date(int(m["y"]), int(m["m"]), int(m["d"]))
            if d:
                yield m.start(), m.end(), d


_FULL_NUM = re.compile(rf"(?<![\d/]){DAY}{SEP}{MONTH}{SEP}{YEAR}(?![\d/])")
_FULL_WORDS = re.compile(rf"ngày\s+{DAY}\s+tháng\s+{MONTH}\s*(?:,\s*)?năm\s+{YEAR}")


@dataclass
class Candidate:
    start: int
    end: int
    rule: str
    due: tuple[int | None, int, int] | None  # (year or None, month, day)
    start_date: tuple[int | None, int, int] | None = None
    every: str | None = None
    kind: str = "date"  # date | month | quarter | half | year | range | recurrence | before


# --- the rules -------------------------------------------------------------------------
# Each: (name, regex, builder). Builders turn a match into a Candidate or None.

_MONTHS_RANGE = re.compile(
    r"từ\s+(?:đầu\s+)?tháng\s+(?P<m1>\d{1,2})(?:\s*/\s*(?P<y1>(?:19|20)\d{2}))?\s*"
    r"(?:đến|tới|-|–)\s*(?:hết\s+|cuối\s+)?tháng\s+(?P<m2>\d{1,2})"
    r"(?:\s*/\s*(?P<y2>(?:19|20)\d{2})|\s+năm\s+(?P<y3>(?:19|20)\d{2}))?"
)
_DAYS_RANGE = re.compile(
    rf"từ\s+(?:ngày\s+)?(?P<d1>\d{{1,2}}){SEP}(?P<m1>\d{{1,2}})(?:{SEP}(?P<y1>(?:19|20)\d{{2}}))?\s*"
    rf"(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?(?P<d2>\d{{1,2}}){SEP}(?P<m2>\d{{1,2}})"
    rf"(?:{SEP}(?P<y2>(?:19|20)\d{{2}}))?(?![\d/])"
)
_TO_YEAR = re.compile(
    r"(?:(?:từ\s+nay|từ\s+năm\s+(?:19|20)\d{2})\s+)?(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+(?P<y>(?:19|20)\d{2})"
)
_YEAR_DEADLINE = re.compile(
    r"(?:(?:hoàn\s+thành|thực\s+hiện|xong|triển\s+khai)\s+(?:trong|trước|vào)\s+|trước\s+|(?:^|\n)\s*trong\s+)"
    r"(?:(?P<end>cuối|hết)\s+)?năm\s+(?P<y>(?:19|20)\d{2})"
)
_BEFORE = re.compile(
    rf"(?P<w>trước|chậm\s+nhất(?:\s+là)?|muộn\s+nhất(?:\s+là)?|hạn\s+chót(?:\s+là)?|không\s+quá|xong\s+trước)"
    rf"\s+(?:ngày\s+)?(?:{DMY}|{DMY_WORDS})"
)
_DATE = re.compile(rf"ngày\s+(?:{DMY}|{DMY_WORDS})")
_BARE_FULL = re.compile(rf"(?<![\d/\w]){DAY}{SEP}{MONTH}{SEP}{YEAR}(?![\d/])")
_MONTH = re.compile(
    r"(?P<w>(?:trong|trước|vào|cuối|hết|đầu|giữa)\s+(?:tháng\s+)?)?tháng\s+(?P<m>\d{1,2})"
    r"(?:\s*/\s*(?P<y>(?:19|20)\d{2})|\s+năm\s+(?P<y2>(?:19|20)\d{2}))?(?![\d/])"
)
_QUARTER = re.compile(
    r"quý\s+(?P<q>iv|iii|ii|i|[1-4])(?![\w])(?:\s*/\s*(?P<y>(?:19|20)\d{2})|\s+năm\s+(?P<y2>(?:19|20)\d{2}))?"
)
_HALF = re.compile(r"(?:6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+(?P<y>(?:19|20)\d{2}))?")
_RECUR = re.compile(
    r"(?:định\s+kỳ\s+)?(?:(?:hằng|hàng|mỗi)\s+(?P<u>tháng|quý|năm|tuần))"
    r"|định\s+kỳ\s+(?:(?P<n>6|sáu|3|ba)\s+tháng)(?:\s*(?:,|và)\s*(?:hằng|hàng)\s+năm)?"
    r"|định\s+kỳ\s+(?P<u2>tháng|quý|năm)"
)
_ROUND = re.compile(r"đợt\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?![\d/])")
_MONTHLY_DAY = re.compile(r"(?:trước\s+)?ngày\s+(?P<d>\d{1,2})\s+(?:hằng|hàng|mỗi|của\s+mỗi)\s+tháng")
_REPORT_KIND = re.compile(
    r"\s*(?:\)|,)?\s*(?:đối\s+với|với|cho)\s+báo\s+cáo\s+(?P<k>6\s+tháng|sáu\s+tháng|năm|quý|tháng)"
)


def _dmy(m: re.Match[str]) -> tuple[int | None, int, int]:
    """(year?, month, day) from either the numeric or the worded form."""
    if m["d"] is not None:
        return _y(m["y"]), int(m["m"]), int(m["d"])
    return _y(m["wy"]), int(m["wm"]), int(m["wd"])


def _y(*groups: str | None) -> int | None:
    for g in groups:
        if g:
            return int(g)
    return None


def _candidates(mtext: str) -> Iterator[Candidate]:
    for m in _MONTHS_RANGE.finditer(mtext):
        y2 = _y(m["y2"], m["y3"])
        y1 = _y(m["y1"]) or y2
        yield Candidate(
            m.start(),
            m.end(),
            "range of months (từ tháng … đến tháng …)",
            (y2, int(m["m2"]), 0),
            (y1, int(m["m1"]), 1),
            kind="range",
        )
    for m in _DAYS_RANGE.finditer(mtext):
        y2 = _y(m["y2"])
        yield Candidate(
            m.start(),
            m.end(),
            "range of days (từ ngày … đến ngày …)",
            (y2, int(m["m2"]), int(m["d2"])),
            (_y(m["y1"]) or y2, int(m["m1"]), int(m["d1"])),
            kind="range",
        )
    for m in _TO_YEAR.finditer(mtext):
        yield Candidate(m.start(), m.end(), "until a year (đến năm …)", (int(m["y"]), 12, 31), kind="year")
    for m in _YEAR_DEADLINE.finditer(mtext):
        year = int(m["y"])
        due = (
            (year, 12, 31)
            if m["end"] or not mtext[m.start() : m.end()].startswith("trước")
            else (year - 1, 12, 31)
        )
        yield Candidate(m.start(), m.end(), "within a year (hoàn thành trong năm …)", due, kind="year")
    for m in _BEFORE.finditer(mtext):
        yield Candidate(
            m.start(),
            m.end(),
            f"date with a limit word ({m['w'].split()[0]} ngày …)",
            _dmy(m),
            kind="before",
        )
    for m in _DATE.finditer(mtext):
        yield Candidate(m.start(), m.end(), "date (ngày …)", _dmy(m))
    for m in _BARE_FULL.finditer(mtext):
        yield Candidate(m.start(), m.end(), "full date (dd/mm/yyyy)", (int(m["y"]), int(m["m"]), int(m["d"])))
    for m in _MONTH.finditer(mtext):
        y: int | None = _y(m["y"], m["y2"])
        if y is None and not m["w"]:
            continue  # "tháng 3" alone: not a time limit
        if re.search(r"(?:từ|kể\s+từ|bắt\s+đầu(?:\s+từ)?)\s+$", mtext[max(0, m.start() - 14) : m.start()]):
            continue  # "từ tháng 3/2024": when work starts, not when it is due
        word = (m["w"] or "").split()[0] if m["w"] else ""
        month = int(m["m"])
        if word == "trước":  # before March: by the end of February
            if month == 1:
                yield Candidate(
                    m.start(), m.end(), "before a month (trước tháng …)", ((y or 0) - 1 if y else None, 12, 0)
                )
                continue
            month -= 1
        yield Candidate(m.start(), m.end(), "month (trong tháng …)", (y, month, 0), kind="month")
    for m in _QUARTER.finditer(mtext):
        q = _ROMAN[m["q"]]
        yield Candidate(
            m.start(), m.end(), "quarter (Quý …)", (_y(m["y"], m["y2"]), q * 3, 0), kind="quarter"
        )
    for m in _HALF.finditer(mtext):
        month = 6 if m["h"] == "đầu" else 12
        yield Candidate(
            m.start(), m.end(), "half year (6 tháng đầu/cuối năm)", (_y(m["y"]), month, 0), kind="half"
        )
    for m in _ROUND.finditer(mtext):
        yield Candidate(
            m.start(),
            m.end(),
            "yearly round on a day (Đợt 19/5)",
            (None, int(m["m"]), int(m["d"])),
            every="year",
            kind="before",
        )
    for m in _MONTHLY_DAY.finditer(mtext):
        yield Candidate(
            m.start(),
            m.end(),
            "day of every month (ngày … hằng tháng)",
            (None, 0, int(m["d"])),
            every="month",
            kind="before",
        )
    for m in _RECUR.finditer(mtext):
        unit = m["u"] or m["u2"]
        every = {"tháng": "month", "quý": "quarter", "năm": "year", "tuần": "week"}.get(unit or "", "")
        if m["n"]:
            every = "6 months" if m["n"] in ("6", "sáu") else "3 months"
        yield Candidate(
            m.start(), m.end(), "recurring duty (định kỳ, hằng …)", None, every=every, kind="recurrence"
        )


_PRIORITY = {
    "range": 0,
    "year": 1,
    "before": 2,
    "quarter": 3,
    "half": 3,
    "month": 4,
    "date": 5,
    "recurrence": 6,
}


def _resolve_overlaps(cands: Iterable[Candidate]) -> list[Candidate]:
    """Keep the longest candidate where candidates overlap (ties: the more specific rule)."""
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), _PRIORITY[c.kind], c.start))
    kept: list[Candidate] = []
    for c in ordered:
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


# --- context: which dates are not deadlines ------------------------------------------------

_PAST = re.compile(r"(?:^|[\s(,;])(?:đã|vừa\s+qua|năm\s+qua|trước\s+đây|từng)\s")
_EFFECTIVE = re.compile(
    r"(?:hiệu\s+lực|ký|ban\s+hành|sinh|thành\s+lập|phát\s+hành|công\s+bố)\s+(?:kể\s+)?(?:từ\s+)?$"
)
_CITED_AFTER = re.compile(r"\s*(?:,\s*)?(?:của|do)\s")
_CLAUSE_END = re.compile(r"[.;!?\n]|\s-\s|:\s")


def _clause_before(mtext: str, pos: int, limit: int = 80) -> str:
    start = max(0, pos - limit)
    chunk = mtext[start:pos]
    cut = max((m.end() for m in _CLAUSE_END.finditer(chunk)), default=0)
    return chunk[cut:]


def _inside_quotes(mtext: str, pos: int, quote_spans: list[Span]) -> bool:
    return any(a < pos < b for a, b in quote_spans)


def quote_spans(text: str) -> list[Span]:
    """Spans of quoted titles (“…”, "…")."""
    spans: list[Span] = []
    for m in re.finditer(r"“[^”\n]{0,600}”|\"[^\"\n]{0,600}\"", text):
        spans.append((m.start(), m.end()))
    return spans


def find_deadlines(
    text: str,
    mtext: str,
    region: Span,
    anchor: dt.date | None,
    excluded: list[Span],
    issued_on: dt.date | None = None,
) -> list[Deadline]:
    """Deadlines in ``region`` of the text, years filled in, non-deadline dates dropped.

    ``anchor``: the document's date, or the first of its month when the day is blank.
    ``excluded``: spans already taken (references with their dates, the header, the signer)."""
    a, b = region
    doc_date = anchor
    quotes = quote_spans(text)
    ref_year = doc_date.year if doc_date else max((d.year for _, _, d in full_dates(mtext)), default=None)
    out: list[Deadline] = []
    for c in _resolve_overlaps(_candidates(mtext[a:b])):
        start, end = c.start + a, c.end + a
        if any(s < end and start < e for s, e in excluded) or _inside_quotes(mtext, start, quotes):
            continue
        before = _clause_before(mtext, start)
        if c.kind in ("date", "month") and _START_ONLY.search(mtext[max(0, start - 12) : start]):
            continue  # "từ ngày 17/12/2025": when something starts
        if c.kind == "month" and re.match(r"\s+(?:trong|của|hằng|hàng)\s+năm\b", mtext[end : end + 12]):
            continue  # "đến hết tháng 9 trong năm": a window of every year, not a due date
        if c.kind != "recurrence" and _VALIDITY.search(mtext[max(0, start - 40) : start]):
            continue  # "có hiệu lực đến ngày …", "thời hạn đến tháng 12/2027": how long something is valid
        if c.kind == "year" and _HORIZON.search(mtext[max(0, start - 30) : start]):
            continue  # "tầm nhìn đến năm 2050": a planning horizon
        if (
            c.kind == "year"
            and not mtext.startswith("từ nay", start)
            and _about_cited(mtext, start, excluded)
        ):
            continue  # "Nghị quyết số 10-NQ/TW … về định hướng … đến năm 2030": part of a cited title
        if c.kind == "date" and _cited_date(text, mtext, start):
            continue
        if c.kind != "recurrence":
            if _PAST.search(before) or _EFFECTIVE.search(before):
                continue
            if c.kind in ("date", "before") and _CITED_AFTER.match(mtext, end) and c.due and c.due[0]:
                continue  # "ngày 18/5/2021 của Bộ Chính trị": a citation's date
            if c.kind == "date" and re.search(r"(?:số|năm)\s*$", before):
                continue
        every = c.every
        tail = _REPORT_KIND.match(mtext, end)
        if tail and c.kind in ("date", "before"):
            k = tail["k"]
            every = (
                "6 months"
                if "tháng" in k and k[0] in "6s"
                else {"năm": "year", "quý": "quarter"}.get(k, "month")
            )
        due = _complete(c.due, ref_year, doc_date, recurring=every is not None)
        if c.kind != "recurrence" and due is None:
            continue
        if due and doc_date and due < doc_date and c.kind not in ("recurrence",) and every is None:
            continue  # before the document's own date: a past event
        first = _complete(c.start_date, ref_year, None, recurring=False) if c.start_date else None
        out.append(
            Deadline(
                text=text[start:end],
                due=due,
                span=(start, end),
                start=first,
                recurrence={"every": every} if every else None,
                rule=c.rule,
            )
        )
    return out


# Validity, not a due date: a licence, a certificate, a stock's shelf life.
_VALIDITY = re.compile(
    r"(?:(?:có\s+)?(?:hiệu\s+lực|giá\s+trị)(?:\s+sử\s+dụng)?|hạn\s+sử\s+dụng|hạn\s+dùng|còn\s+hạn|hết\s+hạn|"
    r"(?:có\s+)?thời\s+hạn(?:\s+sử\s+dụng)?(?=\s+(?:đến|tới|tháng|ngày)))"
    r"\s*(?:(?:đến|tới)\s+)?(?:hết\s+)?(?:ngày\s+|tháng\s+)?$"
)
_START_ONLY = re.compile(r"(?:từ|kể\s+từ|bắt\s+đầu(?:\s+từ)?)\s+$")
_HORIZON = re.compile(r"(?:tầm\s+nhìn|định\s+hướng|thời\s+kỳ\s+[\d\s–-]+,?)\s*$")
# A document named before the date in the same clause: "Luật Quản lý … ngày 26/8/2024".
_DOC_WORD = re.compile(
    r"(?:^|[\s(])(?:Luật|Bộ\s+luật|Nghị\s+định|Nghị\s+quyết|Quyết\s+định|Thông\s+tư|Chỉ\s+thị|Kết\s+luận|"
    r"Kế\s+hoạch|Hướng\s+dẫn|Thông\s+báo|Công\s+văn|Văn\s+bản|Quy\s+định|Pháp\s+lệnh|Hiến\s+pháp|Thông\s+tri)\s"
)


def _about_cited(mtext: str, start: int, excluded: list[Span]) -> bool:
    """The expression sits in the "về …" description that follows a citation in its clause."""
    clause_start = max(
        [0] + [m.end() for m in re.finditer(r"[;:\n]|\.\s", mtext[max(0, start - 250) : start])]
    ) + max(0, start - 250)
    return any(clause_start <= s and e <= start and re.search(r"\svề\s", mtext[e:start]) for s, e in excluded)


def _cited_date(text: str, mtext: str, start: int) -> bool:
    before = text[max(0, start - 160) : start]
    clause = re.split(r"[;:\n]|\.\s", before)[-1]
    m = None
    for m in _DOC_WORD.finditer(clause):  # noqa: B007 - the last match is wanted
        pass
    if m is None:
        return False
    between = mtext[start - len(clause) + m.end() : start]
    # no action between the document's name and the date ("… ban hành văn bản hướng dẫn trước ngày")
    return not re.search(
        r"\b(?:trước|chậm\s+nhất|hoàn\s+thành|báo\s+cáo|gửi|nộp|thực\s+hiện|tổ\s+chức|triển\s+khai|xây\s+dựng)\b",
        between,
    )


def _complete(
    parts: tuple[int | None, int, int] | None,
    ref_year: int | None,
    doc_date: dt.date | None,
    recurring: bool,
) -> dt.date | None:
    """(year?, month, day) → date; day 0 is the month's last day; a missing year is the
    reference year (and, for a recurring duty, the first occurrence after the document's date)."""
    if parts is None:
        return None
    year, month, day = parts
    if month == 0 and doc_date is not None:  # every month: the first such day on or after the anchor
        first = make_date(doc_date.year, doc_date.month, day)
        if first is None or first < doc_date:
            nxt = doc_date.replace(day=1) + dt.timedelta(days=32)
            first = make_date(nxt.year, nxt.month, day)
        return first
    if not 1 <= month <= 12:
        return None
    if year is None:
        if ref_year is None:
            return None
        year = ref_year
        inferred = True
    else:
        inferred = False
    value = last_day(year, month) if day == 0 else make_date(year, month, day)
    if value and recurring and inferred and doc_date and value < doc_date:
        value = last_day(year + 1, month) if day == 0 else make_date(year + 1, month, day)
    return value


def deadlines_in(text: str, anchor: dt.date | None = None) -> list[Deadline]:
    """The deadlines of a short text on its own (for examples, tests and ``explain``)."""
    from kehoach.documents.layout import Text
    from kehoach.documents.normalise import normalise
    from kehoach.documents.references import find_references

    t = Text(normalise(text))
    mentions: list[Span] = []
    find_references(t, (None, None), [], mentions)
    return find_deadlines(t.text, t.mtext, (0, len(t.text)), anchor, mentions)
