"""The computed status: the Python rule and the database expression agree on every case."""

import datetime as dt
import itertools

import pytest

from kehoach.plans.models import Assignment, AssignmentRole, Plan, PlanStatus, Task
from kehoach.plans.status import AssignmentStatus as S
from kehoach.plans.status import Progress as P
from kehoach.plans.status import compute_status

TODAY = dt.date(2025, 3, 15)
D = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("progress", "due", "completed", "expected"),
    [
        (P.DONE, TODAY, TODAY, S.DONE_ON_TIME),
        (P.DONE, TODAY, TODAY - D, S.DONE_ON_TIME),
        (P.DONE, TODAY - 5 * D, TODAY - 4 * D, S.DONE_LATE),
        (P.DONE, None, TODAY, S.DONE_ON_TIME),
        (P.NOT_STARTED, TODAY, None, S.NOT_DONE_WITHIN),  # due today: still within
        (P.IN_PROGRESS, TODAY + D, None, S.NOT_DONE_WITHIN),
        (P.IN_PROGRESS, TODAY - D, None, S.NOT_DONE_OVERDUE),
        (P.NOT_STARTED, TODAY - D, None, S.NOT_DONE_OVERDUE),
        (P.NOT_STARTED, None, None, S.NOT_DONE_WITHIN),
    ],
)
def test_compute_status(progress, due, completed, expected):
    assert compute_status(progress, due, completed, TODAY) == expected


@pytest.mark.django_db
def test_database_expression_agrees_with_python(tree):
    plan = Plan.objects.create(title="Kế hoạch thử", issuer=tree.district, status=PlanStatus.PUBLISHED)
    dues = [None, TODAY - 3 * D, TODAY, TODAY + 3 * D]
    cases = []
    for progress, due in itertools.product(P.values, dues):
        completions = [TODAY - 5 * D, TODAY - D, TODAY] if progress == P.DONE else [None]
        cases.extend((progress, due, c) for c in completions)
    task = Task.objects.create(plan=plan, text="Nhiệm vụ")
    org_cycle = itertools.cycle([tree.district, tree.commune, tree.commune2, tree.btg])
    rows = [
        Assignment(
            task=task,
            organisation=next(org_cycle),
            role=AssignmentRole.LEAD,
            sequence=i,
            progress=p,
            due_on=d,
            completed_on=c,
        )
        for i, (p, d, c) in enumerate(cases, start=1)
    ]
    Assignment.objects.bulk_create(rows)
    annotated = Assignment.objects.with_status(TODAY).order_by("sequence")
    for row in annotated:
        assert row.status_code == compute_status(row.progress, row.due_on, row.completed_on, TODAY), (
            row.sequence
        )
        assert row.status == row.status_code
    counts = Assignment.objects.filter(task=task).status_counts(TODAY)
    assert sum(counts.values()) == len(cases)
    expected: dict[str, int] = dict.fromkeys(S.values, 0)
    for p, d, c in cases:
        expected[compute_status(p, d, c, TODAY)] += 1
    assert counts == expected
    assert set(
        Assignment.objects.with_status(TODAY)
        .filter(status_code=S.NOT_DONE_OVERDUE)
        .values_list("due_on", flat=True)
    ) == {TODAY - 3 * D}
