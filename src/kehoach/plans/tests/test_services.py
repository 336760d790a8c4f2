"""Plans from parse results, review, publishing, transitions, reports, recurring duties."""

import copy
import datetime as dt

import pytest
from django.core.files.base import ContentFile

from kehoach.audit.models import AuditEntry
from kehoach.conftest import make_org
from kehoach.errors import Conflict, NotAllowed, ServiceError
from kehoach.organisations.models import OrganisationKind as K
from kehoach.organisations.services import set_successors
from kehoach.plans import services as s
from kehoach.plans.models import (
    Assignment,
    AssignmentRole,
    Plan,
    PlanStatus,
    Progress,
    Report,
    Task,
    UnitResolution,
)
from kehoach.plans.status import AssignmentStatus

pytestmark = pytest.mark.django_db

PARSED = {
    "schema": "kehoach.parse/1",
    "source": {"name": "kh-12.txt", "format": "txt", "sha256": "0" * 64, "chars": 1000},
    "document": {
        "kind": "KH",
        "number": "12",
        "symbol": "KH/HU",
        "issuer": "Ban Thường vụ Huyện ủy Tam Nông",
        "issued_on": "2025-01-10",
        "title": "Học tập Chuyên đề năm 2025",
        "recipients": ["Các chi, đảng bộ cơ sở"],
    },
    "references": [
        {
            "kind": "KH",
            "number": "7",
            "symbol": "KH/TU",
            "issued_on": "2025-01-02",
            "text": "Kế hoạch số 07-KH/TU",
            "basis": True,
        },
        {
            "kind": "KL",
            "number": "1",
            "symbol": "KL/TW",
            "issued_on": "2021-05-18",
            "text": "Kết luận số 01-KL/TW",
            "basis": False,
        },
    ],
    "sections": [{"number": "II.1", "heading": "Tổ chức học tập", "span": [10, 20], "children": []}],
    "tasks": [
        {
            "id": "II.1.a",
            "section": "II.1",
            "text": "Ban Tuyên giáo Huyện ủy chủ trì tổ chức hội nghị học tập",
            "span": [100, 200],
            "lead": [{"name": "Ban Tuyên giáo Huyện ủy", "span": [100, 123]}],
            "support": [{"name": "Trung tâm Chính trị huyện Tam Nông", "span": [150, 170]}],
            "deadline": {
                "text": "trước ngày 31/3/2025",
                "due": "2025-03-31",
                "start": None,
                "recurrence": None,
                "span": [180, 200],
            },
        },
        {
            "id": "II.1.b",
            "section": "II.1",
            "text": "Các chi, đảng bộ cơ sở tổ chức học tập cho đảng viên",
            "span": [200, 300],
            "lead": [{"name": "Các chi, đảng bộ cơ sở", "span": [200, 222]}],
            "support": [],
            "deadline": {
                "text": "định kỳ 6 tháng",
                "due": "2025-06-30",
                "start": None,
                "recurrence": {"every": "6 months"},
                "span": [280, 300],
            },
        },
        {
            "id": "II.1.c",
            "section": "II.1",
            "text": "Sở Tài chính bố trí kinh phí",
            "span": [300, 350],
            "lead": [{"name": "Sở Tài chính", "span": [300, 312]}],
            "support": [],
            "deadline": None,
        },
    ],
    "deadlines": [],
    "warnings": [],
}


def parsed(**changes):
    data = copy.deepcopy(PARSED)
    data.update(changes)
    return data


@pytest.fixture
def draft(tree, users):
    return s.create_plan_from_parse(parsed(), None, tree.district, users.district_office)


def test_import_builds_a_draft(draft, tree):
    assert (draft.status, draft.reference, draft.issued_on) == (
        PlanStatus.DRAFT,
        "12-KH/HU",
        dt.date(2025, 1, 10),
    )
    assert draft.basis_text == "Kế hoạch số 07-KH/TU"
    tasks = list(draft.tasks.order_by("order"))
    assert [t.code for t in tasks] == ["II.1.a", "II.1.b", "II.1.c"]
    assert tasks[0].section == "II.1. Tổ chức học tập"
    assert tasks[0].due_on == dt.date(2025, 3, 31)
    assert tasks[1].recurrence_months == 6
    lead, support = tasks[0].units.order_by("role")
    assert (lead.role, lead.organisation, lead.resolution, lead.match_how) == (
        "lead",
        tree.btg,
        "matched",
        "fuzzy",
    )
    assert 0.85 <= lead.score < 1
    assert lead.span == [100, 123]
    assert (support.organisation, support.match_how) == (tree.centre, "exact")
    (collective,) = tasks[1].units.all()
    assert collective.resolution == UnitResolution.COLLECTIVE
    assert set(collective.collective_kinds) == {K.PARTY_CELL, K.PARTY_COMMITTEE}
    assert collective.collective_scope == "children"
    (unknown,) = tasks[2].units.all()
    assert unknown.resolution == UnitResolution.UNMATCHED
    assert AuditEntry.objects.filter(action="plan.imported", target_id=str(draft.pk)).exists()


def test_search_keys_cover_title_reference_and_cited_documents(draft):
    assert list(Plan.objects.search("hoc tap chuyen de")) == [draft]
    assert list(Plan.objects.search("12-kh/hu")) == [draft]
    assert list(Plan.objects.search("01-KL/TW")) == [draft]  # "all plans implementing Kết luận 01"
    assert not Plan.objects.search("dang uy xa").exists()


def test_import_links_to_the_parent_plan_and_back(tree, users):
    child = s.create_plan_from_parse(parsed(), None, tree.district, users.district_office)
    assert child.parent is None  # the province plan is not in the system yet
    province_office = users.superuser
    parent = s.create_plan(
        tree.province,
        province_office,
        title="Kế hoạch của Tỉnh ủy",
        number="7",
        symbol="KH/TU",
        issued_on="2025-01-02",
    )
    child.refresh_from_db()
    assert child.parent == parent
    assert list(parent.implementing_plans.all()) == [child]
    sibling = s.create_plan_from_parse(parsed(), None, tree.district, users.district_office)
    assert sibling.parent == parent


@pytest.mark.parametrize(
    "bad",
    [
        "not a dict",
        {"schema": "other/9", "document": {}},
        {"document": {"issued_on": "10/01/2025"}},
        {"document": {}, "tasks": [{"text": "  "}]},
        {"document": {}, "tasks": "x"},
    ],
)
def test_import_refuses_bad_parse_results(tree, users, bad):
    before = Plan.objects.count()
    with pytest.raises(ServiceError) as err:
        s.create_plan_from_parse(bad, None, tree.district, users.district_office)
    assert err.value.code in {"invalid_parse", "invalid_date"}
    assert Plan.objects.count() == before
    assert not Task.objects.exists()


def test_import_with_a_file(tree, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = ContentFile("KẾ HOẠCH\nnội dung".encode(), name="ke-hoach.txt")
    plan = s.create_plan_from_parse(parsed(), upload, tree.district, users.district_office)
    assert plan.source_name == "ke-hoach.txt"
    assert len(plan.source_sha256) == 64
    assert plan.source_file.read().decode().startswith("KẾ HOẠCH")
    with pytest.raises(ServiceError) as err:
        s.create_plan_from_parse(
            parsed(), ContentFile(b"MZ\x90\x00", name="virus.exe"), tree.district, users.district_office
        )
    assert err.value.code == "file_type"
    with pytest.raises(ServiceError) as err:
        s.create_plan_from_parse(
            parsed(), ContentFile(b"not a pdf", name="fake.pdf"), tree.district, users.district_office
        )
    assert err.value.code == "file_content"


def test_only_the_plan_office_of_the_owner_imports(tree, users):
    for user in (
        users.district_leader,
        users.commune_officer,
        users.commune_office,
        users.cell_member,
        users.nobody,
    ):
        with pytest.raises(NotAllowed):
            s.create_plan_from_parse(parsed(), None, tree.district, user)


def test_publish_refuses_unmatched_names(draft, users):
    with pytest.raises(ServiceError) as err:
        s.publish_plan(draft, users.district_office)
    assert err.value.code == "plan_not_ready"
    assert any("Sở Tài chính" in p for p in err.value.details)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    assert not Assignment.objects.exists()


def resolve_rest(draft, user, tree):
    unknown = draft.tasks.get(code="II.1.c").units.get()
    s.resolve_task_unit(unknown, user, organisation=tree.district)


def test_publish_creates_one_assignment_per_task_and_unit(draft, users, tree):
    resolve_rest(draft, users.district_office, tree)
    s.publish_plan(draft, users.district_office, on=dt.date(2025, 1, 15))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.PUBLISHED and draft.published_by == users.district_office
    rows = {
        (a.task.code, a.organisation.name, a.role)
        for a in Assignment.objects.select_related("task", "organisation")
    }
    assert rows == {
        ("II.1.a", "Ban Tuyên giáo Huyện ủy Tam Nông", "lead"),
        ("II.1.a", "Trung tâm Chính trị huyện Tam Nông", "support"),
        # "Các chi, đảng bộ cơ sở": the party bodies directly under the district
        ("II.1.b", "Đảng ủy xã Hòa Bình", "lead"),
        ("II.1.b", "Đảng ủy xã Đông Hải", "lead"),
        ("II.1.b", "Chi bộ Cơ quan Ủy ban", "lead"),
        ("II.1.c", "Huyện ủy Tam Nông", "lead"),
    }
    recurring = Assignment.objects.filter(task__code="II.1.b").first()
    assert (recurring.sequence, recurring.period_start, recurring.due_on) == (
        1,
        dt.date(2025, 1, 10),
        dt.date(2025, 6, 30),
    )
    with pytest.raises(Conflict):
        s.publish_plan(draft, users.district_office)
    with pytest.raises(Conflict):
        s.update_task(draft.tasks.first(), users.district_office, text="Sửa")


def test_lead_wins_over_support_and_successors_take_over(draft, users, tree):
    resolve_rest(draft, users.district_office, tree)
    task = draft.tasks.get(code="II.1.a")
    s.add_task_unit(task, users.district_office, role=AssignmentRole.SUPPORT, unit=tree.btg)
    merged = make_org(
        "Trung tâm Chính trị mới", K.POLITICAL_CENTRE, tree.district, valid_from=dt.date(2025, 7, 1)
    )
    set_successors(tree.centre, [merged], users.superuser, ends_on=dt.date(2025, 6, 30))
    s.publish_plan(draft, users.district_office, on=dt.date(2025, 7, 2))
    got = {(a.organisation_id, a.role) for a in Assignment.objects.filter(task=task)}
    assert got == {(tree.btg.pk, "lead"), (merged.pk, "support")}


def test_publish_refuses_tasks_without_lead_and_empty_collectives(draft, users, tree):
    resolve_rest(draft, users.district_office, tree)
    lonely = s.add_task(draft, users.district_office, text="Nhiệm vụ chưa giao")
    with pytest.raises(ServiceError) as err:
        s.publish_plan(draft, users.district_office)
    assert any("chưa có đơn vị chủ trì" in p for p in err.value.details)
    s.add_task_unit(lonely, users.district_office, role="lead", unit="Các trường học trên địa bàn")
    with pytest.raises(ServiceError) as err:
        s.publish_plan(draft, users.district_office)
    assert any("không ứng với đơn vị nào" in p for p in err.value.details)
    s.delete_task(lonely, users.district_office)
    s.publish_plan(draft, users.district_office)


def test_review_edits(draft, users, tree):
    task = draft.tasks.get(code="II.1.a")
    s.update_task(
        task, users.district_office, text="  Nội dung   mới ", due_on="2025-04-30", recurrence_months=12
    )
    task.refresh_from_db()
    assert (task.text, task.due_on, task.recurrence_months) == ("Nội dung mới", dt.date(2025, 4, 30), 12)
    for bad, code in [
        ({"text": ""}, "text_required"),
        ({"due_on": "2025-13-01"}, "invalid_date"),
        ({"recurrence_months": 5}, "invalid_recurrence"),
        ({"start_on": "2025-05-01"}, "invalid_dates"),
        ({"colour": "red"}, "unknown_field"),
    ]:
        with pytest.raises(ServiceError) as err:
            s.update_task(task, users.district_office, **bad)
        assert err.value.code == code
    task.refresh_from_db()
    assert task.due_on == dt.date(2025, 4, 30)
    unit = task.units.get(role="lead")
    with pytest.raises(ServiceError):
        s.resolve_task_unit(unit, users.district_office)
    with pytest.raises(ServiceError) as err:
        s.resolve_task_unit(unit, users.district_office, organisation=tree.commune_b)
    assert err.value.code == "unit_outside_tree"
    s.resolve_task_unit(unit, users.district_office, collective_kinds=[K.PARTY_CELL], scope="subtree")
    unit.refresh_from_db()
    assert unit.resolution == UnitResolution.COLLECTIVE and unit.organisation is None
    s.resolve_task_unit(unit, users.district_office, drop=True)
    with pytest.raises(NotAllowed):
        s.update_task(task, users.district_leader, text="x")


@pytest.fixture
def published(draft, users, tree):
    resolve_rest(draft, users.district_office, tree)
    return s.publish_plan(draft, users.district_office, on=dt.date(2025, 1, 15))


def commune_assignment(published, tree, code="II.1.b"):
    return Assignment.objects.get(task__plan=published, task__code=code, organisation=tree.commune)


def test_transitions_and_audit(published, users, tree):
    a = commune_assignment(published, tree)
    with pytest.raises(NotAllowed):
        s.start_assignment(a, users.commune2_officer)  # a sibling
    with pytest.raises(NotAllowed):
        s.start_assignment(a, users.district_leader)  # leaders read
    s.start_assignment(a, users.commune_officer)
    with pytest.raises(Conflict):
        s.start_assignment(a, users.commune_officer)
    s.close_assignment(a, users.commune_officer, completed_on=dt.date(2025, 6, 1))
    a.refresh_from_db()
    assert (a.progress, a.completed_on, a.status) == (
        Progress.DONE,
        dt.date(2025, 6, 1),
        AssignmentStatus.DONE_ON_TIME,
    )
    with pytest.raises(Conflict):
        s.close_assignment(a, users.commune_officer)
    with pytest.raises(NotAllowed):
        s.reopen_assignment(a, users.commune_officer, reason="x")
    with pytest.raises(ServiceError):
        s.reopen_assignment(a, users.district_office, reason=" ")
    s.reopen_assignment(a, users.district_office, reason="Thiếu minh chứng")
    a.refresh_from_db()
    assert (a.progress, a.completed_on) == (Progress.IN_PROGRESS, None)
    actions = list(
        AuditEntry.objects.filter(target_id=str(a.pk), target_type__model="assignment").values_list(
            "action", flat=True
        )
    )
    assert actions == ["assignment.reopened", "assignment.closed", "assignment.started"]
    assert AuditEntry.objects.filter(action="assignment.closed").first().actor == users.commune_officer


def test_closing_in_the_future_is_refused(published, users, tree):
    a = commune_assignment(published, tree)
    with pytest.raises(ServiceError) as err:
        s.close_assignment(a, users.commune_officer, completed_on=dt.date.today() + dt.timedelta(days=3))
    assert err.value.code == "future_date"


def test_submit_report(published, users, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = commune_assignment(published, tree, "II.1.b")
    pdf = ContentFile(b"%PDF-1.7\n...", name="bien-ban.pdf")
    report = s.submit_report(
        a,
        users.commune_officer,
        text="Đã tổ chức 2 buổi",
        sessions_held=2,
        people_expected=40,
        people_present=37,
        files=[pdf],
    )
    assert report.attendance_percent == 92.5
    assert Report.objects.with_percent().get(pk=report.pk).percent == pytest.approx(92.5)
    (stored,) = report.files.all()
    assert (stored.original_name, stored.content_type, stored.size) == ("bien-ban.pdf", "application/pdf", 12)
    a.refresh_from_db()
    assert a.progress == Progress.IN_PROGRESS  # the first report starts the work
    s.submit_report(
        a, users.commune_officer, text="Hoàn thành", complete=True, completed_on=dt.date(2025, 7, 3)
    )
    a.refresh_from_db()
    assert a.status == AssignmentStatus.DONE_LATE


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"text": " "}, "text_required"),
        ({"text": "x", "people_expected": 10, "people_present": 11}, "attendance"),
        ({"text": "x", "sessions_held": -1}, "invalid_number"),
        ({"text": "x", "sessions_held": "2"}, "invalid_number"),
        ({"text": "x", "files": [ContentFile(b"MZ", name="a.exe")]}, "file_type"),
        ({"text": "x", "files": [ContentFile(b"", name="a.pdf")]}, "file_empty"),
        ({"text": "x", "files": [ContentFile(b"GIF89a", name="a.png")]}, "file_content"),
    ],
)
def test_bad_reports_write_nothing(published, users, tree, kwargs, code, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = commune_assignment(published, tree)
    with pytest.raises(ServiceError) as err:
        s.submit_report(a, users.commune_officer, **kwargs)
    assert err.value.code == code
    assert not Report.objects.exists()
    a.refresh_from_db()
    assert a.progress == Progress.NOT_STARTED


def test_file_size_limit(published, users, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_BYTES = 10
    a = commune_assignment(published, tree)
    with pytest.raises(ServiceError) as err:
        s.submit_report(
            a, users.commune_officer, text="x", files=[ContentFile(b"%PDF-1.7 long enough", name="a.pdf")]
        )
    assert err.value.code == "file_too_large"


def test_recurring_next_instance_on_close(published, users, tree):
    a = commune_assignment(published, tree)
    s.close_assignment(a, users.commune_officer, completed_on=dt.date(2025, 6, 20))
    chain = list(Assignment.objects.filter(task=a.task, organisation=tree.commune).order_by("sequence"))
    assert [(x.sequence, x.period_start, x.due_on) for x in chain] == [
        (1, dt.date(2025, 1, 10), dt.date(2025, 6, 30)),
        (2, dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
    ]
    assert chain[1].progress == Progress.NOT_STARTED


def test_create_due_instances_catches_up_and_is_idempotent(published, tree):
    created = s.create_due_instances(dt.date(2026, 8, 1))
    mine = sorted((a.sequence, a.due_on) for a in created if a.organisation_id == tree.commune.pk)
    # period 1 ended 30/6/2025; periods 2 (→ 30/12/2025) and 3 (→ 30/6/2026) have started, and
    # so has period 4, which contains 1/8/2026
    assert mine == [(2, dt.date(2025, 12, 31)), (3, dt.date(2026, 6, 30)), (4, dt.date(2026, 12, 31))]
    assert len(created) == 3 * 3  # three units share the collective task
    assert s.create_due_instances(dt.date(2026, 8, 1)) == []
    assert Assignment.objects.filter(task__code="II.1.a").count() == 2  # not recurring: untouched


def test_add_months_clamps_to_month_end():
    assert s.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert s.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert s.add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert s.add_months(dt.date(2025, 6, 30), 6) == dt.date(2025, 12, 31)
    assert s.add_months(dt.date(2025, 3, 31), 3) == dt.date(2025, 6, 30)
    assert s.add_months(dt.date(2025, 1, 15), 1) == dt.date(2025, 2, 15)


@pytest.mark.parametrize(
    ("value", "months"),
    [
        ({"every": "6 months"}, 6),
        ({"every": "year"}, 12),
        ({"every": "quarter"}, 3),
        ({"every": "month"}, 1),
        ({"every": "2 weeks"}, None),
        (None, None),
        ({"every": "5 months"}, None),
    ],
)
def test_recurrence_from_the_parser(value, months):
    assert s.recurrence_months(value) == months


def test_recurring_periods_pass_to_successors(published, users, tree):
    merged = make_org("Đảng ủy xã Hòa Đông", K.PARTY_COMMITTEE, tree.district, valid_from=dt.date(2025, 7, 1))
    set_successors(tree.commune, [merged], users.superuser, ends_on=dt.date(2025, 6, 30))
    s.create_due_instances(dt.date(2026, 1, 10))
    task = Task.objects.get(plan=published, code="II.1.b")
    old = list(
        Assignment.objects.filter(task=task, organisation=tree.commune).values_list("sequence", flat=True)
    )
    heir = list(
        Assignment.objects.filter(task=task, organisation=merged)
        .order_by("sequence")
        .values_list("sequence", "period_start", "due_on")
    )
    assert old == [1]
    assert heir == [
        (2, dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        (3, dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
    ]
    assert s.create_due_instances(dt.date(2026, 1, 10)) == []
