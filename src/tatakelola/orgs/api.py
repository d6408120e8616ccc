"""The organisation's API router: thin wrappers over selectors and services."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from tatakelola.access import Capability, requires
from tatakelola.orgs import selectors, services
from tatakelola.orgs.models import Department, Person
from tatakelola.orgs.schemas import (
    CommitteeMemberOut,
    CommitteeOut,
    DepartmentCreateIn,
    DepartmentOut,
    OrganisationOut,
    PersonOut,
)

router = Router(tags=["organisation"])


@router.get("/", response=OrganisationOut)
@requires(Capability.ORG_VIEW)
def organisation(request: HttpRequest) -> OrganisationOut:
    org = selectors.viewer_organisation(user=request.user)
    committee = selectors.committee_get(user=request.user)
    return OrganisationOut(
        id=org.pk,
        name=org.name,
        slug=org.slug,
        legal_name=org.legal_name,
        sector=org.sector,
        country=org.country,
        time_zone=org.time_zone,
        departments=[DepartmentOut.from_orm(d) for d in selectors.department_list(user=request.user)],
        committee=CommitteeOut(
            name=committee.name,
            charter=committee.charter,
            meeting_cadence=committee.meeting_cadence,
            next_meeting=committee.next_meeting,
            members=[
                CommitteeMemberOut(
                    person_id=m.person_id,
                    full_name=m.person.full_name,
                    department=m.person.department.code if m.person.department else None,
                    position=m.position,
                    responsibility=m.responsibility,
                )
                for m in committee.memberships.all()
            ],
        )
        if committee
        else None,
    )


@router.get("/people", response=list[PersonOut])
@requires(Capability.PEOPLE_VIEW)
def people(request: HttpRequest, department: str = "", role: str = "") -> list[Person]:
    return list(selectors.person_list(user=request.user, department_code=department, role=role))


@router.get("/departments", response=list[DepartmentOut])
@requires(Capability.PEOPLE_VIEW)
def departments(request: HttpRequest) -> list[Department]:
    return list(selectors.department_list(user=request.user))


@router.post("/departments", response={201: DepartmentOut})
@requires(Capability.ORG_MANAGE)
def department_create(request: HttpRequest, payload: DepartmentCreateIn) -> Status[Any]:
    department = services.department_create(
        actor=request.user,
        organisation=selectors.viewer_organisation(user=request.user),
        name=payload.name,
        code=payload.code,
        description=payload.description,
    )
    return Status(201, department)
