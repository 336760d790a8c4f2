from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kehoach.accounts"
    verbose_name = "Tài khoản và phân quyền"
