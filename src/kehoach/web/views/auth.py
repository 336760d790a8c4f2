"""Log in and log out: Django's views with Vietnamese templates and messages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

from kehoach.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        translation.activate("vi")
        return super().dispatch(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    next_page = "web:login"
