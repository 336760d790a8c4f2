from typing import Any

from django.contrib import admin

from kehoach.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "target_repr")
    list_filter = ("action",)
    search_fields = ("target_repr", "action")
    readonly_fields = tuple(f.name for f in AuditEntry._meta.get_fields() if getattr(f, "concrete", False))

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
