"""The review screen of a draft plan: the document with its values highlighted, beside the
editable table of tasks. Each edit is an htmx request that returns the task's row (and, out
of band, the publish bar); every write is a service call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kehoach.accounts import permissions
from kehoach.documents.symbols import format_number
from kehoach.errors import ServiceError
from kehoach.organisations.models import Organisation
from kehoach.plans import services
from kehoach.plans.models import Assignment, AssignmentRole, Plan, PlanStatus, Task, TaskUnit
from kehoach.web.forms import NewTaskForm, PlanHeaderForm, TaskForm, split_reference, unit_names
from kehoach.web.highlight import LEGEND, highlight, marks_for
from kehoach.web.views.common import page_view, require

UNIT_SEARCH_LIMIT = 12


def _units() -> Prefetch:
    return Prefetch(
        "units", queryset=TaskUnit.objects.select_related("organisation").order_by("role", "order", "pk")
    )


def _plan(request: HttpRequest, pk: int, *, edit: bool) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("issuer", "parent"), pk=pk)
    if edit:
        require(permissions.can_edit_plan(request.user, plan))
    else:
        require(permissions.can_view_plan(request.user, plan))
    return plan


def _draft(request: HttpRequest, pk: int) -> Plan:
    """A draft the user may edit (a published plan's tasks are no longer edited here)."""
    plan = _plan(request, pk, edit=True)
    if plan.status != PlanStatus.DRAFT:
        raise Http404("Kế hoạch đã ban hành.")
    return plan


def _task(plan: Plan, task_id: int) -> Task:
    task = get_object_or_404(plan.tasks.prefetch_related(_units()), pk=task_id)
    task.plan = plan
    return task


def _header_initial(plan: Plan) -> dict[str, Any]:
    basis = plan.parent.reference if plan.parent else ""
    if not basis and plan.basis_number and plan.basis_symbol:
        basis = format_number(plan.basis_number, plan.basis_symbol)
    return {
        "title": plan.title,
        "kind": plan.kind,
        "number": plan.number,
        "symbol": plan.symbol,
        "issued_on": plan.issued_on,
        "basis": basis,
    }


def _row(request: HttpRequest, plan: Plan, task: Task | None, **extra: Any) -> HttpResponse:
    """The task's row and the publish bar (out of band); no row when the task was deleted."""
    context = {
        "plan": plan,
        "task": task,
        "can_edit": True,
        "problems": services.plan_problems(plan),
        "oob": True,
        **extra,
    }
    if task is not None and "form" not in context:
        context["form"] = _task_form(task)
    return render(request, "web/plans/_task_row_response.html", context)


def _task_form(task: Task) -> TaskForm:
    return TaskForm(
        initial={
            "code": task.code,
            "text": task.text,
            "due_on": task.due_on,
            "recurrence_months": task.recurrence_months,
        },
        prefix=f"t{task.pk}",
        form_id=f"tf-{task.pk}",
    )


@page_view
def plan_review(request: HttpRequest, pk: int) -> HttpResponseBase:
    plan = _plan(request, pk, edit=False)
    if plan.status != PlanStatus.DRAFT:
        return redirect("web:plan_detail", plan.pk)
    can_edit = permissions.can_edit_plan(request.user, plan)
    tasks = list(plan.tasks.prefetch_related(_units()))
    parse = plan.parse if isinstance(plan.parse, dict) else {}
    text = parse.get("text") if isinstance(parse.get("text"), str) else ""
    rows = [(task, _task_form(task)) for task in tasks]
    header = PlanHeaderForm(initial=_header_initial(plan))
    return render(
        request,
        "web/plans/review.html",
        {
            "plan": plan,
            "rows": rows,
            "document_html": highlight(text, marks_for(parse, tasks)) if text else "",
            "legend": LEGEND,
            "warnings": parse.get("warnings") or [],
            "problems": services.plan_problems(plan),
            "can_edit": can_edit,
            "header": header,
            "new_task": NewTaskForm(prefix="new"),
        },
    )


@page_view
@require_POST
def plan_header(request: HttpRequest, pk: int) -> HttpResponseBase:
    plan = _draft(request, pk)
    form = PlanHeaderForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("web:plan_review", plan.pk)
    data = form.cleaned_data
    values: dict[str, Any] = {
        "title": data["title"],
        "kind": data["kind"],
        "number": data["number"],
        "symbol": data["symbol"],
        "issued_on": data["issued_on"],
    }
    pair = split_reference(data["basis"])
    if pair is not None:
        parent = services.find_plan(*pair, exclude=plan)
        if parent is not None and permissions.can_view_plan(request.user, parent):
            values["parent"] = parent
        elif data["basis"] != _header_initial(plan)["basis"]:
            messages.warning(request, f"Hệ thống chưa có kế hoạch {data['basis']}; chưa liên kết được.")
    try:
        services.update_plan(plan, request.user, **values)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu thông tin kế hoạch.")
    return redirect("web:plan_review", plan.pk)


@page_view
@require_POST
def task_update(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    plan = _draft(request, pk)
    task = _task(plan, task_id)
    form = TaskForm(request.POST, prefix=f"t{task.pk}", form_id=f"tf-{task.pk}")
    if not form.is_valid():
        return _row(request, plan, task, form=form)
    try:
        services.update_task(task, request.user, **form.cleaned_data)
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return _row(request, plan, _task(plan, task_id), form=form)
    return _row(request, plan, _task(plan, task_id), saved=True)


@page_view
@require_POST
def task_delete(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    plan = _draft(request, pk)
    services.delete_task(_task(plan, task_id), request.user)
    return _row(request, plan, None)


@page_view
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _draft(request, pk)
    form = NewTaskForm(request.POST, prefix="new")
    if form.is_valid():
        data = dict(form.cleaned_data)
        lead, support = unit_names(data.pop("lead")), unit_names(data.pop("support"))
        if not data["code"]:
            data.pop("code")
        try:
            task = services.add_task(plan, request.user, lead=lead, support=support, **data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            return _row(request, plan, _task(plan, task.pk), new_task=NewTaskForm(prefix="new"), created=True)
    return render(request, "web/plans/_new_task.html", {"plan": plan, "new_task": form}, status=200)


def _organisation(plan: Plan, value: str) -> Organisation | None:
    if not value.isdigit():
        return None
    return Organisation.objects.subtree(plan.issuer).filter(pk=int(value)).first()


@page_view
@require_POST
def unit_add(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    """Add a unit to a task: a unit picked from the tree (``organisation``) or a name, which
    the matching service places."""
    plan = _draft(request, pk)
    task = _task(plan, task_id)
    role = request.POST.get("role", AssignmentRole.LEAD)
    unit: Organisation | str | None = _organisation(plan, request.POST.get("organisation", ""))
    if unit is None:
        unit = " ".join(request.POST.get("name", "").split())
    if not unit:
        return _row(request, plan, task, error="Nhập tên đơn vị hoặc chọn một đơn vị.")
    try:
        services.add_task_unit(task, request.user, role=role, unit=unit)
    except ServiceError as exc:
        return _row(request, plan, task, error=exc.message)
    return _row(request, plan, _task(plan, task_id))


def _task_unit(plan: Plan, unit_id: int) -> TaskUnit:
    unit = get_object_or_404(
        TaskUnit.objects.select_related("task", "organisation"), pk=unit_id, task__plan=plan
    )
    unit.task.plan = plan
    return unit


@page_view
@require_POST
def unit_resolve(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    """Settle a unit name: the unit picked (``organisation``) or ``drop``."""
    plan = _draft(request, pk)
    unit = _task_unit(plan, unit_id)
    try:
        if request.POST.get("drop"):
            services.resolve_task_unit(unit, request.user, drop=True)
        else:
            organisation = _organisation(plan, request.POST.get("organisation", ""))
            if organisation is None:
                return _row(
                    request, plan, _task(plan, unit.task_id), error="Chọn một đơn vị trong danh sách."
                )
            services.resolve_task_unit(unit, request.user, organisation=organisation)
    except ServiceError as exc:
        return _row(request, plan, _task(plan, unit.task_id), error=exc.message)
    return _row(request, plan, _task(plan, unit.task_id))


@page_view
@require_POST
def unit_remove(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    plan = _draft(request, pk)
    unit = _task_unit(plan, unit_id)
    task_id = unit.task_id
    services.remove_task_unit(unit, request.user)
    return _row(request, plan, _task(plan, task_id))


@page_view
def unit_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Units of the plan owner's subtree whose name contains the (accent-folded) query, as
    buttons that post to ``target``: resolve a name (``unit``) or add to a task (``task``)."""
    plan = _draft(request, pk)
    q = (request.GET.get("q") or request.GET.get("name") or "").strip()
    found: list[Organisation] = []
    if len(q) >= 2:
        found = list(
            Organisation.objects.subtree(plan.issuer)
            .active(plan.issued_on)
            .search(q)
            .order_by("depth", "name")[:UNIT_SEARCH_LIMIT]
        )
    context: dict[str, Any] = {"plan": plan, "found": found, "q": q}
    unit_id, task_id = request.GET.get("unit", ""), request.GET.get("task", "")
    if unit_id.isdigit():
        context["unit"] = _task_unit(plan, int(unit_id))
    elif task_id.isdigit():
        context["task"] = _task(plan, int(task_id))
        context["role"] = request.GET.get("role", AssignmentRole.LEAD)
    else:
        raise Http404
    return render(request, "web/plans/_unit_search.html", context)


@page_view
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponseBase:
    plan = _draft(request, pk)
    try:
        plan = services.publish_plan(plan, request.user)
    except ServiceError as exc:
        for problem in exc.details or [exc.message]:
            messages.error(request, problem)
        return redirect("web:plan_review", plan.pk)
    count = Assignment.objects.filter(task__plan=plan).count()
    messages.success(
        request, f"Đã ban hành kế hoạch {plan.reference or plan.title}: {count} phân công cho các đơn vị."
    )
    return redirect("web:plan_detail", plan.pk)
