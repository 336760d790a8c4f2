"""Who may see and do what — the only place that decides it (ADR 0003).

Services, the API, the pages and the exports all ask these functions; none of them tests
roles itself. The rules:

- A user holds *memberships*: a role in one organisation. A superuser is a system
  administrator and may do everything.
- **Reading.** A user reads the subtree of each organisation they belong to, whatever the
  role: its units, people (not for plain members), and the assignments and reports of those
  units. A published plan is readable when its issuer is in that subtree, above it (a
  superior's plan is addressed to the units below), or when it assigns work to a unit in
  it; a draft only by those who edit it (the plan office of its issuer). The
  issuer's readers also read every assignment of the issuer's plans. Nobody reads a sibling
  unit's reports: a unit sees its own assignments and those below it, not its neighbours'.
- **Acting** happens in the user's own organisation, never in the subtree:
  ``plan_office`` creates, edits and publishes its organisation's plans and closes or
  reopens their assignments; ``unit_officer`` and ``plan_office`` start, report on and close
  the assignments given to their organisation; ``admin`` manages the tree, people and
  accounts of its subtree; ``leader`` and ``member`` only read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kehoach.accounts.models import Membership, Role
from kehoach.errors import NotAllowed
from kehoach.organisations.models import Organisation, Person

if TYPE_CHECKING:
    from kehoach.plans.models import Assignment, Plan, Report

ALL_ROLES = frozenset(Role.values)
REPORTERS = frozenset({Role.UNIT_OFFICER, Role.PLAN_OFFICE})
PEOPLE_READERS = frozenset({Role.ADMIN, Role.PLAN_OFFICE, Role.UNIT_OFFICER, Role.LEADER})

_CACHE = "_kehoach_memberships"


# --- the user's memberships -------------------------------------------------------------


def memberships(user: Any) -> list[Membership]:
    """The user's memberships with their organisations, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        setattr(user, _CACHE, cached)
    return cached


def forget(user: Any) -> None:
    """Drop the cached memberships (after they changed)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def _paths(user: Any, roles: frozenset[str] = ALL_ROLES) -> list[str]:
    return [m.organisation.path for m in memberships(user) if m.role in roles]


def _ancestor_ids(user: Any) -> set[int]:
    """The organisations above (and at) the user's own."""
    return {
        int(part) for m in memberships(user) for part in m.organisation.path.strip("/").split("/") if part
    }


def _within(path: str, roots: list[str]) -> bool:
    return any(path.startswith(root) for root in roots)


def _path_q(field: str, roots: list[str]) -> Q:
    """``field__path`` starts with one of ``roots``; an empty list matches nothing."""
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(**{f"{field}__startswith": root})
    return condition


def has_role(user: Any, org: Organisation, roles: frozenset[str]) -> bool:
    """True when the user holds one of ``roles`` in ``org`` itself (not above it)."""
    return any(m.organisation_id == org.pk and m.role in roles for m in memberships(user))


def require(allowed: bool, message: str | None = None, english: str | None = None) -> None:
    """Raise :class:`NotAllowed` unless ``allowed``."""
    if not allowed:
        if message and english:
            raise NotAllowed(message, english)
        raise NotAllowed()


# --- organisations and people -----------------------------------------------------------


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    if is_superuser(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(_path_q("path", _paths(user)))


def can_view_organisation(user: Any, org: Organisation) -> bool:
    return is_superuser(user) or _within(org.path, _paths(user))


def can_manage_organisation(user: Any, org: Organisation | None) -> bool:
    """Create units under ``org``, edit it, import into it (None: a new root tree)."""
    if is_superuser(user):
        return True
    return org is not None and _within(org.path, _paths(user, frozenset({Role.ADMIN})))


def people_visible_to(user: Any) -> QuerySet[Person]:
    if is_superuser(user):
        return Person.objects.all()
    return Person.objects.filter(_path_q("organisation__path", _paths(user, PEOPLE_READERS)))


def can_manage_people(user: Any, org: Organisation) -> bool:
    return can_manage_organisation(user, org)


def can_manage_accounts(user: Any, org: Organisation) -> bool:
    return can_manage_organisation(user, org)


# --- plans ------------------------------------------------------------------------------


def can_create_plan(user: Any, issuer: Organisation) -> bool:
    return is_superuser(user) or has_role(user, issuer, frozenset({Role.PLAN_OFFICE}))


def can_edit_plan(user: Any, plan: Plan) -> bool:
    """Edit a draft, publish it, correct a published plan's wording."""
    return can_create_plan(user, plan.issuer)


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    from kehoach.plans.models import Assignment, Plan, PlanStatus

    if is_superuser(user):
        return Plan.objects.all()
    readers = _paths(user)
    assigned = Assignment.objects.filter(_path_q("organisation__path", readers), task__plan=OuterRef("pk"))
    published = Q(status=PlanStatus.PUBLISHED) & (
        _path_q("issuer__path", readers) | Q(issuer_id__in=_ancestor_ids(user)) | Exists(assigned)
    )
    editors = [m.organisation_id for m in memberships(user) if m.role == Role.PLAN_OFFICE]
    drafts = Q(status=PlanStatus.DRAFT, issuer_id__in=editors)
    return Plan.objects.filter(published | drafts)


def can_view_plan(user: Any, plan: Plan) -> bool:
    from kehoach.plans.models import Assignment, PlanStatus

    if is_superuser(user) or can_edit_plan(user, plan):
        return True
    if plan.status == PlanStatus.DRAFT:
        return False
    readers = _paths(user)
    if _within(plan.issuer.path, readers) or plan.issuer_id in _ancestor_ids(user):
        return True
    return (
        bool(readers)
        and Assignment.objects.filter(_path_q("organisation__path", readers), task__plan=plan).exists()
    )


# --- assignments and reports ------------------------------------------------------------


def assignments_visible_to(user: Any) -> QuerySet[Assignment]:
    from kehoach.plans.models import Assignment

    if is_superuser(user):
        return Assignment.objects.all()
    readers = _paths(user)
    return Assignment.objects.filter(
        _path_q("organisation__path", readers) | _path_q("task__plan__issuer__path", readers)
    )


def can_view_assignment(user: Any, assignment: Assignment) -> bool:
    if is_superuser(user):
        return True
    readers = _paths(user)
    return _within(assignment.organisation.path, readers) or _within(
        assignment.task.plan.issuer.path, readers
    )


def can_report(user: Any, assignment: Assignment) -> bool:
    """Start, report on and close an assignment of one's own organisation."""
    return is_superuser(user) or has_role(user, assignment.organisation, REPORTERS)


def can_close_assignment(user: Any, assignment: Assignment) -> bool:
    return can_report(user, assignment) or can_edit_plan(user, assignment.task.plan)


def can_reopen_assignment(user: Any, assignment: Assignment) -> bool:
    """Only the plan's owner sends a finished assignment back."""
    return can_edit_plan(user, assignment.task.plan)


def reports_visible_to(user: Any) -> QuerySet[Report]:
    from kehoach.plans.models import Report

    if is_superuser(user):
        return Report.objects.all()
    readers = _paths(user)
    return Report.objects.filter(
        _path_q("assignment__organisation__path", readers)
        | _path_q("assignment__task__plan__issuer__path", readers)
    )


def can_view_report(user: Any, report: Report) -> bool:
    return can_view_assignment(user, report.assignment)
