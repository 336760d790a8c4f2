"""Every write to plans, tasks, assignments and reports goes through these functions.

Each runs in one transaction, asks :mod:`kehoach.accounts.permissions`, refuses bad input with
a :class:`kehoach.errors.ServiceError` (nothing half-written) and writes an audit entry.
Convention: the object acted on first, the acting user last among positional arguments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kehoach.accounts import permissions
from kehoach.audit.services import diff, record
from kehoach.errors import Conflict, ServiceError
from kehoach.organisations.matching import Collective, UnitIndex, UnitMatch, expand_collective
from kehoach.organisations.models import Organisation, OrganisationKind
from kehoach.organisations.services import resolve_current
from kehoach.plans.files import MAX_REPORT_FILES, PLAN_EXTENSIONS, REPORT_EXTENSIONS, check_upload
from kehoach.plans.models import (
    Assignment,
    AssignmentRole,
    Plan,
    PlanKind,
    PlanStatus,
    Progress,
    Recurrence,
    Report,
    ReportFile,
    Task,
    TaskUnit,
    UnitResolution,
)

PARSE_SCHEMA = "kehoach.parse/1"


def _today() -> dt.date:
    return timezone.localdate()


def _iso_date(value: Any, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ServiceError(
            "invalid_date", f"{what}: ngày không hợp lệ ({value}).", f"{what}: not an ISO date ({value!r})."
        ) from exc


_EVERY = re.compile(r"^\s*(\d+)?\s*(month|quarter|year)s?\s*$")
_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def recurrence_months(recurrence: Any) -> int | None:
    """``{"every": "6 months"}`` → 6; ``{"every": "year"}`` → 12; None for anything else."""
    if not isinstance(recurrence, dict):
        return None
    match = _EVERY.match(str(recurrence.get("every") or "").lower())
    if not match:
        return None
    months = int(match.group(1) or 1) * _UNIT_MONTHS[match.group(2)]
    return months if months in Recurrence.values else None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months``, clamped to the month's last day (31/1 + 1 → 28/2 or 29/2); the
    last day of a month stays the last day (30/6 + 6 → 31/12: a period's end is the next one's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if (day + dt.timedelta(days=1)).day == 1:
        following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month + 1, candidate)
        except ValueError:
            continue
    return dt.date(year, month + 1, min(day.day, 28))


def _require_draft(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise Conflict(
            "plan_published",
            "Kế hoạch đã ban hành; không sửa được nhiệm vụ và đơn vị được giao.",
            "The plan is published; its tasks and units can no longer be edited.",
        )


# --- plans ------------------------------------------------------------------------------

_PLAN_FIELDS = {"title", "kind", "number", "symbol", "issued_on", "basis_text", "parent"}


def _reject_unknown(values: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise ServiceError(
            "unknown_field",
            f"Không có trường: {', '.join(sorted(unknown))}.",
            f"Unknown field(s): {', '.join(sorted(unknown))}.",
        )


def _clean_plan_fields(values: dict[str, Any]) -> dict[str, Any]:
    _reject_unknown(values, _PLAN_FIELDS)
    cleaned = dict(values)
    if "title" in cleaned:
        cleaned["title"] = " ".join(str(cleaned["title"] or "").split())
        if not cleaned["title"]:
            raise ServiceError(
                "title_required", "Trích yếu kế hoạch không được để trống.", "The plan's title is required."
            )
    if "kind" in cleaned and cleaned["kind"] not in PlanKind.values:
        raise ServiceError(
            "invalid_kind",
            f"Loại văn bản không hợp lệ: {cleaned['kind']}.",
            f"Unknown document kind: {cleaned['kind']}.",
        )
    for name in ("number", "symbol", "basis_text"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    if "issued_on" in cleaned:
        cleaned["issued_on"] = _iso_date(cleaned["issued_on"], "Ngày ban hành")
    return cleaned


@transaction.atomic
def create_plan(issuer: Organisation, user: Any, *, title: str, **values: Any) -> Plan:
    """A draft plan typed in by hand."""
    permissions.require(permissions.can_create_plan(user, issuer))
    cleaned = _clean_plan_fields({"title": title, **values})
    parent = cleaned.get("parent")
    if parent is not None:
        permissions.require(permissions.can_view_plan(user, parent))
    plan = Plan(issuer=issuer, created_by=user, status=PlanStatus.DRAFT, **cleaned)
    plan.save()
    link_implementing_plans(plan)
    record(user, "plan.created", plan, {"title": plan.title}, organisation=issuer)
    return plan


@transaction.atomic
def update_plan(plan: Plan, user: Any, **values: Any) -> Plan:
    permissions.require(permissions.can_edit_plan(user, plan))
    cleaned = _clean_plan_fields(values)
    parent = cleaned.get("parent")
    if parent is not None and (parent.pk == plan.pk or not permissions.can_view_plan(user, parent)):
        raise ServiceError("invalid_parent", "Kế hoạch cấp trên không hợp lệ.", "Invalid parent plan.")
    changes = diff(plan, cleaned)
    for name, value in cleaned.items():
        setattr(plan, name, value)
    plan.save()
    if {"number", "symbol"} & set(changes):
        link_implementing_plans(plan)
    if changes:
        record(user, "plan.updated", plan, changes, organisation=plan.issuer)
    return plan


def find_plan(
    number: str, symbol: str, issued_on: dt.date | None = None, *, exclude: Plan | None = None
) -> Plan | None:
    """The plan the system holds with this number and symbol (and date, when both are known)."""
    if not number or not symbol:
        return None
    qs = Plan.objects.filter(number=number, symbol__iexact=symbol)
    if issued_on is not None:
        qs = qs.filter(Q(issued_on=issued_on) | Q(issued_on__isnull=True))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("-status", "-pk").first()  # "published" sorts after "draft": published first


def link_implementing_plans(plan: Plan) -> int:
    """Attach the plans whose recorded basis is ``plan`` and that have no parent yet."""
    if not plan.number or not plan.symbol:
        return 0
    qs = Plan.objects.filter(
        parent__isnull=True, basis_number=plan.number, basis_symbol__iexact=plan.symbol
    ).exclude(pk=plan.pk)
    if plan.issued_on is not None:
        qs = qs.filter(Q(basis_issued_on__isnull=True) | Q(basis_issued_on=plan.issued_on))
    return qs.update(parent=plan)


def _basis(references: list[dict[str, Any]]) -> dict[str, Any]:
    """The reference the plan implements: the one the parser marks ``basis``, else the first
    reference (a plan's opening line, "Thực hiện …", cites its basis first); {} for none."""
    for ref in references:
        if ref.get("basis"):
            return ref
    return references[0] if references else {}


def _check_parse(parsed: Any) -> dict[str, Any]:
    if not isinstance(parsed, dict) or not isinstance(parsed.get("document"), dict):
        raise ServiceError(
            "invalid_parse",
            "Kết quả đọc văn bản không đúng định dạng.",
            "The parse result is not a kehoach.parse/1 object (no 'document').",
        )
    if parsed.get("schema") not in (None, PARSE_SCHEMA):
        raise ServiceError(
            "invalid_parse",
            f"Kết quả đọc văn bản có phiên bản lạ: {parsed.get('schema')}.",
            f"Unsupported parse schema: {parsed.get('schema')!r} (expected {PARSE_SCHEMA}).",
        )
    for name in ("tasks", "references", "sections"):
        if not isinstance(parsed.get(name) or [], list):
            raise ServiceError(
                "invalid_parse", f"Trường {name} phải là danh sách.", f"'{name}' must be a list."
            )
    return parsed


def _section_headings(sections: list[dict[str, Any]]) -> dict[str, str]:
    headings: dict[str, str] = {}
    stack = list(sections)
    while stack:
        section = stack.pop()
        if isinstance(section, dict) and section.get("number"):
            headings[str(section["number"])] = str(section.get("heading") or "")
            stack.extend(section.get("children") or [])
    return headings


@transaction.atomic
def create_plan_from_parse(
    parsed: dict[str, Any], file: File | None, owner_org: Organisation, user: Any
) -> Plan:
    """A draft plan from the parser's JSON (``kehoach.parse/1``): its header, its basis (linked
    to the parent plan when the system holds it), its tasks, and each task's lead and support
    unit names matched to ``owner_org``'s subtree (see :mod:`kehoach.organisations.matching`)."""
    permissions.require(permissions.can_create_plan(user, owner_org))
    parsed = _check_parse(parsed)
    document = parsed["document"]
    source: dict[str, Any] = parsed["source"] if isinstance(parsed.get("source"), dict) else {}
    checked = check_upload(file, PLAN_EXTENSIONS) if file is not None else None
    issued_on = _iso_date(document.get("issued_on"), "Ngày ban hành")
    title = (
        " ".join(str(document.get("title") or "").split())
        or str(source.get("name") or "")
        or "Kế hoạch chưa có trích yếu"
    )
    kind = document.get("kind") if document.get("kind") in PlanKind.values else PlanKind.OTHER
    basis = _basis([r for r in parsed.get("references") or [] if isinstance(r, dict)])
    basis_issued_on = _iso_date(basis.get("issued_on"), "Ngày của văn bản căn cứ")
    plan = Plan(
        title=title[:500],
        kind=kind,
        number=str(document.get("number") or "")[:20],
        symbol=str(document.get("symbol") or "")[:50],
        issuer=owner_org,
        issued_on=issued_on,
        status=PlanStatus.DRAFT,
        source_name=(checked.name if checked else str(source.get("name") or ""))[:255],
        source_sha256=checked.sha256 if checked else str(source.get("sha256") or ""),
        parse=parsed,
        basis_text=str(basis.get("text") or ""),
        basis_number=str(basis.get("number") or "")[:20],
        basis_symbol=str(basis.get("symbol") or "")[:50],
        basis_issued_on=basis_issued_on,
        created_by=user,
    )
    plan.parent = find_plan(plan.basis_number, plan.basis_symbol, basis_issued_on)
    if file is not None and checked is not None:
        plan.source_file.save(checked.name, file, save=False)
    plan.save()
    link_implementing_plans(plan)

    index = UnitIndex(owner_org, on=issued_on)
    headings = _section_headings(parsed.get("sections") or [])
    for order, item in enumerate(parsed.get("tasks") or [], start=1):
        if not isinstance(item, dict) or not str(item.get("text") or "").strip():
            raise ServiceError(
                "invalid_parse", f"Nhiệm vụ thứ {order} không có nội dung.", f"Task {order} has no text."
            )
        deadline: dict[str, Any] = item["deadline"] if isinstance(item.get("deadline"), dict) else {}
        section = str(item.get("section") or "")
        if headings.get(section):
            section = f"{section}. {headings[section]}"
        task = Task(
            plan=plan,
            order=order,
            code=str(item.get("id") or "")[:32],
            section=section[:300],
            text=" ".join(str(item["text"]).split()),
            deadline_text=str(deadline.get("text") or "")[:300],
            due_on=_iso_date(deadline.get("due"), f"Hạn của nhiệm vụ {order}"),
            start_on=_iso_date(deadline.get("start"), f"Ngày bắt đầu của nhiệm vụ {order}"),
            recurrence_months=recurrence_months(deadline.get("recurrence")),
            span=item.get("span"),
        )
        task.save()
        units = []
        for role in (AssignmentRole.LEAD, AssignmentRole.SUPPORT):
            for position, mention in enumerate(item.get(role.value) or []):
                name = str(mention.get("name") if isinstance(mention, dict) else mention or "").strip()
                if name:
                    unit = _task_unit(task, role, name, index.match(name), position)
                    unit.span = mention.get("span") if isinstance(mention, dict) else None
                    units.append(unit)
        TaskUnit.objects.bulk_create(units)
    record(
        user,
        "plan.imported",
        plan,
        {"source": plan.source_name, "tasks": plan.tasks.count(), "parent": plan.parent},
        organisation=owner_org,
    )
    return plan


def import_plan_document(file: File, owner_org: Organisation, user: Any) -> Plan:
    """Read an uploaded plan (.docx .pdf .doc .txt .md) with :mod:`kehoach.documents` and make
    it a draft (:func:`create_plan_from_parse`). The parser's text is kept for the review."""
    from kehoach.documents import DocumentError, parse

    permissions.require(permissions.can_create_plan(user, owner_org))
    checked = check_upload(file, PLAN_EXTENSIONS)
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        result = parse(data, name=checked.name)
    except DocumentError as exc:
        raise ServiceError(
            "unreadable_document", f"Không đọc được văn bản {checked.name}: {exc}", f"{checked.name}: {exc}"
        ) from exc
    return create_plan_from_parse(result.to_dict(with_text=True), file, owner_org, user)


def _task_unit(task: Task, role: str, name: str, match: UnitMatch, order: int = 0) -> TaskUnit:
    unit = TaskUnit(task=task, role=role, name=name[:300], order=order)
    unit.candidates = [
        {"id": c.organisation.pk, "name": c.organisation.name, "score": c.score, "how": c.how}
        for c in match.candidates
    ]
    if match.organisation is not None:
        unit.organisation = match.organisation
        unit.resolution = UnitResolution.MATCHED
        unit.match_how = match.status
        unit.score = match.score
    elif match.status == "collective" and match.collective is not None:
        unit.resolution = UnitResolution.COLLECTIVE
        unit.collective_kinds = list(match.collective.kinds)
        unit.collective_scope = match.collective.scope
    return unit


# --- tasks and their units (drafts) -----------------------------------------------------

_TASK_FIELDS = {
    "text",
    "code",
    "section",
    "order",
    "deadline_text",
    "start_on",
    "due_on",
    "recurrence_months",
}


def _clean_task_fields(values: dict[str, Any]) -> dict[str, Any]:
    _reject_unknown(values, _TASK_FIELDS)
    cleaned = dict(values)
    if "text" in cleaned:
        cleaned["text"] = " ".join(str(cleaned["text"] or "").split())
        if not cleaned["text"]:
            raise ServiceError(
                "text_required", "Nội dung nhiệm vụ không được để trống.", "The task's text is required."
            )
    for name, label in (("start_on", "Ngày bắt đầu"), ("due_on", "Hạn hoàn thành")):
        if name in cleaned:
            cleaned[name] = _iso_date(cleaned[name], label)
    if cleaned.get("recurrence_months") not in (None, *Recurrence.values):
        raise ServiceError(
            "invalid_recurrence",
            "Định kỳ chỉ nhận: hằng tháng, hằng quý, 6 tháng, hằng năm.",
            "recurrence_months must be one of 1, 3, 6, 12 or null.",
        )
    if "order" in cleaned and (not isinstance(cleaned["order"], int) or cleaned["order"] < 0):
        raise ServiceError(
            "invalid_order", "Thứ tự phải là số không âm.", "order must be a non-negative integer."
        )
    return cleaned


def _check_task_dates(task: Task) -> None:
    if task.start_on and task.due_on and task.due_on < task.start_on:
        raise ServiceError(
            "invalid_dates",
            "Hạn hoàn thành phải sau ngày bắt đầu.",
            "due_on must not be earlier than start_on.",
        )
    if task.recurrence_months and not task.due_on:
        raise ServiceError(
            "recurrence_needs_due",
            "Nhiệm vụ định kỳ cần hạn của kỳ đầu tiên.",
            "A recurring task needs the due date of its first period.",
        )


@transaction.atomic
def add_task(
    plan: Plan,
    user: Any,
    *,
    text: str,
    lead: Iterable[Organisation | str] = (),
    support: Iterable[Organisation | str] = (),
    **values: Any,
) -> Task:
    """Add a task to a draft; units are Organisations (chosen) or names (matched)."""
    permissions.require(permissions.can_edit_plan(user, plan))
    _require_draft(plan)
    cleaned = _clean_task_fields({"text": text, **values})
    if "order" not in cleaned:
        last = plan.tasks.order_by("-order").values_list("order", flat=True).first()
        cleaned["order"] = (last or 0) + 1
    task = Task(plan=plan, **cleaned)
    _check_task_dates(task)
    task.save()
    for role, units in ((AssignmentRole.LEAD, lead), (AssignmentRole.SUPPORT, support)):
        for unit in units:
            _add_unit(task, role, unit)
    record(user, "task.added", task, {"text": task.text}, organisation=plan.issuer)
    return task


@transaction.atomic
def update_task(task: Task, user: Any, **values: Any) -> Task:
    permissions.require(permissions.can_edit_plan(user, task.plan))
    _require_draft(task.plan)
    cleaned = _clean_task_fields(values)
    changes = diff(task, cleaned)
    for name, value in cleaned.items():
        setattr(task, name, value)
    _check_task_dates(task)
    task.save()
    if changes:
        record(user, "task.updated", task, changes, organisation=task.plan.issuer)
    return task


@transaction.atomic
def delete_task(task: Task, user: Any) -> None:
    permissions.require(permissions.can_edit_plan(user, task.plan))
    _require_draft(task.plan)
    record(user, "task.deleted", task, {"text": task.text}, organisation=task.plan.issuer)
    task.delete()


def _check_in_subtree(org: Organisation, plan: Plan) -> None:
    if not org.is_within(plan.issuer):
        raise ServiceError(
            "unit_outside_tree",
            f"{org.name} không thuộc phạm vi của {plan.issuer.name}.",
            f"{org.name} is not within the plan issuer's subtree.",
        )


def _add_unit(task: Task, role: str, unit: Organisation | str) -> TaskUnit:
    if role not in AssignmentRole.values:
        raise ServiceError("invalid_role", f"Vai trò không hợp lệ: {role}.", f"Unknown role: {role}.")
    order = task.units.filter(role=role).count()
    if isinstance(unit, Organisation):
        _check_in_subtree(unit, task.plan)
        new = TaskUnit(
            task=task,
            role=role,
            name=unit.name,
            organisation=unit,
            resolution=UnitResolution.MATCHED,
            match_how="manual",
            score=1.0,
            order=order,
        )
    else:
        name = " ".join(str(unit).split())
        if not name:
            raise ServiceError("name_required", "Tên đơn vị không được để trống.", "A unit name is required.")
        new = _task_unit(
            task, role, name, UnitIndex(task.plan.issuer, task.plan.issued_on).match(name), order
        )
    new.save()
    return new


@transaction.atomic
def add_task_unit(task: Task, user: Any, *, role: str, unit: Organisation | str) -> TaskUnit:
    permissions.require(permissions.can_edit_plan(user, task.plan))
    _require_draft(task.plan)
    new = _add_unit(task, role, unit)
    record(user, "task.unit_added", task, {"role": role, "name": new.name}, organisation=task.plan.issuer)
    return new


@transaction.atomic
def resolve_task_unit(
    unit: TaskUnit,
    user: Any,
    *,
    organisation: Organisation | None = None,
    collective_kinds: Sequence[str] | None = None,
    scope: str = "subtree",
    drop: bool = False,
) -> TaskUnit:
    """Settle a unit name on the review screen: choose the unit, read it as a collective
    (kinds + scope), or drop it. Exactly one of the three."""
    plan = unit.task.plan
    permissions.require(permissions.can_edit_plan(user, plan))
    _require_draft(plan)
    if sum([organisation is not None, collective_kinds is not None, drop]) != 1:
        raise ServiceError(
            "resolution_choice",
            "Chọn một đơn vị, một nhóm đơn vị, hoặc bỏ qua tên này.",
            "Give exactly one of organisation, collective_kinds or drop.",
        )
    before = {"resolution": unit.resolution, "organisation": unit.organisation}
    unit.organisation, unit.collective_kinds, unit.collective_scope = None, [], ""
    if drop:
        unit.resolution = UnitResolution.DROPPED
    elif organisation is not None:
        _check_in_subtree(organisation, plan)
        unit.organisation, unit.resolution, unit.match_how, unit.score = (
            organisation,
            UnitResolution.MATCHED,
            "manual",
            1.0,
        )
    else:
        kinds = list(collective_kinds or [])
        bad = [k for k in kinds if k not in OrganisationKind.values]
        if not kinds or bad:
            raise ServiceError(
                "invalid_kind",
                "Nhóm đơn vị cần ít nhất một loại đơn vị hợp lệ.",
                f"Invalid or empty unit kinds: {bad}.",
            )
        if scope not in ("children", "subtree"):
            raise ServiceError(
                "invalid_scope",
                "Phạm vi phải là 'children' hoặc 'subtree'.",
                "scope must be 'children' or 'subtree'.",
            )
        unit.resolution, unit.collective_kinds, unit.collective_scope = (
            UnitResolution.COLLECTIVE,
            kinds,
            scope,
        )
    unit.save()
    record(
        user,
        "task.unit_resolved",
        unit.task,
        {
            "name": unit.name,
            "before": before,
            "resolution": unit.resolution,
            "organisation": unit.organisation,
        },
        organisation=plan.issuer,
    )
    return unit


@transaction.atomic
def remove_task_unit(unit: TaskUnit, user: Any) -> None:
    permissions.require(permissions.can_edit_plan(user, unit.task.plan))
    _require_draft(unit.task.plan)
    record(
        user,
        "task.unit_removed",
        unit.task,
        {"name": unit.name, "role": unit.role},
        organisation=unit.task.plan.issuer,
    )
    unit.delete()


# --- publishing -------------------------------------------------------------------------


def _targets(unit: TaskUnit, issuer: Organisation, on: dt.date) -> list[Organisation]:
    if unit.resolution == UnitResolution.MATCHED and unit.organisation is not None:
        return resolve_current(unit.organisation, on)
    if unit.resolution == UnitResolution.COLLECTIVE:
        return expand_collective(Collective(tuple(unit.collective_kinds), unit.collective_scope), issuer, on)
    return []


def _plan_assignments(plan: Plan, on: dt.date) -> tuple[list[str], list[Assignment]]:
    """The assignments publishing ``plan`` on ``on`` would create, and what stops it (in
    Vietnamese, one line each). A unit named both lead and support for a task is lead."""
    problems: list[str] = []
    assignments: list[Assignment] = []
    tasks = list(plan.tasks.prefetch_related("units__organisation").order_by("order", "pk"))
    if not tasks:
        problems.append("Kế hoạch chưa có nhiệm vụ nào.")
    for task in tasks:
        label = task.code or f"#{task.order}"
        units = sorted(
            (u for u in task.units.all() if u.resolution != UnitResolution.DROPPED),
            key=lambda u: (u.role != AssignmentRole.LEAD, u.order),
        )
        if not any(u.role == AssignmentRole.LEAD for u in units):
            problems.append(f"Nhiệm vụ {label}: chưa có đơn vị chủ trì.")
        chosen: dict[int, Assignment] = {}
        for unit in units:
            if unit.resolution == UnitResolution.UNMATCHED:
                problems.append(f"Nhiệm vụ {label}: chưa xác định đơn vị “{unit.name}”.")
                continue
            targets = _targets(unit, plan.issuer, on)
            if not targets:
                problems.append(f"Nhiệm vụ {label}: “{unit.name}” không ứng với đơn vị nào đang hoạt động.")
            for org in targets:
                if org.pk not in chosen:
                    chosen[org.pk] = Assignment(
                        task=task,
                        organisation=org,
                        role=unit.role,
                        sequence=1,
                        period_start=(task.start_on or plan.issued_on)
                        if task.recurrence_months
                        else task.start_on,
                        due_on=task.due_on,
                    )
        assignments.extend(chosen.values())
    return problems, assignments


def plan_problems(plan: Plan, on: dt.date | None = None) -> list[str]:
    """What stops ``plan`` from being published on ``on`` (default today) ([] = ready)."""
    return _plan_assignments(plan, on or _today())[0]


@transaction.atomic
def publish_plan(plan: Plan, user: Any, *, on: dt.date | None = None) -> Plan:
    """Publish a draft: one assignment per task and unit, lead or support, all or nothing.

    Matched units that no longer exist on ``on`` pass to their successors
    (:func:`resolve_current`); collective names expand to their units
    (:func:`expand_collective`); a unit named both lead and support is lead. Refused while
    any name is unmatched, any task has no lead, or a unit resolves to nothing.
    """
    permissions.require(permissions.can_edit_plan(user, plan))
    plan = Plan.objects.select_for_update().select_related("issuer").get(pk=plan.pk)
    _require_draft(plan)
    problems, assignments = _plan_assignments(plan, on or _today())
    if problems:
        raise ServiceError(
            "plan_not_ready",
            "Chưa thể ban hành: " + " ".join(problems),
            f"The plan cannot be published yet: {len(problems)} problem(s) remain.",
            details=problems,
        )
    Assignment.objects.bulk_create(assignments)
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.published_by = user
    plan.save()
    link_implementing_plans(plan)
    record(user, "plan.published", plan, {"assignments": len(assignments)}, organisation=plan.issuer)
    return plan


# --- carrying out: transitions ----------------------------------------------------------


def _locked(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update()
        .select_related("task__plan__issuer", "organisation")
        .get(pk=assignment.pk)
    )


def _date_not_future(value: dt.date | None, what: str) -> dt.date:
    value = value or _today()
    if value > _today():
        raise ServiceError(
            "future_date", f"{what} không được sau hôm nay.", f"{what} cannot be in the future."
        )
    return value


@transaction.atomic
def start_assignment(assignment: Assignment, user: Any, *, on: dt.date | None = None) -> Assignment:
    """not started → in progress."""
    assignment = _locked(assignment)
    permissions.require(permissions.can_report(user, assignment))
    if assignment.progress != Progress.NOT_STARTED:
        raise Conflict(
            "already_started", "Nhiệm vụ đã được triển khai.", "The assignment has already been started."
        )
    assignment.progress = Progress.IN_PROGRESS
    assignment.started_on = _date_not_future(on, "Ngày bắt đầu")
    assignment.save(update_fields=["progress", "started_on", "updated_at"])
    record(
        user,
        "assignment.started",
        assignment,
        {"progress": [Progress.NOT_STARTED, Progress.IN_PROGRESS]},
        organisation=assignment.organisation,
    )
    return assignment


def _count(value: Any, what: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ServiceError(
            "invalid_number", f"{what} phải là số nguyên không âm.", f"{what} must be a non-negative integer."
        )
    return value


@transaction.atomic
def submit_report(
    assignment: Assignment,
    user: Any,
    *,
    text: str,
    sessions_held: int | None = None,
    people_expected: int | None = None,
    people_present: int | None = None,
    files: Sequence[File] = (),
    complete: bool = False,
    completed_on: dt.date | None = None,
) -> Report:
    """A unit reports on its assignment: text, figures, files. A first report starts a
    not-started assignment; ``complete=True`` also closes it (same transaction)."""
    assignment = _locked(assignment)
    permissions.require(permissions.can_report(user, assignment))
    text = str(text or "").strip()
    if not text:
        raise ServiceError(
            "text_required", "Nội dung báo cáo không được để trống.", "The report's text is required."
        )
    sessions = _count(sessions_held, "Số buổi")
    expected = _count(people_expected, "Số người phải tham gia")
    present = _count(people_present, "Số người tham gia")
    if expected is not None and present is not None and present > expected:
        raise ServiceError(
            "attendance",
            "Số người tham gia không được lớn hơn số người phải tham gia.",
            "people_present cannot exceed people_expected.",
        )
    if len(files) > MAX_REPORT_FILES:
        raise ServiceError(
            "too_many_files",
            f"Tối đa {MAX_REPORT_FILES} tệp mỗi báo cáo.",
            f"At most {MAX_REPORT_FILES} files per report.",
        )
    checked = [check_upload(f, REPORT_EXTENSIONS) for f in files]
    report = Report.objects.create(
        assignment=assignment,
        author=user,
        text=text,
        sessions_held=sessions,
        people_expected=expected,
        people_present=present,
    )
    for upload, info in zip(files, checked, strict=True):
        stored = ReportFile(
            report=report,
            original_name=info.name,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
        )
        stored.file.save(info.name, upload, save=False)
        stored.save()
    record(
        user,
        "report.submitted",
        report,
        {
            "assignment": assignment.pk,
            "files": [c.name for c in checked],
            "percent": report.attendance_percent,
        },
        organisation=assignment.organisation,
    )
    if assignment.progress == Progress.NOT_STARTED:
        start_assignment(assignment, user)
        assignment.refresh_from_db()
    if complete and assignment.progress != Progress.DONE:
        close_assignment(assignment, user, completed_on=completed_on)
    return report


@transaction.atomic
def close_assignment(assignment: Assignment, user: Any, *, completed_on: dt.date | None = None) -> Assignment:
    """→ done, on ``completed_on`` (default today). A recurring duty gets its next period."""
    assignment = _locked(assignment)
    permissions.require(permissions.can_close_assignment(user, assignment))
    if assignment.progress == Progress.DONE:
        raise Conflict("already_done", "Nhiệm vụ đã hoàn thành.", "The assignment is already done.")
    completed_on = _date_not_future(completed_on, "Ngày hoàn thành")
    before = assignment.progress
    assignment.progress = Progress.DONE
    assignment.started_on = assignment.started_on or completed_on
    assignment.completed_on = completed_on
    assignment.save(update_fields=["progress", "started_on", "completed_on", "updated_at"])
    record(
        user,
        "assignment.closed",
        assignment,
        {"progress": [before, Progress.DONE], "completed_on": completed_on, "status": assignment.status},
        organisation=assignment.organisation,
    )
    if assignment.task.recurrence_months:
        create_next_instance(assignment)
    return assignment


@transaction.atomic
def reopen_assignment(assignment: Assignment, user: Any, *, reason: str) -> Assignment:
    """done → in progress, by the plan's owner, with a reason."""
    assignment = _locked(assignment)
    permissions.require(permissions.can_reopen_assignment(user, assignment))
    if assignment.progress != Progress.DONE:
        raise Conflict(
            "not_done", "Chỉ mở lại được nhiệm vụ đã hoàn thành.", "Only a done assignment can be reopened."
        )
    if not str(reason or "").strip():
        raise ServiceError("reason_required", "Cần ghi lý do mở lại.", "A reason is required.")
    completed = assignment.completed_on
    assignment.progress = Progress.IN_PROGRESS
    assignment.completed_on = None
    assignment.save(update_fields=["progress", "completed_on", "updated_at"])
    record(
        user,
        "assignment.reopened",
        assignment,
        {
            "progress": [Progress.DONE, Progress.IN_PROGRESS],
            "completed_on": [completed, None],
            "reason": reason.strip(),
        },
        organisation=assignment.organisation,
    )
    return assignment


# --- recurring duties -------------------------------------------------------------------


def _following(previous: Assignment, existing: set[tuple[int, int, int]]) -> list[Assignment]:
    """The period after ``previous`` (unsaved): for its unit, or for the unit's successors when
    the unit no longer exists on the day the period starts; none that ``existing`` (task id,
    unit id, sequence) already holds. Period n is due on the task's first due date plus
    (n − 1) × the recurrence, so dates do not drift."""
    task = previous.task
    months = task.recurrence_months
    anchor = task.due_on or previous.due_on
    if not months or anchor is None or previous.due_on is None:
        return []
    sequence = previous.sequence + 1
    start = previous.due_on + dt.timedelta(days=1)
    unit = previous.organisation
    heirs = [unit] if unit.is_active_on(start) else resolve_current(unit, start)
    following = []
    for org in heirs:
        key = (task.pk, org.pk, sequence)
        if key not in existing:
            existing.add(key)
            following.append(
                Assignment(
                    task=task,
                    organisation=org,
                    role=previous.role,
                    sequence=sequence,
                    period_start=start,
                    due_on=add_months(anchor, months * (sequence - 1)),
                )
            )
    return following


def _record_instances(created: list[Assignment]) -> None:
    for new in created:
        record(
            None,
            "assignment.instance_created",
            new,
            {"sequence": new.sequence, "due_on": new.due_on},
            organisation=new.organisation,
        )


def create_next_instance(assignment: Assignment) -> list[Assignment]:
    """The next period of a recurring duty, unless it exists. Call inside a transaction."""
    existing = set(
        Assignment.objects.filter(task=assignment.task, sequence=assignment.sequence + 1).values_list(
            "task_id", "organisation_id", "sequence"
        )
    )
    if Assignment.objects.filter(
        task=assignment.task, organisation=assignment.organisation, sequence__gt=assignment.sequence
    ).exists():
        return []
    created = Assignment.objects.bulk_create(_following(assignment, existing))
    _record_instances(created)
    return created


@transaction.atomic
def create_due_instances(today: dt.date | None = None) -> list[Assignment]:
    """Create every recurring period that has started by ``today``: after each unit's latest
    period of a recurring task in a published plan, when it is done or its due date has
    passed, the following periods up to the one that contains ``today`` (handed to the
    unit's successors once it has been merged or abolished). Safe to re-run."""
    today = today or _today()
    recurring = Assignment.objects.filter(
        task__recurrence_months__isnull=False, task__plan__status=PlanStatus.PUBLISHED
    )
    later = Assignment.objects.filter(
        task=OuterRef("task"), organisation=OuterRef("organisation"), sequence__gt=OuterRef("sequence")
    )
    work = list(
        recurring.filter(due_on__isnull=False)
        .filter(Q(due_on__lt=today) | Q(progress=Progress.DONE))
        .exclude(Exists(later))
        .select_related("task", "organisation")
    )
    existing = set(recurring.values_list("task_id", "organisation_id", "sequence"))
    created: list[Assignment] = []
    while work:
        for new in _following(work.pop(), existing):
            created.append(new)
            if new.due_on is not None and new.due_on < today:
                work.append(new)
    Assignment.objects.bulk_create(created)
    _record_instances(created)
    return created
