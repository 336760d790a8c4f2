"""Template filters of the pages: Vietnamese dates (dd/mm/yyyy), percentages, status colours."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils import timezone

register = template.Library()

STATUS_CSS = {
    "done_on_time": "st-ontime",
    "done_late": "st-late",
    "not_done_within": "st-within",
    "not_done_overdue": "st-overdue",
}


@register.filter
def vn_date(value: Any) -> str:
    """A date as dd/mm/yyyy (an ISO string is accepted); "" for nothing."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def percent(value: float | None) -> str:
    """52.4 → "52,4%"; None → "—"."""
    if value is None:
        return "—"
    text = f"{value:.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')}%"


@register.filter
def status_css(code: str) -> str:
    return STATUS_CSS.get(str(code), "")


@register.simple_tag(takes_context=True)
def query(context: Any, **changes: Any) -> str:
    """The current query string with ``changes`` applied (a value of None removes a key)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    encoded = urlencode(sorted((k, v) for k in params for v in params.getlist(k)))
    return f"?{encoded}" if encoded else "?"


@register.filter
def needs_attention(task: Any) -> bool:
    """True when a (prefetched) unit name of the task is still unmatched or the task has no
    lead unit: what the publish service will refuse, shown on the task's row."""
    units = [u for u in task.units.all() if u.resolution != "dropped"]
    return any(u.resolution == "unmatched" for u in units) or not any(u.role == "lead" for u in units)


@register.filter
def lacks_lead(task: Any) -> bool:
    return not any(u.role == "lead" and u.resolution != "dropped" for u in task.units.all())


@register.filter
def kind_labels(kinds: list[str]) -> str:
    from kehoach.organisations.models import OrganisationKind

    labels = dict(OrganisationKind.choices)
    return ", ".join(labels.get(k, k).lower() for k in kinds or [])
