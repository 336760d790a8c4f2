"""Matching unit names from plan documents to the tree."""

import datetime as dt

import pytest

from kehoach.conftest import make_org
from kehoach.organisations.matching import (
    Collective,
    collective_of,
    expand_collective,
    match_units,
    similarity,
)
from kehoach.organisations.models import OrganisationKind as K

pytestmark = pytest.mark.django_db


def test_exact_alias_fuzzy_and_unmatched(tree):
    exact, alias, fuzzy, unknown = match_units(
        ["Trung tâm Chính trị huyện Tam Nông", "BTG HUYỆN ỦY", "Ban Tuyên giáo Huyện ủy", "Công an tỉnh"],
        tree.district,
    )
    assert (exact.status, exact.organisation, exact.score) == ("exact", tree.centre, 1.0)
    assert (alias.status, alias.organisation) == ("alias", tree.btg)
    assert fuzzy.status == "fuzzy"
    assert fuzzy.organisation == tree.btg
    assert 0.85 <= fuzzy.score < 1
    assert unknown.status == "unmatched"
    assert unknown.organisation is None


def test_matching_stays_within_the_subtree(tree):
    (match,) = match_units(["Đảng ủy xã Sơn Thủy"], tree.district)  # a unit of the other district
    assert match.status == "unmatched"
    (match,) = match_units(["Đảng ủy xã Sơn Thủy"], tree.province)
    assert match.organisation == tree.commune_b


def test_ambiguous_fuzzy_names_are_not_chosen(tree):
    (match,) = match_units(["Đảng ủy xã"], tree.district)
    assert match.status == "unmatched"
    assert {c.organisation for c in match.candidates} >= {tree.commune, tree.commune2}
    assert all(0.6 <= c.score <= 1 for c in match.candidates)


def test_matching_ignores_units_that_did_not_exist_then(tree):
    new = make_org("Đảng ủy xã Tân Hòa", K.PARTY_COMMITTEE, tree.district, valid_from=dt.date(2025, 7, 1))
    (before,) = match_units(["Đảng ủy xã Tân Hòa"], tree.district, on=dt.date(2024, 1, 1))
    (after,) = match_units(["Đảng ủy xã Tân Hòa"], tree.district, on=dt.date(2025, 8, 1))
    assert before.status == "unmatched"
    assert after.organisation == new


def test_match_a_whole_plan_in_a_fixed_number_of_queries(tree, django_assert_num_queries):
    with django_assert_num_queries(2):
        match_units(["Ban Tuyên giáo Huyện ủy"] * 30 + ["Các chi bộ"] * 10, tree.district)


@pytest.mark.parametrize(
    ("name", "kinds", "scope"),
    [
        ("Các chi bộ", (K.PARTY_CELL,), "subtree"),
        ("Các Đảng ủy, Chi bộ trực thuộc", (K.PARTY_CELL, K.PARTY_COMMITTEE), "children"),
        ("Các chi, đảng bộ cơ sở", (K.PARTY_CELL, K.PARTY_COMMITTEE), "children"),
        ("Các cấp ủy, tổ chức đảng", (K.DISTRICT_COMMITTEE, K.PARTY_COMMITTEE, K.PARTY_CELL), "subtree"),
        ("các phòng, ban chuyên môn", (K.OFFICE,), "subtree"),
        ("Từng chi bộ", (K.PARTY_CELL,), "subtree"),
        ("Các sở, ban, ngành", (K.DEPARTMENT, K.OFFICE), "subtree"),
        ("Các ban, ngành", (K.DEPARTMENT, K.OFFICE), "subtree"),
        ("Các ban xây dựng Đảng", (K.ADVISORY_BOARD,), "subtree"),
        ("đảng bộ cơ sở", (K.PARTY_COMMITTEE,), "children"),
        ("đoàn thể xã", (K.FATHERLAND_FRONT, K.MASS_ORGANISATION), "subtree"),
        ("các cơ quan, đơn vị chức năng", (), "subtree"),
    ],
)
def test_collective_names(name, kinds, scope):
    collective = collective_of(name)
    assert collective is not None
    assert set(collective.kinds) == set(kinds)
    assert collective.scope == scope


def test_single_names_are_not_collective():
    assert collective_of("Ban Tuyên giáo Huyện ủy") is None
    assert collective_of("Chi bộ thôn Đồng Tâm") is None
    assert collective_of("Đảng ủy xã") is None  # the commune's own committee, not a set


def test_collective_match_and_unknown_collective(tree):
    cells, unknown = match_units(["Các chi bộ trực thuộc", "các cơ quan, đơn vị chức năng"], tree.district)
    assert cells.status == "collective"
    assert cells.collective == Collective((K.PARTY_CELL,), "children")
    assert unknown.status == "unmatched"  # names no kind: resolved by hand


def test_expand_children_and_nearest_in_subtree(tree):
    direct = expand_collective(Collective((K.PARTY_CELL,), "children"), tree.district)
    assert direct == [tree.office_cell]
    everywhere = expand_collective(Collective((K.PARTY_CELL,), "subtree"), tree.district)
    assert set(everywhere) == {tree.cell1, tree.cell2, tree.office_cell}
    # party bodies: the communes and the cell directly under the district; the communes' own
    # cells are reached through their commune's implementing plan
    nearest = expand_collective(Collective((K.PARTY_COMMITTEE, K.PARTY_CELL), "subtree"), tree.district)
    assert set(nearest) == {tree.commune, tree.commune2, tree.office_cell}
    assert expand_collective(Collective((), "subtree"), tree.district) == []


def test_expand_skips_abolished_units(tree):
    tree.commune2.valid_to = dt.date(2025, 6, 30)
    tree.commune2.save()
    units = expand_collective(
        Collective((K.PARTY_COMMITTEE,), "children"), tree.district, dt.date(2025, 7, 1)
    )
    assert units == [tree.commune]


def test_similarity_scores():
    assert similarity("ban tuyen giao huyen uy", "ban tuyen giao huyen uy tam nong") > 0.9
    assert similarity("phong giao duc", "phong y te") < 0.75
    assert similarity("", "x") == 0.0
