"""Plans, assignments and reports per role; each predicate agrees with its queryset filter."""

import datetime as dt

import pytest

from kehoach.accounts import permissions as p
from kehoach.plans import services as s
from kehoach.plans.models import Assignment, Plan, Report
from kehoach.plans.tests.test_services import parsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, users):
    """A published district plan (assigned to both communes and more), a district draft, a
    published commune plan for its cells, and a report by each commune."""
    district = s.create_plan_from_parse(parsed(), None, tree.district, users.district_office)
    s.resolve_task_unit(
        district.tasks.get(code="II.1.c").units.get(), users.district_office, organisation=tree.district
    )
    s.publish_plan(district, users.district_office, on=dt.date(2025, 1, 15))
    draft = s.create_plan(tree.district, users.district_office, title="Dự thảo")
    commune = s.create_plan(
        tree.commune, users.commune_office, title="Kế hoạch xã", number="5", symbol="KH/ĐU"
    )
    s.add_task(commune, users.commune_office, text="Các chi bộ học tập", lead=["Các chi bộ"])
    s.publish_plan(commune, users.commune_office)
    for user, org in ((users.commune_officer, tree.commune), (users.commune2_officer, tree.commune2)):
        assignment = Assignment.objects.get(task__plan=district, task__code="II.1.b", organisation=org)
        s.submit_report(assignment, user, text=f"Báo cáo của {org.name}")
    return {"district": district, "draft": draft, "commune": commune}


def visible_titles(user):
    return {plan.title for plan in p.plans_visible_to(user)}


def test_plans_per_role(world, users):
    district, draft, commune = world["district"].title, world["draft"].title, world["commune"].title
    assert visible_titles(users.superuser) == {district, draft, commune}
    assert visible_titles(users.district_office) == {district, draft, commune}
    assert visible_titles(users.district_leader) == {district, commune}  # drafts stay with their editors
    assert visible_titles(users.commune_officer) == {district, commune}
    assert visible_titles(users.commune2_officer) == {district}  # not the sibling commune's plan
    assert visible_titles(users.cell_member) == {district, commune}  # plans addressed from above
    assert visible_titles(users.other_district_office) == set()
    assert visible_titles(users.nobody) == set()


def test_reports_per_role(world, users):
    def authors(user):
        return {r.assignment.organisation.name for r in p.reports_visible_to(user)}

    both = {"Đảng ủy xã Hòa Bình", "Đảng ủy xã Đông Hải"}
    assert authors(users.district_office) == both
    assert authors(users.district_leader) == both
    assert authors(users.commune_officer) == {"Đảng ủy xã Hòa Bình"}
    assert authors(users.commune2_officer) == {"Đảng ủy xã Đông Hải"}
    assert authors(users.cell_member) == set()
    assert authors(users.other_district_office) == set()


def test_acting_per_role(world, users, tree):
    a = Assignment.objects.get(task__plan=world["district"], task__code="II.1.b", organisation=tree.commune)
    assert p.can_report(users.commune_officer, a)
    assert p.can_report(users.commune_office, a)
    for user in (
        users.commune2_officer,
        users.district_leader,
        users.cell_member,
        users.district_office,
        users.province_admin,
    ):
        assert not p.can_report(user, a)
    assert p.can_close_assignment(users.district_office, a)  # the plan's owner accepts the work
    assert p.can_reopen_assignment(users.district_office, a)
    assert not p.can_reopen_assignment(users.commune_officer, a)
    assert p.can_edit_plan(users.commune_office, world["commune"])
    assert not p.can_edit_plan(users.district_office, world["commune"])


def test_predicates_agree_with_querysets(world, users):
    everyone = list(vars(users).values())
    plans = list(Plan.objects.select_related("issuer"))
    assignments = list(Assignment.objects.select_related("task__plan__issuer", "organisation"))
    reports = list(
        Report.objects.select_related("assignment__task__plan__issuer", "assignment__organisation")
    )
    for user in everyone:
        p.forget(user)
        plan_ids = set(p.plans_visible_to(user).values_list("pk", flat=True))
        assert {x.pk for x in plans if p.can_view_plan(user, x)} == plan_ids, user
        assignment_ids = set(p.assignments_visible_to(user).values_list("pk", flat=True))
        assert {x.pk for x in assignments if p.can_view_assignment(user, x)} == assignment_ids, user
        report_ids = set(p.reports_visible_to(user).values_list("pk", flat=True))
        assert {x.pk for x in reports if p.can_view_report(user, x)} == report_ids, user
        org_ids = set(p.visible_organisations(user).values_list("pk", flat=True))
        from kehoach.organisations.models import Organisation

        assert {o.pk for o in Organisation.objects.all() if p.can_view_organisation(user, o)} == org_ids
