from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kehoach.demo"
    verbose_name = "Dữ liệu mẫu"
