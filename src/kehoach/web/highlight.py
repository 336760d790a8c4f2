"""The review screen's left pane: the document's normalised text with every value the parser
extracted marked in place.

The parse (``kehoach.parse/1``) gives a ``span`` — ``[start, end)`` in characters of the
normalised text — for each header field, reference, deadline, task and unit name. Spans nest
(the symbol "KH/HU" inside the reference "45-KH/HU") and may overlap, so the text is cut at
every span boundary into segments; each segment is wrapped in one ``<mark>`` coloured by the
innermost value that covers it, with a ``title`` that names every value covering it. Every
piece of text is escaped; the only markup is the one written here.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kehoach.plans.models import AssignmentRole, Recurrence, Task, TaskUnit, UnitResolution
from kehoach.plans.services import recurrence_months
from kehoach.web.templatetags.web_tags import vn_date

HEADER_LABELS = {
    "superior": "Cơ quan cấp trên",
    "issuer": "Cơ quan ban hành",
    "number": "Số",
    "symbol": "Ký hiệu",
    "place": "Địa danh",
    "issued_on": "Ngày ban hành",
    "kind": "Loại văn bản",
    "title": "Trích yếu",
    "confidentiality": "Độ mật",
    "urgency": "Độ khẩn",
}

# kind → (CSS class, what the legend calls it); the task kind is a faint background that any
# other value drawn inside it wins over.
KINDS: dict[str, tuple[str, str]] = {
    "header": ("hl-header", "Thông tin văn bản"),
    "reference": ("hl-ref", "Văn bản dẫn chiếu"),
    "deadline": ("hl-deadline", "Thời hạn"),
    "lead": ("hl-lead", "Đơn vị chủ trì"),
    "support": ("hl-support", "Đơn vị phối hợp"),
    "signer": ("hl-header", "Người ký"),
    "task": ("hl-task", "Nhiệm vụ"),
}
LEGEND = [(css, label) for kind, (css, label) in KINDS.items() if kind != "signer"]


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    title: str
    anchor: str = ""

    @property
    def css(self) -> str:
        return KINDS[self.kind][0]


def _span(value: Any) -> tuple[int, int] | None:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] < value[1]
    ):
        return int(value[0]), int(value[1])
    return None


def _deadline_title(deadline: dict[str, Any]) -> str:
    parts = [f"Thời hạn: {deadline.get('text') or ''}".strip()]
    for key, label in (("start", "từ"), ("due", "hạn")):
        if deadline.get(key):
            parts.append(f"{label} {vn_date(deadline[key])}")
    if deadline.get("recurrence"):
        months = recurrence_months(deadline["recurrence"])
        parts.append(Recurrence(months).label.lower() if months else "định kỳ")
    return ", ".join(parts)


def _unit_title(unit: TaskUnit) -> str:
    role = "Chủ trì" if unit.role == AssignmentRole.LEAD else "Phối hợp"
    title = f"{role}: {unit.name}"
    if unit.resolution == UnitResolution.MATCHED and unit.organisation is not None:
        title += f" → {unit.organisation.name}"
    elif unit.resolution != UnitResolution.MATCHED:
        title += f" ({unit.get_resolution_display().lower()})"
    return title


def marks_for(parse: dict[str, Any], tasks: Iterable[Task]) -> list[Mark]:
    """The marks of a plan: header, signer, references and deadlines from the parse; tasks and
    their unit names from the database (so that edits on the review screen show)."""
    marks: list[Mark] = []
    document = parse.get("document") if isinstance(parse.get("document"), dict) else {}
    assert isinstance(document, dict)
    for name, raw in (document.get("spans") or {}).items():
        span = _span(raw)
        if span:
            value = document.get(name)
            title = HEADER_LABELS.get(name, name)
            if name == "issued_on" and value:
                value = vn_date(value)
            marks.append(Mark(*span, "header", f"{title}: {value}" if value else title))
    signer = document.get("signer")
    if isinstance(signer, dict) and (span := _span(signer.get("span"))):
        who = " — ".join(str(signer.get(k)) for k in ("capacity", "position", "name") if signer.get(k))
        marks.append(Mark(*span, "signer", f"Người ký: {who}"))
    for ref in parse.get("references") or []:
        if isinstance(ref, dict) and (span := _span(ref.get("span"))):
            title = f"Văn bản dẫn chiếu: {ref.get('text') or ''}"
            if ref.get("basis"):
                title += " (căn cứ của kế hoạch)"
            marks.append(Mark(*span, "reference", title))
    for deadline in parse.get("deadlines") or []:
        if isinstance(deadline, dict) and (span := _span(deadline.get("span"))):
            marks.append(Mark(*span, "deadline", _deadline_title(deadline)))
    for task in tasks:
        if span := _span(task.span):
            label = f"Nhiệm vụ {task.code}".strip() if task.code else f"Nhiệm vụ #{task.order}"
            marks.append(Mark(*span, "task", label, anchor=f"src-task-{task.pk}"))
        for unit in task.units.all():
            if span := _span(unit.span):
                marks.append(Mark(*span, str(unit.role), _unit_title(unit)))
    return marks


def _best(covering: list[Mark]) -> Mark:
    """The mark a segment is coloured by: the innermost non-task value, else the task."""
    values = [m for m in covering if m.kind != "task"] or covering
    return min(values, key=lambda m: (m.end - m.start, m.start))


def highlight(text: str, marks: Iterable[Mark]) -> SafeString:
    """``text`` as HTML with ``marks`` drawn in place (see the module docstring)."""
    size = len(text)
    kept = sorted(
        (Mark(m.start, min(m.end, size), m.kind, m.title, m.anchor) for m in marks if m.start < size),
        key=lambda m: (m.start, -m.end),
    )
    cuts = sorted({0, size, *(m.start for m in kept), *(m.end for m in kept)})
    starts = [m.start for m in kept]
    out: list[str] = []
    anchored: set[str] = set()
    for a, b in itertools.pairwise(cuts):
        piece = escape(text[a:b])
        # marks that start at or before a: the candidates that may cover [a, b)
        covering = [m for m in kept[: bisect.bisect_right(starts, a)] if m.end >= b]
        for m in covering:
            if m.anchor and m.anchor not in anchored:
                anchored.add(m.anchor)
                out.append(f'<span class="anchor" id="{escape(m.anchor)}"></span>')
        if not covering:
            out.append(piece)
            continue
        best = _best(covering)
        ordered = [best, *sorted((m for m in covering if m is not best), key=lambda m: m.end - m.start)]
        title = "\n".join(dict.fromkeys(m.title for m in ordered))
        out.append(f'<mark class="hl {best.css}" title="{escape(title)}">{piece}</mark>')
    return mark_safe("".join(out))  # every piece above is escaped
