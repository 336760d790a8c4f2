from django.apps import AppConfig


class WebConfig(AppConfig):
    """The HTML pages: log in, import and review a plan, publish, dashboards, reports."""

    name = "kehoach.web"
    label = "web"
    verbose_name = "Giao diện web"
