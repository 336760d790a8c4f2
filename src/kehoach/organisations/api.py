"""API: organisations, people, name matching."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from kehoach.accounts import permissions
from kehoach.api.common import ERRORS, get_visible
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
    """(Declared before /organisations/{id} so that its path wins.) Match unit names as a plan writes them to the units of ``within``'s subtree."""
    within = get_visible(permissions.visible_organisations(request.user), payload.within, "organisation")
    return organisation_matches_json(match_units(payload.names, within, payload.on))


@router.get("/organisations/{org_id}", response={200: OrganisationDetail, **ERRORS})
def get_organisation(request: HttpRequest, org_id: int) -> Any:
    qs = permissions.visible_organisations(request.user).prefetch_related("aliases", "successors")
    return get_visible(qs, org_id, "organisation")


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
