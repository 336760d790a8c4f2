"""What every page view shares: log-in required, Vietnamese, refusals as 403, pagination."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import resolve_url
from django.utils import translation

from kehoach.accounts import permissions
from kehoach.errors import NotAllowed
from kehoach.organisations.models import Organisation

PAGE_SIZE = 25
View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def page_view(view: View) -> View:
    """Decorate a page view: the UI is Vietnamese whatever the browser asks (the text of the
    templates is), an anonymous visitor is sent to log in (htmx: by an ``HX-Redirect``), and
    a :class:`NotAllowed` from the permissions or a service becomes 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        translation.activate("vi")
        request.LANGUAGE_CODE = "vi"
        if not request.user.is_authenticated:
            if getattr(request, "htmx", False):
                return HttpResponse(status=204, headers={"HX-Redirect": resolve_url(settings.LOGIN_URL)})
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapper  # type: ignore[return-value]


def require(allowed: bool) -> None:
    """Refuse the request (403) unless ``allowed`` — a permissions function's answer."""
    if not allowed:
        raise PermissionDenied("Bạn không có quyền xem hoặc thực hiện thao tác này.")


def paginate(request: HttpRequest, queryset: QuerySet[Any] | list[Any], size: int = PAGE_SIZE) -> Page:
    """The requested page (``?page=``); out-of-range numbers give the last page."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def home_organisations(user: Any) -> list[Organisation]:
    """The user's own organisations (a superuser with none: the roots), each once."""
    seen: dict[int, Organisation] = {}
    for membership in permissions.memberships(user):
        seen.setdefault(membership.organisation.pk, membership.organisation)
    if not seen and permissions.is_superuser(user):
        return list(Organisation.objects.filter(parent__isnull=True))
    return list(seen.values())


def plan_issuers(user: Any) -> QuerySet[Organisation]:
    """The organisations in whose name the user may create plans (asked of the permissions
    module, one unit at a time; a superuser may use any unit)."""
    if permissions.is_superuser(user):
        return Organisation.objects.all()
    ids = {
        m.organisation.pk
        for m in permissions.memberships(user)
        if permissions.can_create_plan(user, m.organisation)
    }
    return Organisation.objects.filter(pk__in=ids)


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None
