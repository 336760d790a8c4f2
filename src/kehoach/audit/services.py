"""Writing the audit log. Every service that changes data calls :func:`record` inside its
transaction, so a change and its log line are committed (or rolled back) together."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kehoach.audit.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def record(
    actor: Any,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    *,
    organisation: Any = None,
) -> AuditEntry:
    """Log that ``actor`` (a user, or None for the system) did ``action`` to ``target``."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        organisation=organisation,
        changes=_jsonable(changes or {}),
    )


def diff(instance: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of ``values`` that differ from ``instance``: ``{field: [old, new]}``."""
    return {
        name: [getattr(instance, name), new] for name, new in values.items() if getattr(instance, name) != new
    }
