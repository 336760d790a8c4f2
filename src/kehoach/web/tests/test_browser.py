"""The pages in a real browser: Debian's chromium driven by Playwright against the live server.

Log in; import a plan through the review screen (pick a candidate for an unmatched unit, drop
an unknown one, add a lead by searching, change a deadline), publish; a unit officer reports
and closes its assignment; the plan's dashboard shows the new status; a wrong password is
refused in Vietnamese. Screenshots of the review screen and the dashboard, at desktop and
phone width, go to /tmp (``KEHOACH_SCREENSHOTS`` to change).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from kehoach.plans import services
from kehoach.plans.models import Assignment, Plan, PlanStatus
from kehoach.web.tests.conftest import PASSWORD
from kehoach.web.tests.plan_text import SMALL_PLAN

# Playwright's sync API runs an event loop in this thread; the ORM calls made here between
# browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("KEHOACH_SCREENSHOTS", "/tmp"))
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
    ),
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 800}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport=DESKTOP, locale="en-US"
    )  # an English browser still gets Vietnamese
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def log_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/")


def shoot(page: Any, name: str) -> None:
    """Screenshots at desktop width (whole page) and at phone width."""
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / f"kehoach-{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / f"kehoach-{name}-375.png"), full_page=False)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    assert width <= PHONE["width"], f"{name}: the page is {width}px wide at phone width"


def test_wrong_password_is_refused_in_vietnamese(live_server: Any, users: SimpleNamespace, page: Any) -> None:
    log_in(page, live_server.url, "vanphong_huyen", "khong-dung-mat-khau")
    alert = page.get_by_role("alert")
    assert alert.inner_text().strip() == "Tên đăng nhập hoặc mật khẩu không đúng. Xin nhập lại."
    assert page.url.endswith("/login/")
    log_in(page, live_server.url, "vanphong_huyen")
    page.wait_for_url("**/my/")
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()


def test_import_review_publish_report_and_watch(
    live_server: Any, tree: SimpleNamespace, users: SimpleNamespace, page: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    province_plan = services.create_plan(
        tree.province, users.superuser, title="Kế hoạch của Tỉnh ủy", number="120", symbol="KH/TU"
    )
    services.add_task(province_plan, users.superuser, text="Các huyện ủy thực hiện", lead=[tree.district])
    services.publish_plan(province_plan, users.superuser)
    document = tmp_path / "ke-hoach-12-KH-HU.txt"
    document.write_text(SMALL_PLAN, encoding="utf-8")

    # the district's plan office imports the plan
    log_in(page, base, "vanphong_huyen")
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Nhập từ văn bản").click()
    page.get_by_label("Tệp văn bản").set_input_files(str(document))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/review/")
    plan = Plan.objects.get(number="12")
    assert page.locator("article.task").count() == 5
    assert (
        page.locator("#doc mark.hl-ref")
        .first.get_attribute("title")
        .startswith("Văn bản dẫn chiếu: Kế hoạch số 120-KH/TU")
    )
    assert page.locator("#publish").is_disabled()
    shoot(page, "review")

    # 1. the commune, named "phường" where the tree has "xã", is unmatched: pick the candidate offered
    commune = page.locator("details.unit.res-unmatched", has_text="Đảng ủy phường Hòa Bình")
    commune.locator("button.choice", has_text="Đảng ủy xã Hòa Bình").click()
    row2 = page.locator("article.task", has=page.locator("details.unit", has_text="Đảng ủy phường Hòa Bình"))
    row2.locator("details.unit.res-matched").wait_for()
    # ... and move its deadline into the future (the document's date has passed)
    due = timezone.localdate() + dt.timedelta(days=10)
    row2.locator("input[name$='-due_on']").fill(due.strftime("%d/%m/%Y"))
    row2.get_by_role("button", name="Lưu").click()
    page.locator("article.task", has_text="Đã lưu").wait_for()

    # 2. the farmers' association is not in the tree: drop it, then give its task a lead
    farmers = page.locator("details.unit.res-unmatched", has_text="Hội Nông dân huyện")
    row3 = page.locator("article.task", has=page.locator("details.unit", has_text="Hội Nông dân huyện"))
    farmers.get_by_role("button", name="Bỏ qua tên này").click()
    row3.locator("details.unit.res-dropped").wait_for()
    page.locator("#publish-bar li", has_text="chưa có đơn vị chủ trì").wait_for()
    row3.locator("summary", has_text="Thêm đơn vị").click()
    row3.get_by_placeholder("Tên đơn vị").press_sequentially("dong hai", delay=30)  # no accents
    row3.locator(".found button.choice", has_text="Đảng ủy xã Đông Hải").click()
    row3.locator("details.unit.res-matched", has_text="Đảng ủy xã Đông Hải").wait_for()

    # every name settled: publish
    page.locator("#publish-bar.ready").wait_for()
    page.locator("#publish").click()
    page.wait_for_url(f"**/plans/{plan.pk}/")
    assert "Đã ban hành kế hoạch 12-KH/HU" in page.locator(".messages").inner_text()
    assert "Kế hoạch số 120-KH/TU" in page.locator("section", has_text="Căn cứ").first.inner_text()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    cell = page.locator(
        "td.cell", has=page.locator(f"a[title^='Đảng ủy xã Hòa Bình — {plan.tasks.get(order=2).code}']")
    )
    assert cell.get_attribute("class") == "cell st-within"
    log_out(page)

    # the commune's officer reports and closes its assignment
    log_in(page, base, "canbo_xa")
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="Chưa hoàn thành").click()
    page.get_by_role("link", name="Đảng ủy phường Hòa Bình tổ chức hội nghị", exact=False).first.click()
    page.get_by_label("Nội dung báo cáo").fill("Đã tổ chức hội nghị quán triệt tại hội trường xã.")
    page.get_by_label("Số buổi đã tổ chức").fill("2")
    page.get_by_label("Số người phải tham gia").fill("120")
    page.get_by_label("Số người tham gia", exact=True).fill("114")
    page.get_by_label("Đã hoàn thành nhiệm vụ").check()
    attachment = tmp_path / "bien-ban.pdf"
    attachment.write_bytes(b"%PDF-1.4\n% bien ban hoi nghi\n")
    page.locator("input[name=files]").set_input_files(str(attachment))
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert "Đã gửi báo cáo." in page.locator(".messages").inner_text()
    assert page.locator("#status").inner_text() == "Hoàn thành đúng hạn"
    assert "Tham gia: 114 (95%)" in page.inner_text("body")
    assert page.get_by_role("link", name="bien-ban.pdf").is_visible()
    shoot(page, "assignment")
    log_out(page)

    # the plan's dashboard shows it
    log_in(page, base, "vanphong_huyen")
    page.goto(f"{base}/plans/{plan.pk}/")
    assert cell.get_attribute("class") == "cell st-ontime"
    assert Assignment.objects.get(task__plan=plan, organisation=tree.commune).status == "done_on_time"
    shoot(page, "dashboard")
