"""Assignment status, computed and never typed (ADR 0006).

The Government Office's task-tracking model classifies an assignment from its *progress* (changed
only by explicit transitions: not started → in progress → done), its due date, the date it
was completed and today:

==========================  =================================  ==============================
progress                    condition                          status
==========================  =================================  ==============================
done                        no due date, or completed ≤ due    Hoàn thành đúng hạn
done                        completed > due                    Hoàn thành quá hạn
not started / in progress   no due date, or today ≤ due        Chưa hoàn thành, trong hạn
not started / in progress   today > due                        Chưa hoàn thành, quá hạn
==========================  =================================  ==============================

:func:`compute_status` is the rule in Python; :func:`status_q` and :func:`status_expression`
are the same rule as database filters and a ``Case``, so that lists and dashboards filter,
annotate and count without loading rows.
A test checks that the two agree on every case.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, F, Q, Value, When

from kehoach.choices import TextChoices


class Progress(TextChoices):
    NOT_STARTED = "not_started", "Chưa triển khai"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"


class AssignmentStatus(TextChoices):
    DONE_ON_TIME = "done_on_time", "Hoàn thành đúng hạn"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    NOT_DONE_WITHIN = "not_done_within", "Chưa hoàn thành, trong hạn"
    NOT_DONE_OVERDUE = "not_done_overdue", "Chưa hoàn thành, quá hạn"


def compute_status(
    progress: str, due_on: dt.date | None, completed_on: dt.date | None, today: dt.date
) -> str:
    if progress == Progress.DONE:
        if due_on is None or completed_on is None or completed_on <= due_on:
            return AssignmentStatus.DONE_ON_TIME
        return AssignmentStatus.DONE_LATE
    if due_on is None or today <= due_on:
        return AssignmentStatus.NOT_DONE_WITHIN
    return AssignmentStatus.NOT_DONE_OVERDUE


def status_q(status: str, today: dt.date, prefix: str = "") -> Q:
    """The rows with ``status`` on ``today``, as a filter (``prefix``: a relation path ending
    in ``__`` when filtering from another model, e.g. ``"tasks__assignments__"``)."""
    progress, due, completed = f"{prefix}progress", f"{prefix}due_on", f"{prefix}completed_on"
    done = Q(**{progress: Progress.DONE})
    on_time = (
        Q(**{f"{due}__isnull": True})
        | Q(**{f"{completed}__isnull": True})
        | Q(**{f"{completed}__lte": F(due)})
    )
    within = Q(**{f"{due}__isnull": True}) | Q(**{f"{due}__gte": today})
    conditions = {
        AssignmentStatus.DONE_ON_TIME: done & on_time,
        AssignmentStatus.DONE_LATE: done & ~on_time,
        AssignmentStatus.NOT_DONE_WITHIN: ~done & within,
        AssignmentStatus.NOT_DONE_OVERDUE: ~done & ~within,
    }
    return conditions[AssignmentStatus(status)]


def status_expression(today: dt.date, prefix: str = "") -> Case:
    """The status as a ``Case`` over an assignment's columns, for ``annotate``."""
    return Case(
        *(When(status_q(status, today, prefix), then=Value(str(status))) for status in AssignmentStatus),
        output_field=models.CharField(),
    )
