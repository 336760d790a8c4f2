"""Query budgets: a list or dashboard costs the same number of queries for N rows as for 3N."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kehoach.conftest import make_org
from kehoach.organisations.models import OrganisationKind as K
from kehoach.plans import services
from kehoach.plans.models import Plan

BUDGET = 20  # no page of the list kind needs more, whatever its size


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def add_rows(world: SimpleNamespace, n: int) -> None:
    """``n`` more of everything: units under the commune, plans with tasks for them, reports."""
    office, tree = world.users.district_office, world.tree
    today = timezone.localdate()
    start = getattr(world, "grown", 0)
    units = [make_org(f"Chi bộ số {start + i}", K.PARTY_CELL, tree.commune) for i in range(n)]
    for i in range(n):
        plan = services.create_plan(
            tree.district,
            office,
            title=f"Kế hoạch đảng số {start + i}",
            number=str(100 + start + i),
            symbol="KH/HU",
        )
        for j, unit in enumerate(units):
            services.add_task(
                plan,
                office,
                text=f"Nhiệm vụ đảng {i}.{j}",
                lead=[unit, tree.commune],
                support=[tree.commune2],
                due_on=today + dt.timedelta(days=j - 1),
            )
        plan = services.publish_plan(plan, office)
        assignment = plan.tasks.first().assignments.get(organisation=tree.commune)
        services.submit_report(
            world.commune_assignment,
            world.users.commune_officer,
            text=f"Báo cáo {i}",
            files=[ContentFile(b"%PDF-1", name=f"r{i}.pdf")],
        )
        services.submit_report(assignment, world.users.commune_officer, text="Đã làm")
    draft = world.draft
    for i in range(n):
        services.add_task(
            draft,
            office,
            text=f"Việc dự thảo {start + i}",
            lead=["Đảng ủy xã Hòa Bình", "Hội lạ"],
            support=[tree.btg],
        )
    world.grown = start + n


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


PAGES: list[tuple[str, str, Callable[[SimpleNamespace], str]]] = [
    ("plan list", "district_office", lambda w: reverse("web:plans")),
    ("plan list for a unit", "commune_officer", lambda w: reverse("web:plans") + "?q=dang&sort=title"),
    (
        "plan dashboard",
        "district_office",
        lambda w: reverse(
            "web:plan_detail", args=[Plan.objects.filter(number__gte="100").order_by("pk").last().pk]
        ),
    ),
    (
        "organisation dashboard",
        "district_office",
        lambda w: reverse("web:organisation_dashboard", args=[w.tree.district.pk]),
    ),
    (
        "organisation dashboard filtered",
        "district_leader",
        lambda w: (
            reverse("web:organisation_dashboard", args=[w.tree.commune.pk])
            + "?status=not_done_within&sort=unit"
        ),
    ),
    ("my work", "commune_officer", lambda w: reverse("web:my_work") + "?tab=open"),
    ("my work, awaiting", "commune_officer", lambda w: reverse("web:my_work") + "?tab=awaiting&sort=plan"),
    ("search", "district_office", lambda w: reverse("web:search") + "?q=dang"),
    ("review screen", "district_office", lambda w: reverse("web:plan_review", args=[w.draft.pk])),
    (
        "assignment with reports",
        "commune_officer",
        lambda w: reverse("web:assignment_detail", args=[w.commune_assignment.pk]),
    ),
]


@pytest.mark.parametrize(("label", "who", "url"), PAGES, ids=[p[0] for p in PAGES])
def test_queries_do_not_grow_with_rows(
    world: SimpleNamespace, label: str, who: str, url: Callable[[SimpleNamespace], str]
) -> None:
    client = client_for(getattr(world.users, who))
    add_rows(world, 2)
    small = queries(client, url(world))
    add_rows(world, 4)  # 3 times as many
    large = queries(client, url(world))
    assert small == large, f"{label}: {small} queries for N rows, {large} for 3N"
    assert large <= BUDGET
