"""The one exception family raised by the services layer.

Every service refuses bad input with a :class:`ServiceError` that carries a stable ``code``, a
Vietnamese ``message`` for the pages and a plain-English ``english`` sentence for the API's
error body (``{"error": {"code": ..., "message": ...}}``). Subclasses choose the HTTP status.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    status = 400

    def __init__(self, code: str, message: str, english: str, *, details: Any = None) -> None:
        super().__init__(english)
        self.code = code
        self.message = message
        self.english = english
        self.details = details

    def __str__(self) -> str:
        return self.english


class NotAllowed(ServiceError):
    status = 403

    def __init__(
        self,
        message: str = "Bạn không có quyền thực hiện thao tác này.",
        english: str = "You are not allowed to do this.",
        code: str = "forbidden",
    ) -> None:
        super().__init__(code, message, english)


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409
