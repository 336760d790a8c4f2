"""Load the demo: the province (:mod:`kehoach.demo.tree`), accounts, and plans imported and
published through the same services the pages and the API use.

Plans:

- 120-KH/TU of the Tỉnh ủy, 05/01/2025 (the plan the district sample implements; written
  here as a parse result, with some deadlines relative to the day the demo is loaded so that
  there is always work within its deadline), implemented by the district plans below;
- 45-KH/HU of Huyện ủy Tân Hòa, 03-KH/CB of Chi bộ thôn Đồng Tâm and 08-KH-UBND of UBND xã
  Phú Lâm: the repository's ``samples/``, read by :mod:`kehoach.documents`, reviewed by a rule
  (an unplaced name goes to its best candidate or the issuer; a task without a lead goes to
  the issuer's propaganda board or the issuer) and published;
- a short implementing plan of five more districts, some issued on time, some late.

Then some assignments are reported on time, some late, some are left overdue, and the
recurring periods due by today are created.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kehoach.accounts.models import Membership, Role, User
from kehoach.demo.tree import (
    DISTRICTS,
    PROVINCE,
    SAMPLE_CELL,
    SAMPLE_COMMUNE,
    SAMPLE_DISTRICT,
    DemoTree,
    build_people,
    build_tree,
)
from kehoach.organisations.matching import Collective, expand_collective
from kehoach.organisations.models import Organisation
from kehoach.plans import services
from kehoach.plans.models import Assignment, Plan, Progress, UnitResolution

DEMO_PASSWORD = "kehoach-demo-2025"
SAMPLES = Path(settings.BASE_DIR) / "samples"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    unit: str  # a DemoTree key
    roles: tuple[str, ...]
    what: str


ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", "", (), "quản trị toàn hệ thống (superuser)"),
    DemoAccount(
        "quantri.tinh",
        "Quản trị Tỉnh ủy",
        f"Tỉnh ủy {PROVINCE}",
        (Role.ADMIN,),
        "quản trị đơn vị, nhân sự của tỉnh",
    ),
    DemoAccount(
        "vanphong.tinh",
        "Văn phòng Tỉnh ủy",
        f"Tỉnh ủy {PROVINCE}",
        (Role.PLAN_OFFICE,),
        "ban hành kế hoạch của Tỉnh ủy",
    ),
    DemoAccount(
        "lanhdao.tinh", "Lãnh đạo Tỉnh ủy", f"Tỉnh ủy {PROVINCE}", (Role.LEADER,), "theo dõi toàn tỉnh"
    ),
    DemoAccount(
        "vanphong.tanhoa",
        "Văn phòng Huyện ủy Tân Hòa",
        f"Huyện ủy {SAMPLE_DISTRICT}",
        (Role.PLAN_OFFICE, Role.UNIT_OFFICER),
        "ban hành kế hoạch của Huyện ủy, báo cáo cấp trên",
    ),
    DemoAccount(
        "lanhdao.tanhoa",
        "Lãnh đạo Huyện ủy Tân Hòa",
        f"Huyện ủy {SAMPLE_DISTRICT}",
        (Role.LEADER,),
        "theo dõi toàn huyện",
    ),
    DemoAccount(
        "btg.tanhoa",
        "Ban Tuyên giáo Huyện ủy Tân Hòa",
        f"Ban Tuyên giáo Huyện ủy {SAMPLE_DISTRICT}",
        (Role.UNIT_OFFICER,),
        "thực hiện, báo cáo nhiệm vụ được giao",
    ),
    DemoAccount(
        "canbo.phulam",
        "Đảng ủy xã Phú Lâm",
        f"{SAMPLE_COMMUNE}|{SAMPLE_DISTRICT}",
        (Role.UNIT_OFFICER, Role.PLAN_OFFICE),
        "báo cáo nhiệm vụ của xã, ban hành kế hoạch của xã",
    ),
    DemoAccount(
        "canbo.binhson",
        "Huyện ủy Bình Sơn",
        "Huyện ủy Bình Sơn",
        (Role.UNIT_OFFICER, Role.PLAN_OFFICE),
        "một huyện khác: không xem được báo cáo của Tân Hòa",
    ),
    DemoAccount(
        "bithu.dongtam",
        "Chi bộ thôn Đồng Tâm",
        f"{SAMPLE_CELL}|{SAMPLE_COMMUNE}|{SAMPLE_DISTRICT}",
        (Role.PLAN_OFFICE, Role.UNIT_OFFICER),
        "kế hoạch và báo cáo của chi bộ",
    ),
    DemoAccount(
        "dangvien.dongtam",
        "Đảng viên Chi bộ thôn Đồng Tâm",
        f"{SAMPLE_CELL}|{SAMPLE_COMMUNE}|{SAMPLE_DISTRICT}",
        (Role.MEMBER,),
        "đảng viên: xem kế hoạch",
    ),
    DemoAccount(
        "ubnd.phulam",
        "UBND xã Phú Lâm",
        f"Ủy ban nhân dân xã {SAMPLE_COMMUNE}",
        (Role.PLAN_OFFICE, Role.UNIT_OFFICER),
        "kế hoạch của UBND xã",
    ),
]


def demo_loaded() -> bool:
    return Organisation.objects.filter(code="DEMO-TU").exists()


def _accounts(tree: DemoTree) -> dict[str, User]:
    users: dict[str, User] = {}
    memberships = []
    for account in ACCOUNTS:
        user = User(
            username=account.username,
            display_name=account.display_name,
            is_superuser=not account.roles,
            is_staff=not account.roles,
        )
        user.set_password(DEMO_PASSWORD)
        users[account.username] = user
    User.objects.bulk_create(users.values())
    for account in ACCOUNTS:
        for role in account.roles:
            memberships.append(
                Membership(user=users[account.username], organisation=tree[account.unit], role=role)
            )
    Membership.objects.bulk_create(memberships)
    return users


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _task(
    code: str,
    text: str,
    lead: list[str],
    due: dt.date | None,
    *,
    support: tuple[str, ...] = (),
    every: str | None = None,
    deadline_text: str = "",
) -> dict[str, Any]:
    return {
        "id": code,
        "section": code.rsplit(".", 1)[0],
        "text": text,
        "span": None,
        "lead": [{"name": n, "span": None} for n in lead],
        "support": [{"name": n, "span": None} for n in support],
        "deadline": None
        if due is None
        else {
            "text": deadline_text or f"trước ngày {due:%d/%m/%Y}",
            "due": _iso(due),
            "start": None,
            "recurrence": {"every": every} if every else None,
            "span": None,
        },
    }


def _parse_result(
    number: str,
    symbol: str,
    issuer: str,
    issued_on: dt.date,
    title: str,
    tasks: list[dict[str, Any]],
    references: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "schema": "kehoach.parse/1",
        "source": {
            "name": f"{number}-{symbol.replace('/', '-')}.txt",
            "format": "txt",
            "sha256": "",
            "chars": 0,
        },
        "document": {
            "kind": "KH",
            "number": number,
            "symbol": symbol,
            "issuer": issuer,
            "issued_on": _iso(issued_on),
            "title": title,
            "recipients": [],
        },
        "references": references or [],
        "sections": [{"number": "II", "heading": "NHIỆM VỤ, GIẢI PHÁP", "span": None, "children": []}],
        "tasks": tasks,
        "deadlines": [],
        "warnings": [],
    }


PROVINCE_PLAN_DATE = dt.date(2025, 1, 5)


def _province_plan(today: dt.date) -> dict[str, Any]:
    issued = PROVINCE_PLAN_DATE
    return _parse_result(
        "120",
        "KH/TU",
        "Ban Thường vụ Tỉnh ủy",
        issued,
        "Thực hiện công tác tuyên truyền, học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        [
            _task(
                "II.1",
                "Các huyện ủy, thị ủy, thành ủy xây dựng kế hoạch thực hiện, gửi về Ban Tuyên giáo Tỉnh ủy.",
                ["Các huyện ủy, thị ủy, thành ủy"],
                issued + dt.timedelta(days=20),
            ),
            _task(
                "II.2",
                "Ban Tuyên giáo Tỉnh ủy biên soạn tài liệu, tổ chức hội nghị học tập cho cán bộ chủ chốt.",
                ["Ban Tuyên giáo Tỉnh ủy"],
                issued + dt.timedelta(days=45),
                support=("Trường Chính trị tỉnh Đông Sơn",),
            ),
            _task(
                "II.3",
                "Các đảng ủy trực thuộc tổ chức học tập chuyên đề cho đảng viên.",
                ["Các đảng ủy trực thuộc"],
                today + dt.timedelta(days=20),
            ),
            _task(
                "II.4",
                "Các huyện ủy sơ kết, báo cáo kết quả thực hiện định kỳ 6 tháng.",
                ["Các huyện ủy"],
                dt.date(2025, 6, 30),
                every="6 months",
                deadline_text="định kỳ 6 tháng",
            ),
            _task(
                "II.5",
                "Ủy ban Kiểm tra Tỉnh ủy kiểm tra, giám sát việc thực hiện tại một số đảng bộ.",
                ["Ủy ban Kiểm tra Tỉnh ủy"],
                today + dt.timedelta(days=75),
            ),
        ],
    )


def _district_plan(district: str, issued: dt.date, today: dt.date) -> dict[str, Any]:
    basis = {
        "kind": "KH",
        "number": "120",
        "symbol": "KH/TU",
        "issued_on": _iso(PROVINCE_PLAN_DATE),
        "issuer": "Ban Thường vụ Tỉnh ủy",
        "text": "Kế hoạch số 120-KH/TU của Ban Thường vụ Tỉnh ủy",
        "span": None,
        "basis": True,
    }
    return _parse_result(
        str(50 + DISTRICTS.index(district)),
        "KH/HU",
        f"Ban Thường vụ Huyện ủy {district}",
        issued,
        "Thực hiện Kế hoạch số 120-KH/TU của Ban Thường vụ Tỉnh ủy",
        [
            _task(
                "II.1",
                "Ban Tuyên giáo Huyện ủy tham mưu tổ chức hội nghị quán triệt.",
                ["Ban Tuyên giáo Huyện ủy"],
                issued + dt.timedelta(days=30),
                support=("Trung tâm Chính trị huyện",),
            ),
            _task(
                "II.2",
                "Các chi, đảng bộ cơ sở tổ chức học tập cho đảng viên, báo cáo kết quả.",
                ["Các chi, đảng bộ cơ sở"],
                issued + dt.timedelta(days=90),
            ),
            _task(
                "II.3",
                "Văn phòng Huyện ủy tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy.",
                ["Văn phòng Huyện ủy"],
                today + dt.timedelta(days=40),
            ),
        ],
        [basis],
    )


def _review_and_publish(plan: Plan, actor: User, default_lead: Organisation | None, on: dt.date) -> Plan:
    """The review the demo stands in for: place every unplaced name (a collective that finds
    no unit under the issuer included), give every task a lead."""
    for task in plan.tasks.prefetch_related("units"):
        for unit in task.units.all():
            empty = unit.resolution == UnitResolution.COLLECTIVE and not expand_collective(
                Collective(tuple(unit.collective_kinds), unit.collective_scope), plan.issuer, on
            )
            if unit.resolution == UnitResolution.UNMATCHED or empty:
                best = (
                    Organisation.objects.filter(pk=unit.candidates[0]["id"]).first()
                    if unit.candidates
                    else None
                )
                services.resolve_task_unit(unit, actor, organisation=best or plan.issuer)
        if not task.units.filter(role="lead").exclude(resolution=UnitResolution.DROPPED).exists():
            services.add_task_unit(task, actor, role="lead", unit=default_lead or plan.issuer)
    return services.publish_plan(plan, actor, on=on)


def _import_sample(
    name: str, issuer: Organisation, actor: User, default_lead: Organisation | None, on: dt.date
) -> Plan | None:
    path = SAMPLES / name
    if not path.exists():
        return None
    upload = ContentFile(path.read_bytes(), name=path.name)
    plan = services.import_plan_document(upload, issuer, actor)
    return _review_and_publish(plan, actor, default_lead, on)


def _carry_out(actor: User, today: dt.date, seed: int = 7) -> dict[str, int]:
    """Reports: about a third done on time, a sixth done late, a fifth in progress; the rest
    untouched (overdue once their date has passed)."""
    rng = random.Random(seed)
    counts = {"on_time": 0, "late": 0, "in_progress": 0}
    for a in Assignment.objects.select_related("task__plan", "organisation").order_by("pk"):
        roll = rng.random()
        due = a.due_on
        expected = rng.randint(12, 60)
        figures = {
            "sessions_held": rng.randint(1, 3),
            "people_expected": expected,
            "people_present": expected - rng.randint(0, expected // 5),
        }
        if roll < 0.35 and (due is None or due - dt.timedelta(days=3) <= today):
            done_on = min(today, due - dt.timedelta(days=rng.randint(0, 3))) if due else today
            done_on = max(done_on, a.task.plan.issued_on or done_on)
            services.submit_report(
                a,
                actor,
                text=f"{a.organisation.name} đã hoàn thành: {a.task.text[:80]}",
                complete=True,
                completed_on=done_on,
                **figures,
            )
            counts["on_time"] += 1
        elif roll < 0.52 and due is not None and due + dt.timedelta(days=10) <= today:
            services.submit_report(
                a,
                actor,
                text=f"{a.organisation.name} hoàn thành chậm so với kế hoạch.",
                complete=True,
                completed_on=due + dt.timedelta(days=rng.randint(3, 10)),
                **figures,
            )
            counts["late"] += 1
        elif roll < 0.72:
            services.submit_report(a, actor, text=f"{a.organisation.name} đang triển khai.", **figures)
            counts["in_progress"] += 1
    return counts


@transaction.atomic
def load_demo(today: dt.date | None = None) -> dict[str, Any]:
    """Build the whole demo in one transaction; returns counts for the summary line."""
    today = today or timezone.localdate()
    tree = build_tree()
    people = build_people(tree)
    users = _accounts(tree)
    admin = users["admin"]

    parent = services.create_plan_from_parse(_province_plan(today), None, tree.province, admin)
    _review_and_publish(parent, admin, tree["Ban Tuyên giáo Tỉnh ủy"], PROVINCE_PLAN_DATE)
    for i, district in enumerate(DISTRICTS[1:6]):
        issued = PROVINCE_PLAN_DATE + dt.timedelta(days=8 + 7 * i)  # some after the 20-day deadline
        plan = services.create_plan_from_parse(
            _district_plan(district, issued, today), None, tree[f"Huyện ủy {district}"], admin
        )
        _review_and_publish(plan, admin, None, issued)

    district = tree[f"Huyện ủy {SAMPLE_DISTRICT}"]
    _import_sample(
        "ke-hoach-dang-uy.txt", district, admin, tree[f"Ban Tuyên giáo Huyện ủy {SAMPLE_DISTRICT}"], today
    )
    _import_sample(
        "ke-hoach-chi-bo.md", tree[f"{SAMPLE_CELL}|{SAMPLE_COMMUNE}|{SAMPLE_DISTRICT}"], admin, None, today
    )
    _import_sample(
        "ke-hoach-ubnd.txt",
        tree[f"Ủy ban nhân dân xã {SAMPLE_COMMUNE}"],
        admin,
        tree["Công chức Tư pháp - Hộ tịch xã Phú Lâm"],
        today,
    )

    carried = _carry_out(admin, today)
    periods = services.create_due_instances(today)
    return {
        "units": Organisation.objects.count(),
        "people": people,
        "plans": Plan.objects.count(),
        "assignments": Assignment.objects.count(),
        "done": Assignment.objects.filter(progress=Progress.DONE).count(),
        "periods": len(periods),
        **carried,
    }
