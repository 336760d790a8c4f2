"""Importing the organisation tree and people from .xlsx or .csv (ADR 0008).

The file's first row names the columns, in Vietnamese or English, with or without accents
(``Mã``, ``ma don vi``, ``code`` …; see :data:`ORG_COLUMNS`, :data:`PEOPLE_COLUMNS`). Rows
are matched to existing records by code. A dry run reports what would be created and
changed; an import that is not a dry run writes everything in one transaction, and nothing
at all when any row has an error. Errors are given by row (the spreadsheet's row number)
and column.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction

from kehoach.accounts import permissions
from kehoach.audit.services import record
from kehoach.errors import ServiceError
from kehoach.organisations.models import (
    Exemption,
    ExemptionKind,
    Gender,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Person,
)
from kehoach.text import fold

ORG_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma", "ma don vi", "code"),
    "name": ("ten", "ten don vi", "name"),
    "kind": ("loai", "loai don vi", "kind"),
    "parent_code": ("ma cap tren", "ma don vi cap tren", "cap tren", "parent", "parent code", "parent_code"),
    "short_name": ("ten viet tat", "viet tat", "short name", "short_name"),
    "aliases": ("ten goi khac", "ten khac", "aliases"),
    "valid_from": ("hieu luc tu", "tu ngay", "valid from", "valid_from"),
    "valid_to": ("hieu luc den", "den ngay", "valid to", "valid_to"),
    "successors": ("ma don vi ke thua", "don vi ke thua", "ke thua", "successors"),
}
PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma", "ma can bo", "ma dang vien", "code"),
    "full_name": ("ho va ten", "ho ten", "full name", "full_name", "name"),
    "organisation_code": ("ma don vi", "don vi", "organisation", "organisation_code"),
    "position": ("chuc vu", "position"),
    "gender": ("gioi tinh", "gender"),
    "birth_year": ("nam sinh", "birth year", "birth_year"),
    "is_party_member": ("dang vien", "party member", "is_party_member"),
    "exemption": ("mien", "mien giam", "mien sinh hoat", "exemption"),
    "exemption_from": ("mien tu", "mien tu ngay", "exemption from", "exemption_from"),
    "exemption_to": ("mien den", "mien den ngay", "exemption to", "exemption_to"),
}
MAX_ROWS = 20000
_LIST_SEPARATOR = re.compile(r"\s*[;\n|]\s*")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowChange:
    row: int
    code: str
    name: str
    action: str  # "create", "update" or "unchanged"
    changes: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class ImportResult:
    dry_run: bool
    changes: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    @property
    def summary(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("create", "update", "unchanged")} | {"errors": len(self.errors)}


# --- reading the file -------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def read_rows(upload: Any) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """The folded header and the data rows of an .xlsx (first sheet) or .csv (UTF-8, comma or
    semicolon), as ``(row number, {header: value})``."""
    name = PurePath(getattr(upload, "name", "") or "").name
    suffix = PurePath(name).suffix.lower()
    size = int(getattr(upload, "size", 0) or 0)
    if size > settings.MAX_UPLOAD_BYTES:
        raise ServiceError("file_too_large", f"Tệp {name} quá lớn.", f"{name} is too large.")
    upload.seek(0)
    data = upload.read()
    rows: list[list[Any]]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ServiceError(
                "unreadable_file",
                f"Không đọc được tệp Excel {name}.",
                f"{name} is not a readable .xlsx file.",
            ) from exc
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
    elif suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ServiceError(
                "unreadable_file", f"Tệp {name} phải được lưu dạng UTF-8.", f"{name} is not UTF-8 text."
            ) from exc
        dialect: Any = csv.excel
        with contextlib.suppress(csv.Error):  # not enough to tell: the default, commas
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    else:
        raise ServiceError(
            "file_type",
            f"Tệp {name or '(không tên)'}: chỉ nhận .xlsx hoặc .csv.",
            "Only .xlsx and .csv files are accepted.",
        )
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if len(rows) < 2:
        raise ServiceError(
            "empty_file",
            f"Tệp {name} không có dòng dữ liệu nào.",
            f"{name} has no data rows under its header.",
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ServiceError("too_many_rows", f"Tệp quá {MAX_ROWS} dòng.", f"More than {MAX_ROWS} rows.")
    header = [fold(str(h or "")) for h in rows[0]]
    data = [
        (number, {header[i]: _cell(v) for i, v in enumerate(r) if i < len(header) and header[i]})
        for number, r in enumerate(rows[1:], start=2)
    ]
    return header, data


def _columns(
    header: list[str], wanted: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> dict[str, str]:
    """Map field → the file's (folded) header for it; refuse a file missing a required one."""
    headers = set(header)
    found = {name: next((h for h in synonyms if h in headers), "") for name, synonyms in wanted.items()}
    missing = [wanted[name][0] for name in required if not found[name]]
    if missing:
        raise ServiceError(
            "missing_columns",
            "Thiếu cột: " + ", ".join(missing) + ".",
            "Missing column(s): " + ", ".join(missing) + ".",
        )
    return {name: header for name, header in found.items() if header}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _choice(value: Any, choices: type[Any], extra: Mapping[str, str] | None = None) -> str | None:
    key = fold(_text(value))
    if not key:
        return None
    table: dict[str, str] = {fold(v): v for v in choices.values} | {
        fold(str(label)): v for v, label in choices.choices
    }
    table.update(extra or {})
    return table.get(key) or table.get(key.replace(" ", "_"))


_KIND_WORDS = {
    "tinh uy": OrganisationKind.PROVINCIAL_COMMITTEE,
    "thanh uy truc thuoc trung uong": OrganisationKind.PROVINCIAL_COMMITTEE,
    "huyen uy": OrganisationKind.DISTRICT_COMMITTEE,
    "thi uy": OrganisationKind.DISTRICT_COMMITTEE,
    "thanh uy": OrganisationKind.DISTRICT_COMMITTEE,
    "dang uy": OrganisationKind.PARTY_COMMITTEE,
    "dang bo": OrganisationKind.PARTY_COMMITTEE,
    "chi bo": OrganisationKind.PARTY_CELL,
    "ban": OrganisationKind.ADVISORY_BOARD,
    "ban tham muu": OrganisationKind.ADVISORY_BOARD,
    "van phong": OrganisationKind.ADVISORY_BOARD,
    "trung tam chinh tri": OrganisationKind.POLITICAL_CENTRE,
    "ubnd": OrganisationKind.PEOPLES_COMMITTEE,
    "uy ban nhan dan": OrganisationKind.PEOPLES_COMMITTEE,
    "so": OrganisationKind.DEPARTMENT,
    "phong": OrganisationKind.OFFICE,
    "mttq": OrganisationKind.FATHERLAND_FRONT,
    "mat tran to quoc": OrganisationKind.FATHERLAND_FRONT,
    "doan the": OrganisationKind.MASS_ORGANISATION,
    "truong": OrganisationKind.SCHOOL,
    "khac": OrganisationKind.OTHER,
}
_EXEMPTION_WORDS = {"mien": ExemptionKind.EXCUSED, "mien sh": ExemptionKind.EXCUSED}
_GENDER_WORDS = {
    "nam": Gender.MALE,
    "nu": Gender.FEMALE,
    "male": Gender.MALE,
    "female": Gender.FEMALE,
    "m": Gender.MALE,
    "f": Gender.FEMALE,
}
_YES = {"x", "co", "1", "true", "yes", "dang vien", "c"}
_NO = {"", "khong", "0", "false", "no", "k"}


class _Rows:
    """Collects errors while reading one row's cells."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result

    def error(self, row: int, column: str, message: str) -> None:
        self.result.errors.append(RowError(row, column, message))

    def date(self, row: int, column: str, value: Any) -> dt.date | None:
        try:
            return _date(value)
        except ValueError:
            self.error(row, column, f"Ngày không hợp lệ: “{value}” (dùng dd/mm/yyyy).")
            return None


def _changes(current: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [getattr(current, k), v] for k, v in values.items() if getattr(current, k) != v}


# --- organisations ----------------------------------------------------------------------


@dataclass
class _OrgRow:
    row: int
    code: str
    values: dict[str, Any]
    parent_code: str
    aliases: list[str] | None
    successors: list[str] | None
    existing: Organisation | None = None


def import_organisations(
    upload: Any, root: Organisation | None, user: Any, *, dry_run: bool = True
) -> ImportResult:
    """Create or update units from a file, under ``root`` (None: new trees, for system
    administrators). Rows without a parent code go directly under ``root``."""
    permissions.require(permissions.can_manage_organisation(user, root))
    header, rows = read_rows(upload)
    cols = _columns(header, ORG_COLUMNS, ("code", "name"))
    result = ImportResult(dry_run=dry_run)
    check = _Rows(result)
    parsed: list[_OrgRow] = []
    seen: dict[str, int] = {}
    for number, cells in rows:

        def get(name: str, cells: dict[str, Any] = cells) -> Any:
            return cells.get(cols.get(name, ""))

        code, name = _text(get("code")), _text(get("name"))
        if not code:
            check.error(number, "code", "Thiếu mã đơn vị.")
            continue
        if code in seen:
            check.error(number, "code", f"Mã {code} đã có ở dòng {seen[code]}.")
            continue
        seen[code] = number
        if not name:
            check.error(number, "name", "Thiếu tên đơn vị.")
        kind = OrganisationKind.OTHER
        if "kind" in cols and _text(get("kind")):
            found = _choice(get("kind"), OrganisationKind, _KIND_WORDS)
            if found is None:
                check.error(number, "kind", f"Loại đơn vị không rõ: “{get('kind')}”.")
            else:
                kind = OrganisationKind(found)
        values: dict[str, Any] = {"name": name[:255], "kind": kind}
        if "short_name" in cols:
            values["short_name"] = _text(get("short_name"))[:100]
        if "valid_from" in cols:
            values["valid_from"] = check.date(number, "valid_from", get("valid_from"))
        if "valid_to" in cols:
            values["valid_to"] = check.date(number, "valid_to", get("valid_to"))
        if values.get("valid_from") and values.get("valid_to") and values["valid_to"] < values["valid_from"]:
            check.error(number, "valid_to", "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.")
        split = lambda v: [x for x in _LIST_SEPARATOR.split(_text(v)) if x]  # noqa: E731
        parsed.append(
            _OrgRow(
                row=number,
                code=code,
                values=values,
                parent_code=_text(get("parent_code")),
                aliases=split(get("aliases")) if "aliases" in cols else None,
                successors=split(get("successors")) if "successors" in cols else None,
            )
        )

    by_code = {r.code: r for r in parsed}
    referenced = (
        {r.parent_code for r in parsed} | {s for r in parsed for s in (r.successors or [])} | set(by_code)
    )
    in_db = {o.code: o for o in Organisation.objects.filter(code__in=[c for c in referenced if c])}
    for r in parsed:
        r.existing = in_db.get(r.code)
        if r.existing is not None and root is not None and not r.existing.is_within(root):
            check.error(r.row, "code", f"Đơn vị mã {r.code} nằm ngoài phạm vi {root.name}.")
        if r.parent_code:
            if r.parent_code == r.code:
                check.error(r.row, "parent_code", "Đơn vị không thể là cấp trên của chính nó.")
            elif r.parent_code not in by_code:
                parent = in_db.get(r.parent_code)
                if parent is None:
                    check.error(r.row, "parent_code", f"Không có đơn vị mã {r.parent_code}.")
                elif root is not None and not parent.is_within(root):
                    check.error(
                        r.row, "parent_code", f"Đơn vị mã {r.parent_code} nằm ngoài phạm vi {root.name}."
                    )
                elif r.existing is not None and parent.is_within(r.existing):
                    check.error(
                        r.row, "parent_code", f"Không thể chuyển {r.code} vào đơn vị cấp dưới của nó."
                    )
        for successor in r.successors or []:
            if successor not in by_code and successor not in in_db:
                check.error(r.row, "successors", f"Không có đơn vị kế thừa mã {successor}.")
    order = _parents_first(parsed, by_code, check)

    for r in order:
        if r.existing is None:
            result.changes.append(
                RowChange(
                    r.row, r.code, r.values["name"], "create", {k: [None, v] for k, v in r.values.items()}
                )
            )
            continue
        changes = _changes(r.existing, r.values)
        current_parent = r.existing.parent.code if r.existing.parent else ""
        if r.parent_code and r.parent_code != current_parent:
            changes["parent"] = [current_parent, r.parent_code]
        if r.aliases is not None:
            before = sorted(a.name for a in r.existing.aliases.all())
            if before != sorted(dict.fromkeys(r.aliases)):
                changes["aliases"] = [before, r.aliases]
        if r.successors is not None:
            before = sorted(s.code or str(s.pk) for s in r.existing.successors.all())
            if before != sorted(r.successors):
                changes["successors"] = [before, r.successors]
        result.changes.append(
            RowChange(r.row, r.code, r.values["name"], "update" if changes else "unchanged", changes)
        )

    if result.errors or dry_run:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result
    with transaction.atomic():
        codes: dict[str, Organisation] = dict(in_db)
        for r in order:
            parent = codes[r.parent_code] if r.parent_code else (r.existing.parent if r.existing else root)
            org = r.existing or Organisation(code=r.code)
            for key, value in r.values.items():
                setattr(org, key, value)
            org.parent = parent
            org.save()
            codes[r.code] = org
            if r.aliases is not None:
                org.aliases.all().delete()
                OrganisationAlias.objects.bulk_create(
                    [
                        OrganisationAlias(organisation=org, name=a, search_key=fold(a))
                        for a in dict.fromkeys(r.aliases)
                    ]
                )
        for r in order:
            if r.successors is not None:
                codes[r.code].successors.set([codes[c] for c in r.successors])
        target = root or codes[order[0].code]
        record(
            user,
            "organisations.imported",
            target,
            {"file": getattr(upload, "name", ""), **result.summary},
            organisation=root,
        )
    result.applied = True
    return result


def _parents_first(parsed: list[_OrgRow], by_code: dict[str, _OrgRow], check: _Rows) -> list[_OrgRow]:
    """Rows ordered so that a parent defined in the file comes before its children; a cycle
    among the file's parent codes is an error on each row in it."""
    order: list[_OrgRow] = []
    state: dict[str, int] = {}  # 1: visiting, 2: done

    def visit(r: _OrgRow, trail: list[_OrgRow]) -> None:
        if state.get(r.code) == 2:
            return
        if state.get(r.code) == 1:
            for member in trail[trail.index(r) :]:
                check.error(member.row, "parent_code", "Các mã cấp trên tạo thành vòng lặp.")
            return
        state[r.code] = 1
        parent = by_code.get(r.parent_code)
        if parent is not None and parent is not r:
            visit(parent, [*trail, r])
        state[r.code] = 2
        order.append(r)

    for r in parsed:
        visit(r, [])
    return order


# --- people -----------------------------------------------------------------------------


def import_people(upload: Any, root: Organisation, user: Any, *, dry_run: bool = True) -> ImportResult:
    """Create or update people (by code) in units of ``root``'s subtree, with exemptions."""
    permissions.require(permissions.can_manage_people(user, root))
    header, rows = read_rows(upload)
    cols = _columns(header, PEOPLE_COLUMNS, ("code", "full_name", "organisation_code"))
    result = ImportResult(dry_run=dry_run)
    check = _Rows(result)
    units = {o.code: o for o in Organisation.objects.subtree(root).exclude(code__isnull=True)}
    codes = [_text(cells.get(cols["code"])) for _, cells in rows]
    existing = {
        p.code: p
        for p in Person.objects.filter(code__in=[c for c in codes if c]).select_related("organisation")
    }
    plans: list[
        tuple[RowChange, Person | None, dict[str, Any], tuple[str, dt.date, dt.date | None] | None]
    ] = []
    seen: dict[str, int] = {}
    for number, cells in rows:

        def get(name: str, cells: dict[str, Any] = cells) -> Any:
            return cells.get(cols.get(name, ""))

        code, name, unit_code = _text(get("code")), _text(get("full_name")), _text(get("organisation_code"))
        if not code:
            check.error(number, "code", "Thiếu mã cán bộ, đảng viên.")
            continue
        if code in seen:
            check.error(number, "code", f"Mã {code} đã có ở dòng {seen[code]}.")
            continue
        seen[code] = number
        if not name:
            check.error(number, "full_name", "Thiếu họ và tên.")
        unit = units.get(unit_code)
        if unit is None:
            check.error(
                number,
                "organisation_code",
                f"Không có đơn vị mã {unit_code or '(trống)'} trong phạm vi {root.name}.",
            )
        person = existing.get(code)
        if person is not None and not person.organisation.is_within(root):
            check.error(number, "code", f"{code} thuộc đơn vị ngoài phạm vi {root.name}.")
        values: dict[str, Any] = {"full_name": name[:255], "organisation": unit}
        if "position" in cols:
            values["position"] = _text(get("position"))[:255]
        if "gender" in cols and _text(get("gender")):
            gender = _GENDER_WORDS.get(fold(_text(get("gender"))))
            if gender is None:
                check.error(number, "gender", f"Giới tính không rõ: “{get('gender')}” (Nam/Nữ).")
            values["gender"] = gender or ""
        if "birth_year" in cols and _text(get("birth_year")):
            year = _text(get("birth_year"))
            if not year.isdigit() or not 1900 <= int(year) <= dt.date.today().year:
                check.error(number, "birth_year", f"Năm sinh không hợp lệ: “{year}”.")
            else:
                values["birth_year"] = int(year)
        if "is_party_member" in cols:
            flag = fold(_text(get("is_party_member")))
            if flag in _YES:
                values["is_party_member"] = True
            elif flag in _NO:
                values["is_party_member"] = False
            else:
                check.error(
                    number, "is_party_member", f"Giá trị không rõ: “{get('is_party_member')}” (Có/Không)."
                )
        exemption = None
        if "exemption" in cols and _text(get("exemption")):
            kind = _choice(get("exemption"), ExemptionKind, _EXEMPTION_WORDS)
            starts = check.date(number, "exemption_from", get("exemption_from"))
            ends = check.date(number, "exemption_to", get("exemption_to"))
            if kind is None:
                check.error(number, "exemption", f"Loại miễn không rõ: “{get('exemption')}”.")
            elif starts is None:
                check.error(number, "exemption_from", "Cần ngày bắt đầu miễn.")
            elif ends is not None and ends < starts:
                check.error(number, "exemption_to", "Ngày kết thúc miễn trước ngày bắt đầu.")
            else:
                exemption = (kind, starts, ends)
        if person is None:
            change = RowChange(
                number,
                code,
                name,
                "create",
                {k: [None, str(v) if k == "organisation" else v] for k, v in values.items()},
            )
        else:
            diff = _changes(person, values)
            if "organisation" in diff:
                diff["organisation"] = [person.organisation.code, unit_code]
            if exemption and not person.exemptions.filter(kind=exemption[0], starts_on=exemption[1]).exists():
                diff["exemption"] = [None, list(exemption)]
            change = RowChange(number, code, name, "update" if diff else "unchanged", diff)
        plans.append((change, person, values, exemption))
    result.changes = [p[0] for p in plans]
    if result.errors or dry_run:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result
    with transaction.atomic():
        for change, person, values, exemption in plans:
            if change.action == "unchanged":
                continue
            target = person or Person(code=change.code)
            for key, value in values.items():
                setattr(target, key, value)
            target.save()
            if exemption:
                Exemption.objects.get_or_create(
                    person=target,
                    kind=exemption[0],
                    starts_on=exemption[1],
                    defaults={"ends_on": exemption[2]},
                )
        record(
            user,
            "people.imported",
            root,
            {"file": getattr(upload, "name", ""), **result.summary},
            organisation=root,
        )
    result.applied = True
    return result
