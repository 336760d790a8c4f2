"""Every page URL visited as every role: the status code is the permissions module's answer.

The world (see ``conftest.py``): the district's published plan gives task 1 to the commune
(lead) and its sibling commune (support), task 2 to the sibling, task 3 to the district's
Ban Tuyên giáo; the commune's officer reported with a file. A member sits in a cell under
the commune (and reads the plans of the units above it); "sibling" is the officer of the sibling commune; "outsider" the plan office of
another district; "nobody" a user without any role.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

ROLES = ["anon", "root", "admin", "office", "leader", "officer", "member", "sibling", "outsider", "nobody"]
USERS = {
    "root": "superuser",
    "admin": "province_admin",
    "office": "district_office",
    "leader": "district_leader",
    "officer": "commune_officer",
    "member": "cell_member",
    "sibling": "commune2_officer",
    "outsider": "other_district_office",
    "nobody": "nobody",
}

Url = Callable[[SimpleNamespace], str]


def u(name: str, *args: Callable[[SimpleNamespace], Any], query: str = "") -> Url:
    return lambda w: reverse(f"web:{name}", args=[f(w).pk for f in args]) + query


# url, expected status per role in the order of ROLES
#                                                         anon root adm off lead offi memb sibl outs nob
GETS: list[tuple[str, Url, str]] = [
    ("login", u("login"), "200 302 302 302 302 302 302 302 302 302"),
    ("logout (POST only)", u("logout"), "405 405 405 405 405 405 405 405 405 405"),
    ("home", u("home"), "302 302 302 302 302 302 302 302 302 302"),
    ("my work", u("my_work"), "302 200 200 200 200 200 200 200 200 200"),
    ("search", u("search", query="?q=dang"), "302 200 200 200 200 200 200 200 200 200"),
    ("plan list", u("plans"), "302 200 200 200 200 200 200 200 200 200"),
    (
        "plan list by org",
        u("plans", query="?org=1&status=published&sort=title"),
        "302 200 200 200 200 200 200 200 200 200",
    ),
    ("new plan", u("plan_new"), "302 200 403 200 403 403 403 403 200 403"),
    ("import", u("plan_import"), "302 200 403 200 403 403 403 403 200 403"),
    ("published plan", u("plan_detail", lambda w: w.plan), "302 200 200 200 200 200 200 200 403 403"),
    ("published review", u("plan_review", lambda w: w.plan), "302 302 302 302 302 302 302 302 403 403"),
    ("draft plan", u("plan_detail", lambda w: w.draft), "302 302 403 302 403 403 403 403 403 403"),
    ("draft review", u("plan_review", lambda w: w.draft), "302 200 403 200 403 403 403 403 403 403"),
    (
        "unit search",
        u("unit_search", lambda w: w.draft, query="?q=xa&unit=0"),
        "302 404 403 404 403 403 403 403 403 403",
    ),
    ("organisations", u("organisations"), "302 302 302 302 302 302 302 302 302 200"),
    (
        "district",
        u("organisation_dashboard", lambda w: w.tree.district),
        "302 200 200 200 200 403 403 403 403 403",
    ),
    (
        "commune",
        u("organisation_dashboard", lambda w: w.tree.commune),
        "302 200 200 200 200 200 403 403 403 403",
    ),
    (
        "sibling commune",
        u("organisation_dashboard", lambda w: w.tree.commune2),
        "302 200 200 200 200 403 403 200 403 403",
    ),
    (
        "member's cell",
        u("organisation_dashboard", lambda w: w.tree.cell1),
        "302 200 200 200 200 200 200 403 403 403",
    ),
    (
        "other district",
        u("organisation_dashboard", lambda w: w.tree.district_b),
        "302 200 200 403 403 403 403 403 200 403",
    ),
    (
        "commune's assignment",
        u("assignment_detail", lambda w: w.commune_assignment),
        "302 200 200 200 200 200 403 403 403 403",
    ),
    (
        "sibling's assignment",
        u("assignment_detail", lambda w: w.sibling_assignment),
        "302 200 200 200 200 403 403 200 403 403",
    ),
    (
        "commune's report file",
        u("report_file", lambda w: w.report_file),
        "302 200 200 200 200 200 403 403 403 403",
    ),
]


def _client(world: SimpleNamespace, role: str) -> Client:
    client = Client()
    if role != "anon":
        client.force_login(getattr(world.users, USERS[role]))
    return client


@pytest.mark.parametrize(("label", "url", "codes"), GETS, ids=[g[0] for g in GETS])
def test_every_page_as_every_role(world: SimpleNamespace, label: str, url: Url, codes: str) -> None:
    expected = dict(zip(ROLES, [int(c) for c in codes.split()], strict=True))
    actual = {role: _client(world, role).get(url(world)).status_code for role in ROLES}
    assert actual == expected


def test_unknown_objects_are_404(world: SimpleNamespace) -> None:
    client = _client(world, "root")
    for name in ("plan_detail", "plan_review", "assignment_detail", "organisation_dashboard", "report_file"):
        response = client.get(reverse(f"web:{name}", args=[999_999]))
        assert response.status_code == 404, name


def test_a_refusal_says_so_in_vietnamese(world: SimpleNamespace) -> None:
    response = _client(world, "sibling").get(
        reverse("web:assignment_detail", args=[world.commune_assignment.pk])
    )
    assert response.status_code == 403
    assert "Bạn không có quyền xem hoặc thực hiện thao tác này." in response.content.decode()


def test_the_unit_search_answers_its_editors(world: SimpleNamespace) -> None:
    url = reverse("web:unit_search", args=[world.draft.pk]) + f"?q=xa&unit={world.draft_unit.pk}"
    response = _client(world, "office").get(url)
    assert response.status_code == 200
    assert "Đảng ủy xã Hòa Bình" in response.content.decode()
    assert "Đảng ủy xã Sơn Thủy" not in response.content.decode()  # another district's unit


def test_anonymous_is_sent_to_the_login_page(world: SimpleNamespace) -> None:
    url = reverse("web:plan_detail", args=[world.plan.pk])
    response = Client().get(url)
    assert response["Location"] == f"/login/?next={url}"
    htmx = Client().post(
        reverse("web:task_delete", args=[world.draft.pk, world.draft_task.pk]), HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == "/login/"


# writes: one fresh world per role, since an allowed write changes it
POSTS: list[tuple[str, Url, dict[str, str], str]] = [
    ("update task", u("task_update", lambda w: w.draft, lambda w: w.draft_task), {}, "200 403 200 403 403"),
    ("delete task", u("task_delete", lambda w: w.draft, lambda w: w.draft_task), {}, "200 403 200 403 403"),
    ("add task", u("task_add", lambda w: w.draft), {"new-text": "Việc mới"}, "200 403 200 403 403"),
    (
        "add unit",
        u("unit_add", lambda w: w.draft, lambda w: w.draft_task),
        {"name": "Đảng ủy xã Hòa Bình"},
        "200 403 200 403 403",
    ),
    (
        "drop unit",
        u("unit_resolve", lambda w: w.draft, lambda w: w.draft_unit),
        {"drop": "1"},
        "200 403 200 403 403",
    ),
    ("remove unit", u("unit_remove", lambda w: w.draft, lambda w: w.draft_unit), {}, "200 403 200 403 403"),
    (
        "plan header",
        u("plan_header", lambda w: w.draft),
        {"title": "Mới", "kind": "KH"},
        "302 403 302 403 403",
    ),
    ("publish", u("plan_publish", lambda w: w.draft), {}, "302 403 302 403 403"),
    (
        "report",
        u("assignment_detail", lambda w: w.commune_assignment),
        {"text": "Xong"},
        "302 403 403 302 403",
    ),
    (
        "sibling reports",
        u("assignment_detail", lambda w: w.sibling_assignment),
        {"text": "Xong"},
        "302 403 403 403 302",
    ),
    ("close", u("assignment_close", lambda w: w.sibling_overdue), {}, "302 403 302 403 302"),
    (
        "reopen",
        u("assignment_reopen", lambda w: w.btg_assignment),
        {"reason": "Thiếu"},
        "302 403 302 403 403",
    ),
]
POST_ROLES = ["root", "leader", "office", "officer", "sibling"]
POST_CASES = [
    pytest.param(url, data, role, int(code), id=f"{label}-{role}")
    for label, url, data, codes in POSTS
    for role, code in zip(POST_ROLES, codes.split(), strict=True)
] + [pytest.param(url, data, "anon", 302, id=f"{label}-anon") for label, url, data, _ in POSTS]


@pytest.mark.parametrize(("url", "data", "role", "code"), POST_CASES)
def test_every_write_as_each_role(
    world: SimpleNamespace, url: Url, data: dict[str, str], role: str, code: int
) -> None:
    assert _client(world, role).post(url(world), data).status_code == code
