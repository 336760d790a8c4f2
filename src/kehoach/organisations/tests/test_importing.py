"""Importing the tree and people from .xlsx/.csv: dry run, errors by row, all or nothing."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from kehoach.errors import NotAllowed, ServiceError
from kehoach.organisations.importing import import_organisations, import_people
from kehoach.organisations.models import Exemption, Organisation, OrganisationKind, Person

pytestmark = pytest.mark.django_db


def xlsx(rows, name="units.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return ContentFile(out.getvalue(), name=name)


def csv_file(text, name="units.csv"):
    return ContentFile(text.encode("utf-8"), name=name)


UNITS = [
    ["Mã", "Tên đơn vị", "Loại", "Mã cấp trên", "Tên gọi khác", "Hiệu lực từ"],
    ["X1", "Đảng ủy xã Mới", "Đảng ủy", "", "ĐU xã Mới; Đảng ủy Mới", dt.datetime(2025, 7, 1)],
    ["X1-C1", "Chi bộ thôn Một", "chi bộ", "X1", "", "01/07/2025"],
    ["X1-C2", "Chi bộ thôn Hai", "chi_bo", "X1", "", ""],
]


@pytest.fixture
def district_code(tree):
    tree.district.code = "HU-TN"
    tree.district.save()
    return "HU-TN"


def test_dry_run_shows_changes_and_writes_nothing(tree, users):
    before = Organisation.objects.count()
    result = import_organisations(xlsx(UNITS), tree.district, users.province_admin, dry_run=True)
    assert not result.errors
    assert result.summary == {"create": 3, "update": 0, "unchanged": 0, "errors": 0}
    assert not result.applied
    assert Organisation.objects.count() == before


def test_apply_creates_the_tree_parents_first(tree, users):
    rows = [UNITS[0], UNITS[2], UNITS[3], UNITS[1]]  # children before their parent in the file
    result = import_organisations(xlsx(rows), tree.district, users.province_admin, dry_run=False)
    assert result.applied and not result.errors
    commune = Organisation.objects.get(code="X1")
    assert commune.parent == tree.district and commune.kind == OrganisationKind.PARTY_COMMITTEE
    assert commune.valid_from == dt.date(2025, 7, 1)
    assert set(commune.aliases.values_list("name", flat=True)) == {"Đảng ủy Mới", "ĐU xã Mới"}
    cells = Organisation.objects.subtree(commune, include_self=False)
    assert {c.code for c in cells} == {"X1-C1", "X1-C2"}
    assert all(c.kind == OrganisationKind.PARTY_CELL for c in cells)
    again = import_organisations(xlsx(UNITS), tree.district, users.province_admin, dry_run=True)
    assert again.summary["unchanged"] == 3


def test_update_rename_move_and_successors(tree, users):
    import_organisations(xlsx(UNITS), tree.district, users.province_admin, dry_run=False)
    tree.commune2.code = "DH"
    tree.commune2.save()
    rows = [
        ["code", "name", "kind", "parent_code", "valid_to", "successors"],
        ["X1-C2", "Chi bộ thôn Hai (mới)", "chi bộ", "DH", "", ""],
        ["X1-C1", "Chi bộ thôn Một", "chi bộ", "X1", "30/06/2026", "X1-C2"],
    ]
    dry = import_organisations(xlsx(rows), tree.district, users.province_admin)
    changes = {c.code: c.changes for c in dry.changes}
    assert changes["X1-C2"]["name"] == ["Chi bộ thôn Hai", "Chi bộ thôn Hai (mới)"]
    assert changes["X1-C2"]["parent"] == ["X1", "DH"]
    assert changes["X1-C1"]["successors"] == [[], ["X1-C2"]]
    import_organisations(xlsx(rows), tree.district, users.province_admin, dry_run=False)
    moved = Organisation.objects.get(code="X1-C2")
    assert moved.parent == tree.commune2 and moved.path.startswith(tree.commune2.path)
    assert list(Organisation.objects.get(code="X1-C1").successors.all()) == [moved]


def test_any_wrong_row_writes_nothing(tree, users):
    rows = [
        *UNITS,
        ["X1-C3", "", "chi bộ", "X1", "", ""],  # no name
        ["X1-C4", "Chi bộ thôn Bốn", "hợp tác xã", "X1", "", ""],  # unknown kind
        ["X1-C5", "Chi bộ thôn Năm", "chi bộ", "NOPE", "", "31/02/2025"],  # no such parent, bad date
        ["X1-C1", "Trùng mã", "chi bộ", "X1", "", ""],  # duplicate code
        ["A", "Vòng A", "khác", "B", "", ""],
        ["B", "Vòng B", "khác", "A", "", ""],
    ]
    before = Organisation.objects.count()
    result = import_organisations(xlsx(rows), tree.district, users.province_admin, dry_run=False)
    assert not result.applied
    assert Organisation.objects.count() == before
    got = {(e.row, e.column) for e in result.errors}
    assert {(5, "name"), (6, "kind"), (7, "parent_code"), (7, "valid_from"), (8, "code")} <= got
    assert {(9, "parent_code"), (10, "parent_code")} <= got  # the cycle, on both rows
    assert all(e.message for e in result.errors)


def test_scope_is_the_root_subtree(tree, users):
    tree.district_b.code = "HU-PY"
    tree.district_b.save()
    rows = [["Mã", "Tên", "Mã cấp trên"], ["Y1", "Đơn vị lạc", "HU-PY"]]
    result = import_organisations(xlsx(rows), tree.district, users.province_admin)
    assert {(e.row, e.column) for e in result.errors} == {(2, "parent_code")}
    rows = [["Mã", "Tên", "Mã cấp trên"], ["HU-PY", "Đổi tên huyện khác", ""]]
    result = import_organisations(xlsx(rows), tree.district, users.province_admin)
    assert {(e.row, e.column) for e in result.errors} == {(2, "code")}
    with pytest.raises(NotAllowed):
        import_organisations(xlsx(UNITS), tree.district, users.district_office)
    with pytest.raises(NotAllowed):
        import_organisations(xlsx(UNITS), None, users.province_admin)  # new roots: superusers


def test_csv_with_semicolons_and_bad_files(tree, users):
    text = "ma;ten;loai;ma cap tren\nZ1;Đảng ủy xã Zê;đảng ủy;\nZ1-1;Chi bộ Zê;chi bộ;Z1\n"
    result = import_organisations(csv_file(text), tree.district, users.province_admin, dry_run=False)
    assert result.applied and Organisation.objects.get(code="Z1-1").parent.code == "Z1"
    for upload, code in [
        (csv_file("ten,loai\nA,khác\n"), "missing_columns"),
        (csv_file("ma,ten\n"), "empty_file"),
        (ContentFile(b"\xff\xfe\x00bad", name="x.csv"), "unreadable_file"),
        (ContentFile(b"PK\x03\x04 not really", name="x.xlsx"), "unreadable_file"),
        (ContentFile(b"a,b", name="x.txt"), "file_type"),
    ]:
        with pytest.raises(ServiceError) as err:
            import_organisations(upload, tree.district, users.province_admin)
        assert err.value.code == code


PEOPLE = [
    ["Mã", "Họ và tên", "Mã đơn vị", "Chức vụ", "Giới tính", "Năm sinh", "Đảng viên", "Miễn", "Miễn từ"],
    ["P1", "Nguyễn Văn An", "C1", "Bí thư chi bộ", "Nam", 1970, "x", "", ""],
    ["P2", "Trần Thị Bình", "C1", "", "Nữ", "1950", "có", "Hưu trí", "01/01/2020"],
    ["P3", "Lê Văn Cường", "C2", "", "nam", "", "không", "", ""],
]


@pytest.fixture
def cell_codes(tree):
    for org, code in ((tree.cell1, "C1"), (tree.cell2, "C2"), (tree.commune_b, "B1")):
        org.code = code
        org.save()


def test_people_import(tree, users, cell_codes):
    dry = import_people(xlsx(PEOPLE, "people.xlsx"), tree.district, users.province_admin)
    assert dry.summary == {"create": 3, "update": 0, "unchanged": 0, "errors": 0}
    assert not Person.objects.exists()
    import_people(xlsx(PEOPLE, "people.xlsx"), tree.district, users.province_admin, dry_run=False)
    an, binh, cuong = (Person.objects.get(code=c) for c in ("P1", "P2", "P3"))
    assert (an.organisation, an.position, an.gender, an.birth_year, an.is_party_member) == (
        tree.cell1,
        "Bí thư chi bộ",
        "nam",
        1970,
        True,
    )
    assert not cuong.is_party_member
    assert Exemption.objects.get(person=binh).starts_on == dt.date(2020, 1, 1)
    assert set(Person.objects.in_subtree(tree.district).counted(dt.date(2025, 1, 1))) == {an, cuong}
    moved = [PEOPLE[0], ["P1", "Nguyễn Văn An", "C2", "Bí thư chi bộ", "Nam", 1970, "x", "", ""]]
    result = import_people(xlsx(moved, "people.xlsx"), tree.district, users.province_admin, dry_run=False)
    assert result.changes[0].changes["organisation"] == ["C1", "C2"]
    assert Person.objects.get(code="P1").organisation == tree.cell2


def test_people_errors_write_nothing(tree, users, cell_codes):
    rows = [
        PEOPLE[0],
        ["P1", "Nguyễn Văn An", "C1", "", "Nam", 1970, "x", "", ""],
        ["P4", "", "B1", "", "Không rõ", "19x0", "có lẽ", "Miễn sinh hoạt", ""],
    ]
    result = import_people(xlsx(rows, "people.xlsx"), tree.district, users.province_admin, dry_run=False)
    assert not result.applied and not Person.objects.exists()
    assert {e.column for e in result.errors if e.row == 3} == {
        "full_name",
        "organisation_code",
        "gender",
        "birth_year",
        "is_party_member",
        "exemption_from",
    }


def test_import_commands(tree, users, district_code, tmp_path, capsys):
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx(UNITS).read())
    call_command("import_organisations", str(path), "--root", district_code)
    assert "dry run" in capsys.readouterr().out
    assert not Organisation.objects.filter(code="X1").exists()
    call_command("import_organisations", str(path), "--root", district_code, "--apply")
    assert Organisation.objects.filter(code="X1").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("ma,ten,ma cap tren\nQ,Q,NOPE\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing written"):
        call_command("import_organisations", str(bad), "--root", district_code, "--apply")
    assert "row 2, parent_code" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_people", str(path))  # --root is required
