"""Users, memberships and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from kehoach.choices import TextChoices


class Role(TextChoices):
    """What a user does in one organisation (ADR 0003)."""

    ADMIN = "admin", "Quản trị"  # the tree, people and accounts of the subtree
    PLAN_OFFICE = "plan_office", "Văn phòng (tham mưu kế hoạch)"  # issues and publishes its unit's plans
    UNIT_OFFICER = "unit_officer", "Cán bộ đơn vị"  # carries out and reports its unit's assignments
    LEADER = "leader", "Lãnh đạo"  # reads the whole subtree
    MEMBER = "member", "Đảng viên, cán bộ"  # reads its unit's plans


class User(AbstractUser):
    display_name = models.CharField("Họ và tên", max_length=255, blank=True)
    person = models.OneToOneField(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "Tài khoản"
        verbose_name_plural = "Tài khoản"
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="Đơn vị",
    )
    role = models.CharField("Vai trò", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "Vai trò tại đơn vị"
        verbose_name_plural = "Vai trò tại đơn vị"
        constraints = (
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique"),
        )

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("Tên", max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("Hết hạn", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField("Đã thu hồi", default=False)

    class Meta:
        verbose_name = "Mã truy cập API"
        verbose_name_plural = "Mã truy cập API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return not self.revoked and (self.expires_at is None or self.expires_at > timezone.now())
