"""Import a plan through the pages: upload → parse → review (htmx edits) → publish."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kehoach.plans import services
from kehoach.plans.models import Assignment, Plan, PlanStatus, TaskUnit, UnitResolution
from kehoach.web.tests.plan_text import SMALL_PLAN

SAMPLES = Path(__file__).resolve().parents[4] / "samples"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def office(users: SimpleNamespace, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    client.force_login(users.district_office)
    return client


def upload(client: Client, tree: SimpleNamespace, name: str, data: bytes) -> Any:
    return client.post(
        reverse("web:plan_import"),
        {"issuer": tree.district.pk, "file": SimpleUploadedFile(name, data)},
    )


def imported(office: Client, tree: SimpleNamespace) -> Plan:
    response = upload(office, tree, "ke-hoach-12.txt", SMALL_PLAN.encode())
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:plan_review", args=[plan.pk])
    return plan


def unit(plan: Plan, name_start: str) -> TaskUnit:
    """The plan's unit whose name is, or starts with, ``name_start``."""
    units = TaskUnit.objects.filter(task__plan=plan, name__startswith=name_start)
    return units.get(name=name_start) if len(units) > 1 else units.get()


def test_import_creates_a_draft_and_the_review_shows_text_and_tasks(
    office: Client, tree: SimpleNamespace
) -> None:
    plan = imported(office, tree)
    assert (
        plan.status == PlanStatus.DRAFT
        and plan.reference == "12-KH/HU"
        and plan.source_name == "ke-hoach-12.txt"
    )
    page = office.get(reverse("web:plan_review", args=[plan.pk])).content.decode()
    assert "Đã đọc “ke-hoach-12.txt”: 5 nhiệm vụ" in page
    # the document, values marked in place
    assert '<mark class="hl hl-ref" title="Văn bản dẫn chiếu: Kế hoạch số 120-KH/TU' in page
    assert (
        '<mark class="hl hl-deadline" title="Thời hạn: trước ngày 20/01/2025, hạn 20/01/2025\nNhiệm vụ II.1.1">'
        in page
    )
    assert 'title="Thời hạn: định kỳ 6 tháng, định kỳ 6 tháng\nNhiệm vụ II.4.1"' in page
    assert (
        '<mark class="hl hl-lead" title="Chủ trì: Ban Tuyên giáo Huyện ủy → Ban Tuyên giáo Huyện ủy Tam Nông\nNhiệm vụ II.1.1">'
        in page
    )
    # the table: one row per task, units with how they matched
    assert page.count('<article class="task') == 5
    btg = unit(plan, "Ban Tuyên giáo Huyện ủy")
    assert btg.match_how == "fuzzy"
    assert f'id="unit-{btg.pk}"' in page and "≈ 0,93" in page
    exact = unit(plan, "Ban Tuyên giáo Huyện ủy Tam Nong")
    assert exact.match_how == "exact"
    assert unit(plan, "Các chi bộ trực thuộc").resolution == UnitResolution.COLLECTIVE
    # unmatched names are flagged and block publishing
    commune = unit(plan, "Đảng ủy phường Hòa Bình")
    farmers = unit(plan, "Hội Nông dân")
    assert commune.resolution == farmers.resolution == UnitResolution.UNMATCHED
    assert page.count('class="tag bad">chưa xác định') == 2
    assert re.search(r'id="publish"\s+disabled', page)
    assert "chưa xác định đơn vị “Hội Nông dân huyện”" in page
    # the commune is offered as a candidate with its score
    assert re.search(r"Đảng ủy xã Hòa Bình <span class=\"score\">0,8\d</span>", page)


def test_resolving_dropping_and_publishing(office: Client, tree: SimpleNamespace) -> None:
    plan = imported(office, tree)
    commune, farmers = unit(plan, "Đảng ủy phường Hòa Bình"), unit(plan, "Hội Nông dân")

    # pick the candidate: the row comes back with the unit chosen, the bar still blocked
    row = office.post(
        reverse("web:unit_resolve", args=[plan.pk, commune.pk]), {"organisation": tree.commune.pk}, **HTMX
    ).content.decode()
    assert row.startswith(f'<article class="task" id="task-{commune.task_id}">')
    assert "→ <strong>Đảng ủy xã Hòa Bình</strong>" in row and "đã chọn" in row
    assert 'id="publish-bar" class="publish-bar blocked" hx-swap-oob="true"' in row
    # a unit outside the plan owner's subtree is refused
    office.post(
        reverse("web:unit_resolve", args=[plan.pk, farmers.pk]), {"organisation": tree.commune_b.pk}, **HTMX
    )
    farmers.refresh_from_db()
    assert farmers.resolution == UnitResolution.UNMATCHED

    # drop the unknown unit: its task then has no lead
    row = office.post(
        reverse("web:unit_resolve", args=[plan.pk, farmers.pk]), {"drop": "1"}, **HTMX
    ).content.decode()
    assert "bỏ qua" in row and '<span class="tag bad">chưa có đơn vị chủ trì</span>' in row
    assert row.startswith(f'<article class="task has-problem" id="task-{farmers.task_id}">')
    response = office.post(reverse("web:plan_publish", args=[plan.pk]))
    assert response.status_code == 302 and Plan.objects.get().status == PlanStatus.DRAFT
    assert "chưa có đơn vị chủ trì" in office.get(response["Location"]).content.decode()

    # add a lead by name (matched by the service) — the bar turns ready
    row = office.post(
        reverse("web:unit_add", args=[plan.pk, farmers.task_id]),
        {"role": "lead", "name": "Đảng ủy xã Đông Hải"},
        **HTMX,
    ).content.decode()
    assert "Đảng ủy xã Đông Hải" in row and "khớp" in row
    assert 'class="publish-bar ready" hx-swap-oob="true"' in row
    assert not re.search(r'id="publish"\s+disabled', row)

    response = office.post(reverse("web:plan_publish", args=[plan.pk]))
    assert response["Location"] == reverse("web:plan_detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    reached = set(Assignment.objects.filter(task__plan=plan).values_list("organisation__name", flat=True))
    assert reached == {
        "Ban Tuyên giáo Huyện ủy Tam Nông",
        "Trung tâm Chính trị huyện Tam Nông",
        "Đảng ủy xã Hòa Bình",
        "Đảng ủy xã Đông Hải",
        "Chi bộ Cơ quan Ủy ban",  # "Các chi bộ trực thuộc": the cell directly under the district
    }
    page = office.get(response["Location"]).content.decode()
    assert "Đã ban hành kế hoạch 12-KH/HU" in page
    # the published plan is no longer edited on the review screen
    assert (
        office.post(reverse("web:unit_resolve", args=[plan.pk, commune.pk]), {"drop": "1"}).status_code == 404
    )


def test_editing_a_row(office: Client, tree: SimpleNamespace) -> None:
    plan = imported(office, tree)
    task = plan.tasks.get(order=1)
    url = reverse("web:task_update", args=[plan.pk, task.pk])
    p = f"t{task.pk}-"
    bad = office.post(
        url, {p + "text": "Biên soạn tài liệu", p + "due_on": "31/02/2025"}, **HTMX
    ).content.decode()
    assert "Ngày không hợp lệ" in bad
    task.refresh_from_db()
    assert task.due_on == dt.date(2025, 1, 20)
    row = office.post(
        url,
        {
            p + "code": "1",
            p + "text": "Biên soạn  tài liệu\n tuyên truyền",
            p + "due_on": "25/01/2025",
            p + "recurrence_months": "3",
        },
        **HTMX,
    ).content.decode()
    assert "Đã lưu" in row and 'value="25/01/2025"' in row
    task.refresh_from_db()
    assert (task.text, task.due_on, task.recurrence_months, task.code) == (
        "Biên soạn tài liệu tuyên truyền",
        dt.date(2025, 1, 25),
        3,
        "1",
    )
    # a recurring task needs a due date: the service refuses, the row says why
    row = office.post(
        url, {p + "text": "x", p + "due_on": "", p + "recurrence_months": "6"}, **HTMX
    ).content.decode()
    assert "Nhiệm vụ định kỳ cần hạn của kỳ đầu tiên." in row
    # delete: the row goes (empty main content), the bar is updated out of band
    response = office.post(reverse("web:task_delete", args=[plan.pk, task.pk]), **HTMX).content.decode()
    assert response.lstrip().startswith('<div id="publish-bar"')
    assert plan.tasks.count() == 4


def test_add_a_task_by_hand_with_names_matched(office: Client, tree: SimpleNamespace) -> None:
    plan = imported(office, tree)
    response = office.post(
        reverse("web:task_add", args=[plan.pk]),
        {
            "new-text": "Tổng kết, báo cáo",
            "new-lead": "BTG Huyện ủy",
            "new-support": "Trung tâm Chính trị huyện Tam Nông; Chi bộ lạ",
            "new-due_on": "30/12/2025",
        },
        **HTMX,
    ).content.decode()
    task = plan.tasks.order_by("-order").first()
    assert task is not None and task.text == "Tổng kết, báo cáo" and task.due_on == dt.date(2025, 12, 30)
    assert (
        f'<div hx-swap-oob="beforeend:#task-list"><article class="task has-problem" id="task-{task.pk}">'
        in response
    )
    names = {(u.name, u.resolution, u.match_how) for u in task.units.all()}
    assert names == {
        ("BTG Huyện ủy", "matched", "alias"),
        ("Trung tâm Chính trị huyện Tam Nông", "matched", "exact"),
        ("Chi bộ lạ", "unmatched", ""),
    }
    empty = office.post(reverse("web:task_add", args=[plan.pk]), {"new-text": ""}, **HTMX).content.decode()
    assert "Trường này không được để trống." in empty


def test_a_plan_typed_in_by_hand(office: Client, tree: SimpleNamespace, users: SimpleNamespace) -> None:
    parent = services.create_plan(
        tree.province, users.superuser, title="Kế hoạch của Tỉnh ủy", number="120", symbol="KH/TU"
    )
    services.add_task(parent, users.superuser, text="Các huyện ủy thực hiện", lead=[tree.district])
    services.publish_plan(parent, users.superuser)
    response = office.post(
        reverse("web:plan_new"),
        {
            "issuer": tree.district.pk,
            "title": "Kế hoạch tự nhập",
            "kind": "KH",
            "number": "20",
            "symbol": "KH/HU",
            "issued_on": "05/03/2025",
            "basis": "120-KH/TU",
        },
    )
    plan = Plan.objects.get(number="20")
    assert response["Location"] == reverse("web:plan_review", args=[plan.pk])
    assert plan.issued_on == dt.date(2025, 3, 5) and plan.parent == parent
    page = office.get(response["Location"]).content.decode()
    assert "Kế hoạch chưa có nhiệm vụ nào." in page and 'class="doc"' not in page
    # the header is corrected on the review screen; an unknown basis is said to be unknown
    header = reverse("web:plan_header", args=[plan.pk])
    data = {
        "title": "Kế hoạch tự nhập (sửa)",
        "kind": "KH",
        "number": "21",
        "symbol": "KH/HU",
        "issued_on": "06/03/2025",
    }
    page = office.post(header, {**data, "basis": "999-KH/TU"}, follow=True).content.decode()
    assert "Hệ thống chưa có kế hoạch 999-KH/TU; chưa liên kết được." in page
    plan.refresh_from_db()
    assert (plan.title, plan.number, plan.issued_on, plan.parent) == (
        "Kế hoạch tự nhập (sửa)",
        "21",
        dt.date(2025, 3, 6),
        parent,
    )
    page = office.post(header, {**data, "basis": "12/KH"}, follow=True).content.decode()
    assert "Nhập số và ký hiệu theo dạng 120-KH/TU hoặc 15/KH-UBND." in page
    bad = office.post(
        reverse("web:plan_new"),
        {"issuer": tree.district.pk, "title": "", "kind": "KH", "issued_on": "5/13/2025"},
    )
    assert (
        "Ngày không hợp lệ" in bad.content.decode()
        and "Trường này không được để trống." in bad.content.decode()
    )


def test_unreadable_and_unsupported_files_say_so_in_vietnamese(office: Client, tree: SimpleNamespace) -> None:
    response = upload(office, tree, "hong.pdf", b"%PDF-1.4 not really a pdf")
    assert response.status_code == 200
    assert "Không đọc được tệp:" in response.content.decode()
    response = upload(office, tree, "chuong-trinh.exe", b"MZ\x90\x00")
    assert "Không đọc được tệp:" in response.content.decode()
    assert not Plan.objects.exists()


def test_only_the_units_own_plan_office_may_import(users: SimpleNamespace, tree: SimpleNamespace) -> None:
    client = Client()
    client.force_login(users.other_district_office)
    response = upload(client, tree, "x.txt", SMALL_PLAN.encode())  # district A is not theirs
    assert response.status_code == 200  # they may create plans, but not in district A's name
    assert "Không tạo được kế hoạch cho đơn vị này." in response.content.decode()
    client.force_login(users.commune_officer)
    assert upload(client, tree, "x.txt", SMALL_PLAN.encode()).status_code == 403
    assert not Plan.objects.exists()


@pytest.mark.skipif(not (SAMPLES / "ke-hoach-dang-uy.docx").exists(), reason="samples/ not present")
@pytest.mark.parametrize("name", ["ke-hoach-dang-uy.txt", "ke-hoach-dang-uy.docx", "ke-hoach-dang-uy.pdf"])
def test_the_sample_plan_imports_in_each_format(office: Client, tree: SimpleNamespace, name: str) -> None:
    response = upload(office, tree, name, (SAMPLES / name).read_bytes())
    plan = Plan.objects.get()
    assert response["Location"] == reverse("web:plan_review", args=[plan.pk])
    assert plan.reference == "45-KH/HU" and plan.tasks.count() > 10
    page = office.get(response["Location"]).content.decode()
    assert page.count('<article class="task') == plan.tasks.count()
    assert page.count('class="hl hl-ref"') >= 5
