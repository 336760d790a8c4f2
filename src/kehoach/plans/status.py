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

:func:`compute_status` is the rule in Python; :func:`status_expression` is the same rule as
a database expression, so that lists and dashboards annotate and count without loading rows.
A test checks that the two agree on every case.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When

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


def status_expression(today: dt.date, prefix: str = "") -> Case:
    """The status as a ``Case`` over an assignment's columns (``prefix``: a relation path
    ending in ``__`` when annotating from another model)."""
    progress, due, completed = f"{prefix}progress", f"{prefix}due_on", f"{prefix}completed_on"
    done = Q(**{progress: Progress.DONE})
    return Case(
        When(
            done
            & (
                Q(**{f"{due}__isnull": True})
                | Q(**{f"{completed}__isnull": True})
                | Q(**{f"{completed}__lte": models.F(due)})
            ),
            then=Value(AssignmentStatus.DONE_ON_TIME.value),
        ),
        When(done, then=Value(AssignmentStatus.DONE_LATE.value)),
        When(
            Q(**{f"{due}__isnull": True}) | Q(**{f"{due}__gte": today}),
            then=Value(AssignmentStatus.NOT_DONE_WITHIN.value),
        ),
        default=Value(AssignmentStatus.NOT_DONE_OVERDUE.value),
        output_field=models.CharField(),
    )
