"""Plans: the list, creating one by hand, importing a document, the plan's dashboard."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kehoach.accounts import permissions
from kehoach.documents import DocumentError, parse
from kehoach.errors import ServiceError
from kehoach.organisations.models import Organisation
from kehoach.plans import services
from kehoach.plans.models import Plan, PlanStatus, Progress, Task
from kehoach.web import dashboard
from kehoach.web.forms import ImportForm, NewPlanForm, split_reference
from kehoach.web.views.common import int_param, page_view, paginate, plan_issuers, require

PLAN_SORTS = {
    "date": ("-issued_on", "-pk"),
    "-date": ("issued_on", "pk"),
    "title": ("title", "pk"),
    "number": ("symbol", "number", "pk"),
}


def _count_of(assignments: Any) -> Subquery:
    """A subquery counting ``assignments`` per plan (for annotating plans)."""
    return Subquery(
        assignments.filter(task__plan=OuterRef("pk"))
        .order_by()
        .values("task__plan")
        .annotate(c=Count("pk"))
        .values("c"),
        output_field=IntegerField(),
    )


@page_view
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans the user may read: search, filter by status and issuer subtree, sort, pages.
    The completion figure counts only the assignments the user may read."""
    user = request.user
    plans = permissions.plans_visible_to(user).select_related("issuer", "parent")
    q = request.GET.get("q", "").strip()
    if q:
        plans = plans.search(q)
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    issuer_id = int_param(request, "org")
    issuer = None
    if issuer_id is not None:
        issuer = Organisation.objects.filter(pk=issuer_id).first()
        if issuer is not None and permissions.can_view_organisation(user, issuer):
            plans = plans.filter(issuer__path__startswith=issuer.path)
        else:
            issuer = None
    sort = request.GET.get("sort", "date")
    plans = plans.order_by(*PLAN_SORTS.get(sort, PLAN_SORTS["date"]))
    visible = permissions.assignments_visible_to(user)
    plans = plans.annotate(
        n_tasks=Coalesce(
            Subquery(
                Task.objects.filter(plan=OuterRef("pk"))
                .order_by()
                .values("plan")
                .annotate(c=Count("pk"))
                .values("c"),
                output_field=IntegerField(),
            ),
            0,
        ),
        n_assignments=Coalesce(_count_of(visible), 0),
        n_done=Coalesce(_count_of(visible.filter(progress=Progress.DONE)), 0),
    )
    page = paginate(request, plans)
    for plan in page.object_list:
        plan.completion = round(plan.n_done * 100 / plan.n_assignments, 1) if plan.n_assignments else None
    return render(
        request,
        "web/plans/list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "sort": sort,
            "issuer": issuer,
            "statuses": PlanStatus.choices,
            "can_create": plan_issuers(user).exists(),
        },
    )


def _basis_parent(user: Any, reference: str) -> Plan | None:
    pair = split_reference(reference)
    if pair is None:
        return None
    found = services.find_plan(*pair)
    return found if found is not None and permissions.can_view_plan(user, found) else None


@page_view
def plan_new(request: HttpRequest) -> HttpResponse:
    """A plan typed in by hand: its header here, its tasks on the review screen."""
    issuers = plan_issuers(request.user)
    require(issuers.exists())
    form = NewPlanForm(request.POST or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                data["issuer"],
                request.user,
                title=data["title"],
                kind=data["kind"],
                number=data["number"],
                symbol=data["symbol"],
                issued_on=data["issued_on"],
                basis_text=data["basis"],
                parent=_basis_parent(request.user, data["basis"]),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã tạo dự thảo kế hoạch. Thêm các nhiệm vụ rồi ban hành.")
            return redirect("web:plan_review", plan.pk)
    if issuers.count() == 1 and not form.is_bound:
        form.fields["issuer"].initial = issuers.first()
    return render(request, "web/plans/new.html", {"form": form})


@page_view
def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a document → the parser → a draft plan (units matched) → the review screen."""
    issuers = plan_issuers(request.user)
    require(issuers.exists())
    form = ImportForm(request.POST or None, request.FILES or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.MAX_UPLOAD_BYTES
        if upload.size > limit:
            form.add_error("file", f"Tệp quá lớn (tối đa {limit // 1048576} MB).")
        else:
            try:
                result = parse(upload.read(), name=upload.name)
            except DocumentError as exc:
                form.add_error("file", f"Không đọc được tệp: {exc}")
            else:
                upload.seek(0)
                try:
                    plan = services.create_plan_from_parse(
                        result.to_dict(with_text=True), upload, form.cleaned_data["issuer"], request.user
                    )
                except ServiceError as exc:
                    form.add_error("file", exc.message)
                else:
                    messages.success(
                        request,
                        f"Đã đọc “{plan.source_name}”: {plan.tasks.count()} nhiệm vụ. "
                        "Kiểm tra từng nhiệm vụ và đơn vị trước khi ban hành.",
                    )
                    return redirect("web:plan_review", plan.pk)
    if issuers.count() == 1 and not form.is_bound:
        form.fields["issuer"].initial = issuers.first()
    return render(request, "web/plans/import.html", {"form": form})


@page_view
def plan_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The plan's dashboard: units × tasks coloured by status, rates, overdue and upcoming
    work, its basis and the plans that implement it. Only assignments the user may read."""
    user = request.user
    plan = get_object_or_404(Plan.objects.select_related("issuer", "parent", "parent__issuer"), pk=pk)
    require(permissions.can_view_plan(user, plan))
    if plan.status == PlanStatus.DRAFT:
        return redirect("web:plan_review", plan.pk)
    today = timezone.localdate()
    tasks = list(plan.tasks.all())
    assignments = list(
        permissions.assignments_visible_to(user)
        .filter(task__plan=plan)
        .with_status(today)
        .select_related("organisation")
        .order_by("organisation__path", "task__order", "sequence")
    )
    tasks_by_id = {t.pk: t for t in tasks}
    for a in assignments:
        a.task = tasks_by_id[a.task_id]
    parent = plan.parent if plan.parent and permissions.can_view_plan(user, plan.parent) else None
    implementing = list(
        permissions.plans_visible_to(user)
        .filter(parent=plan)
        .select_related("issuer")
        .order_by("issued_on", "pk")
    )
    return render(
        request,
        "web/plans/detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "rows": dashboard.matrix(tasks, assignments),
            "summary": dashboard.summarise(a.status for a in assignments),
            "overdue": dashboard.overdue(assignments),
            "upcoming": dashboard.upcoming(assignments, today),
            "upcoming_days": dashboard.UPCOMING_DAYS,
            "parent": parent,
            "implementing": implementing,
            "today": today,
            "can_edit": permissions.can_edit_plan(user, plan),
        },
    )
