"""Matching the unit names a plan document writes to the organisation tree (ADR 0005).

A name is tried, in order, against the units of the plan owner's subtree that exist on the
plan's date:

1. ``exact``: its folded form equals a unit's folded name or short name;
2. ``alias``: it equals one of a unit's aliases;
3. ``fuzzy``: a :class:`difflib.SequenceMatcher` ratio on the folded forms, raised when every
   word of the shorter name occurs in the longer one ("Ban Tuyên giáo Huyện ủy" against
   "Ban Tuyên giáo Huyện ủy Tam Đường"). The best candidate is taken only when its score is at
   least :data:`AUTO_ACCEPT` and clearly ahead of the next; otherwise the name stays
   unmatched and the candidates are offered with their scores.

A name that starts with "các", "tất cả", "mỗi" or "từng" ("Các chi bộ trực thuộc", "Các chi, đảng bộ cơ sở",
"Các cấp ủy, tổ chức đảng"), or is a bare plural kind ("đảng bộ cơ sở", "đoàn thể xã"), is *collective*: it names a set of unit kinds, and publishing
expands it to units of those kinds (see :func:`expand_collective` for the rule).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from kehoach.organisations.models import Organisation, OrganisationAlias, OrganisationKind
from kehoach.text import fold

FUZZY_MIN = 0.6
AUTO_ACCEPT = 0.85
AMBIGUITY_MARGIN = 0.05
MAX_CANDIDATES = 5

K = OrganisationKind
_PARTY_ORGS = (K.DISTRICT_COMMITTEE, K.PARTY_COMMITTEE, K.PARTY_CELL)
# Folded patterns → the kinds of unit a collective name designates.
_COLLECTIVE_KINDS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\bcap uy\b|\bto chuc (co so )?dang\b"), _PARTY_ORGS),
    (re.compile(r"\bchi bo\b|\bchi, ?dang bo\b|\bchi, ?dang uy\b"), (K.PARTY_CELL,)),
    (re.compile(r"\bdang uy\b|\bdang bo\b"), (K.PARTY_COMMITTEE,)),
    (re.compile(r"\bhuyen uy\b|\bthi uy\b|\bthanh uy\b"), (K.DISTRICT_COMMITTEE,)),
    (re.compile(r"\bban (xay dung dang|dang|tham muu)\b|^cac ban\b(?!,? nganh)"), (K.ADVISORY_BOARD,)),
    (re.compile(r"\bban,? nganh\b"), (K.DEPARTMENT, K.OFFICE)),
    (re.compile(r"\bphong\b"), (K.OFFICE,)),
    (re.compile(r"(?<!\bco )\bso\b"), (K.DEPARTMENT,)),  # "sở", not "cơ sở"
    (re.compile(r"\bubnd\b|\buy ban nhan dan\b"), (K.PEOPLES_COMMITTEE,)),
    (re.compile(r"\bmat tran\b|\bmttq\b"), (K.FATHERLAND_FRONT,)),
    (re.compile(r"\bdoan the\b|\bto chuc chinh tri - xa hoi\b"), (K.FATHERLAND_FRONT, K.MASS_ORGANISATION)),
    (re.compile(r"\btruong\b"), (K.SCHOOL,)),
]
_COLLECTIVE_START = re.compile(r"^(cac|tat ca( cac)?|toan the|moi|tung)\b")
# Plural without a determiner, as lists split by the parser leave them: "đảng bộ cơ sở",
# "chi bộ trực thuộc", "đoàn thể xã".
_BARE_COLLECTIVE = re.compile(
    r"^(chi bo|dang bo|dang uy|chi, dang bo|to chuc (co so )?dang) (co so|truc thuoc)$"
    r"|^doan the( (xa|phuong|huyen|tinh|thi xa|thanh pho))?$"
)
_DIRECT_ONLY = re.compile(r"\btruc thuoc\b|\bco so\b")


class Scope:
    CHILDREN = "children"
    SUBTREE = "subtree"


@dataclass(frozen=True)
class Collective:
    """A collective unit name: every unit of ``kinds`` under the plan owner, by ``scope``."""

    kinds: tuple[str, ...]
    scope: str


@dataclass(frozen=True)
class Candidate:
    organisation: Organisation
    score: float
    how: str  # "exact", "alias" or "fuzzy"


@dataclass
class UnitMatch:
    name: str
    status: str  # "exact", "alias", "fuzzy", "collective" or "unmatched"
    candidates: list[Candidate] = field(default_factory=list)
    collective: Collective | None = None

    @property
    def organisation(self) -> Organisation | None:
        """The unit chosen automatically, or None (unmatched or collective)."""
        if self.status in {"exact", "alias", "fuzzy"}:
            return self.candidates[0].organisation
        return None

    @property
    def score(self) -> float | None:
        return self.candidates[0].score if self.organisation is not None else None


def collective_of(name: str) -> Collective | None:
    """The collective reading of ``name`` ("Các chi bộ trực thuộc"), or None for a single unit.

    A name that starts with "các" but names no kind we know ("các cơ quan, đơn vị chức
    năng") returns a Collective with no kinds: it must be resolved by hand.
    """
    key = fold(name)
    if not (_COLLECTIVE_START.match(key) or _BARE_COLLECTIVE.match(key)):
        return None
    kinds: list[str] = []
    for pattern, designated in _COLLECTIVE_KINDS:
        if pattern.search(key):
            kinds.extend(k for k in designated if k not in kinds)
            if designated == _PARTY_ORGS:
                break  # "cấp ủy, tổ chức đảng" already names every party body
    scope = Scope.CHILDREN if _DIRECT_ONLY.search(key) else Scope.SUBTREE
    return Collective(kinds=tuple(kinds), scope=scope)


def similarity(a: str, b: str) -> float:
    """Score in [0, 1] between two folded names."""
    if not a or not b:
        return 0.0
    score = SequenceMatcher(None, a, b).ratio()
    wa, wb = a.split(), b.split()
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(shorter) >= 2 and _is_subsequence(shorter, longer):
        score = max(score, 0.75 + 0.25 * len(shorter) / len(longer))
    return round(score, 3)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


class UnitIndex:
    """The names and aliases of the units under one organisation, loaded in two queries, so
    that matching a whole plan's names costs no more queries than matching one."""

    def __init__(self, within: Organisation, on: dt.date | None = None) -> None:
        self.within = within
        units = list(Organisation.objects.subtree(within).active(on))
        self.units = {u.pk: u for u in units}
        self.names: list[tuple[str, Organisation]] = []
        for unit in units:
            self.names.append((fold(unit.name), unit))
            if unit.short_name:
                self.names.append((fold(unit.short_name), unit))
        self.aliases: list[tuple[str, Organisation]] = [
            (key, self.units[org_id])
            for key, org_id in OrganisationAlias.objects.filter(organisation__in=units).values_list(
                "search_key", "organisation_id"
            )
        ]

    def match(self, name: str) -> UnitMatch:
        key = fold(name)
        collective = collective_of(name)
        if collective is not None:
            status = "collective" if collective.kinds else "unmatched"
            return UnitMatch(name=name, status=status, collective=collective)
        for how, table in (("exact", self.names), ("alias", self.aliases)):
            hits = _unique([unit for k, unit in table if k == key])
            if len(hits) == 1:
                return UnitMatch(name=name, status=how, candidates=[Candidate(hits[0], 1.0, how)])
            if len(hits) > 1:
                return UnitMatch(
                    name=name, status="unmatched", candidates=[Candidate(u, 1.0, how) for u in hits]
                )
        best: dict[int, float] = {}
        for k, unit in (*self.names, *self.aliases):
            score = similarity(key, k)
            if score >= FUZZY_MIN and score > best.get(unit.pk, 0.0):
                best[unit.pk] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.units[item[0]].path))[:MAX_CANDIDATES]
        candidates = [Candidate(self.units[pk], score, "fuzzy") for pk, score in ranked]
        accepted = (
            bool(candidates)
            and candidates[0].score >= AUTO_ACCEPT
            and (len(candidates) == 1 or candidates[0].score - candidates[1].score >= AMBIGUITY_MARGIN)
        )
        return UnitMatch(name=name, status="fuzzy" if accepted else "unmatched", candidates=candidates)


def _unique(units: list[Organisation]) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for unit in units:
        seen.setdefault(unit.pk, unit)
    return list(seen.values())


def match_units(names: list[str], within: Organisation, on: dt.date | None = None) -> list[UnitMatch]:
    """Match each of ``names`` to the units of ``within``'s subtree (see the module docstring)."""
    index = UnitIndex(within, on)
    return [index.match(name) for name in names]


def expand_collective(
    collective: Collective, within: Organisation, on: dt.date | None = None
) -> list[Organisation]:
    """The units a collective name designates under ``within``, in tree order.

    - ``children`` scope ("… trực thuộc", "… cơ sở"): the units of those kinds directly under
      ``within``;
    - ``subtree`` scope ("Các chi bộ"): every unit of those kinds anywhere below ``within``
      that has no unit of those kinds between it and ``within`` — the nearest ones on each
      branch, so a plan reaches each branch once and nested units receive it from their own
      superior's implementing plan.

    Only units that exist on ``on`` are included.
    """
    if not collective.kinds:
        return []
    units = list(
        Organisation.objects.subtree(within, include_self=False).active(on).filter(kind__in=collective.kinds)
    )
    if collective.scope == Scope.CHILDREN:
        return [u for u in units if u.parent_id == within.pk]
    matching = {u.pk for u in units}
    return [u for u in units if not any(a in matching for a in u.ancestor_ids[within.depth + 1 :])]
