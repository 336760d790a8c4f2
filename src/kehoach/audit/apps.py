from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kehoach.audit"
    verbose_name = "Nhật ký thao tác"
