"""The REST API: one NinjaAPI, routers from each app, token or session authentication, and
the same error body everywhere: ``{"error": {"code": "...", "message": "..."}}``.

Authentication: ``Authorization: Bearer <token>`` (tokens from ``POST /api/me/tokens`` or
``kehoach manage issue_token USER``), or the browser session (with its CSRF token).
Documentation: ``/api/docs`` (Swagger UI served from ninja's own static files, no CDN).
"""

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from kehoach.accounts.api import router as accounts_router
from kehoach.accounts.services import user_for_token
from kehoach.errors import ServiceError
from kehoach.organisations.api import router as organisations_router
from kehoach.plans.api import router as plans_router

log = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Vietnamese letters as they are, not as \\u escapes."""

    def __init__(self) -> None:
        self.json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="kehoach API",
    version="1",
    description='Plans, tasks, assignments and reports of kehoach. Errors: {"error": {"code", "message"}}.',
    urls_namespace="api",
    auth=[BearerToken(), SessionAuth()],
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    renderer=Utf8JSONRenderer(),
)
api.add_router("/", accounts_router)
api.add_router("/", organisations_router)
api.add_router("/", plans_router)


def error(request: HttpRequest, status: int, code: str, message: str, details: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return api.create_response(request, {"error": body}, status=status)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return error(request, exc.status, exc.code, exc.english, exc.details)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for item in exc.errors:
        where = ".".join(
            str(part) for part in item.get("loc", ()) if part not in ("body", "payload", "query", "form")
        )
        problems.append(
            f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid"))
        )
    return error(request, 422, "invalid_input", "Invalid input: " + "; ".join(problems), exc.errors)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(
        request, 401, "unauthenticated", "Authentication required: send 'Authorization: Bearer <token>'."
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 404, "not_found", "Not found.")


@api.exception_handler(ObjectDoesNotExist)
def does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 404, "not_found", "Not found.")


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 403, "forbidden", "You are not allowed to do this.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path)
    return error(request, 500, "server_error", "Internal error; it has been logged.")
