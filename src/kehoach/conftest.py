"""Shared fixtures for the Django apps' tests: a small organisation tree and one user per role.

The tree (synthetic names)::

    Tỉnh ủy Sơn Hà (province)
    ├── Ban Tuyên giáo Tỉnh ủy
    ├── Huyện ủy Tam Nông (district A)
    │   ├── Ban Tuyên giáo Huyện ủy Tam Nông (alias "BTG Huyện ủy")
    │   ├── Trung tâm Chính trị huyện Tam Nông
    │   ├── Đảng ủy xã Hòa Bình (commune A1)
    │   │   ├── Chi bộ thôn Đồng Tâm
    │   │   └── Chi bộ thôn Tân Lập
    │   ├── Đảng ủy xã Đông Hải (commune A2)
    │   └── Chi bộ Cơ quan Ủy ban (cell directly under the district)
    └── Huyện ủy Phú Yên (district B)
        └── Đảng ủy xã Sơn Thủy (commune B1)
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from kehoach.accounts.models import Membership, Role, User
from kehoach.organisations.models import Organisation, OrganisationAlias
from kehoach.organisations.models import OrganisationKind as K


def make_org(name: str, kind: str, parent: Organisation | None = None, **extra: Any) -> Organisation:
    org = Organisation(name=name, kind=kind, parent=parent, **extra)
    org.save()
    return org


def make_user(username: str, org: Organisation | None = None, *roles: str, superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password="secret-pass-123", is_superuser=superuser)
    for role in roles:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db: Any) -> SimpleNamespace:
    t = SimpleNamespace()
    t.province = make_org("Tỉnh ủy Sơn Hà", K.PROVINCIAL_COMMITTEE, short_name="TU Sơn Hà")
    t.province_btg = make_org("Ban Tuyên giáo Tỉnh ủy", K.ADVISORY_BOARD, t.province)
    t.district = make_org("Huyện ủy Tam Nông", K.DISTRICT_COMMITTEE, t.province)
    t.btg = make_org("Ban Tuyên giáo Huyện ủy Tam Nông", K.ADVISORY_BOARD, t.district)
    OrganisationAlias(organisation=t.btg, name="BTG Huyện ủy").save()
    t.centre = make_org("Trung tâm Chính trị huyện Tam Nông", K.POLITICAL_CENTRE, t.district)
    t.commune = make_org("Đảng ủy xã Hòa Bình", K.PARTY_COMMITTEE, t.district)
    t.cell1 = make_org("Chi bộ thôn Đồng Tâm", K.PARTY_CELL, t.commune)
    t.cell2 = make_org("Chi bộ thôn Tân Lập", K.PARTY_CELL, t.commune)
    t.commune2 = make_org("Đảng ủy xã Đông Hải", K.PARTY_COMMITTEE, t.district)
    t.office_cell = make_org("Chi bộ Cơ quan Ủy ban", K.PARTY_CELL, t.district)
    t.district_b = make_org("Huyện ủy Phú Yên", K.DISTRICT_COMMITTEE, t.province)
    t.commune_b = make_org("Đảng ủy xã Sơn Thủy", K.PARTY_COMMITTEE, t.district_b)
    return t


@pytest.fixture
def users(tree: SimpleNamespace) -> SimpleNamespace:
    """One user per role; names say where they sit."""
    u = SimpleNamespace()
    u.superuser = make_user("root", superuser=True)
    u.province_admin = make_user("admin_tinh", tree.province, Role.ADMIN)
    u.district_office = make_user("vanphong_huyen", tree.district, Role.PLAN_OFFICE)
    u.district_leader = make_user("lanhdao_huyen", tree.district, Role.LEADER)
    u.commune_officer = make_user("canbo_xa", tree.commune, Role.UNIT_OFFICER)
    u.commune_office = make_user("vanphong_xa", tree.commune, Role.PLAN_OFFICE)
    u.commune2_officer = make_user("canbo_xa2", tree.commune2, Role.UNIT_OFFICER)
    u.cell_member = make_user("dangvien", tree.cell1, Role.MEMBER)
    u.other_district_office = make_user("vanphong_huyen_b", tree.district_b, Role.PLAN_OFFICE)
    u.nobody = make_user("khach")
    return u
