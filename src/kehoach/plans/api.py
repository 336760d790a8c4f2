"""API: plans, tasks and their units (the review), assignments, reports, files."""

import datetime as dt
from typing import Annotated, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.params import functions as params

from kehoach.accounts import permissions
from kehoach.api.common import ERRORS, OrgRef, get_visible
from kehoach.errors import NotFound
from kehoach.plans import services
from kehoach.plans.models import (
    Assignment,
    AssignmentStatus,
    Plan,
    PlanStatus,
    Progress,
    Report,
    ReportFile,
    Task,
    TaskUnit,
)
from kehoach.plans.status import status_q

router = Router(tags=["plans"])


# --- schemas ----------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    reference: str
    title: str
    kind: str
    number: str
    symbol: str
    issuer: OrgRef
    issued_on: dt.date | None
    status: str
    parent_id: int | None
    published_at: dt.datetime | None
    task_count: int
    assignment_count: int
    done_count: int
    overdue_count: int


class PlanRefOut(Schema):
    id: int
    reference: str
    title: str
    issuer: OrgRef
    issued_on: dt.date | None
    status: str
    published_at: dt.datetime | None


class TaskUnitOut(Schema):
    id: int
    role: str
    name: str
    organisation: OrgRef | None
    resolution: str
    match_how: str
    score: float | None
    candidates: list[dict[str, Any]]
    collective_kinds: list[str]
    collective_scope: str
    span: list[int] | None


class TaskOut(Schema):
    id: int
    plan_id: int
    order: int
    code: str
    section: str
    text: str
    deadline_text: str
    start_on: dt.date | None
    due_on: dt.date | None
    recurrence_months: int | None
    span: list[int] | None
    units: list[TaskUnitOut]

    @staticmethod
    def resolve_units(obj: Task) -> list[TaskUnit]:
        return list(obj.units.all())


class PlanDetail(Schema):
    id: int
    reference: str
    title: str
    kind: str
    number: str
    symbol: str
    issuer: OrgRef
    issued_on: dt.date | None
    status: str
    published_at: dt.datetime | None
    basis_text: str
    parent: PlanRefOut | None
    source_name: str
    has_source_file: bool
    tasks: list[TaskOut]
    implementing_plans: list[PlanRefOut]
    status_counts: dict[str, int]
    problems: list[str]
    warnings: list[str]


class TaskRef(Schema):
    id: int
    code: str
    text: str
    plan_id: int
    recurrence_months: int | None


class AssignmentOut(Schema):
    id: int
    task: TaskRef
    plan: PlanRefOut
    organisation: OrgRef
    role: str
    sequence: int
    period_start: dt.date | None
    due_on: dt.date | None
    progress: str
    started_on: dt.date | None
    completed_on: dt.date | None
    status: str
    status_label: str
    report_count: int

    @staticmethod
    def resolve_plan(obj: Assignment) -> Plan:
        return obj.task.plan


class ReportFileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_name(obj: ReportFile) -> str:
        return obj.original_name

    @staticmethod
    def resolve_url(obj: ReportFile) -> str:
        return f"/api/report-files/{obj.pk}"


class ReportOut(Schema):
    id: int
    assignment_id: int
    author: str | None
    submitted_at: dt.datetime
    text: str
    sessions_held: int | None
    people_expected: int | None
    people_present: int | None
    attendance_percent: float | None
    files: list[ReportFileOut]

    @staticmethod
    def resolve_author(obj: Report) -> str | None:
        return str(obj.author) if obj.author else None

    @staticmethod
    def resolve_files(obj: Report) -> list[ReportFile]:
        return list(obj.files.all())


class AssignmentDetail(AssignmentOut):
    reports: list[ReportOut]

    @staticmethod
    def resolve_reports(obj: Assignment) -> list[Report]:
        return list(obj.reports.all())


# --- querysets --------------------------------------------------------------------------


def _plan_list(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    today = timezone.localdate()
    return qs.select_related("issuer").annotate(
        task_count=Count("tasks", distinct=True),
        assignment_count=Count("tasks__assignments", distinct=True),
        done_count=Count(
            "tasks__assignments", distinct=True, filter=Q(tasks__assignments__progress=Progress.DONE)
        ),
        overdue_count=Count(
            "tasks__assignments",
            distinct=True,
            filter=status_q(AssignmentStatus.NOT_DONE_OVERDUE, today, "tasks__assignments__"),
        ),
    )


def _tasks(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.prefetch_related(Prefetch("units", queryset=TaskUnit.objects.select_related("organisation")))


def _assignments(user: Any) -> QuerySet[Assignment]:
    return (
        permissions.assignments_visible_to(user)
        .with_status()
        .select_related("task__plan__issuer", "organisation")
        .annotate(report_count=Count("reports"))
    )


def _reports(user: Any) -> QuerySet[Report]:
    return permissions.reports_visible_to(user).select_related("author").prefetch_related("files")


def _plan_detail(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    user = request.user
    implementing = permissions.plans_visible_to(user).filter(parent=plan).select_related("issuer")
    parent = plan.parent if plan.parent and permissions.can_view_plan(user, plan.parent) else None
    visible = permissions.assignments_visible_to(user).filter(task__plan=plan)
    return {
        "id": plan.pk,
        "reference": plan.reference,
        "title": plan.title,
        "kind": plan.kind,
        "number": plan.number,
        "symbol": plan.symbol,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on,
        "status": plan.status,
        "published_at": plan.published_at,
        "basis_text": plan.basis_text,
        "parent": parent,
        "source_name": plan.source_name,
        "has_source_file": bool(plan.source_file),
        "tasks": list(_tasks(plan.tasks.all())),
        "implementing_plans": list(implementing.order_by("issuer__path", "pk")),
        "status_counts": visible.status_counts(),
        "problems": services.plan_problems(plan) if plan.status == PlanStatus.DRAFT else [],
        "warnings": list((plan.parse or {}).get("warnings") or []),
    }


def _visible_plan(request: HttpRequest, plan_id: int) -> Plan:
    return get_visible(
        permissions.plans_visible_to(request.user).select_related("issuer", "parent"), plan_id, "plan"
    )


def _visible_task(request: HttpRequest, task_id: int) -> Task:
    plans = permissions.plans_visible_to(request.user)
    return get_visible(Task.objects.filter(plan__in=plans).select_related("plan__issuer"), task_id, "task")


# --- plans ------------------------------------------------------------------------------


class PlanFilter(Schema):
    q: str | None = None
    status: str | None = None
    issuer: int | None = None
    parent: int | None = None


@router.get("/plans", response=list[PlanOut])
@paginate
def list_plans(request: HttpRequest, filters: Query[PlanFilter]) -> Any:
    qs = permissions.plans_visible_to(request.user)
    if filters.q:
        qs = qs.search(filters.q)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.issuer:
        qs = qs.filter(issuer_id=filters.issuer)
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    return _plan_list(qs).order_by("-issued_on", "-pk")


class PlanIn(Schema):
    issuer: int
    title: str
    kind: str = "KH"
    number: str = ""
    symbol: str = ""
    issued_on: dt.date | None = None
    basis_text: str = ""
    parent: int | None = None


@router.post("/plans", response={201: PlanDetail, **ERRORS})
def create_plan(request: HttpRequest, payload: PlanIn) -> Any:
    """A draft plan typed in by hand."""
    issuer = get_visible(permissions.visible_organisations(request.user), payload.issuer, "organisation")
    values = payload.dict(exclude={"issuer", "parent", "title"})
    if payload.parent is not None:
        values["parent"] = _visible_plan(request, payload.parent)
    plan = services.create_plan(issuer, request.user, title=payload.title, **values)
    return Status(201, _plan_detail(request, plan))


@router.post("/plans/upload", response={201: PlanDetail, **ERRORS})
def upload_plan(request: HttpRequest, issuer: Form[int], file: File[UploadedFile]) -> Any:
    """Upload a plan document (.docx .pdf .doc .txt .md): it is parsed into a draft whose
    unit names are matched to ``issuer``'s subtree."""
    owner = get_visible(permissions.visible_organisations(request.user), issuer, "organisation")
    plan = services.import_plan_document(file, owner, request.user)
    return Status(201, _plan_detail(request, plan))


@router.get("/plans/{plan_id}", response={200: PlanDetail, **ERRORS})
def get_plan(request: HttpRequest, plan_id: int) -> Any:
    return _plan_detail(request, _visible_plan(request, plan_id))


class PlanPatch(Schema):
    title: str | None = None
    kind: str | None = None
    number: str | None = None
    symbol: str | None = None
    issued_on: dt.date | None = None
    basis_text: str | None = None
    parent: int | None = None


@router.patch("/plans/{plan_id}", response={200: PlanDetail, **ERRORS})
def update_plan(request: HttpRequest, plan_id: int, payload: PlanPatch) -> Any:
    plan = _visible_plan(request, plan_id)
    values = payload.dict(exclude_unset=True)
    if "parent" in values:
        values["parent"] = _visible_plan(request, values["parent"]) if values["parent"] else None
    services.update_plan(plan, request.user, **values)
    return _plan_detail(request, plan)


@router.post("/plans/{plan_id}/publish", response={200: PlanDetail, **ERRORS})
def publish_plan(request: HttpRequest, plan_id: int) -> Any:
    """Publish a draft: one assignment per task and unit. Refused (400, ``plan_not_ready``,
    the problems in ``details``) while a unit name is unresolved."""
    plan = services.publish_plan(_visible_plan(request, plan_id), request.user)
    return _plan_detail(request, plan)


@router.get("/plans/{plan_id}/source", response={200: None, **ERRORS})
def plan_source(request: HttpRequest, plan_id: int) -> Any:
    plan = _visible_plan(request, plan_id)
    if not plan.source_file:
        raise NotFound("no_file", "Kế hoạch không có tệp văn bản.", "This plan has no source file.")
    return FileResponse(plan.source_file.open("rb"), as_attachment=True, filename=plan.source_name)


# --- tasks and the review ---------------------------------------------------------------


class TaskFilter(Schema):
    q: str | None = None
    plan: int | None = None


@router.get("/tasks", response=list[TaskOut], tags=["tasks"])
@paginate
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]) -> Any:
    qs = Task.objects.filter(plan__in=permissions.plans_visible_to(request.user))
    if filters.q:
        qs = qs.search(filters.q)
    if filters.plan:
        qs = qs.filter(plan_id=filters.plan)
    return _tasks(qs).order_by("plan_id", "order", "pk")


class TaskIn(Schema):
    text: str
    code: str = ""
    section: str = ""
    deadline_text: str = ""
    start_on: dt.date | None = None
    due_on: dt.date | None = None
    recurrence_months: int | None = None
    lead: list[int | str] = Field(default_factory=list)
    support: list[int | str] = Field(default_factory=list)


def _units(request: HttpRequest, plan: Plan, items: list[int | str]) -> list[Any]:
    """Organisation ids (chosen) stay ids → Organisations; names are matched by the service."""
    orgs = permissions.visible_organisations(request.user)
    return [get_visible(orgs, item, "organisation") if isinstance(item, int) else item for item in items]


@router.post("/plans/{plan_id}/tasks", response={201: TaskOut, **ERRORS}, tags=["tasks"])
def add_task(request: HttpRequest, plan_id: int, payload: TaskIn) -> Any:
    plan = _visible_plan(request, plan_id)
    values = payload.dict(exclude={"text", "lead", "support"})
    task = services.add_task(
        plan,
        request.user,
        text=payload.text,
        lead=_units(request, plan, payload.lead),
        support=_units(request, plan, payload.support),
        **values,
    )
    return Status(201, _tasks(Task.objects.filter(pk=task.pk)).get())


class TaskPatch(Schema):
    text: str | None = None
    code: str | None = None
    section: str | None = None
    order: int | None = None
    deadline_text: str | None = None
    start_on: dt.date | None = None
    due_on: dt.date | None = None
    recurrence_months: int | None = None


@router.patch("/tasks/{task_id}", response={200: TaskOut, **ERRORS}, tags=["tasks"])
def update_task(request: HttpRequest, task_id: int, payload: TaskPatch) -> Any:
    task = _visible_task(request, task_id)
    services.update_task(task, request.user, **payload.dict(exclude_unset=True))
    return _tasks(Task.objects.filter(pk=task.pk)).get()


@router.delete("/tasks/{task_id}", response={204: None, **ERRORS}, tags=["tasks"])
def delete_task(request: HttpRequest, task_id: int) -> Any:
    services.delete_task(_visible_task(request, task_id), request.user)
    return Status(204, None)


class TaskUnitIn(Schema):
    role: str
    organisation: int | None = None
    name: str | None = None


@router.post("/tasks/{task_id}/units", response={201: TaskUnitOut, **ERRORS}, tags=["tasks"])
def add_task_unit(request: HttpRequest, task_id: int, payload: TaskUnitIn) -> Any:
    """Name a unit for a task: an organisation id (chosen) or a name (matched)."""
    task = _visible_task(request, task_id)
    unit: Any
    if payload.organisation is not None:
        unit = get_visible(
            permissions.visible_organisations(request.user), payload.organisation, "organisation"
        )
    else:
        unit = payload.name or ""
    return Status(201, services.add_task_unit(task, request.user, role=payload.role, unit=unit))


class ResolveIn(Schema):
    organisation: int | None = None
    collective_kinds: list[str] | None = None
    scope: str = "subtree"
    drop: bool = False


def _visible_task_unit(request: HttpRequest, unit_id: int) -> TaskUnit:
    plans = permissions.plans_visible_to(request.user)
    qs = TaskUnit.objects.filter(task__plan__in=plans).select_related("task__plan__issuer", "organisation")
    return get_visible(qs, unit_id, "task unit")


@router.patch("/task-units/{unit_id}", response={200: TaskUnitOut, **ERRORS}, tags=["tasks"])
def resolve_task_unit(request: HttpRequest, unit_id: int, payload: ResolveIn) -> Any:
    """Settle a name: choose a unit, read it as a collective (kinds + scope), or drop it."""
    unit = _visible_task_unit(request, unit_id)
    organisation = None
    if payload.organisation is not None:
        organisation = get_visible(
            permissions.visible_organisations(request.user), payload.organisation, "organisation"
        )
    return services.resolve_task_unit(
        unit,
        request.user,
        organisation=organisation,
        collective_kinds=payload.collective_kinds,
        scope=payload.scope,
        drop=payload.drop,
    )


@router.delete("/task-units/{unit_id}", response={204: None, **ERRORS}, tags=["tasks"])
def remove_task_unit(request: HttpRequest, unit_id: int) -> Any:
    services.remove_task_unit(_visible_task_unit(request, unit_id), request.user)
    return Status(204, None)


# --- assignments and reports ------------------------------------------------------------


class AssignmentFilter(Schema):
    plan: int | None = None
    organisation: int | None = None
    status: AssignmentStatus | None = None
    progress: Progress | None = None
    mine: bool = False
    due_before: dt.date | None = None


@router.get("/assignments", response=list[AssignmentOut], tags=["assignments"])
@paginate
def list_assignments(request: HttpRequest, filters: Query[AssignmentFilter]) -> Any:
    """Assignments the user may see; ``mine``: those of the user's own organisations."""
    qs = _assignments(request.user)
    if filters.plan:
        qs = qs.filter(task__plan_id=filters.plan)
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.status:
        qs = qs.filter(status_code=filters.status)
    if filters.progress:
        qs = qs.filter(progress=filters.progress)
    if filters.mine:
        qs = qs.filter(organisation__in=[m.organisation_id for m in permissions.memberships(request.user)])
    if filters.due_before:
        qs = qs.filter(due_on__lte=filters.due_before)
    return qs.order_by("due_on", "pk")


def _visible_assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    return get_visible(_assignments(request.user), assignment_id, "assignment")


def _assignment_detail(request: HttpRequest, assignment_id: int) -> Assignment:
    qs = _assignments(request.user).prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("author").prefetch_related("files"))
    )
    return get_visible(qs, assignment_id, "assignment")


@router.get("/assignments/{assignment_id}", response={200: AssignmentDetail, **ERRORS}, tags=["assignments"])
def get_assignment(request: HttpRequest, assignment_id: int) -> Any:
    return _assignment_detail(request, assignment_id)


class StartIn(Schema):
    on: dt.date | None = None


@router.post(
    "/assignments/{assignment_id}/start", response={200: AssignmentDetail, **ERRORS}, tags=["assignments"]
)
def start_assignment(request: HttpRequest, assignment_id: int, payload: StartIn | None = None) -> Any:
    services.start_assignment(
        _visible_assignment(request, assignment_id), request.user, on=payload.on if payload else None
    )
    return _assignment_detail(request, assignment_id)


class CloseIn(Schema):
    completed_on: dt.date | None = None


@router.post(
    "/assignments/{assignment_id}/close", response={200: AssignmentDetail, **ERRORS}, tags=["assignments"]
)
def close_assignment(request: HttpRequest, assignment_id: int, payload: CloseIn | None = None) -> Any:
    completed_on = payload.completed_on if payload else None
    services.close_assignment(
        _visible_assignment(request, assignment_id), request.user, completed_on=completed_on
    )
    return _assignment_detail(request, assignment_id)


class ReopenIn(Schema):
    reason: str


@router.post(
    "/assignments/{assignment_id}/reopen", response={200: AssignmentDetail, **ERRORS}, tags=["assignments"]
)
def reopen_assignment(request: HttpRequest, assignment_id: int, payload: ReopenIn) -> Any:
    services.reopen_assignment(
        _visible_assignment(request, assignment_id), request.user, reason=payload.reason
    )
    return _assignment_detail(request, assignment_id)


@router.get(
    "/assignments/{assignment_id}/reports", response={200: list[ReportOut], **ERRORS}, tags=["reports"]
)
def list_reports(request: HttpRequest, assignment_id: int) -> Any:
    assignment = _visible_assignment(request, assignment_id)
    return list(_reports(request.user).filter(assignment=assignment))


class ReportIn(Schema):
    text: str
    sessions_held: int | None = None
    people_expected: int | None = None
    people_present: int | None = None
    complete: bool = False
    completed_on: dt.date | None = None


@router.post("/assignments/{assignment_id}/reports", response={201: ReportOut, **ERRORS}, tags=["reports"])
def submit_report(
    request: HttpRequest,
    assignment_id: int,
    payload: Form[ReportIn],
    files: Annotated[list[UploadedFile] | None, params.File()] = None,
) -> Any:
    """A report (multipart form): text, figures, optional files; ``complete`` closes the work."""
    assignment = _visible_assignment(request, assignment_id)
    report = services.submit_report(assignment, request.user, files=list(files or []), **payload.dict())
    return Status(201, _reports(request.user).get(pk=report.pk))


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS}, tags=["reports"])
def get_report(request: HttpRequest, report_id: int) -> Any:
    return get_visible(_reports(request.user), report_id, "report")


@router.get("/report-files/{file_id}", response={200: None, **ERRORS}, tags=["reports"])
def download_report_file(request: HttpRequest, file_id: int) -> Any:
    """The file itself, for users who may read its report."""
    reports = permissions.reports_visible_to(request.user)
    stored = get_visible(ReportFile.objects.filter(report__in=reports), file_id, "file")
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
