"""What the pages show: the plan's dashboard, the organisation dashboard, my work, reporting on
an assignment, search, logging in."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kehoach.plans import services
from kehoach.plans.models import Progress, Report
from kehoach.web.tests.conftest import PASSWORD
from kehoach.web.views.pages import week_end


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cells(page: str) -> list[tuple[str, str]]:
    """(status class, unit — task: label) of every filled cell of the units × tasks matrix."""
    return re.findall(r'<td class="cell (st-[\w-]+)"><a href="[^"]+" title="([^"]+?)(?:, hạn [^"]*)?">', page)


def test_the_plan_dashboard_for_its_office(world: SimpleNamespace) -> None:
    page = (
        client_for(world.users.district_office)
        .get(reverse("web:plan_detail", args=[world.plan.pk]))
        .content.decode()
    )
    assert sorted(cells(page)) == sorted(
        [
            ("st-within", "Đảng ủy xã Hòa Bình — 1: Chưa hoàn thành, trong hạn"),
            ("st-within", "Đảng ủy xã Đông Hải — 1: Chưa hoàn thành, trong hạn"),
            ("st-overdue", "Đảng ủy xã Đông Hải — 2: Chưa hoàn thành, quá hạn"),
            ("st-ontime", "Ban Tuyên giáo Huyện ủy Tam Nông — 3: Hoàn thành đúng hạn"),
        ]
    )
    # 1 of 4 done; on time among done + overdue: 1 of 2
    assert re.search(
        r'<span class="kpi-value">25%</span><span class="kpi-label">Tỷ lệ hoàn thành<br><small>1/4', page
    )
    assert re.search(r'<span class="kpi-value">50%</span><span class="kpi-label">Tỷ lệ đúng hạn', page)
    overdue = page.split("<h2>Quá hạn (1)</h2>")[1].split("</section>")[0]
    assert "Báo cáo kết quả học tập chuyên đề" in overdue and "Đảng ủy xã Đông Hải" in overdue
    upcoming = page.split("Sắp đến hạn")[1].split("</section>")[0]
    assert re.findall(r'<td data-label="Đơn vị">([^<]+) <span', upcoming) == [
        "Đảng ủy xã Hòa Bình",
        "Đảng ủy xã Đông Hải",
    ]
    # the basis and the implementing plans
    assert f'<a href="/plans/{world.province_plan.pk}/">Kế hoạch số 120-KH/TU</a> của Tỉnh ủy Sơn Hà' in page
    province = client_for(world.users.superuser).get(
        reverse("web:plan_detail", args=[world.province_plan.pk])
    )
    assert f'<a href="/plans/{world.plan.pk}/">12-KH/HU</a> — Huyện ủy Tam Nông' in province.content.decode()


def test_a_unit_sees_only_its_own_cells(world: SimpleNamespace) -> None:
    page = (
        client_for(world.users.commune_officer)
        .get(reverse("web:plan_detail", args=[world.plan.pk]))
        .content.decode()
    )
    assert cells(page) == [("st-within", "Đảng ủy xã Hòa Bình — 1: Chưa hoàn thành, trong hạn")]
    assert "Đông Hải" not in page  # the sibling commune's work is not shown
    member = (
        client_for(world.users.cell_member)
        .get(reverse("web:plan_detail", args=[world.plan.pk]))
        .content.decode()
    )
    assert cells(member) == [] and "Bạn không xem được phân công nào của kế hoạch này." in member


def test_reporting_on_an_assignment(world: SimpleNamespace) -> None:
    officer = client_for(world.users.commune_officer)
    url = reverse("web:assignment_detail", args=[world.commune_assignment.pk])
    page = officer.get(url).content.decode()
    assert "Đã tổ chức hội nghị ở 12 chi bộ" in page and "Tham gia: 285 (95%)" in page
    assert f'<a href="/files/{world.report_file.pk}/">bien-ban.pdf</a>' in page
    bad = officer.post(url, {"text": "Tổng kết", "people_expected": "10", "people_present": "12"})
    assert "Số người tham gia không được lớn hơn số người phải tham gia." in bad.content.decode()
    evil = officer.post(url, {"text": "x", "files": [SimpleUploadedFile("a.exe", b"MZ")]})
    assert "định dạng không được chấp nhận" in evil.content.decode()
    assert Report.objects.filter(assignment=world.commune_assignment).count() == 1

    response = officer.post(
        url,
        {
            "text": "Hoàn thành hội nghị quán triệt",
            "sessions_held": "3",
            "people_expected": "40",
            "people_present": "38",
            "complete": "on",
            "files": [
                SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\nxxxx"),
                SimpleUploadedFile("ds.csv", b"a,b\n"),
            ],
        },
    )
    assert response.status_code == 302
    world.commune_assignment.refresh_from_db()
    assert world.commune_assignment.progress == Progress.DONE
    page = officer.get(url).content.decode()
    assert '<span class="status st-ontime" id="status">Hoàn thành đúng hạn</span>' in page
    assert "Tham gia: 38 (95%)" in page and "anh.png" in page and "ds.csv" in page
    assert 'id="report"' not in page  # done: no report form any more
    dashboard = client_for(world.users.district_office).get(reverse("web:plan_detail", args=[world.plan.pk]))
    assert ("st-ontime", "Đảng ủy xã Hòa Bình — 1: Hoàn thành đúng hạn") in cells(dashboard.content.decode())


def test_the_file_is_served_to_readers_only(world: SimpleNamespace) -> None:
    url = reverse("web:report_file", args=[world.report_file.pk])
    response = client_for(world.users.district_leader).get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bien ban"
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(world.users.commune2_officer).get(url).status_code == 403


def test_closing_and_reopening(world: SimpleNamespace) -> None:
    office = client_for(world.users.district_office)
    office.post(reverse("web:assignment_close", args=[world.sibling_overdue.pk]))
    world.sibling_overdue.refresh_from_db()
    assert world.sibling_overdue.progress == Progress.DONE and world.sibling_overdue.status == "done_late"
    url = reverse("web:assignment_reopen", args=[world.sibling_overdue.pk])
    office.post(url, {"reason": ""})
    world.sibling_overdue.refresh_from_db()
    assert world.sibling_overdue.progress == Progress.DONE
    office.post(url, {"reason": "Báo cáo chưa đủ số liệu"})
    world.sibling_overdue.refresh_from_db()
    assert world.sibling_overdue.progress == Progress.IN_PROGRESS


def test_my_work(world: SimpleNamespace) -> None:
    today = timezone.localdate()
    office = world.users.district_office
    extra = services.create_plan(
        world.tree.district, office, title="Kế hoạch tuần", number="30", symbol="KH/HU"
    )
    services.add_task(
        extra, office, text="Nộp báo cáo nhanh hôm nay", lead=[world.tree.commune2], due_on=today
    )
    services.add_task(
        extra,
        office,
        text="Việc tháng sau",
        lead=[world.tree.commune2],
        due_on=week_end(today) + dt.timedelta(days=1),
    )
    services.publish_plan(extra, office)
    sibling = client_for(world.users.commune2_officer)

    def listed(tab: str) -> list[str]:
        page = sibling.get(reverse("web:my_work") + f"?tab={tab}").content.decode()
        return re.findall(r'<td data-label="Nhiệm vụ"><a href="[^"]+">(?:\d+\. )?([^<]+)</a>', page)

    page = sibling.get(reverse("web:my_work")).content.decode()
    counts = dict(re.findall(r'\?tab=(\w+)" class="[^"]*">[^<]+<span class="count">(\d+)</span>', page))
    # task 1 (due in 3 days) is due this week unless the week ends sooner
    task1_this_week = today + dt.timedelta(days=3) <= week_end(today)
    assert counts == {
        "week": str(1 + task1_this_week),
        "overdue": "1",
        "awaiting": "3",
        "open": "4",
        "done": "0",
    }
    expected_week = ["Nộp báo cáo nhanh hôm nay"] + (
        ["Tổ chức hội nghị quán triệt cho cán bộ, đảng viên"] if task1_this_week else []
    )
    assert listed("week") == expected_week  # the default tab, since it has work
    assert listed("overdue") == ["Báo cáo kết quả học tập chuyên đề"]
    # the sibling reported on task 1 already: it no longer awaits a report
    assert sorted(listed("awaiting")) == [
        "Báo cáo kết quả học tập chuyên đề",
        "Nộp báo cáo nhanh hôm nay",
        "Việc tháng sau",
    ]
    assert listed("open")[0] == "Báo cáo kết quả học tập chuyên đề"  # sorted by due date
    assert listed("open&sort=-due")[0] == "Việc tháng sau"


def test_organisation_dashboard(world: SimpleNamespace) -> None:
    office = client_for(world.users.district_office)
    url = reverse("web:organisation_dashboard", args=[world.tree.district.pk])
    page = office.get(url).content.decode()
    rows = dict(
        re.findall(
            r'<a href="/organisations/\d+/">([^<]+)</a></td>((?:\s*<td class="num"[^>]*>[^<]*</td>)+)', page
        )
    )
    numbers = {name: re.findall(r">([^<]*)</td>", tds) for name, tds in rows.items()}
    assert numbers["Đảng ủy xã Đông Hải"] == ["0", "0", "1", "1", "0%"]
    assert numbers["Ban Tuyên giáo Huyện ủy Tam Nông"] == ["1", "0", "0", "0", "100%"]
    assert numbers["Chi bộ Cơ quan Ủy ban"] == ["0", "0", "0", "0", "—"]
    overdue = office.get(url + "?status=not_done_overdue").content.decode()
    assert "Báo cáo kết quả học tập chuyên đề" in overdue and "Biên soạn tài liệu" not in overdue
    found = office.get(url + "?q=bien+soan").content.decode()
    assert "Biên soạn tài liệu tuyên truyền" in found and "Báo cáo kết quả" not in found


def test_lists_paginate_on_the_server(world: SimpleNamespace) -> None:
    office = world.users.district_office
    big = services.create_plan(world.tree.district, office, title="Nhiều việc", number="40", symbol="KH/HU")
    for i in range(30):
        services.add_task(
            big,
            office,
            text=f"Việc số {i:02d}",
            lead=[world.tree.commune],
            due_on=dt.date(2030, 1, 1) + dt.timedelta(days=i),
        )
    services.publish_plan(big, office)
    client = client_for(world.users.commune_officer)
    first = client.get(reverse("web:my_work") + "?tab=open").content.decode()
    second = client.get(reverse("web:my_work") + "?tab=open&page=2").content.decode()
    assert "Trang 1/2 · 31 mục" in first and "Trang 2/2 · 31 mục" in second
    assert "Việc số 29" in second and "Việc số 29" not in first


def test_search_ignores_accents(world: SimpleNamespace) -> None:
    office = client_for(world.users.district_office)

    def titles(q: str) -> str:
        return office.get(reverse("web:search"), {"q": q}).content.decode()

    assert "Thực hiện công tác tuyên truyền năm 2025 của Huyện ủy" in titles("huyen uy")
    page = titles("dang")
    assert "Tuyên truyền kỷ niệm Ngày thành lập Đảng" in page  # the province plan, through its task
    assert "Đảng ủy xã Hòa Bình" in page  # a unit
    assert "Báo cáo kết quả học tập chuyên đề" in titles("HOC TAP chuyen de")
    assert "Không có kế hoạch nào khớp." in titles("không có gì như thế")
    # only what the user may read: the other district's office finds nothing of district A
    outsider = client_for(world.users.other_district_office)
    assert "12-KH/HU" not in outsider.get(reverse("web:search"), {"q": "tuyen truyen"}).content.decode()


def test_log_in_and_out(world: SimpleNamespace) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    wrong = client.post(reverse("web:login"), {"username": "vanphong_huyen", "password": "sai-mat-khau"})
    assert wrong.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.content.decode()
    assert '<html lang="vi">' in wrong.content.decode()
    response = client.post(reverse("web:login"), {"username": "vanphong_huyen", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/my/").status_code == 200
    assert client.post(reverse("web:logout"))["Location"] == reverse("web:login")
    assert client.get("/my/").status_code == 302
