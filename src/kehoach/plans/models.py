"""Plan → Task → (TaskUnit while drafting) → Assignment → Report → ReportFile."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q
from django.utils import timezone

from kehoach.choices import IntegerChoices, TextChoices
from kehoach.documents.symbols import format_number
from kehoach.organisations.models import Organisation
from kehoach.plans.status import AssignmentStatus, Progress, compute_status, status_expression
from kehoach.text import fold

__all__ = [
    "Assignment",
    "AssignmentRole",
    "AssignmentStatus",
    "Plan",
    "PlanKind",
    "PlanStatus",
    "Progress",
    "Recurrence",
    "Report",
    "ReportFile",
    "Task",
    "TaskUnit",
    "UnitResolution",
]


class PlanKind(TextChoices):
    """Document kinds, by their standard abbreviation (as the parser writes them)."""

    PLAN = "KH", "Kế hoạch"
    PROGRAMME = "CTr", "Chương trình"
    GUIDANCE = "HD", "Hướng dẫn"
    RESOLUTION = "NQ", "Nghị quyết"
    DIRECTIVE = "CT", "Chỉ thị"
    CONCLUSION = "KL", "Kết luận"
    DECISION = "QĐ", "Quyết định, quy định"
    NOTICE = "TB", "Thông báo"
    OFFICIAL_LETTER = "CV", "Công văn"
    PROJECT = "ĐA", "Đề án"
    REPORT = "BC", "Báo cáo"
    OTHER = "KHAC", "Khác"


class PlanStatus(TextChoices):
    DRAFT = "draft", "Dự thảo"
    PUBLISHED = "published", "Đã ban hành"


class Recurrence(IntegerChoices):
    """A recurring duty, by its period in months."""

    MONTHLY = 1, "Hằng tháng"
    QUARTERLY = 3, "Hằng quý"
    HALF_YEARLY = 6, "Định kỳ 6 tháng"
    YEARLY = 12, "Hằng năm"


class PlanQuerySet(models.QuerySet["Plan"]):
    def search(self, query: str) -> PlanQuerySet:
        """Rows whose folded text contains the folded ``query`` ("huyen uy" finds "Huyện ủy")."""
        key = fold(query)
        return self.filter(search_key__icontains=key) if key else self


class Plan(models.Model):
    title = models.CharField("Trích yếu", max_length=500)
    kind = models.CharField("Loại văn bản", max_length=8, choices=PlanKind.choices, default=PlanKind.PLAN)
    number = models.CharField("Số", max_length=20, blank=True)
    symbol = models.CharField("Ký hiệu", max_length=50, blank=True)
    issuer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans", verbose_name="Cơ quan ban hành"
    )
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    published_at = models.DateTimeField("Ngày phát hành", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_file = models.FileField("Tệp văn bản", upload_to="plans/%Y/%m/", blank=True)
    source_name = models.CharField("Tên tệp", max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    parse = models.JSONField("Kết quả đọc văn bản", null=True, blank=True)
    # The document this plan implements ("Thực hiện Kế hoạch số 107-KH/TU …"), as written,
    # and the Plan it designates when the system holds it.
    basis_text = models.TextField("Căn cứ", blank=True)
    basis_number = models.CharField(max_length=20, blank=True)
    basis_symbol = models.CharField(max_length=50, blank=True)
    basis_issued_on = models.DateField(null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementing_plans",
        verbose_name="Kế hoạch cấp trên",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_key = models.TextField(editable=False, default="")

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ("-issued_on", "-pk")
        verbose_name = "Kế hoạch"
        verbose_name_plural = "Kế hoạch"
        indexes = (models.Index(fields=["number", "symbol"]), models.Index(fields=["status", "issuer"]))

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    @property
    def reference(self) -> str:
        """ "232-KH/HU" (Party), "08/KH-UBND" (State), or "" for a plan without a number."""
        return format_number(self.number or None, self.symbol or None)

    def cited_texts(self) -> list[str]:
        refs = (self.parse or {}).get("references") or []
        return [str(r.get("text") or "") for r in refs if isinstance(r, dict)]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = fold(" ".join([self.reference, self.title, self.basis_text, *self.cited_texts()]))
        super().save(*args, **kwargs)


class TaskQuerySet(models.QuerySet["Task"]):
    def search(self, query: str) -> TaskQuerySet:
        """Tasks whose folded code, section or text contains the folded ``query``."""
        key = fold(query)
        return self.filter(search_key__icontains=key) if key else self


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="Kế hoạch")
    order = models.PositiveIntegerField("Thứ tự", default=0)
    code = models.CharField("Mục", max_length=32, blank=True, help_text="Số hiệu trong văn bản, ví dụ II.1.a")
    section = models.CharField("Phần", max_length=300, blank=True)
    text = models.TextField("Nội dung")
    deadline_text = models.CharField("Thời hạn (nguyên văn)", max_length=300, blank=True)
    start_on = models.DateField("Bắt đầu", null=True, blank=True)
    due_on = models.DateField("Hạn hoàn thành", null=True, blank=True)
    recurrence_months = models.PositiveSmallIntegerField(
        "Định kỳ", choices=Recurrence.choices, null=True, blank=True
    )
    span = models.JSONField(null=True, blank=True, help_text="[start, end) in the parsed text")
    search_key = models.TextField(editable=False, default="")

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ("plan", "order", "pk")
        verbose_name = "Nhiệm vụ"
        verbose_name_plural = "Nhiệm vụ"

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.code} {text}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = fold(f"{self.code} {self.section} {self.text}")
        super().save(*args, **kwargs)


class AssignmentRole(TextChoices):
    LEAD = "lead", "Chủ trì"
    SUPPORT = "support", "Phối hợp"


class UnitResolution(TextChoices):
    MATCHED = "matched", "Đã xác định đơn vị"
    COLLECTIVE = "collective", "Nhóm đơn vị"
    UNMATCHED = "unmatched", "Chưa xác định"
    DROPPED = "dropped", "Bỏ qua"


class TaskUnit(models.Model):
    """A unit named for a task while the plan is a draft, as written and as matched.

    Publishing turns each resolved TaskUnit into assignments: one for a matched unit (or its
    successors), one per unit for a collective name; unmatched ones block publishing.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    role = models.CharField("Vai trò", max_length=16, choices=AssignmentRole.choices)
    name = models.CharField("Tên trong văn bản", max_length=300)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị"
    )
    resolution = models.CharField(
        max_length=16, choices=UnitResolution.choices, default=UnitResolution.UNMATCHED
    )
    match_how = models.CharField(max_length=16, blank=True)  # exact, alias, fuzzy, manual
    score = models.FloatField(null=True, blank=True)
    candidates = models.JSONField(default=list, blank=True)  # [{"id", "name", "score", "how"}]
    collective_kinds = models.JSONField(default=list, blank=True)
    collective_scope = models.CharField(max_length=16, blank=True)
    span = models.JSONField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("task", "role", "order", "pk")
        verbose_name = "Đơn vị được giao (dự thảo)"
        verbose_name_plural = "Đơn vị được giao (dự thảo)"

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def with_status(self, today: dt.date | None = None) -> AssignmentQuerySet:
        """Annotate ``status_code`` (the computed status) for filtering and counting."""
        return self.annotate(status_code=status_expression(today or timezone.localdate()))

    def status_counts(self, today: dt.date | None = None) -> dict[str, int]:
        """How many assignments have each status, in one query."""
        rows = self.with_status(today).order_by().values("status_code").annotate(n=Count("pk"))
        counts = {row["status_code"]: row["n"] for row in rows}
        return {str(s): counts.get(str(s), 0) for s in AssignmentStatus}


class Assignment(models.Model):
    """One task given to one unit, lead or support; recurring duties have one per period."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name="Nhiệm vụ"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assignments", verbose_name="Đơn vị"
    )
    role = models.CharField("Vai trò", max_length=16, choices=AssignmentRole.choices)
    sequence = models.PositiveIntegerField("Kỳ", default=1)
    period_start = models.DateField("Đầu kỳ", null=True, blank=True)
    due_on = models.DateField("Hạn hoàn thành", null=True, blank=True, db_index=True)
    progress = models.CharField(
        "Tiến độ", max_length=16, choices=Progress.choices, default=Progress.NOT_STARTED, editable=False
    )
    started_on = models.DateField("Ngày bắt đầu", null=True, blank=True, editable=False)
    completed_on = models.DateField("Ngày hoàn thành", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ("task__plan", "task__order", "task", "organisation__path", "sequence")
        verbose_name = "Phân công"
        verbose_name_plural = "Phân công"
        constraints = (
            models.UniqueConstraint(
                fields=["task", "organisation", "sequence"], name="assignment_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(progress=Progress.DONE, completed_on__isnull=False) | ~Q(progress=Progress.DONE),
                name="assignment_done_has_date",
            ),
        )
        indexes = (models.Index(fields=["organisation", "progress"]),)

    def __str__(self) -> str:
        return f"{self.organisation} — {self.task}"

    def status_on(self, today: dt.date) -> str:
        return compute_status(self.progress, self.due_on, self.completed_on, today)

    @property
    def status(self) -> str:
        """The computed status today (use ``with_status()`` to get it from the database)."""
        annotated = getattr(self, "status_code", None)
        return annotated or self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return AssignmentStatus(self.status).label


class ReportQuerySet(models.QuerySet["Report"]):
    def with_percent(self) -> ReportQuerySet:
        """Annotate ``percent`` (present / expected × 100, like :attr:`Report.attendance_percent`)."""
        return self.annotate(
            percent=ExpressionWrapper(
                F("people_present") * 100.0 / models.functions.NullIf(F("people_expected"), 0),
                output_field=FloatField(),
            )
        )


class Report(models.Model):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name="Phân công"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("Ngày gửi", auto_now_add=True)
    text = models.TextField("Nội dung báo cáo")
    sessions_held = models.PositiveIntegerField("Số buổi đã tổ chức", null=True, blank=True)
    people_expected = models.PositiveIntegerField("Số người phải tham gia", null=True, blank=True)
    people_present = models.PositiveIntegerField("Số người tham gia", null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ("-submitted_at", "-pk")
        verbose_name = "Báo cáo"
        verbose_name_plural = "Báo cáo"
        constraints = (
            models.CheckConstraint(
                condition=Q(people_present__isnull=True)
                | Q(people_expected__isnull=True)
                | Q(people_present__lte=F("people_expected")),
                name="report_present_not_above_expected",
            ),
        )

    def __str__(self) -> str:
        return f"Báo cáo {self.submitted_at:%d/%m/%Y} — {self.assignment}"

    @property
    def attendance_percent(self) -> float | None:
        """People present as a percentage of people expected, one decimal (None if unknown)."""
        if not self.people_expected or self.people_present is None:
            return None
        return round(self.people_present * 100 / self.people_expected, 1)


class ReportFile(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="reports/%Y/%m/")
    original_name = models.CharField("Tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("Dung lượng")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "Tệp đính kèm"
        verbose_name_plural = "Tệp đính kèm"

    def __str__(self) -> str:
        return self.original_name
