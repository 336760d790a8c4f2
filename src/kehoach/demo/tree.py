"""The demo's synthetic province: names, the tree and its people, written with bulk_create.

Tỉnh ủy Đông Sơn (the province of the sample plans in ``samples/``) holds its advisory boards,
provincial bodies, twelve district committees with about thirty units each and three village
cells per commune, and one district abolished on 1 July 2025 whose communes were merged.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from kehoach.organisations.models import (
    Exemption,
    ExemptionKind,
    Gender,
    Organisation,
    OrganisationAlias,
    Person,
)
from kehoach.organisations.models import OrganisationKind as K
from kehoach.text import fold

PROVINCE = "Đông Sơn"
SAMPLE_DISTRICT = "Tân Hòa"
SAMPLE_COMMUNE = "Phú Lâm"
SAMPLE_CELL = "Đồng Tâm"
ABOLISHED_DISTRICT = "Sông Cầu"
REFORM_DAY = dt.date(2025, 7, 1)

DISTRICTS = [
    SAMPLE_DISTRICT,
    "Bình Sơn",
    "An Phú",
    "Hòa Lạc",
    "Đông Hưng",
    "Thạch Bàn",
    "Vĩnh Tường",
    "Quảng Điền",
    "Nghĩa Đàn",
    "Lạc Thủy",
    "Kim Bảng",
    ABOLISHED_DISTRICT,
]
COMMUNES = [
    SAMPLE_COMMUNE,
    "Tân Lập",
    "Hòa Bình",
    "Đông Phong",
    "Thanh Xuân",
    "Minh Đức",
    "Quang Trung",
    "Yên Sơn",
    "Trung Hòa",
    "Phúc Thịnh",
    "Hưng Đạo",
    "Tiên Phong",
]
VILLAGES = [SAMPLE_CELL, "Tân Tiến", "Đoàn Kết", "Hợp Nhất", "Bắc Sơn", "Nam Hà", "Trung Tâm", "Đông Thành"]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Lương",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Phương"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khoa",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Oanh",
    "Thảo",
    "Trang",
    "Yến",
]


@dataclass
class DemoTree:
    """Handles on the units the demo's plans and accounts need."""

    province: Organisation
    by_name: dict[str, Organisation] = field(default_factory=dict)
    districts: list[Organisation] = field(default_factory=list)

    def __getitem__(self, name: str) -> Organisation:
        return self.by_name[name]


class _Level:
    """Rows waiting for one bulk_create; their paths are set once the ids exist."""

    def __init__(self) -> None:
        self.rows: list[tuple[Organisation, Organisation | None, list[str]]] = []
        self.keys: dict[int, str] = {}

    def add(
        self,
        parent: Organisation | None,
        name: str,
        kind: str,
        *,
        short_name: str = "",
        aliases: tuple[str, ...] = (),
        code: str | None = None,
        valid_from: dt.date | None = None,
        valid_to: dt.date | None = None,
        key: str | None = None,
    ) -> Organisation:
        """Queue a unit; it is found later as ``tree[key or name]`` (the first of a name)."""
        org = Organisation(
            parent=parent,
            name=name,
            kind=kind,
            short_name=short_name,
            code=code,
            valid_from=valid_from,
            valid_to=valid_to,
            search_key=fold(f"{name} {short_name}"),
        )
        self.rows.append((org, parent, list(aliases)))
        if key:
            self.keys[id(org)] = key
        return org

    def save(self, tree: DemoTree) -> list[Organisation]:
        orgs = Organisation.objects.bulk_create([org for org, _, _ in self.rows])
        for org, parent, _ in self.rows:
            org.path = f"{parent.path if parent else '/'}{org.pk}/"
            org.depth = org.path.count("/") - 2
            tree.by_name.setdefault(self.keys.get(id(org), org.name), org)
        Organisation.objects.bulk_update(orgs, ["path", "depth"], batch_size=500)
        OrganisationAlias.objects.bulk_create(
            [
                OrganisationAlias(organisation=org, name=alias, search_key=fold(alias))
                for org, _, aliases in self.rows
                for alias in aliases
            ]
        )
        self.rows, self.keys = [], {}
        return orgs


def build_tree() -> DemoTree:
    level = _Level()
    province = level.add(
        None,
        f"Tỉnh ủy {PROVINCE}",
        K.PROVINCIAL_COMMITTEE,
        short_name="TU Đông Sơn",
        code="DEMO-TU",
        aliases=("Ban Thường vụ Tỉnh ủy", "Thường trực Tỉnh ủy", f"Đảng bộ tỉnh {PROVINCE}"),
    )
    tree = DemoTree(province=province)
    level.save(tree)

    # --- provincial level ------------------------------------------------------------------
    for name, short in [
        ("Ban Tuyên giáo Tỉnh ủy", "BTG Tỉnh ủy"),
        ("Ban Tổ chức Tỉnh ủy", "BTC Tỉnh ủy"),
        ("Ủy ban Kiểm tra Tỉnh ủy", "UBKT Tỉnh ủy"),
        ("Văn phòng Tỉnh ủy", "VP Tỉnh ủy"),
        ("Ban Dân vận Tỉnh ủy", "BDV Tỉnh ủy"),
    ]:
        level.add(province, name, K.ADVISORY_BOARD, short_name=short)
    level.add(province, f"Trường Chính trị tỉnh {PROVINCE}", K.POLITICAL_CENTRE)
    level.add(province, "Đảng ủy Các cơ quan tỉnh", K.PARTY_COMMITTEE)
    level.add(province, "Đảng ủy Khối Doanh nghiệp tỉnh", K.PARTY_COMMITTEE)
    level.add(province, f"Ủy ban nhân dân tỉnh {PROVINCE}", K.PEOPLES_COMMITTEE, short_name="UBND tỉnh")
    level.add(
        province,
        f"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {PROVINCE}",
        K.FATHERLAND_FRONT,
        short_name="UBMTTQ tỉnh",
    )
    level.add(province, f"Tỉnh đoàn {PROVINCE}", K.MASS_ORGANISATION)
    level.add(province, f"Hội Liên hiệp Phụ nữ tỉnh {PROVINCE}", K.MASS_ORGANISATION)
    for district in DISTRICTS:
        abolished = district == ABOLISHED_DISTRICT
        tree.districts.append(
            level.add(
                province,
                f"Huyện ủy {district}",
                K.DISTRICT_COMMITTEE,
                short_name=f"HU {district}",
                valid_to=REFORM_DAY - dt.timedelta(days=1) if abolished else None,
                aliases=() if abolished else (f"Ban Thường vụ Huyện ủy {district}",),
            )
        )
    # the communes that replaced the abolished district (1 July 2025)
    merged = [
        level.add(province, f"Đảng ủy xã {ABOLISHED_DISTRICT} {i}", K.PARTY_COMMITTEE, valid_from=REFORM_DAY)
        for i in range(1, 5)
    ]
    level.save(tree)

    for agency in [
        "Sở Giáo dục và Đào tạo",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Tài chính",
        "Sở Nội vụ",
        "Sở Y tế",
        "Sở Tư pháp",
        "Sở Nông nghiệp và Môi trường",
        "Sở Khoa học và Công nghệ",
    ]:
        level.add(tree[f"Ủy ban nhân dân tỉnh {PROVINCE}"], agency, K.DEPARTMENT)
    for parent in ("Đảng ủy Các cơ quan tỉnh", "Đảng ủy Khối Doanh nghiệp tỉnh"):
        for i in range(1, 7):
            level.add(tree[parent], f"Chi bộ {i} {parent.removeprefix('Đảng ủy ').lower()}", K.PARTY_CELL)

    # --- districts -------------------------------------------------------------------------
    for district_org, district in zip(tree.districts, DISTRICTS, strict=True):
        ends = district_org.valid_to
        for name, kind, aliases in [
            (
                f"Ban Tuyên giáo Huyện ủy {district}",
                K.ADVISORY_BOARD,
                ("Ban Tuyên giáo Huyện ủy", "BTG Huyện ủy"),
            ),
            (f"Ban Tổ chức Huyện ủy {district}", K.ADVISORY_BOARD, ("Ban Tổ chức Huyện ủy",)),
            (
                f"Ủy ban Kiểm tra Huyện ủy {district}",
                K.ADVISORY_BOARD,
                ("Ủy ban Kiểm tra Huyện ủy", "UBKT Huyện ủy"),
            ),
            (f"Văn phòng Huyện ủy {district}", K.ADVISORY_BOARD, ("Văn phòng Huyện ủy",)),
            (f"Trung tâm Chính trị huyện {district}", K.POLITICAL_CENTRE, ("Trung tâm Chính trị huyện",)),
            (
                f"Ủy ban Mặt trận Tổ quốc Việt Nam huyện {district}",
                K.FATHERLAND_FRONT,
                ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện",),
            ),
            (f"Huyện đoàn {district}", K.MASS_ORGANISATION, ("Huyện đoàn",)),
            (
                f"Trung tâm Văn hóa, Thông tin và Thể thao huyện {district}",
                K.OTHER,
                ("Trung tâm Văn hóa, Thông tin và Thể thao huyện",),
            ),
            (f"Ủy ban nhân dân huyện {district}", K.PEOPLES_COMMITTEE, ("UBND huyện",)),
        ]:
            level.add(district_org, name, kind, aliases=aliases, valid_to=ends)
        for commune in COMMUNES:  # communes of the same name exist in several districts
            level.add(
                district_org,
                f"Đảng ủy xã {commune}",
                K.PARTY_COMMITTEE,
                valid_to=ends,
                key=f"{commune}|{district}",
            )
        for office in ("Cơ quan Huyện ủy", "Cơ quan Ủy ban nhân dân huyện", "Công an huyện"):
            level.add(district_org, f"Chi bộ {office} {district}", K.PARTY_CELL, valid_to=ends)
    level.save(tree)

    for district in DISTRICTS:
        ends = tree[f"Huyện ủy {district}"].valid_to
        ubnd = tree[f"Ủy ban nhân dân huyện {district}"]
        for office, aliases in [
            ("Phòng Giáo dục và Đào tạo", ("Phòng Giáo dục và Đào tạo",)),
            ("Phòng Văn hóa, Khoa học và Thông tin", ("Phòng Văn hóa, Khoa học và Thông tin",)),
            ("Phòng Tư pháp", ("Phòng Tư pháp huyện", "Phòng Tư pháp")),
            ("Phòng Nội vụ", ("Phòng Nội vụ",)),
        ]:
            level.add(ubnd, f"{office} huyện {district}", K.OFFICE, aliases=aliases, valid_to=ends)
        for commune in COMMUNES:
            sample = district == SAMPLE_DISTRICT and commune == SAMPLE_COMMUNE
            for village in VILLAGES[:3]:
                level.add(
                    tree[f"{commune}|{district}"],
                    f"Chi bộ thôn {village}",
                    K.PARTY_CELL,
                    valid_to=ends,
                    aliases=("Chi ủy",) if sample and village == SAMPLE_CELL else (),
                    key=f"{village}|{commune}|{district}",
                )
    # the sample commune's government and its mass organisations
    commune = tree[f"{SAMPLE_COMMUNE}|{SAMPLE_DISTRICT}"]
    level.add(
        commune,
        f"Ủy ban nhân dân xã {SAMPLE_COMMUNE}",
        K.PEOPLES_COMMITTEE,
        aliases=("Ủy ban nhân dân xã", "UBND xã"),
    )
    level.add(
        commune,
        f"Ủy ban Mặt trận Tổ quốc Việt Nam xã {SAMPLE_COMMUNE}",
        K.FATHERLAND_FRONT,
        aliases=("Ủy ban Mặt trận Tổ quốc Việt Nam xã",),
    )
    level.add(
        commune, f"Đoàn Thanh niên xã {SAMPLE_COMMUNE}", K.MASS_ORGANISATION, aliases=("Đoàn Thanh niên xã",)
    )
    level.add(commune, f"Hội Liên hiệp Phụ nữ xã {SAMPLE_COMMUNE}", K.MASS_ORGANISATION)
    level.add(commune, f"Hội Nông dân xã {SAMPLE_COMMUNE}", K.MASS_ORGANISATION)
    level.save(tree)

    ubnd_xa = tree[f"Ủy ban nhân dân xã {SAMPLE_COMMUNE}"]
    for name, kind, aliases in [
        ("Công chức Tư pháp - Hộ tịch xã Phú Lâm", K.OFFICE, ("Công chức Tư pháp - Hộ tịch",)),
        ("Công chức Văn phòng - Thống kê xã Phú Lâm", K.OFFICE, ("Công chức Văn phòng - Thống kê",)),
        ("Công chức Địa chính - Xây dựng xã Phú Lâm", K.OFFICE, ("Công chức Địa chính - Xây dựng",)),
        ("Đài Truyền thanh xã Phú Lâm", K.OTHER, ("Đài Truyền thanh xã",)),
        ("Công an xã Phú Lâm", K.OTHER, ("Công an xã",)),
        ("Trường Trung học cơ sở Phú Lâm", K.SCHOOL, ()),
        ("Trưởng các thôn xã Phú Lâm", K.OTHER, ("Trưởng các thôn",)),
    ]:
        level.add(ubnd_xa, name, kind, aliases=aliases)
    level.save(tree)

    # successors of the abolished district: its communes, three by three, into the new ones
    abolished = tree[f"Huyện ủy {ABOLISHED_DISTRICT}"]
    abolished.successors.set(merged)
    links = []
    for i, commune_name in enumerate(COMMUNES):
        old = tree[f"{commune_name}|{ABOLISHED_DISTRICT}"]
        links.append(Organisation.successors.through(from_organisation=old, to_organisation=merged[i // 3]))
    Organisation.successors.through.objects.bulk_create(links)
    return tree


def build_people(tree: DemoTree, seed: int = 2025) -> int:
    """A few thousand people: members in every cell and commune, some exempt."""
    rng = random.Random(seed)
    homes = list(
        Organisation.objects.subtree(tree.province)
        .filter(kind__in=[K.PARTY_CELL, K.PARTY_COMMITTEE])
        .active()
    )
    people: list[Person] = []
    for org in homes:
        for _ in range(rng.randint(5, 10) if org.kind == K.PARTY_CELL else rng.randint(2, 4)):
            female = rng.random() < 0.45
            name = " ".join(
                [
                    rng.choice(FAMILY),
                    rng.choice(MIDDLE_F if female else MIDDLE_M),
                    rng.choice(GIVEN_F if female else GIVEN_M),
                ]
            )
            people.append(
                Person(
                    organisation=org,
                    full_name=name,
                    search_key=fold(name),
                    gender=Gender.FEMALE if female else Gender.MALE,
                    birth_year=rng.randint(1945, 2003),
                    is_party_member=True,
                    code=f"DEMO-P{len(people) + 1:05d}",
                )
            )
    Person.objects.bulk_create(people, batch_size=1000)
    exemptions = [
        Exemption(
            person=person,
            kind=rng.choice([ExemptionKind.EXCUSED, ExemptionKind.RETIRED, ExemptionKind.ELDERLY]),
            starts_on=dt.date(rng.randint(2018, 2024), rng.randint(1, 12), 1),
        )
        for person in people
        if person.birth_year and person.birth_year < 1955 and rng.random() < 0.6
    ]
    Exemption.objects.bulk_create(exemptions, batch_size=1000)
    return len(people)
