"""Home, "Việc của tôi", the organisation dashboard and the search page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kehoach.accounts import permissions
from kehoach.organisations.models import Organisation
from kehoach.plans.models import Assignment, AssignmentStatus, PlanStatus, Progress, Report, Task
from kehoach.text import fold
from kehoach.web import dashboard
from kehoach.web.views.common import home_organisations, int_param, page_view, paginate, require

S = AssignmentStatus
ASSIGNMENT_SORTS = {
    "due": ("due_on", "organisation__path", "pk"),
    "-due": ("-due_on", "organisation__path", "pk"),
    "unit": ("organisation__path", "due_on", "pk"),
    "plan": ("-task__plan__issued_on", "task__plan_id", "task__order", "organisation__path", "pk"),
    "status": ("status_code", "due_on", "pk"),
}
NOT_DONE = ~Q(progress=Progress.DONE)


def _listing(qs: Any, sort: str) -> Any:
    return qs.select_related("task__plan__issuer", "organisation").order_by(
        *ASSIGNMENT_SORTS.get(sort, ASSIGNMENT_SORTS["due"])
    )


def _with_reports(qs: Any) -> Any:
    return qs.annotate(has_report=Exists(Report.objects.filter(assignment=OuterRef("pk"))))


@page_view
def home(request: HttpRequest) -> HttpResponseBase:
    return redirect("web:my_work")


def week_end(today: dt.date) -> dt.date:
    """The Sunday that ends ``today``'s week."""
    return today + dt.timedelta(days=6 - today.weekday())


MY_TABS = {
    "week": "Đến hạn tuần này",
    "overdue": "Quá hạn",
    "awaiting": "Chưa báo cáo",
    "open": "Chưa hoàn thành",
    "done": "Đã hoàn thành",
}


@page_view
def my_work(request: HttpRequest) -> HttpResponse:
    """The assignments of the user's own units: due this week, overdue, awaiting a report."""
    user = request.user
    today = timezone.localdate()
    end = week_end(today)
    orgs = home_organisations(user)
    own = [m.organisation.pk for m in permissions.memberships(user)]
    chosen = int_param(request, "org")
    scope = [chosen] if chosen in own else own
    base = _with_reports(
        Assignment.objects.filter(
            organisation_id__in=scope, task__plan__status=PlanStatus.PUBLISHED
        ).with_status(today)
    )
    conditions = {
        "week": NOT_DONE & Q(due_on__gte=today, due_on__lte=end),
        "overdue": Q(status_code=S.NOT_DONE_OVERDUE),
        "awaiting": NOT_DONE & Q(has_report=False),
        "open": NOT_DONE,
        "done": Q(progress=Progress.DONE),
    }
    counts = base.aggregate(**{name: Count("pk", filter=cond) for name, cond in conditions.items()})
    tab = request.GET.get("tab", "")
    if tab not in MY_TABS:
        tab = "week" if counts["week"] else "overdue" if counts["overdue"] else "open"
    sort = request.GET.get("sort", "due")
    page = paginate(request, _listing(base.filter(conditions[tab]), sort))
    for a in page.object_list:
        a.can_report = permissions.can_report(user, a)
    return render(
        request,
        "web/my_work.html",
        {
            "page": page,
            "tabs": [(key, label, counts[key]) for key, label in MY_TABS.items()],
            "tab": tab,
            "sort": sort,
            "orgs": orgs,
            "chosen": chosen if chosen in own else None,
            "week_end": end,
            "today": today,
        },
    )


@page_view
def organisation_index(request: HttpRequest) -> HttpResponseBase:
    orgs = home_organisations(request.user)
    if len(orgs) == 1:
        return redirect("web:organisation_dashboard", orgs[0].pk)
    return render(request, "web/organisations.html", {"orgs": orgs})


@page_view
def organisation_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """A subtree across its published plans: counts and rates, a row per direct lower unit,
    the list of assignments (filter, sort, pages) and the plans issued in the subtree."""
    user = request.user
    org = get_object_or_404(Organisation, pk=pk)
    require(permissions.can_view_organisation(user, org))
    today = timezone.localdate()
    ancestors = list(
        permissions.visible_organisations(user).filter(pk__in=org.ancestor_ids).order_by("depth")
    )
    subtree = (
        permissions.assignments_visible_to(user)
        .filter(organisation__path__startswith=org.path, task__plan__status=PlanStatus.PUBLISHED)
        .with_status(today)
    )
    summary = dashboard.Summary(subtree.status_counts(today))
    children = list(org.children.active().order_by("name"))
    grouped = subtree.order_by().values("organisation__path", "status_code").annotate(n=Count("pk"))
    breakdown = dashboard.rollup(org, children, grouped)

    listing = subtree
    status = request.GET.get("status", "")
    if status in S.values:
        listing = listing.filter(status_code=status)
    plan_id = int_param(request, "plan")
    if plan_id is not None:
        listing = listing.filter(task__plan_id=plan_id)
    q = request.GET.get("q", "").strip()
    if q:
        listing = listing.filter(task__search_key__icontains=fold(q))
    sort = request.GET.get("sort", "due")
    page = paginate(request, _listing(listing, sort))
    plans = list(
        permissions.plans_visible_to(user)
        .filter(issuer__path__startswith=org.path)
        .select_related("issuer")
        .order_by("-issued_on", "-pk")[:10]
    )
    return render(
        request,
        "web/organisation.html",
        {
            "org": org,
            "ancestors": ancestors,
            "summary": summary,
            "breakdown": breakdown,
            "page": page,
            "status": status,
            "statuses": [(str(s), s.label) for s in dashboard.STATUS_ORDER],
            "plan_id": plan_id,
            "q": q,
            "sort": sort,
            "plans": plans,
            "today": today,
        },
    )


SEARCH_PLANS = 20


@page_view
def search(request: HttpRequest) -> HttpResponse:
    """Plans, tasks and units whose text contains the query, accents or not ("huyen uy" finds
    "Huyện ủy"); only what the user may read."""
    user = request.user
    q = request.GET.get("q", "").strip()
    key = fold(q)
    context: dict[str, Any] = {"q": q, "plans": [], "orgs": [], "page": None}
    if key:
        visible = permissions.plans_visible_to(user)
        context["plans"] = list(
            visible.search(q).select_related("issuer").order_by("-issued_on", "-pk")[:SEARCH_PLANS]
        )
        context["orgs"] = list(
            permissions.visible_organisations(user).search(q).order_by("depth", "name")[:10]
        )
        tasks = (
            Task.objects.filter(plan__in=visible)
            .search(q)
            .select_related("plan__issuer")
            .order_by("-plan__issued_on", "plan_id", "order", "pk")
        )
        context["page"] = paginate(request, tasks)
    return render(request, "web/search.html", context)
