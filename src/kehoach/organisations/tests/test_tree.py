"""The organisation tree: paths, subtree queries, moves, successors, search."""

import datetime as dt

import pytest

from kehoach.conftest import make_org
from kehoach.errors import NotAllowed, ServiceError
from kehoach.organisations.models import Exemption, ExemptionKind, Organisation, OrganisationKind, Person
from kehoach.organisations.services import (
    create_organisation,
    move_organisation,
    resolve_current,
    set_aliases,
    set_successors,
    update_organisation,
)

pytestmark = pytest.mark.django_db


def test_paths_and_depths(tree):
    assert tree.province.path == f"/{tree.province.pk}/"
    assert tree.cell1.path == f"/{tree.province.pk}/{tree.district.pk}/{tree.commune.pk}/{tree.cell1.pk}/"
    assert (tree.province.depth, tree.district.depth, tree.cell1.depth) == (0, 1, 3)
    assert list(tree.cell1.ancestors()) == [tree.province, tree.district, tree.commune]


def test_subtree_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = {o.name for o in Organisation.objects.subtree(tree.district)}
    assert "Chi bộ thôn Đồng Tâm" in names
    assert "Huyện ủy Phú Yên" not in names
    assert len(names) == 8


def test_subtree_without_self_and_union(tree):
    below = Organisation.objects.subtree(tree.commune, include_self=False)
    assert set(below) == {tree.cell1, tree.cell2}
    union = Organisation.objects.subtrees([tree.commune, tree.district_b])
    assert set(union) == {tree.commune, tree.cell1, tree.cell2, tree.district_b, tree.commune_b}


def test_ids_that_prefix_each_other_do_not_leak(db):
    # "/1/" must not match "/12/": the trailing slash is part of the path
    roots = [make_org(f"Root {i}", OrganisationKind.OTHER) for i in range(13)]
    first = roots[0]
    assert set(Organisation.objects.subtree(first)) == {first}


def test_move_takes_the_subtree_along(tree, users):
    move_organisation(tree.commune, tree.district_b, users.superuser)
    tree.cell1.refresh_from_db()
    assert tree.cell1.path.startswith(tree.district_b.path)
    assert tree.cell1.depth == 3
    assert tree.cell1 in Organisation.objects.subtree(tree.district_b)
    assert tree.cell1 not in Organisation.objects.subtree(tree.district)


def test_move_under_own_subtree_is_refused(tree, users):
    with pytest.raises(ServiceError) as err:
        move_organisation(tree.district, tree.cell1, users.superuser)
    assert err.value.code == "tree_cycle"
    tree.district.refresh_from_db()
    assert tree.district.parent == tree.province


def test_create_update_and_audit(tree, users):
    org = create_organisation(
        tree.commune2,
        users.province_admin,
        name=" Chi bộ thôn Mới ",
        kind=OrganisationKind.PARTY_CELL,
        aliases=["CB Mới"],
    )
    assert org.name == "Chi bộ thôn Mới"
    assert org.path == f"{tree.commune2.path}{org.pk}/"
    assert list(org.aliases.values_list("name", flat=True)) == ["CB Mới"]
    update_organisation(org, users.province_admin, short_name="CB thôn Mới")
    from kehoach.audit.models import AuditEntry

    actions = list(AuditEntry.objects.filter(target_id=str(org.pk)).values_list("action", flat=True))
    assert set(actions) == {"organisation.created", "organisation.updated"}


def test_create_requires_admin_of_the_subtree(tree, users):
    with pytest.raises(NotAllowed):
        create_organisation(tree.commune, users.district_office, name="X", kind=OrganisationKind.OTHER)
    with pytest.raises(NotAllowed):  # a new root: system administrators only
        create_organisation(None, users.province_admin, name="Tỉnh khác", kind=OrganisationKind.OTHER)


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"name": "  "}, "name_required"),
        ({"name": "X", "kind": "galaxy"}, "invalid_kind"),
        ({"name": "X", "valid_from": dt.date(2024, 1, 2), "valid_to": dt.date(2024, 1, 1)}, "invalid_dates"),
    ],
)
def test_create_refuses_bad_input(tree, users, values, code):
    before = Organisation.objects.count()
    with pytest.raises(ServiceError) as err:
        create_organisation(tree.province, users.superuser, **values)
    assert err.value.code == code
    assert err.value.message and err.value.english
    assert Organisation.objects.count() == before


def test_duplicate_code_is_refused(tree, users):
    update_organisation(tree.commune, users.superuser, code="X01")
    with pytest.raises(ServiceError) as err:
        create_organisation(tree.district, users.superuser, name="Y", code="X01")
    assert err.value.code == "duplicate_code"


def test_aliases_replace(tree, users):
    assert set_aliases(tree.btg, ["Ban Tuyên giáo HU", "ban tuyen giao hu", "BTGHU"], users.superuser) == [
        "BTGHU",
        "Ban Tuyên giáo HU",
    ]


def test_resolve_current_follows_successors(tree, users):
    # 1 July 2025: the district level ends; its commune merges into a new one.
    merged = make_org(
        "Đảng ủy xã Hòa Đông", OrganisationKind.PARTY_COMMITTEE, tree.province, valid_from=dt.date(2025, 7, 1)
    )
    set_successors(tree.commune, [merged], users.superuser, ends_on=dt.date(2025, 6, 30))
    set_successors(tree.commune2, [merged], users.superuser, ends_on=dt.date(2025, 6, 30))
    set_successors(tree.district, [tree.province], users.superuser, ends_on=dt.date(2025, 6, 30))
    assert resolve_current(tree.commune, dt.date(2024, 5, 1)) == [tree.commune]
    assert resolve_current(tree.commune, dt.date(2025, 8, 1)) == [merged]
    assert resolve_current(tree.district, dt.date(2025, 8, 1)) == [tree.province]
    assert merged not in Organisation.objects.active(dt.date(2025, 6, 1))


def test_resolve_current_chains_and_cycles(tree, users):
    a, b = tree.commune, tree.commune2
    set_successors(a, [b], users.superuser, ends_on=dt.date(2024, 1, 1))
    set_successors(b, [a], users.superuser, ends_on=dt.date(2024, 1, 1))
    assert resolve_current(a, dt.date(2025, 1, 1)) == []  # both gone, the loop ends
    with pytest.raises(ServiceError):
        set_successors(a, [a], users.superuser)


def test_search_is_accent_insensitive(tree):
    assert set(Organisation.objects.search("huyen uy")) == {tree.district, tree.btg, tree.district_b}
    assert set(Organisation.objects.search("HUYỆN ỦY tam nong")) == {tree.district, tree.btg}
    assert set(Organisation.objects.search("Huyen")) == {
        tree.district,
        tree.btg,
        tree.district_b,
        tree.centre,
    }
    assert set(Organisation.objects.search("dang uy")) == {tree.commune, tree.commune2, tree.commune_b}
    assert list(Organisation.objects.search("TU son ha")) == [tree.province]  # short name


def test_people_counted_without_exemptions(tree):
    alive = Person(organisation=tree.cell1, full_name="Nguyễn Văn An")
    alive.save()
    retired = Person(organisation=tree.cell1, full_name="Trần Thị Bình")
    retired.save()
    Exemption.objects.create(person=retired, kind=ExemptionKind.RETIRED, starts_on=dt.date(2024, 1, 1))
    ended = Person(organisation=tree.cell2, full_name="Lê Văn Cường")
    ended.save()
    Exemption.objects.create(
        person=ended, kind=ExemptionKind.EXCUSED, starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 12, 31)
    )
    counted = Person.objects.in_subtree(tree.commune).counted(dt.date(2024, 6, 1))
    assert set(counted) == {alive, ended}
    assert set(Person.objects.in_subtree(tree.commune).counted(dt.date(2023, 6, 1))) == {alive, retired}
    assert list(Person.objects.search("tran thi binh")) == [retired]
