"""An assignment: what the unit must do, its status, its reports; the unit reports here."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kehoach.accounts import permissions
from kehoach.errors import ServiceError
from kehoach.plans import services
from kehoach.plans.models import Assignment, Progress, Report, ReportFile
from kehoach.web.forms import ReopenForm, ReportForm
from kehoach.web.views.common import page_view, require


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("task__plan__issuer", "organisation").with_status(
            timezone.localdate()
        ),
        pk=pk,
    )
    require(permissions.can_view_assignment(request.user, assignment))
    return assignment


@page_view
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    assignment = _assignment(request, pk)
    user = request.user
    can_report = permissions.can_report(user, assignment)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(can_report)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submit_report(
                    assignment,
                    user,
                    text=data["text"],
                    sessions_held=data["sessions_held"],
                    people_expected=data["people_expected"],
                    people_present=data["people_present"],
                    files=request.FILES.getlist("files"),
                    complete=data["complete"],
                    completed_on=data["completed_on"],
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã gửi báo cáo.")
                return redirect("web:assignment_detail", assignment.pk)
    reports = list(
        Report.objects.filter(assignment=assignment)
        .select_related("author")
        .prefetch_related(Prefetch("files", queryset=ReportFile.objects.order_by("pk")))
    )
    periods = list(
        Assignment.objects.filter(task=assignment.task, organisation=assignment.organisation)
        .with_status(timezone.localdate())
        .order_by("sequence")
    )
    return render(
        request,
        "web/assignment.html",
        {
            "a": assignment,
            "plan": assignment.task.plan,
            "reports": reports,
            "periods": periods if len(periods) > 1 else [],
            "form": form,
            "can_report": can_report and assignment.progress != Progress.DONE,
            "can_close": permissions.can_close_assignment(user, assignment)
            and assignment.progress != Progress.DONE,
            "can_reopen": permissions.can_reopen_assignment(user, assignment)
            and assignment.progress == Progress.DONE,
            "reopen_form": ReopenForm(),
        },
    )


@page_view
@require_POST
def assignment_close(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    require(permissions.can_close_assignment(request.user, assignment))
    try:
        services.close_assignment(assignment, request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã ghi nhận hoàn thành.")
    return redirect("web:assignment_detail", assignment.pk)


@page_view
@require_POST
def assignment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    require(permissions.can_reopen_assignment(request.user, assignment))
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần ghi lý do mở lại.")
    else:
        try:
            services.reopen_assignment(assignment, request.user, reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã mở lại nhiệm vụ.")
    return redirect("web:assignment_detail", assignment.pk)


@page_view
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    """A report's attachment, only for those who may read the report."""
    stored = get_object_or_404(
        ReportFile.objects.select_related(
            "report__assignment__task__plan__issuer", "report__assignment__organisation"
        ),
        pk=pk,
    )
    require(permissions.can_view_report(request.user, stored.report))
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
