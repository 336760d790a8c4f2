"""Pieces every app's API module shares: the error body, lookups that hide what a user may not
see, and small reference schemas."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from ninja import Schema

from kehoach.errors import NotFound


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    """Every error the API returns: ``{"error": {"code": ..., "message": ...}}``."""

    error: ErrorBody


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def get_visible(queryset: QuerySet[Any], pk: int, what: str = "object") -> Any:
    """The row ``pk`` of ``queryset`` (already filtered to what the user may see), or 404 —
    the same answer whether the row does not exist or is not visible."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound("not_found", "Không tìm thấy.", f"No such {what}.")
    return obj


class OrgRef(Schema):
    id: int
    name: str
    kind: str


class PlanRef(Schema):
    id: int
    reference: str
    title: str
    issuer: OrgRef
    issued_on: dt.date | None
    status: str
