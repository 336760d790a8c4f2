from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kehoach.organisations"
    verbose_name = "Đơn vị và nhân sự"
