"""Reads for the organisation domain; each one is scoped to what the viewer may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tatakelola.access.capabilities import Capability, capabilities_for_roles
from tatakelola.orgs.choices import CommitteePosition, Role
from tatakelola.orgs.models import CommitteeMembership, Department, GovernanceCommittee, Organisation, Person

Viewer = User | AnonymousUser


def person_for_user(*, user: Viewer) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        return Person.objects.select_related("organisation", "department").get(user=user, is_active=True)
    except Person.DoesNotExist:
        return None


def user_roles(*, user: Viewer) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    roles = Person.objects.filter(user=user, is_active=True).values_list("role_assignments__role", flat=True)
    return frozenset(role for role in roles if role)


def user_capabilities(*, user: Viewer) -> frozenset[Capability]:
    return capabilities_for_roles(set(user_roles(user=user)))


def viewer_organisation(*, user: Viewer) -> Organisation:
    person = person_for_user(user=user)
    if person is None:
        raise Http404
    return person.organisation


def _people_with_roles() -> QuerySet[Person]:
    return Person.objects.select_related("department", "user").prefetch_related("role_assignments")


def person_list(*, user: Viewer, department_code: str = "", role: str = "") -> QuerySet[Person]:
    organisation = viewer_organisation(user=user)
    people = _people_with_roles().filter(organisation=organisation)
    if department_code:
        people = people.filter(department__code=department_code)
    if role:
        people = people.filter(role_assignments__role=role)
    return people.order_by("full_name")


def person_get(*, user: Viewer, person_id: int) -> Person:
    organisation = viewer_organisation(user=user)
    try:
        return _people_with_roles().get(organisation=organisation, pk=person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


def department_list(*, user: Viewer) -> QuerySet[Department]:
    from django.db.models import Count

    organisation = viewer_organisation(user=user)
    return organisation.departments.annotate(headcount=Count("people")).order_by("name")


def committee_get(*, user: Viewer) -> GovernanceCommittee | None:
    organisation = viewer_organisation(user=user)
    memberships = CommitteeMembership.objects.select_related("person__department").prefetch_related(
        "person__role_assignments"
    )
    return (
        GovernanceCommittee.objects.filter(organisation=organisation)
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .first()
    )


@dataclass(frozen=True)
class RoleSummary:
    role: Role
    holders: list[Person]
    capabilities: list[Capability]


@dataclass
class GovernanceOverview:
    organisation: Organisation
    committee: GovernanceCommittee | None
    memberships: list[CommitteeMembership]
    roles: list[RoleSummary]
    departments_on_committee: list[str]
    warnings: list[str] = field(default_factory=list)


def governance_overview(*, user: Viewer) -> GovernanceOverview:
    """The organisation, its committee and who holds each role: the home page's content."""
    from django.utils.translation import gettext as _

    from tatakelola.access.capabilities import ROLE_CAPABILITIES

    organisation = viewer_organisation(user=user)
    committee = committee_get(user=user)
    memberships = list(committee.memberships.all()) if committee else []
    holders: dict[str, list[Person]] = {role: [] for role in Role.values}
    for person in _people_with_roles().filter(organisation=organisation, is_active=True):
        for assignment in person.role_assignments.all():
            # Everyone is an employee; listing them all would drown the governance roles.
            if assignment.role != Role.EMPLOYEE:
                holders[assignment.role].append(person)
    roles = [
        RoleSummary(
            role=Role(role), holders=holders[role], capabilities=[c for c in Capability if c in ROLE_CAPABILITIES[role]]
        )
        for role in Role.values
    ]
    departments = Counter(m.person.department.name for m in memberships if m.person.department)
    warnings: list[str] = []
    if committee is None:
        warnings.append(_("No governance committee has been set up yet."))
    else:
        if not any(m.position == CommitteePosition.CHAIR for m in memberships):
            warnings.append(_("The governance committee has no chair."))
        if len(departments) < 3:
            warnings.append(_("The governance committee should span at least three departments."))
    for role in (Role.GOVERNANCE_ADMIN, Role.COMPLIANCE_OFFICER):
        if not holders[role]:
            warnings.append(_("Nobody holds the role %(role)s.") % {"role": Role(role).label})
    return GovernanceOverview(
        organisation=organisation,
        committee=committee,
        memberships=memberships,
        roles=roles,
        departments_on_committee=sorted(departments),
        warnings=warnings,
    )


@dataclass(frozen=True)
class ScanOrganisation:
    """The organisation a command-line scan runs for, and its own domains."""

    slug: str
    domains: tuple[str, ...]


class ScanOrganisationUnknown(LookupError):
    """No organisation with that short name, or several and none named (the message lists them)."""


def scan_organisation(*, slug: str | None = None) -> ScanOrganisation | None:
    """The organisation whose domains ``tatakelola scan`` uses inside a configured platform.

    Not scoped to a viewer: the command line is run by an operator of the installation. With
    ``slug``, that organisation (``ScanOrganisationUnknown`` if there is none); without it, the only
    organisation of a single-organisation installation (such as the demo), ``None`` when there is
    none, and ``ScanOrganisationUnknown`` when there are several.
    """
    rows = Organisation.objects.order_by("slug").values_list("slug", "domains")
    if slug is not None:
        found = rows.filter(slug=slug).first()
        if found is None:
            raise ScanOrganisationUnknown(f"no organisation {slug!r} (known: {', '.join(s for s, _ in rows)})")
        return ScanOrganisation(found[0], tuple(found[1] or ()))
    first_two = list(rows[:2])
    if not first_two:
        return None
    if len(first_two) > 1:
        known = ", ".join(s for s, _ in rows[:20])
        raise ScanOrganisationUnknown(f"several organisations ({known}): name one with --organisation SLUG")
    return ScanOrganisation(first_two[0][0], tuple(first_two[0][1] or ()))
