from datetime import date

from ninja import Schema


class DepartmentOut(Schema):
    id: int
    name: str
    code: str
    description: str
    headcount: int = 0


class DepartmentCreateIn(Schema):
    name: str
    code: str
    description: str = ""


class PersonOut(Schema):
    id: int
    full_name: str
    email: str
    job_title: str
    department: str | None
    roles: list[str]
    has_login: bool

    @staticmethod
    def resolve_department(obj: object) -> str | None:
        department = getattr(obj, "department", None)
        return department.code if department else None

    @staticmethod
    def resolve_roles(obj: object) -> list[str]:
        return sorted(a.role for a in obj.role_assignments.all())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_has_login(obj: object) -> bool:
        return getattr(obj, "user_id", None) is not None


class CommitteeMemberOut(Schema):
    person_id: int
    full_name: str
    department: str | None
    position: str
    responsibility: str


class CommitteeOut(Schema):
    name: str
    charter: str
    meeting_cadence: str
    next_meeting: date | None
    members: list[CommitteeMemberOut]


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    legal_name: str
    sector: str
    country: str
    time_zone: str
    departments: list[DepartmentOut]
    committee: CommitteeOut | None
