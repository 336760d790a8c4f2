"""Every write to organisations and people goes through these functions (ADR 0002).

Convention for every service in kehoach: the object acted on comes first, the acting user
last among the positional arguments, options are keyword-only; each runs in a transaction,
checks :mod:`kehoach.accounts.permissions`, and writes an audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from kehoach.accounts import permissions
from kehoach.audit.services import diff, record
from kehoach.errors import ServiceError
from kehoach.organisations.matching import UnitMatch, expand_collective, match_units
from kehoach.organisations.models import Organisation, OrganisationAlias, OrganisationKind
from kehoach.text import fold

__all__ = [
    "create_organisation",
    "expand_collective",
    "match_units",
    "move_organisation",
    "resolve_current",
    "set_aliases",
    "set_successors",
    "update_organisation",
]

_EDITABLE = {"name", "short_name", "kind", "code", "valid_from", "valid_to"}


def _check_fields(values: dict[str, Any]) -> None:
    unknown = set(values) - _EDITABLE
    if unknown:
        raise ServiceError(
            "unknown_field",
            f"Không có trường: {', '.join(sorted(unknown))}.",
            f"Unknown field(s): {', '.join(sorted(unknown))}.",
        )
    if "name" in values and not str(values["name"] or "").strip():
        raise ServiceError("name_required", "Tên đơn vị không được để trống.", "The unit's name is required.")
    if "kind" in values and values["kind"] not in OrganisationKind.values:
        raise ServiceError(
            "invalid_kind",
            f"Loại đơn vị không hợp lệ: {values['kind']}.",
            f"Unknown unit kind: {values['kind']}.",
        )
    start, end = values.get("valid_from"), values.get("valid_to")
    if start and end and end < start:
        raise ServiceError(
            "invalid_dates",
            "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
            "valid_to must not be earlier than valid_from.",
        )
    code = values.get("code")
    if code and Organisation.objects.filter(code=code).exists():
        raise ServiceError(
            "duplicate_code", f"Mã đơn vị {code} đã được dùng.", f"The unit code {code} is already used."
        )


@transaction.atomic
def create_organisation(
    parent: Organisation | None,
    user: Any,
    *,
    name: str,
    kind: str = OrganisationKind.OTHER,
    aliases: Iterable[str] = (),
    **values: Any,
) -> Organisation:
    """Create a unit under ``parent`` (None: a new root, for a system administrator only)."""
    permissions.require(permissions.can_manage_organisation(user, parent))
    values = {"name": name.strip(), "kind": kind, **values}
    _check_fields(values)
    org = Organisation(parent=parent, **values)
    org.save()
    _write_aliases(org, aliases)
    record(user, "organisation.created", org, {"name": org.name, "parent": parent}, organisation=org)
    return org


@transaction.atomic
def update_organisation(org: Organisation, user: Any, **values: Any) -> Organisation:
    permissions.require(permissions.can_manage_organisation(user, org))
    if "code" in values and values["code"] == org.code:
        values.pop("code")
    merged = {"valid_from": org.valid_from, "valid_to": org.valid_to, **values}
    _check_fields({**values, "valid_from": merged["valid_from"], "valid_to": merged["valid_to"]})
    changes = diff(org, values)
    for name, value in values.items():
        setattr(org, name, value)
    org.save()
    if changes:
        record(user, "organisation.updated", org, changes, organisation=org)
    return org


@transaction.atomic
def move_organisation(org: Organisation, new_parent: Organisation, user: Any) -> Organisation:
    """Put ``org`` (and its whole subtree) under ``new_parent``: one UPDATE rewrites the paths."""
    permissions.require(permissions.can_manage_organisation(user, org))
    permissions.require(permissions.can_manage_organisation(user, new_parent))
    if new_parent.is_within(org):
        raise ServiceError(
            "tree_cycle",
            "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
            "A unit cannot be moved under itself or one of its descendants.",
        )
    old_parent = org.parent
    org.parent = new_parent
    org.save()
    record(user, "organisation.moved", org, {"parent": [old_parent, new_parent]}, organisation=org)
    return org


def _write_aliases(org: Organisation, aliases: Iterable[str]) -> None:
    keys: dict[str, str] = {}
    for alias in aliases:
        if alias.strip() and fold(alias) not in keys:
            keys[fold(alias)] = alias.strip()
    OrganisationAlias.objects.bulk_create(
        [OrganisationAlias(organisation=org, name=name, search_key=key) for key, name in keys.items()]
    )


@transaction.atomic
def set_aliases(org: Organisation, aliases: Iterable[str], user: Any) -> list[str]:
    permissions.require(permissions.can_manage_organisation(user, org))
    before = sorted(org.aliases.values_list("name", flat=True))
    org.aliases.all().delete()
    _write_aliases(org, aliases)
    after = sorted(org.aliases.values_list("name", flat=True))
    if before != after:
        record(user, "organisation.aliases_changed", org, {"aliases": [before, after]}, organisation=org)
    return after


@transaction.atomic
def set_successors(
    org: Organisation, successors: Iterable[Organisation], user: Any, *, ends_on: dt.date | None = None
) -> Organisation:
    """Record that ``org`` was merged or abolished: it ends on ``ends_on`` (if given) and its
    work passes to ``successors``."""
    permissions.require(permissions.can_manage_organisation(user, org))
    successors = list(successors)
    if any(s.pk == org.pk for s in successors):
        raise ServiceError(
            "successor_self", "Đơn vị không thể kế thừa chính nó.", "A unit cannot be its own successor."
        )
    if ends_on is not None:
        if org.valid_from and ends_on < org.valid_from:
            raise ServiceError(
                "invalid_dates",
                "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
                "valid_to must not be earlier than valid_from.",
            )
        org.valid_to = ends_on
        org.save()
    org.successors.set(successors)
    record(
        user,
        "organisation.succeeded",
        org,
        {"successors": successors, "valid_to": org.valid_to},
        organisation=org,
    )
    return org


def resolve_current(org: Organisation, on: dt.date | None = None) -> list[Organisation]:
    """The units that carry ``org``'s work on ``on`` (default today).

    ``[org]`` while it exists; after a merge or abolition, its successors, followed
    transitively (a 2024 Huyện ủy → the 2025 Đảng ủy xã that took over its communes). A unit
    abolished without successor resolves to ``[]``. Cycles in the successor links are ignored.
    """
    found: list[Organisation] = []
    seen = {org.pk}
    frontier = [org]
    while frontier:
        following: list[Organisation] = []
        for unit in frontier:
            if unit.is_active_on(on):
                if all(f.pk != unit.pk for f in found):
                    found.append(unit)
                continue
            for successor in unit.successors.all():
                if successor.pk not in seen:
                    seen.add(successor.pk)
                    following.append(successor)
        frontier = following
    return found


def organisation_matches_json(matches: list[UnitMatch]) -> list[dict[str, Any]]:
    """A plain form of :func:`match_units`' result, for the API and the review screen."""
    return [
        {
            "name": m.name,
            "status": m.status,
            "organisation_id": m.organisation.pk if m.organisation else None,
            "score": m.score,
            "candidates": [
                {"id": c.organisation.pk, "name": c.organisation.name, "score": c.score, "how": c.how}
                for c in m.candidates
            ],
            "collective": {"kinds": list(m.collective.kinds), "scope": m.collective.scope}
            if m.collective
            else None,
        }
        for m in matches
    ]
