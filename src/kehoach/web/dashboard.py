"""Counting for the dashboards: rates from status counts, the units × tasks matrix.

Everything here works on rows already loaded (or on one aggregate query), so that a page's
number of queries does not depend on how many plans, tasks or units it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kehoach.organisations.models import Organisation
from kehoach.plans.models import Assignment, AssignmentStatus, Task

S = AssignmentStatus
STATUS_ORDER = [S.DONE_ON_TIME, S.DONE_LATE, S.NOT_DONE_WITHIN, S.NOT_DONE_OVERDUE]
UPCOMING_DAYS = 30


@dataclass
class Summary:
    """How many assignments have each status, and the two rates the dashboards show."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get(S.DONE_ON_TIME, 0) + self.counts.get(S.DONE_LATE, 0)

    @property
    def overdue(self) -> int:
        return self.counts.get(S.NOT_DONE_OVERDUE, 0)

    @property
    def completion_rate(self) -> float | None:
        """Done (on time or late) as a percentage of all assignments."""
        return round(self.done * 100 / self.total, 1) if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        """Done on time as a percentage of the assignments whose outcome is known: the done
        ones and the overdue ones (work still within its deadline is not counted yet)."""
        decided = self.done + self.overdue
        return round(self.counts.get(S.DONE_ON_TIME, 0) * 100 / decided, 1) if decided else None

    def rows(self) -> list[tuple[str, str, int]]:
        """(code, label, count) in the official order, for the legend and the bars."""
        return [(str(s), s.label, self.counts.get(str(s), 0)) for s in STATUS_ORDER]


def summarise(statuses: Iterable[str]) -> Summary:
    counts = {str(s): 0 for s in STATUS_ORDER}
    for status in statuses:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return Summary(counts)


@dataclass
class MatrixRow:
    organisation: Organisation
    cells: list[Assignment | None]
    summary: Summary = field(default_factory=lambda: Summary({}))


def matrix(tasks: list[Task], assignments: Iterable[Assignment]) -> list[MatrixRow]:
    """One row per unit (tree order), one cell per task: the unit's current assignment for
    that task (the latest period of a recurring duty), or None."""
    latest: dict[tuple[int, int], Assignment] = {}
    units: dict[int, Organisation] = {}
    per_unit: dict[int, list[str]] = {}
    for a in assignments:
        key = (a.organisation_id, a.task_id)
        if key not in latest or a.sequence > latest[key].sequence:
            latest[key] = a
        units[a.organisation_id] = a.organisation
        per_unit.setdefault(a.organisation_id, []).append(a.status)
    ordered = sorted(units.values(), key=lambda o: o.path)
    return [
        MatrixRow(
            organisation=org,
            cells=[latest.get((org.pk, t.pk)) for t in tasks],
            summary=summarise(per_unit[org.pk]),
        )
        for org in ordered
    ]


def overdue(assignments: Iterable[Assignment]) -> list[Assignment]:
    return sorted(
        (a for a in assignments if a.status == S.NOT_DONE_OVERDUE),
        key=lambda a: (a.due_on or dt.date.max, a.organisation.path),
    )


def upcoming(
    assignments: Iterable[Assignment], today: dt.date, days: int = UPCOMING_DAYS
) -> list[Assignment]:
    """Assignments not done whose deadline falls in the next ``days`` days."""
    horizon = today + dt.timedelta(days=days)
    return sorted(
        (
            a
            for a in assignments
            if a.status == S.NOT_DONE_WITHIN and a.due_on is not None and today <= a.due_on <= horizon
        ),
        key=lambda a: (a.due_on, a.organisation.path),
    )


def rollup(
    root: Organisation, children: list[Organisation], rows: Iterable[dict[str, Any]]
) -> list[tuple[Organisation, Summary]]:
    """Per direct child of ``root`` (and ``root`` itself, for its own work), the status counts of
    its whole subtree, from rows ``{"organisation__path", "status_code", "n"}`` (one grouped
    query). A unit's child under ``root`` is read off its materialised path."""
    by_id = {c.pk: c for c in children}
    counts: dict[int, dict[str, int]] = {pk: {} for pk in [root.pk, *by_id]}
    for row in rows:
        ids = [int(p) for p in str(row["organisation__path"]).strip("/").split("/")]
        below = ids[root.depth + 1] if len(ids) > root.depth + 1 else root.pk
        bucket = counts.setdefault(below, {})
        bucket[row["status_code"]] = bucket.get(row["status_code"], 0) + int(row["n"])
    result = [(root, Summary(counts[root.pk]))] if counts[root.pk] else []
    result += [(child, Summary(counts[child.pk])) for child in children]
    return result
