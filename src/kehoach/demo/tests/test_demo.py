"""The demo loads quickly, once, through the services, with every status represented."""

import argparse
import datetime as dt
import time

import pytest
from django.contrib.auth import authenticate

from kehoach.accounts import permissions
from kehoach.demo.loader import ACCOUNTS, DEMO_PASSWORD, demo_loaded, load_demo
from kehoach.organisations.models import Organisation, Person
from kehoach.plans.models import Assignment, Plan, PlanStatus
from kehoach.plans.status import AssignmentStatus

pytestmark = pytest.mark.django_db(transaction=False)

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def demo():
    started = time.monotonic()
    counts = load_demo(TODAY)
    return counts, time.monotonic() - started


def test_demo_content(demo):
    counts, seconds = demo
    assert seconds < 60
    assert demo_loaded()
    province = Organisation.objects.get(code="DEMO-TU")
    assert 20 <= province.children.count() <= 60  # a few dozen lower units
    assert 300 <= Organisation.objects.subtree(province).count() <= 1500
    assert 2000 <= Person.objects.count() <= 6000
    assert Plan.objects.filter(status=PlanStatus.PUBLISHED).count() >= 3
    statuses = Assignment.objects.status_counts(TODAY)
    assert all(statuses[s] > 0 for s in AssignmentStatus.values), statuses
    assert counts["periods"] > 0


def test_demo_cascade_and_abolished_district(demo):
    parent = Plan.objects.get(number="120", symbol="KH/TU")
    implementing = set(parent.implementing_plans.values_list("issuer__name", flat=True))
    assert "Huyện ủy Tân Hòa" in implementing and len(implementing) >= 5
    cell_plan = Plan.objects.filter(issuer__name="Chi bộ thôn Đồng Tâm").first()
    if cell_plan is not None:  # present when samples/ is
        assert cell_plan.parent.issuer.name == "Huyện ủy Tân Hòa"
    # Huyện ủy Sông Cầu ended on 30/6/2025: it kept its periods that began before, and its
    # six-monthly report passed to the communes that took over
    gone = Organisation.objects.get(name="Huyện ủy Sông Cầu")
    starts = Assignment.objects.filter(organisation=gone).values_list("period_start", flat=True)
    assert starts and all(start is None or start < dt.date(2025, 7, 1) for start in starts)
    heirs = Assignment.objects.filter(organisation__in=gone.successors.all(), task__code="II.4")
    assert heirs.exists() and all(a.period_start >= dt.date(2025, 7, 1) for a in heirs)


def test_demo_accounts_sign_in_and_see_their_part(demo):
    for account in ACCOUNTS:
        assert authenticate(username=account.username, password=DEMO_PASSWORD) is not None, account.username
    from kehoach.accounts.models import User

    other = User.objects.get(username="canbo.binhson")
    tanhoa = Organisation.objects.get(name="Huyện ủy Tân Hòa")
    assert (
        not permissions.reports_visible_to(other)
        .filter(assignment__organisation__path__startswith=tanhoa.path)
        .exists()
    )


def test_cli_has_the_web_commands():
    from kehoach.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["demo", "--no-serve"]).no_serve
    assert parser.parse_args(["serve", "--address", "0.0.0.0:9000"]).address == "0.0.0.0:9000"
    assert parser.parse_args(["manage", "migrate", "--plan"]).args == ["migrate", "--plan"]
    assert isinstance(parser, argparse.ArgumentParser)
