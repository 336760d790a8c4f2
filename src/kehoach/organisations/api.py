"""API: organisations, people, name matching."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kehoach.accounts import permissions
from kehoach.api.common import ERRORS, get_visible
from kehoach.errors import ServiceError
from kehoach.organisations.importing import ImportResult, import_organisations, import_people
from kehoach.organisations.matching import match_units
from kehoach.organisations.models import Exemption, Organisation, OrganisationKind
from kehoach.organisations.services import organisation_matches_json

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    code: str | None
    parent_id: int | None
    depth: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    active: bool

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return str(OrganisationKind(obj.kind).label) if obj.kind in OrganisationKind.values else obj.kind

    @staticmethod
    def resolve_active(obj: Organisation) -> bool:
        return obj.is_active_on(timezone.localdate())


class OrganisationDetail(OrganisationOut):
    aliases: list[str]
    successor_ids: list[int]
    ancestors: list[OrganisationOut]

    @staticmethod
    def resolve_aliases(obj: Organisation) -> list[str]:
        return [a.name for a in obj.aliases.all()]

    @staticmethod
    def resolve_successor_ids(obj: Organisation) -> list[int]:
        return [s.pk for s in obj.successors.all()]

    @staticmethod
    def resolve_ancestors(obj: Organisation) -> list[Organisation]:
        return list(obj.ancestors())


class OrganisationFilter(Schema):
    q: str | None = None
    kind: str | None = None
    parent: int | None = None
    within: int | None = None
    active_on: dt.date | None = None


@router.get("/organisations", response=list[OrganisationOut])
@paginate
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]) -> Any:
    qs = permissions.visible_organisations(request.user)
    if filters.q:
        qs = qs.search(filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    if filters.within:
        root = get_visible(permissions.visible_organisations(request.user), filters.within, "organisation")
        qs = qs.subtree(root)
    if filters.active_on:
        qs = qs.active(filters.active_on)
    return qs.order_by("path")


class MatchIn(Schema):
    names: list[str]
    within: int
    on: dt.date | None = None


class CandidateOut(Schema):
    id: int
    name: str
    score: float
    how: str


class CollectiveOut(Schema):
    kinds: list[str]
    scope: str


class MatchOut(Schema):
    name: str
    status: str
    organisation_id: int | None
    score: float | None
    candidates: list[CandidateOut]
    collective: CollectiveOut | None


@router.post("/organisations/match", response={200: list[MatchOut], **ERRORS})
def match(request: HttpRequest, payload: MatchIn) -> Any:
    """Match unit names as a plan writes them to the units of ``within``'s subtree."""
    within = get_visible(permissions.visible_organisations(request.user), payload.within, "organisation")
    return organisation_matches_json(match_units(payload.names, within, payload.on))


class ExemptionOut(Schema):
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None


class PersonOut(Schema):
    id: int
    full_name: str
    code: str | None
    organisation_id: int
    position: str
    gender: str
    birth_year: int | None
    is_party_member: bool
    exemptions: list[ExemptionOut]


class PersonFilter(Schema):
    q: str | None = None
    organisation: int | None = None


@router.get("/people", response=list[PersonOut], tags=["people"])
@paginate
def list_people(request: HttpRequest, filters: Query[PersonFilter]) -> Any:
    qs = permissions.people_visible_to(request.user).prefetch_related(
        Prefetch("exemptions", queryset=Exemption.objects.order_by("-starts_on"))
    )
    if filters.q:
        qs = qs.search(filters.q)
    if filters.organisation:
        root = get_visible(
            permissions.visible_organisations(request.user), filters.organisation, "organisation"
        )
        qs = qs.in_subtree(root)
    return qs.order_by("organisation__path", "full_name", "pk")


class RowChangeOut(Schema):
    row: int
    code: str
    name: str
    action: str
    changes: dict[str, Any]


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    dry_run: bool
    applied: bool
    summary: dict[str, int]
    changes: list[RowChangeOut]
    errors: list[RowErrorOut]


def _import_answer(result: ImportResult) -> Any:
    body: dict[str, Any] = {
        "dry_run": result.dry_run,
        "applied": result.applied,
        "summary": result.summary,
        "changes": [vars(c) for c in result.changes],
        "errors": [vars(e) for e in result.errors],
    }
    if result.errors:
        raise ServiceError(
            "import_rows_invalid",
            f"{len(result.errors)} lỗi trong tệp; chưa ghi gì.",
            f"{len(result.errors)} error(s) in the file; nothing was written (see details.errors).",
            details=body,
        )
    return ImportOut(**body)


@router.post("/organisations/import", response={200: ImportOut, **ERRORS})
def import_units(
    request: HttpRequest, file: File[UploadedFile], root: Form[int | None] = None, dry_run: Form[bool] = True
) -> Any:
    """Units from .xlsx/.csv under ``root`` (a dry run unless ``dry_run=false``); any wrong
    row: 400 ``import_rows_invalid`` with the errors by row, and nothing written."""
    parent = (
        get_visible(permissions.visible_organisations(request.user), root, "organisation") if root else None
    )
    return _import_answer(import_organisations(file, parent, request.user, dry_run=dry_run))


@router.post("/people/import", response={200: ImportOut, **ERRORS}, tags=["people"])
def import_persons(
    request: HttpRequest, file: File[UploadedFile], root: Form[int], dry_run: Form[bool] = True
) -> Any:
    """People from .xlsx/.csv into units of ``root``'s subtree (matched by unit code)."""
    parent = get_visible(permissions.visible_organisations(request.user), root, "organisation")
    return _import_answer(import_people(file, parent, request.user, dry_run=dry_run))


# Declared last: the fixed paths above (/organisations/match, /organisations/import) win.
@router.get("/organisations/{org_id}", response={200: OrganisationDetail, **ERRORS})
def get_organisation(request: HttpRequest, org_id: int) -> Any:
    qs = permissions.visible_organisations(request.user).prefetch_related("aliases", "successors")
    return get_visible(qs, org_id, "organisation")
