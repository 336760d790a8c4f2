"""The repository's sample plans, read by the real parser, become drafts that can be published."""

from pathlib import Path

import pytest

from kehoach.conftest import make_org, make_user
from kehoach.organisations.models import OrganisationKind as K
from kehoach.plans import services as s
from kehoach.plans.models import Assignment, PlanStatus, UnitResolution

SAMPLES = Path(__file__).resolve().parents[4] / "samples"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not (SAMPLES / "ke-hoach-dang-uy.txt").exists(), reason="samples/ not present"),
]


def test_district_sample_imports_matches_and_publishes():
    from kehoach.accounts.models import Role
    from kehoach.documents import parse

    province = make_org("Tỉnh ủy Đông Sơn", K.PROVINCIAL_COMMITTEE)
    district = make_org("Huyện ủy Tân Hòa", K.DISTRICT_COMMITTEE, province)
    units = {
        name: make_org(name, kind, district)
        for name, kind in [
            ("Ban Tuyên giáo Huyện ủy Tân Hòa", K.ADVISORY_BOARD),
            ("Ban Tổ chức Huyện ủy Tân Hòa", K.ADVISORY_BOARD),
            ("Ủy ban Kiểm tra Huyện ủy Tân Hòa", K.ADVISORY_BOARD),
            ("Văn phòng Huyện ủy Tân Hòa", K.ADVISORY_BOARD),
            ("Trung tâm Chính trị huyện Tân Hòa", K.POLITICAL_CENTRE),
            ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện Tân Hòa", K.FATHERLAND_FRONT),
            ("Phòng Giáo dục và Đào tạo huyện Tân Hòa", K.OFFICE),
            ("Đảng ủy xã Phú Lâm", K.PARTY_COMMITTEE),
            ("Chi bộ Cơ quan Huyện ủy", K.PARTY_CELL),
        ]
    }
    office = make_user("vp", district, Role.PLAN_OFFICE)
    parent = s.create_plan(
        province,
        make_user("root", superuser=True),
        title="Kế hoạch của Tỉnh ủy",
        number="120",
        symbol="KH/TU",
    )

    result = parse(SAMPLES / "ke-hoach-dang-uy.txt").to_dict(with_text=True)
    plan = s.create_plan_from_parse(result, None, district, office)
    assert plan.reference == "45-KH/HU"
    assert plan.parent == parent
    assert plan.tasks.count() == len(result["tasks"]) > 10
    matched = {u.organisation.name for t in plan.tasks.all() for u in t.units.all() if u.organisation}
    assert "Ban Tuyên giáo Huyện ủy Tân Hòa" in matched
    assert "Trung tâm Chính trị huyện Tân Hòa" in matched

    # the review: every name the tree cannot place goes to the district itself; tasks without
    # a named unit are given to the Ban Tuyên giáo
    for task in plan.tasks.all():
        for unit in task.units.filter(resolution=UnitResolution.UNMATCHED):
            s.resolve_task_unit(unit, office, organisation=district)
        if not task.units.filter(role="lead").exists():
            s.add_task_unit(task, office, role="lead", unit=units["Ban Tuyên giáo Huyện ủy Tân Hòa"])
    s.publish_plan(plan, office)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    # "Các chi bộ" / "đảng bộ cơ sở" reached the commune and the cell
    reached = set(Assignment.objects.filter(task__plan=plan).values_list("organisation__name", flat=True))
    assert {"Đảng ủy xã Phú Lâm", "Chi bộ Cơ quan Huyện ủy"} <= reached
