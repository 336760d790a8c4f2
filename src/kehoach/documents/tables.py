"""Tasks laid out as a table: "Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian".

The reader gives each table as rows of cell texts (``RawDocument.tables``; tab-separated lines
of a plain-text export are read the same way). Columns get a role from their header cell;
each data row becomes a task whose cells are found, in order, in the normalised text so that
every value keeps its span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kehoach.documents.layout import Text
from kehoach.documents.model import Deadline, Task, UnitMention
from kehoach.documents.normalise import match_text

Table = Sequence[Sequence[str]]

ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("support", re.compile(r"phối\s+hợp")),
    (
        "lead",
        re.compile(
            r"chủ\s+trì|thực\s+hiện|trách\s+nhiệm|phụ\s+trách|tham\s+mưu|đơn\s+vị|cơ\s+quan|người\s+thực"
        ),
    ),
    ("due", re.compile(r"thời\s+gian|thời\s+hạn|tiến\s+độ|hoàn\s+thành|thời\s+điểm|ngày")),
    ("text", re.compile(r"nội\s+dung|nhiệm\s+vụ|công\s+việc|hoạt\s+động|tên\s+|giải\s+pháp")),
]
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$|^[IVX]{1,4}$|^tt$|^stt$")
_SPLIT = re.compile(
    r"\s*[;\n]\s*|,\s+(?=[A-ZĐÀ-Ỹ])|\s+và\s+(?=(?:Sở|Ban|Phòng|Ủy ban|UBND|Công an|Văn phòng|Trung tâm)\b)"
)


@dataclass
class Columns:
    text: int
    lead: int | None
    support: int | None
    due: int | None


def columns_of(header: Sequence[str]) -> Columns | None:
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        m = match_text(" ".join(cell.split()))
        for role, rx in ROLE_PATTERNS:
            if rx.search(m) and role not in roles:
                roles[role] = i
                break
    if "text" not in roles or not ({"lead", "due"} & roles.keys()):
        return None
    return Columns(roles["text"], roles.get("lead"), roles.get("support"), roles.get("due"))


def tables_from_tsv(raw: str) -> list[list[list[str]]]:
    """Runs of tab-separated lines (a table saved as plain text)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in raw.splitlines():
        if line.count("\t") >= 2:
            current.append([c.strip() for c in line.split("\t")])
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return [tb for tb in tables if len(tb) >= 2]


def table_tasks(
    t: Text, tables: Sequence[Table], deadlines: list[Deadline], start: int
) -> tuple[list[Task], list[tuple[int, int]]]:
    """Tasks from task tables, and the spans of the rows they came from."""
    tasks: list[Task] = []
    rows_covered: list[tuple[int, int]] = []
    cursor = start
    for n, table in enumerate(tables, 1):
        header_at = next((i for i, row in enumerate(table[:3]) if columns_of(row)), None)
        if header_at is None:
            continue
        cols = columns_of(table[header_at])
        assert cols is not None
        pos = _find_row(t, table[header_at], cursor)
        if pos is None:
            continue
        cursor = pos
        for r, row in enumerate(table[header_at + 1 :], 1):
            if all(_NUMBERING.match(match_text(c.strip())) or not c.strip() for c in row):
                continue
            spans = _locate(t, row, cursor)
            if spans is None:
                continue
            cursor = max(e for _, e in spans if e) or cursor
            real = [sp for sp in spans if sp[1] > sp[0]]
            rows_covered.append((min(a for a, _ in real), max(b for _, b in real)))
            if cols.text >= len(row) or not row[cols.text].strip():
                continue
            tstart, tend = spans[cols.text]
            text, span = t.cut(tstart, tend)
            lead = _units(t, spans, cols.lead, "table column 'chủ trì'")
            support = _units(t, spans, cols.support, "table column 'phối hợp'")
            deadline = None
            if cols.due is not None and cols.due < len(spans):
                ds, de = spans[cols.due]
                deadline = next((d for d in deadlines if ds <= d.span[0] < de), None)
            if not (lead or deadline):
                continue
            tasks.append(
                Task(
                    id=f"T{n}.{r}",
                    section=None,
                    text=text,
                    span=span,
                    lead=lead,
                    support=support,
                    deadline=deadline,
                    rule="row of a task table",
                )
            )
    return tasks, rows_covered


def _find_row(t: Text, row: Sequence[str], cursor: int) -> int | None:
    """Where the row is in the text: found by its longest cell (short ones like "TT" are not
    distinctive), returned as the start of that cell."""
    longest = max(row, key=lambda c: len(_first_line(c)), default="")
    if len(_first_line(longest)) < 4:
        return None
    idx = t.text.find(_first_line(longest), cursor)
    return idx if idx >= 0 else None


def _first_line(cell: str) -> str:
    line = next((ln for ln in cell.split("\n") if ln.strip()), "")
    return " ".join(line.split())[:60]


def _locate(t: Text, row: Sequence[str], cursor: int) -> list[tuple[int, int]] | None:
    """Spans of the row's cells in the text, searched in order from ``cursor``."""
    spans: list[tuple[int, int]] = []
    pos = cursor
    found_any = False
    for cell in row:
        needle = _first_line(cell)
        if len(needle) < 4 and not found_any:
            spans.append((pos, pos))  # a number cell before the row's text: not distinctive
            continue
        if not needle:
            spans.append((pos, pos))
            continue
        idx = t.text.find(needle, pos)
        if idx < 0 or idx - pos > 3000:
            spans.append((pos, pos))
            continue
        found_any = True
        lines = [ln for ln in cell.split("\n") if ln.strip()]
        whole = " ".join(lines[0].split())
        end = idx + (len(whole) if t.text.startswith(whole, idx) else len(needle))
        if len(lines) > 1:
            last = " ".join(lines[-1].split())[-40:]
            j = t.text.find(last, end)
            if 0 <= j < end + len(cell) + 200:
                end = j + len(last)
        spans.append((idx, end))
        pos = end
    return spans if found_any else None


def _units(t: Text, spans: list[tuple[int, int]], col: int | None, rule: str) -> list[UnitMention]:
    if col is None or col >= len(spans):
        return []
    a, b = spans[col]
    out: list[UnitMention] = []
    pos = a
    for m in [*_SPLIT.finditer(t.text, a, b), None]:
        end = m.start() if m else b
        name, span = t.cut(pos, end)
        if name and not _NUMBERING.match(match_text(name)) and len(name.split()) <= 30:
            out.append(UnitMention(name=name, span=span, rule=rule))
        if m:
            pos = m.end()
    return out
