"""Every API route as every role: anonymous callers get 401 everywhere; signed-in callers never
get a server error, and reads of objects outside their reach are 404."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.api.api import api
from kehoach.plans import services as s
from kehoach.plans.models import Assignment, ReportFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(tree, users, published, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = Assignment.objects.get(task__code="II.1.b", organisation=tree.commune)
    report = s.submit_report(
        a, users.commune_officer, text="Báo cáo", files=[ContentFile(b"%PDF-1.4", name="a.pdf")]
    )
    return {
        "org_id": tree.commune.pk,
        "plan_id": published.pk,
        "task_id": published.tasks.first().pk,
        "unit_id": published.tasks.first().units.first().pk,
        "assignment_id": a.pk,
        "report_id": report.pk,
        "file_id": ReportFile.objects.get().pk,
    }


def routes():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield method, path


def fill(path, ids):
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


def test_anonymous_gets_401_everywhere(clients, ids):
    for method, path in routes():
        url = fill(path, ids)
        response = getattr(clients.anonymous.client, method)(url)
        assert response.status_code == 401, (method, url)
        assert response.json()["error"]["code"] == "unauthenticated"


ROLES = [
    "superuser",
    "province_admin",
    "district_office",
    "district_leader",
    "commune_officer",
    "commune_office",
    "commune2_officer",
    "cell_member",
    "other_district_office",
    "nobody",
]


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_every_role_without_server_errors(clients, ids, role):
    client = getattr(clients, role)
    for method, path in routes():
        url = fill(path, ids)
        if method == "get":
            response = client.get(url)
            assert response.status_code in (200, 404), (role, url, response.status_code)
        else:
            response = client._send(method, url, {})
            assert response.status_code in (200, 201, 204, 400, 403, 404, 409, 422), (
                role,
                method,
                url,
                response.content,
            )
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}


def test_sibling_and_outsiders_read_nothing_of_the_commune(clients, ids):
    for role in ("commune2_officer", "other_district_office", "nobody"):
        client = getattr(clients, role)
        for key, url in [
            ("assignment_id", "/api/assignments/{assignment_id}"),
            ("report_id", "/api/reports/{report_id}"),
            ("file_id", "/api/report-files/{file_id}"),
            ("org_id", "/api/organisations/{org_id}"),
        ]:
            assert client.get(url.format(**{key: ids[key]})).status_code == 404, (role, url)


LISTS = ["/api/plans", "/api/assignments", "/api/tasks", "/api/organisations", "/api/people"]


def count_queries(client, url):
    client.get(url)  # the first call of a token also records its use
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, limit=500)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


def grow(tree, users, n):
    """n more published plans (two tasks each, for three units), n people and n units."""
    from kehoach.conftest import make_org
    from kehoach.organisations.models import OrganisationKind, Person
    from kehoach.plans.models import AssignmentRole

    for i in range(n):
        plan = s.create_plan(
            tree.district, users.district_office, title=f"Kế hoạch {i}", number=str(100 + i), symbol="KH/HU"
        )
        for j in range(2):
            s.add_task(
                plan,
                users.district_office,
                text=f"Nhiệm vụ {j}",
                due_on="2025-03-01",
                lead=[tree.commune, tree.commune2],
            )
            s.add_task_unit(
                plan.tasks.last(), users.district_office, role=AssignmentRole.SUPPORT, unit=tree.btg
            )
        s.publish_plan(plan, users.district_office)
        Person(organisation=tree.cell1, full_name=f"Người {i}").save()
        make_org(f"Chi bộ {n}-{i}", OrganisationKind.PARTY_CELL, tree.commune2)


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_rows(
    clients, tree, users, published, url, django_assert_max_num_queries
):
    grow(tree, users, 2)
    small, small_count = count_queries(clients.district_office, url)
    grow(tree, users, 8)
    large, large_count = count_queries(clients.district_office, url)
    assert large_count > small_count
    assert large == small, (url, small, large)
    with django_assert_max_num_queries(8):
        clients.district_office.get(url, limit=500)
