"""Writes for the organisation domain. Each state change is one function with one audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.orgs.choices import CommitteePosition, Language, MeetingCadence, Role
from tatakelola.orgs.models import (
    CommitteeMembership,
    Department,
    GovernanceCommittee,
    Organisation,
    Person,
    RoleAssignment,
)
from tatakelola.utilities.errors import DomainError


def organisation_create(*, actor: Actor, name: str, slug: str, legal_name: str = "", sector: str = "") -> Organisation:
    with transaction.atomic():
        if Organisation.objects.filter(slug=slug).exists():
            raise DomainError(_("An organisation with this short name already exists."), field="slug")
        organisation = Organisation.objects.create(name=name, slug=slug, legal_name=legal_name, sector=sector)
        audit_record(
            actor=actor,
            action="orgs.organisation.create",
            target=organisation,
            organisation_id=organisation.pk,
            after={"name": name, "slug": slug, "legal_name": legal_name, "sector": sector},
        )
    return organisation


def organisation_set_noncommercial_models(*, actor: Actor, organisation: Organisation, allowed: bool) -> Organisation:
    """Allow or forbid classifiers trained on non-commercial data for this organisation's messages.

    Allowing them is the governance admin's statement that the organisation uses the platform
    non-commercially (the data licence is CC BY-NC-SA); the deployment's
    ``TATAKELOLA_NONCOMMERCIAL_MODELS=false`` keeps them off regardless.
    """
    allowed = bool(allowed)
    with transaction.atomic():
        before = (
            Organisation.objects.select_for_update()
            .values_list("noncommercial_models_allowed", flat=True)
            .get(pk=organisation.pk)
        )
        organisation.noncommercial_models_allowed = allowed
        if before == allowed:
            return organisation
        organisation.save(update_fields=["noncommercial_models_allowed"])
        audit_record(
            actor=actor,
            action="orgs.organisation.set_noncommercial_models",
            target=organisation,
            organisation_id=organisation.pk,
            before={"noncommercial_models_allowed": before},
            after={"noncommercial_models_allowed": allowed},
        )
    return organisation


def organisation_set_domains(*, actor: Actor, organisation: Organisation, domains: Iterable[str]) -> Organisation:
    """Set the organisation's own internet domains (what look-alike links imitate, and where its own
    e-mail addresses live). Values are normalised (``https://www.Bank.co.id/`` -> ``bank.co.id``);
    one that is not a domain name is refused with the reason."""
    from tatakelola.scan.orgcontext import OrgContextError, normalize_domains

    try:
        cleaned = list(normalize_domains(domains))
    except OrgContextError as exc:
        raise DomainError(_("Not a domain name: %(reason)s") % {"reason": exc}, field="domains") from exc
    with transaction.atomic():
        before = Organisation.objects.select_for_update().values_list("domains", flat=True).get(pk=organisation.pk)
        organisation.domains = cleaned
        if list(before or []) == cleaned:
            return organisation
        organisation.save(update_fields=["domains"])
        audit_record(
            actor=actor,
            action="orgs.organisation.set_domains",
            target=organisation,
            organisation_id=organisation.pk,
            before={"domains": list(before or [])},
            after={"domains": cleaned},
        )
    return organisation


def department_create(
    *, actor: Actor, organisation: Organisation, name: str, code: str, description: str = ""
) -> Department:
    name, code = name.strip(), code.strip().lower()
    if not name or not code:
        raise DomainError(_("A department needs a name and a code."))
    with transaction.atomic():
        if organisation.departments.filter(code=code).exists():
            raise DomainError(_("A department with this code already exists."), field="code")
        if organisation.departments.filter(name=name).exists():
            raise DomainError(_("A department with this name already exists."), field="name")
        department = Department.objects.create(organisation=organisation, name=name, code=code, description=description)
        audit_record(
            actor=actor,
            action="orgs.department.create",
            target=department,
            organisation_id=organisation.pk,
            after={"name": name, "code": code, "description": description},
        )
    return department


def _role_values(roles: Iterable[str]) -> list[str]:
    values = sorted(set(roles))
    unknown = [role for role in values if role not in Role.values]
    if unknown:
        raise DomainError(_("Unknown role: %(roles)s") % {"roles": ", ".join(unknown)}, field="roles")
    return values


def person_create(
    *,
    actor: Actor,
    organisation: Organisation,
    full_name: str,
    email: str = "",
    department: Department | None = None,
    job_title: str = "",
    roles: Iterable[str] = (Role.EMPLOYEE,),
    username: str | None = None,
    password: str | None = None,
    language: str = Language.INDONESIAN,
) -> Person:
    """Add a person; with ``username`` they also get a login."""
    role_values = _role_values(roles)
    if department is not None and department.organisation_id != organisation.pk:
        raise DomainError(_("The department belongs to another organisation."), field="department")
    with transaction.atomic():
        user: User | None = None
        if username:
            user_model = get_user_model()
            if user_model.objects.filter(username=username).exists():
                raise DomainError(_("This username is already taken."), field="username")
            user = user_model.objects.create_user(username=username, email=email, password=password)
        person = Person.objects.create(
            organisation=organisation,
            department=department,
            user=user,
            full_name=full_name,
            email=email,
            job_title=job_title,
            language=language,
        )
        RoleAssignment.objects.bulk_create(RoleAssignment(person=person, role=role) for role in role_values)
        audit_record(
            actor=actor,
            action="orgs.person.create",
            target=person,
            organisation_id=organisation.pk,
            after={
                "full_name": full_name,
                "email": email,
                "job_title": job_title,
                "department": department.code if department else None,
                "roles": role_values,
                "username": username or None,
            },
        )
    return person


def person_set_roles(*, actor: Actor, person: Person, roles: Iterable[str]) -> Person:
    role_values = _role_values(roles)
    with transaction.atomic():
        before = sorted(person.role_assignments.values_list("role", flat=True))
        if before == role_values:
            return person
        if Role.GOVERNANCE_ADMIN in before and Role.GOVERNANCE_ADMIN not in role_values:
            others = RoleAssignment.objects.filter(
                role=Role.GOVERNANCE_ADMIN,
                person__organisation_id=person.organisation_id,
                person__is_active=True,
                person__user__is_active=True,
            ).exclude(person=person)
            if not others.exists():
                raise DomainError(
                    _(
                        "%(name)s is the organisation's last governance admin: give another active person that role "
                        "first."
                    )
                    % {"name": person.full_name},
                    field="roles",
                )
        person.role_assignments.exclude(role__in=role_values).delete()
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(person=person, role=role) for role in role_values if role not in before]
        )
        audit_record(
            actor=actor,
            action="orgs.person.set_roles",
            target=person,
            organisation_id=person.organisation_id,
            before={"roles": before},
            after={"roles": role_values},
        )
    return person


def person_set_language(*, actor: Actor, person: Person, language: str) -> Person:
    if language not in Language.values:
        raise DomainError(_("Unsupported language."), field="language")
    if person.language == language:
        return person
    with transaction.atomic():
        before = person.language
        person.language = language
        person.save(update_fields=["language"])
        audit_record(
            actor=actor,
            action="orgs.person.set_language",
            target=person,
            organisation_id=person.organisation_id,
            before={"language": before},
            after={"language": language},
        )
    return person


def committee_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    charter: str = "",
    meeting_cadence: str = MeetingCadence.MONTHLY,
    next_meeting: Any = None,
) -> GovernanceCommittee:
    if meeting_cadence not in MeetingCadence.values:
        raise DomainError(_("Unknown meeting cadence."), field="meeting_cadence")
    with transaction.atomic():
        if GovernanceCommittee.objects.filter(organisation=organisation).exists():
            raise DomainError(_("This organisation already has a governance committee."))
        committee = GovernanceCommittee.objects.create(
            organisation=organisation,
            name=name,
            charter=charter,
            meeting_cadence=meeting_cadence,
            next_meeting=next_meeting,
        )
        audit_record(
            actor=actor,
            action="orgs.committee.create",
            target=committee,
            organisation_id=organisation.pk,
            after={"name": name, "meeting_cadence": meeting_cadence, "next_meeting": next_meeting},
        )
    return committee


def committee_member_add(
    *,
    actor: Actor,
    committee: GovernanceCommittee,
    person: Person,
    position: str = CommitteePosition.MEMBER,
    responsibility: str = "",
) -> CommitteeMembership:
    if person.organisation_id != committee.organisation_id:
        raise DomainError(_("Only people of the same organisation can sit on its committee."), field="person")
    if position not in CommitteePosition.values:
        raise DomainError(_("Unknown committee position."), field="position")
    with transaction.atomic():
        if committee.memberships.filter(person=person).exists():
            raise DomainError(_("This person already sits on the committee."), field="person")
        if position == CommitteePosition.CHAIR and committee.memberships.filter(position=position).exists():
            raise DomainError(_("The committee already has a chair."), field="position")
        try:
            membership = CommitteeMembership.objects.create(
                committee=committee, person=person, position=position, responsibility=responsibility
            )
        except IntegrityError as exc:  # a concurrent request took the seat first
            raise DomainError(_("The committee changed meanwhile; please try again.")) from exc
        audit_record(
            actor=actor,
            action="orgs.committee.member_add",
            target=membership,
            organisation_id=committee.organisation_id,
            after={"person": person.full_name, "position": position, "responsibility": responsibility},
        )
    return membership


def committee_member_remove(*, actor: Actor, membership: CommitteeMembership) -> None:
    with transaction.atomic():
        before = {
            "person": membership.person.full_name,
            "position": membership.position,
            "responsibility": membership.responsibility,
        }
        organisation_id = membership.committee.organisation_id
        audit_record(
            actor=actor,
            action="orgs.committee.member_remove",
            target=membership,
            organisation_id=organisation_id,
            before=before,
        )
        membership.delete()
