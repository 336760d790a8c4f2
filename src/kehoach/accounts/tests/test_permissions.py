"""Who reads and does what, per role (kehoach.accounts.permissions)."""

import pytest

from kehoach.accounts import permissions as p
from kehoach.accounts.models import Role
from kehoach.accounts.services import add_membership, create_user, issue_token, revoke_token, user_for_token
from kehoach.errors import NotAllowed, ServiceError
from kehoach.organisations.models import Organisation, Person

pytestmark = pytest.mark.django_db


def names(qs):
    return {o.name for o in qs}


def test_visible_organisations_per_role(tree, users):
    assert p.visible_organisations(users.superuser).count() == Organisation.objects.count()
    district_names = names(Organisation.objects.subtree(tree.district))
    assert names(p.visible_organisations(users.district_office)) == district_names
    assert names(p.visible_organisations(users.district_leader)) == district_names
    assert names(p.visible_organisations(users.commune_officer)) == {
        "Đảng ủy xã Hòa Bình",
        "Chi bộ thôn Đồng Tâm",
        "Chi bộ thôn Tân Lập",
    }
    assert names(p.visible_organisations(users.cell_member)) == {"Chi bộ thôn Đồng Tâm"}
    assert not p.visible_organisations(users.nobody).exists()


def test_no_one_sees_a_sibling(tree, users):
    assert not p.can_view_organisation(users.commune_officer, tree.commune2)
    assert not p.can_view_organisation(users.commune2_officer, tree.commune)
    assert not p.can_view_organisation(users.district_office, tree.district_b)
    assert not p.can_view_organisation(users.district_office, tree.province)  # nor upward
    assert p.can_view_organisation(users.district_office, tree.cell2)


def test_anonymous_sees_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert not p.visible_organisations(anon).exists()
    assert not p.can_view_organisation(anon, tree.province)
    assert not p.can_manage_organisation(anon, tree.province)


def test_managing_the_tree(tree, users):
    assert p.can_manage_organisation(users.superuser, None)
    assert p.can_manage_organisation(users.province_admin, tree.cell1)
    assert not p.can_manage_organisation(users.province_admin, None)
    for user in (users.district_office, users.district_leader, users.commune_officer, users.cell_member):
        assert not p.can_manage_organisation(user, tree.cell1)


def test_people_readers(tree, users):
    Person(organisation=tree.cell1, full_name="Nguyễn Văn An").save()
    Person(organisation=tree.commune_b, full_name="Lê Thị Hoa").save()
    assert names_of(p.people_visible_to(users.district_leader)) == {"Nguyễn Văn An"}
    assert names_of(p.people_visible_to(users.commune_officer)) == {"Nguyễn Văn An"}
    assert names_of(p.people_visible_to(users.cell_member)) == set()  # members do not list people
    assert names_of(p.people_visible_to(users.superuser)) == {"Nguyễn Văn An", "Lê Thị Hoa"}


def names_of(qs):
    return {x.full_name for x in qs}


def test_creating_plans_is_for_the_plan_office_of_the_issuer(tree, users):
    assert p.can_create_plan(users.district_office, tree.district)
    assert not p.can_create_plan(users.district_office, tree.commune)  # acts in its own unit only
    assert p.can_create_plan(users.commune_office, tree.commune)
    for user in (
        users.district_leader,
        users.commune_officer,
        users.cell_member,
        users.province_admin,
        users.nobody,
    ):
        assert not p.can_create_plan(user, tree.district)


def test_memberships_are_cached_and_forgotten(tree, users, django_assert_num_queries):
    user = users.commune_officer
    p.forget(user)
    with django_assert_num_queries(1):
        for _ in range(5):
            p.can_view_organisation(user, tree.cell1)
    add_membership(user, tree.commune2, Role.UNIT_OFFICER, users.superuser)
    assert p.can_view_organisation(user, tree.commune2)


def test_create_user_and_roles(tree, users):
    user = create_user(
        tree.commune, Role.UNIT_OFFICER, users.province_admin, username="moi", password="a-long-password-1"
    )
    assert p.has_role(user, tree.commune, frozenset({Role.UNIT_OFFICER}))
    with pytest.raises(ServiceError) as err:
        create_user(
            tree.commune,
            Role.UNIT_OFFICER,
            users.province_admin,
            username="MOI",
            password="a-long-password-1",
        )
    assert err.value.code == "duplicate_username"
    with pytest.raises(ServiceError) as err:
        create_user(tree.commune, Role.UNIT_OFFICER, users.province_admin, username="yeu", password="123")
    assert err.value.code == "weak_password"
    with pytest.raises(ServiceError) as err:
        add_membership(user, tree.commune, "king", users.superuser)
    assert err.value.code == "invalid_role"
    with pytest.raises(NotAllowed):
        create_user(
            tree.commune, Role.MEMBER, users.district_office, username="x", password="a-long-password-1"
        )


def test_tokens(tree, users):
    token, raw = issue_token(users.commune_officer, users.commune_officer, name="script")
    assert raw.startswith("kh_") and token.key_hash != raw
    assert user_for_token(raw) == users.commune_officer
    assert user_for_token(raw + "x") is None
    assert user_for_token("") is None
    with pytest.raises(NotAllowed):
        issue_token(users.commune_officer, users.district_office)
    revoke_token(token, users.commune_officer)
    assert user_for_token(raw) is None
    users.district_office.is_active = False
    users.district_office.save()
    _, raw2 = issue_token(users.district_office, users.superuser)
    assert user_for_token(raw2) is None
