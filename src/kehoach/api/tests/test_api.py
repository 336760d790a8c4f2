"""The API over the services: authentication, permissions, errors, the review and reports."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kehoach.plans.models import Assignment, PlanStatus, Report
from kehoach.plans.tests.test_services import parsed

pytestmark = pytest.mark.django_db


def error_of(response):
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]["code"]


def test_authentication_is_required(clients, tree):
    for url in ("/api/plans", "/api/organisations", "/api/assignments", "/api/me"):
        response = clients.anonymous.get(url)
        assert response.status_code == 401
        assert error_of(response) == "unauthenticated"
    client = clients.anonymous
    client.headers["HTTP_AUTHORIZATION"] = "Bearer kh_wrong"
    assert clients.anonymous.get("/api/me").status_code == 401


def test_session_authentication(users, client):
    client.force_login(users.district_office)
    response = client.get("/api/me")
    assert response.status_code == 200
    assert response.json()["memberships"][0]["role"] == "plan_office"


def test_docs_are_served_without_a_cdn(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    schema = client.get("/api/openapi.json").json()
    assert "/api/plans/{plan_id}/publish" in schema["paths"]


def test_me_and_tokens(clients, users):
    me = clients.commune_officer.get("/api/me").json()
    assert me["username"] == "canbo_xa"
    response = clients.commune_officer.post("/api/me/tokens", {"name": "script"})
    assert response.status_code == 201
    token = response.json()["token"]
    assert token.startswith("kh_")


def test_organisations_by_role(clients, tree):
    ids = {o["id"] for o in clients.commune_officer.get("/api/organisations").json()["items"]}
    assert ids == {tree.commune.pk, tree.cell1.pk, tree.cell2.pk}
    assert clients.district_leader.get("/api/organisations").json()["count"] == 8
    assert clients.superuser.get("/api/organisations", q="huyen uy").json()["count"] == 3
    sibling = clients.commune_officer.get(f"/api/organisations/{tree.commune2.pk}")
    assert sibling.status_code == 404 and error_of(sibling) == "not_found"
    detail = clients.district_office.get(f"/api/organisations/{tree.btg.pk}").json()
    assert detail["aliases"] == ["BTG Huyện ủy"]
    assert [a["id"] for a in detail["ancestors"]] == [tree.province.pk, tree.district.pk]
    children = clients.district_office.get("/api/organisations", parent=tree.commune.pk).json()
    assert {o["name"] for o in children["items"]} == {"Chi bộ thôn Đồng Tâm", "Chi bộ thôn Tân Lập"}


def test_match_endpoint(clients, tree):
    body = {"names": ["BTG Huyện ủy", "Các chi bộ trực thuộc", "Sở Tài chính"], "within": tree.district.pk}
    result = clients.district_office.post("/api/organisations/match", body).json()
    assert [r["status"] for r in result] == ["alias", "collective", "unmatched"]
    assert result[0]["organisation_id"] == tree.btg.pk
    assert result[1]["collective"] == {"kinds": ["chi_bo"], "scope": "children"}
    hidden = clients.commune_officer.post("/api/organisations/match", body)
    assert hidden.status_code == 404


def test_invalid_input_gives_the_error_body(clients, tree):
    response = clients.district_office.post("/api/organisations/match", {"names": "x"})
    assert response.status_code == 422
    assert error_of(response) == "invalid_input"
    assert "within" in response.json()["error"]["message"]


def test_create_review_and_publish_a_plan(clients, tree):
    office = clients.district_office
    created = office.post(
        "/api/plans",
        {"issuer": tree.district.pk, "title": "Kế hoạch nhập tay", "number": "3", "symbol": "KH/HU"},
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["status"] == "draft" and plan["problems"] == ["Kế hoạch chưa có nhiệm vụ nào."]
    task = office.post(
        f"/api/plans/{plan['id']}/tasks",
        {
            "text": "Tổ chức hội nghị",
            "due_on": "2025-04-30",
            "lead": ["BTG Huyện ủy"],
            "support": [tree.centre.pk],
        },
    )
    assert task.status_code == 201, task.content
    units = task.json()["units"]
    assert {(u["role"], u["organisation"]["id"], u["match_how"]) for u in units} == {
        ("lead", tree.btg.pk, "alias"),
        ("support", tree.centre.pk, "manual"),
    }
    extra = office.post(
        f"/api/tasks/{task.json()['id']}/units", {"role": "support", "name": "Công an huyện"}
    ).json()
    assert extra["resolution"] == "unmatched"
    refused = office.post(f"/api/plans/{plan['id']}/publish")
    assert refused.status_code == 400
    assert error_of(refused) == "plan_not_ready"
    assert any("Công an huyện" in p for p in refused.json()["error"]["details"])
    dropped = office.patch(f"/api/task-units/{extra['id']}", {"drop": True})
    assert dropped.json()["resolution"] == "dropped"
    patched = office.patch(f"/api/tasks/{task.json()['id']}", {"due_on": "2025-05-15"})
    assert patched.json()["due_on"] == "2025-05-15"
    published = office.post(f"/api/plans/{plan['id']}/publish")
    assert published.status_code == 200, published.content
    body = published.json()
    assert body["status"] == "published"
    assert sum(body["status_counts"].values()) == 2
    again = office.post(f"/api/plans/{plan['id']}/publish")
    assert again.status_code == 409 and error_of(again) == "plan_published"


def test_upload_parses_into_a_draft(clients, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    text = (
        "HUYỆN ỦY TAM NÔNG\nSố 15-KH/HU\nTam Nông, ngày 10 tháng 01 năm 2025\n\nKẾ HOẠCH\n"
        "Tổ chức học tập chuyên đề năm 2025\n\nI. MỤC ĐÍCH, YÊU CẦU\n\nNâng cao nhận thức.\n\n"
        "II. NHIỆM VỤ\n\n1. Ban Tuyên giáo Huyện ủy chủ trì tổ chức hội nghị học tập, hoàn thành trước ngày 31/3/2025.\n"
    )
    upload = SimpleUploadedFile("ke-hoach.txt", text.encode(), content_type="text/plain")
    response = clients.district_office.multipart(
        "/api/plans/upload", {"issuer": tree.district.pk, "file": upload}
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["status"] == "draft"
    assert plan["reference"] == "15-KH/HU"
    assert plan["source_name"] == "ke-hoach.txt" and plan["has_source_file"]
    source = clients.district_office.get(f"/api/plans/{plan['id']}/source")
    assert b"".join(source.streaming_content).decode() == text
    bad = clients.district_office.multipart(
        "/api/plans/upload", {"issuer": tree.district.pk, "file": SimpleUploadedFile("a.exe", b"MZ")}
    )
    assert bad.status_code == 400 and error_of(bad) == "file_type"
    forbidden = clients.district_leader.multipart(
        "/api/plans/upload", {"issuer": tree.district.pk, "file": SimpleUploadedFile("k.txt", text.encode())}
    )
    assert forbidden.status_code == 403 and error_of(forbidden) == "forbidden"


def test_plan_visibility(clients, tree, users, published):
    from kehoach.plans import services as s

    draft = s.create_plan_from_parse(parsed(), None, tree.district, users.district_office)
    seen = {p["id"] for p in clients.district_office.get("/api/plans").json()["items"]}
    assert seen == {published.pk, draft.pk}
    assert {p["id"] for p in clients.commune_officer.get("/api/plans").json()["items"]} == {published.pk}
    assert clients.commune_officer.get(f"/api/plans/{draft.pk}").status_code == 404
    assert clients.other_district_office.get(f"/api/plans/{published.pk}").status_code == 404
    # the cell's member reads the district's published plan (addressed to the units below),
    # not its draft
    assert [p["id"] for p in clients.cell_member.get("/api/plans").json()["items"]] == [published.pk]
    assert clients.other_district_office.get("/api/plans").json()["count"] == 0
    listed = clients.district_office.get("/api/plans", status="published").json()["items"][0]
    assert listed["task_count"] == 3 and listed["assignment_count"] == 6
    assert clients.district_office.get("/api/plans", q="hoc tap").json()["count"] == 2
    assert clients.district_office.get("/api/tasks", q="kinh phi").json()["count"] == 2


def test_assignments_by_role(clients, tree, published):
    commune = clients.commune_officer.get("/api/assignments").json()
    assert {a["organisation"]["id"] for a in commune["items"]} == {tree.commune.pk}
    everything = clients.district_office.get("/api/assignments", plan=published.pk).json()
    assert everything["count"] == 6
    assert clients.commune2_officer.get("/api/assignments").json()["count"] == 1
    mine = clients.district_office.get("/api/assignments", mine=True).json()
    assert {a["organisation"]["id"] for a in mine["items"]} == {tree.district.pk}
    item = commune["items"][0]
    assert item["status"] in {"not_done_within", "not_done_overdue"}
    assert item["plan"]["reference"] == "12-KH/HU"


def test_transitions_over_the_api(clients, tree, published):
    a = Assignment.objects.get(task__code="II.1.b", organisation=tree.commune)
    url = f"/api/assignments/{a.pk}"
    sibling = clients.commune2_officer.post(f"{url}/start")
    assert sibling.status_code == 404  # a sibling does not even see it
    leader = clients.district_leader.post(f"{url}/start")
    assert leader.status_code == 403
    started = clients.commune_officer.post(f"{url}/start")
    assert started.json()["progress"] == "in_progress"
    assert clients.commune_officer.post(f"{url}/start").status_code == 409
    closed = clients.commune_officer.post(f"{url}/close", {"completed_on": "2025-06-01"})
    assert closed.json()["status"] == "done_on_time"
    assert clients.commune_officer.post(f"{url}/reopen", {"reason": "x"}).status_code == 403
    reopened = clients.district_office.post(f"{url}/reopen", {"reason": "Thiếu minh chứng"})
    assert reopened.json()["progress"] == "in_progress"
    future = clients.commune_officer.post(
        f"{url}/close", {"completed_on": str(dt.date.today() + dt.timedelta(days=5))}
    )
    assert future.status_code == 400 and error_of(future) == "future_date"
    overdue = clients.district_office.get("/api/assignments", status="done_on_time").json()
    assert overdue["count"] == 0


def test_reports_with_files(clients, tree, published, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = Assignment.objects.get(task__code="II.1.b", organisation=tree.commune)
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7 hello", content_type="application/pdf")
    response = clients.commune_officer.multipart(
        f"/api/assignments/{a.pk}/reports",
        {
            "text": "Đã học tập",
            "sessions_held": "1",
            "people_expected": "20",
            "people_present": "15",
            "files": [pdf],
        },
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["attendance_percent"] == 75.0
    (stored,) = report["files"]
    download = clients.district_leader.get(stored["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.7 hello"
    assert clients.commune2_officer.get(stored["url"]).status_code == 404
    assert clients.commune2_officer.get(f"/api/reports/{report['id']}").status_code == 404
    assert clients.district_office.get(f"/api/reports/{report['id']}").status_code == 200
    bad = clients.commune_officer.multipart(
        f"/api/assignments/{a.pk}/reports", {"text": "x", "people_expected": "2", "people_present": "3"}
    )
    assert bad.status_code == 400 and error_of(bad) == "attendance"
    not_a_number = clients.commune_officer.multipart(
        f"/api/assignments/{a.pk}/reports", {"text": "x", "sessions_held": "hai"}
    )
    assert not_a_number.status_code == 422
    assert Report.objects.count() == 1
    done = clients.commune_officer.multipart(
        f"/api/assignments/{a.pk}/reports", {"text": "Xong", "complete": "true"}
    )
    assert done.status_code == 201
    detail = clients.commune_officer.get(f"/api/assignments/{a.pk}").json()
    assert detail["progress"] == "done" and len(detail["reports"]) == 2


def test_implementing_plans_are_listed_on_the_parent(clients, tree, users):
    from kehoach.plans import services as s

    parent = s.create_plan(
        tree.district, users.district_office, title="Kế hoạch huyện", number="12", symbol="KH/HU"
    )
    parent.status = PlanStatus.PUBLISHED  # (its publication is tested elsewhere)
    parent.save()
    child = s.create_plan(
        tree.commune, users.commune_office, title="Kế hoạch xã", basis_text="Thực hiện KH 12"
    )
    s.update_plan(child, users.commune_office, parent=parent)
    assert child.parent == parent
    detail = clients.district_office.get(f"/api/plans/{parent.pk}").json()
    assert detail["implementing_plans"] == []  # a draft of the commune is the commune's business
    child.status = PlanStatus.PUBLISHED
    child.save()
    detail = clients.district_office.get(f"/api/plans/{parent.pk}").json()
    assert [p["id"] for p in detail["implementing_plans"]] == [child.pk]


def test_import_endpoints(clients, tree):
    tree.cell1.code = "C1"
    tree.cell1.save()
    units = SimpleUploadedFile("units.csv", "ma,ten,loai\nN1,Chi bộ Mới,chi bộ\n".encode())
    dry = clients.province_admin.multipart(
        "/api/organisations/import", {"file": units, "root": tree.commune.pk}
    )
    assert dry.status_code == 200, dry.content
    assert dry.json()["summary"]["create"] == 1 and not dry.json()["applied"]
    units.seek(0)
    applied = clients.province_admin.multipart(
        "/api/organisations/import", {"file": units, "root": tree.commune.pk, "dry_run": "false"}
    )
    assert applied.json()["applied"]
    bad = SimpleUploadedFile("people.csv", b"ma,ho va ten,ma don vi\nP1,,C9\n")
    refused = clients.province_admin.multipart(
        "/api/people/import", {"file": bad, "root": tree.district.pk, "dry_run": "false"}
    )
    assert refused.status_code == 400 and error_of(refused) == "import_rows_invalid"
    assert {e["column"] for e in refused.json()["error"]["details"]["errors"]} == {
        "full_name",
        "organisation_code",
    }
    units.seek(0)
    forbidden = clients.district_office.multipart(
        "/api/organisations/import", {"file": units, "root": tree.commune.pk}
    )
    assert forbidden.status_code == 403
