"""API: the current user, their memberships and their tokens."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from kehoach.accounts import permissions
from kehoach.accounts.services import issue_token
from kehoach.api.common import ERRORS, OrgRef

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    organisation: OrgRef
    role: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    is_superuser: bool
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> Any:
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "is_superuser": user.is_superuser,
        "memberships": permissions.memberships(user),
    }


class TokenIn(Schema):
    name: str = "API"


class TokenOut(Schema):
    token: str
    prefix: str
    name: str


@router.post("/me/tokens", response={201: TokenOut, **ERRORS})
def new_token(request: HttpRequest, payload: TokenIn) -> Any:
    """A new bearer token for yourself; it is shown only in this answer."""
    token, raw = issue_token(request.user, request.user, name=payload.name)
    return Status(201, {"token": raw, "prefix": token.prefix, "name": token.name})
