"""The organisation tree (adjacency list + materialised path, ADR 0001), people, exemptions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from kehoach.choices import TextChoices
from kehoach.text import fold


class OrganisationKind(TextChoices):
    PROVINCIAL_COMMITTEE = "tinh_uy", "Tỉnh ủy, thành ủy trực thuộc Trung ương"
    DISTRICT_COMMITTEE = "huyen_uy", "Huyện ủy, thị ủy, thành ủy"
    PARTY_COMMITTEE = "dang_uy", "Đảng ủy"
    PARTY_CELL = "chi_bo", "Chi bộ"
    ADVISORY_BOARD = "ban_tham_muu", "Ban tham mưu, văn phòng cấp ủy"
    POLITICAL_CENTRE = "trung_tam_chinh_tri", "Trung tâm chính trị"
    PEOPLES_COMMITTEE = "ubnd", "Ủy ban nhân dân"
    DEPARTMENT = "so", "Sở, ban, ngành"
    OFFICE = "phong", "Phòng, ban chuyên môn"
    FATHERLAND_FRONT = "mttq", "Mặt trận Tổ quốc"
    MASS_ORGANISATION = "doan_the", "Đoàn thể chính trị - xã hội"
    SCHOOL = "truong", "Trường học"
    OTHER = "khac", "Khác"


PARTY_KINDS = frozenset(
    {
        OrganisationKind.PROVINCIAL_COMMITTEE,
        OrganisationKind.DISTRICT_COMMITTEE,
        OrganisationKind.PARTY_COMMITTEE,
        OrganisationKind.PARTY_CELL,
    }
)


def _today() -> dt.date:
    return timezone.localdate()


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def subtree(self, root: Organisation, *, include_self: bool = True) -> OrganisationQuerySet:
        """``root`` and every unit below it, in one query on the materialised path."""
        qs = self.filter(path__startswith=root.path)
        return qs if include_self else qs.exclude(pk=root.pk)

    def subtrees(self, roots: list[Organisation]) -> OrganisationQuerySet:
        """The union of several subtrees, still one query."""
        if not roots:
            return self.none()
        condition = Q()
        for root in roots:
            condition |= Q(path__startswith=root.path)
        return self.filter(condition)

    def active(self, on: dt.date | None = None) -> OrganisationQuerySet:
        """Units that exist on ``on`` (default today): valid_from <= on <= valid_to."""
        on = on or _today()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )

    def search(self, query: str) -> OrganisationQuerySet:
        """Rows whose folded text contains the folded ``query`` ("huyen uy" finds "Huyện ủy")."""
        key = fold(query)
        return self.filter(search_key__icontains=key) if key else self


class Organisation(models.Model):
    """One body: a Party committee, a cell, a board, a State agency, a mass organisation…

    ``path`` is the materialised path of primary keys, ``"/1/12/345/"``: the subtree of a unit
    is ``path__startswith=unit.path`` (one indexed query on SQLite and PostgreSQL), and its
    ancestors are the ids in its own path. The path is written by the services
    (:func:`kehoach.organisations.services.create_organisation`, ``move_organisation``) and by
    :meth:`save` for a new row, never by hand.
    """

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="Cấp trên",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.CharField(
        "Mã", max_length=64, unique=True, null=True, blank=True, help_text="Mã đơn vị dùng khi nhập từ tệp."
    )
    name = models.CharField("Tên", max_length=255)
    short_name = models.CharField("Tên viết tắt", max_length=100, blank=True)
    kind = models.CharField(
        "Loại", max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    valid_from = models.DateField("Hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("Hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name="Đơn vị kế thừa",
        help_text="Đơn vị nhận lại nhiệm vụ khi đơn vị này bị sáp nhập hoặc giải thể.",
    )
    search_key = models.CharField(max_length=400, db_index=True, editable=False, default="")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ("path",)
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        constraints = (
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="organisation_valid_range",
            ),
        )

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, keeping ``path`` and ``depth`` right: a new unit gets its path after its id
        is known; a unit whose parent changed takes its whole subtree along (one UPDATE)."""
        self.search_key = fold(f"{self.name} {self.short_name}")
        if self.path and self.parent is not None and self.parent.path.startswith(self.path):
            raise ValueError("an organisation cannot be moved under its own subtree")
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if self.path == expected:
            return
        old_path, new_depth = self.path, expected.count("/") - 2
        if old_path:
            type(self).objects.filter(path__startswith=old_path).update(
                path=Concat(Value(expected), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (new_depth - self.depth),
            )
        else:
            type(self).objects.filter(pk=self.pk).update(path=expected, depth=new_depth)
        self.path, self.depth = expected, new_depth

    @property
    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to the parent (not the unit itself)."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def ancestors(self) -> OrganisationQuerySet:
        return Organisation.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def is_within(self, other: Organisation) -> bool:
        """True when this unit is ``other`` or below it."""
        return self.path.startswith(other.path)

    def is_active_on(self, on: dt.date | None = None) -> bool:
        on = on or _today()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )


class OrganisationAlias(models.Model):
    """Another name a document may use for a unit ("BTG Huyện ủy", "Ban Tuyên giáo HU")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("Tên gọi khác", max_length=255)
    search_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = "Tên gọi khác"
        verbose_name_plural = "Tên gọi khác"
        constraints = (
            models.UniqueConstraint(fields=["organisation", "search_key"], name="alias_unique_per_unit"),
        )

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)


class Gender(TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class PersonQuerySet(models.QuerySet["Person"]):
    def in_subtree(self, root: Organisation) -> PersonQuerySet:
        return self.filter(organisation__path__startswith=root.path)

    def counted(self, on: dt.date | None = None) -> PersonQuerySet:
        """People who count in attendance and commitments on ``on``: no exemption in force."""
        on = on or _today()
        in_force = Exemption.objects.filter(person=models.OuterRef("pk"), starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )
        return self.exclude(models.Exists(in_force))

    def search(self, query: str) -> PersonQuerySet:
        """Rows whose folded text contains the folded ``query`` ("huyen uy" finds "Huyện ủy")."""
        key = fold(query)
        return self.filter(search_key__icontains=key) if key else self


class Person(models.Model):
    """A cán bộ, đảng viên or công chức who belongs to one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name="Đơn vị"
    )
    code = models.CharField("Mã", max_length=64, unique=True, null=True, blank=True)
    full_name = models.CharField("Họ và tên", max_length=255)
    position = models.CharField("Chức vụ", max_length=255, blank=True)
    gender = models.CharField("Giới tính", max_length=8, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField("Năm sinh", null=True, blank=True)
    is_party_member = models.BooleanField("Đảng viên", default=True)
    search_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ("organisation__path", "full_name")
        verbose_name = "Cán bộ, đảng viên"
        verbose_name_plural = "Cán bộ, đảng viên"

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = fold(self.full_name)
        super().save(*args, **kwargs)


class ExemptionKind(TextChoices):
    EXCUSED = "mien_sinh_hoat", "Miễn sinh hoạt"
    RETIRED = "huu_tri", "Hưu trí"
    ELDERLY = "cao_tuoi", "Cao tuổi"


class Exemption(models.Model):
    """A period in which a person is not counted (miễn sinh hoạt, hưu trí, cao tuổi)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="exemptions")
    kind = models.CharField("Loại", max_length=32, choices=ExemptionKind.choices)
    starts_on = models.DateField("Từ ngày")
    ends_on = models.DateField("Đến ngày", null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ("-starts_on",)
        verbose_name = "Miễn, giảm"
        verbose_name_plural = "Miễn, giảm"
        constraints = (
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="exemption_range",
            ),
        )

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"
