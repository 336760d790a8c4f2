"""Accounts: creating users, giving them roles, issuing API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kehoach.accounts import permissions
from kehoach.accounts.models import ApiToken, Membership, Role, User, hash_token
from kehoach.audit.services import record
from kehoach.errors import ServiceError
from kehoach.organisations.models import Organisation

TOKEN_BYTES = 32


@transaction.atomic
def create_user(
    organisation: Organisation,
    role: str,
    actor: Any,
    *,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> User:
    """Create an account with one role in ``organisation``."""
    permissions.require(permissions.can_manage_accounts(actor, organisation))
    username = username.strip()
    if not username:
        raise ServiceError(
            "username_required", "Tên đăng nhập không được để trống.", "A username is required."
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            "duplicate_username",
            f"Tên đăng nhập {username} đã tồn tại.",
            f"The username {username} is taken.",
        )
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise ServiceError(
                "weak_password", "Mật khẩu quá yếu: " + " ".join(exc.messages), "The password is too weak."
            ) from exc
    user = User.objects.create_user(
        username=username, password=password, email=email, display_name=display_name
    )
    record(actor, "user.created", user, {"username": username}, organisation=organisation)
    add_membership(user, organisation, role, actor)
    return user


@transaction.atomic
def add_membership(user: User, organisation: Organisation, role: str, actor: Any) -> Membership:
    permissions.require(permissions.can_manage_accounts(actor, organisation))
    if role not in Role.values:
        raise ServiceError("invalid_role", f"Vai trò không hợp lệ: {role}.", f"Unknown role: {role}.")
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        record(actor, "membership.added", membership, {"role": role}, organisation=organisation)
    permissions.forget(user)
    return membership


@transaction.atomic
def remove_membership(membership: Membership, actor: Any) -> None:
    permissions.require(permissions.can_manage_accounts(actor, membership.organisation))
    record(
        actor,
        "membership.removed",
        membership,
        {"role": membership.role},
        organisation=membership.organisation,
    )
    membership.delete()
    permissions.forget(membership.user)


@transaction.atomic
def issue_token(user: User, actor: Any, *, name: str = "API", expires_at: Any = None) -> tuple[ApiToken, str]:
    """Create an API token for ``user``; returns the row and the raw token (shown only once)."""
    if actor != user and not permissions.is_superuser(actor):
        permissions.require(False)
    raw = "kh_" + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=user, name=name or "API", prefix=raw[3:11], key_hash=hash_token(raw), expires_at=expires_at
    )
    record(actor, "token.issued", token, {"name": token.name})
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, actor: Any) -> None:
    if actor != token.user and not permissions.is_superuser(actor):
        permissions.require(False)
    token.revoked = True
    token.save(update_fields=["revoked"])
    record(actor, "token.revoked", token)


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None (unknown, revoked or expired)."""
    if not raw:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
