"""AuditEntry: one line of the audit log, written by :func:`kehoach.audit.services.record`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Người thực hiện",
    )
    at = models.DateTimeField("Thời điểm", auto_now_add=True, db_index=True)
    action = models.CharField("Thao tác", max_length=64, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField("Đối tượng", max_length=300)
    # The unit whose data changed: lets the log be filtered by the same subtree rule as the data.
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField("Thay đổi", default=dict, blank=True)

    class Meta:
        ordering = ("-at", "-pk")
        indexes = (models.Index(fields=["target_type", "target_id"]),)
        verbose_name = "Nhật ký"
        verbose_name_plural = "Nhật ký"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.target_repr}"
