"""Fixtures of the pages' tests: plans built through the services on the shared tree
(``kehoach/conftest.py``: a province, two districts, communes and cells, one user per role)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from kehoach.plans import services as s
from kehoach.plans.models import Assignment

PASSWORD = "secret-pass-123"  # the password kehoach.conftest.make_user gives every user


def assignment(plan: Any, org: Any, order: int = 1) -> Assignment:
    return Assignment.objects.get(task__plan=plan, task__order=order, organisation=org, sequence=1)


@pytest.fixture
def world(tree: SimpleNamespace, users: SimpleNamespace, settings: Any, tmp_path: Any) -> SimpleNamespace:
    """A province plan; the district's published plan implementing it (one task for the commune,
    supported by its sibling commune; one overdue task for the sibling; one done task of the
    Ban Tuyên giáo); a report with a file from the commune; a draft plan of the district."""
    settings.MEDIA_ROOT = tmp_path / "media"
    w = SimpleNamespace(tree=tree, users=users)
    today = timezone.localdate()
    w.province_plan = s.create_plan(
        tree.province,
        users.superuser,
        title="Tuyên truyền kỷ niệm Ngày thành lập Đảng",
        number="120",
        symbol="KH/TU",
    )
    s.add_task(
        w.province_plan,
        users.superuser,
        text="Các huyện ủy xây dựng kế hoạch thực hiện",
        lead=[tree.district],
    )
    w.province_plan = s.publish_plan(w.province_plan, users.superuser)

    office = users.district_office
    w.plan = s.create_plan(
        tree.district,
        office,
        title="Thực hiện công tác tuyên truyền năm 2025 của Huyện ủy",
        number="12",
        symbol="KH/HU",
        issued_on=today - dt.timedelta(days=60),
        parent=w.province_plan,
    )
    s.add_task(
        w.plan,
        office,
        text="Tổ chức hội nghị quán triệt cho cán bộ, đảng viên",
        lead=[tree.commune],
        support=[tree.commune2],
        due_on=today + dt.timedelta(days=3),
        code="1",
    )
    s.add_task(
        w.plan,
        office,
        text="Báo cáo kết quả học tập chuyên đề",
        lead=[tree.commune2],
        due_on=today - dt.timedelta(days=5),
        code="2",
    )
    s.add_task(
        w.plan,
        office,
        text="Biên soạn tài liệu tuyên truyền",
        lead=[tree.btg],
        due_on=today + dt.timedelta(days=20),
        code="3",
    )
    w.plan = s.publish_plan(w.plan, office)
    w.commune_assignment = assignment(w.plan, tree.commune, 1)
    w.sibling_assignment = assignment(w.plan, tree.commune2, 1)
    w.sibling_overdue = assignment(w.plan, tree.commune2, 2)
    w.btg_assignment = assignment(w.plan, tree.btg, 3)
    s.close_assignment(w.btg_assignment, office)
    w.report = s.submit_report(
        w.commune_assignment,
        users.commune_officer,
        text="Đã tổ chức hội nghị ở 12 chi bộ",
        sessions_held=12,
        people_expected=300,
        people_present=285,
        files=[ContentFile(b"%PDF-1.4 bien ban", name="bien-ban.pdf")],
    )
    w.report_file = w.report.files.get()
    w.sibling_report = s.submit_report(
        w.sibling_assignment, users.commune2_officer, text="Xã Đông Hải đã phối hợp"
    )

    w.draft = s.create_plan(
        tree.district, office, title="Dự thảo kế hoạch kiểm tra năm 2026", number="15", symbol="KH/HU"
    )
    w.draft_task = s.add_task(
        w.draft, office, text="Kiểm tra việc học tập nghị quyết", lead=["Hội Nông dân huyện"]
    )
    w.draft_unit = w.draft_task.units.get()
    return w


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client
