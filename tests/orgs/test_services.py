"""Organisation services: validation, one audit entry per change, domain errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tatakelola.audit.models import AuditEntry
from tatakelola.orgs import services
from tatakelola.orgs.choices import CommitteePosition, Role
from tatakelola.orgs.models import CommitteeMembership, Organisation, Person
from tatakelola.orgs.selectors import governance_overview, user_capabilities
from tatakelola.utilities.errors import DomainError


@pytest.fixture
def org(db: None) -> Organisation:
    return services.organisation_create(actor=None, name="PT Contoh", slug="contoh")


def test_unknown_role_is_refused_and_nothing_is_saved(org: Organisation) -> None:
    with pytest.raises(DomainError, match="Unknown role"):
        services.person_create(actor=None, organisation=org, full_name="Budi", roles=["emperor"])
    assert not Person.objects.exists()


def test_set_roles_records_before_and_after(org: Organisation) -> None:
    person = services.person_create(actor=None, organisation=org, full_name="Budi", roles=[Role.EMPLOYEE])
    services.person_set_roles(actor=None, person=person, roles=[Role.REVIEWER, Role.EMPLOYEE])
    entry = AuditEntry.objects.filter(action="orgs.person.set_roles").get()
    assert entry.before == {"roles": ["employee"]}
    assert entry.after == {"roles": ["employee", "reviewer"]}


def test_setting_the_same_roles_writes_nothing(org: Organisation) -> None:
    person = services.person_create(actor=None, organisation=org, full_name="Budi")
    count = AuditEntry.objects.count()
    services.person_set_roles(actor=None, person=person, roles=[Role.EMPLOYEE])
    assert AuditEntry.objects.count() == count


def test_committee_has_at_most_one_chair(org: Organisation) -> None:
    committee = services.committee_create(actor=None, organisation=org, name="Komite")
    a = services.person_create(actor=None, organisation=org, full_name="A")
    b = services.person_create(actor=None, organisation=org, full_name="B")
    services.committee_member_add(actor=None, committee=committee, person=a, position=CommitteePosition.CHAIR)
    with pytest.raises(DomainError, match="already has a chair"):
        services.committee_member_add(actor=None, committee=committee, person=b, position=CommitteePosition.CHAIR)
    assert CommitteeMembership.objects.count() == 1


def test_committee_refuses_people_of_another_organisation(org: Organisation) -> None:
    other = services.organisation_create(actor=None, name="PT Lain", slug="lain")
    committee = services.committee_create(actor=None, organisation=org, name="Komite")
    outsider = services.person_create(actor=None, organisation=other, full_name="Orang Luar")
    with pytest.raises(DomainError):
        services.committee_member_add(actor=None, committee=committee, person=outsider)


def test_department_codes_are_unique_per_organisation(org: Organisation) -> None:
    services.department_create(actor=None, organisation=org, name="Hukum", code="hukum")
    with pytest.raises(DomainError, match="already exists"):
        services.department_create(actor=None, organisation=org, name="Legal", code="HUKUM")
    other = services.organisation_create(actor=None, name="PT Lain", slug="lain")
    services.department_create(actor=None, organisation=other, name="Hukum", code="hukum")


def test_capabilities_are_the_union_of_roles(org: Organisation) -> None:
    person = services.person_create(
        actor=None,
        organisation=org,
        full_name="Budi",
        roles=[Role.REVIEWER, Role.RISK_MANAGER],
        username="budi",
        password="x",
    )
    capabilities = user_capabilities(user=person.user)
    assert "audit.view" in capabilities  # from risk manager
    assert "org.manage" not in capabilities


def test_inactive_person_loses_every_capability(org: Organisation) -> None:
    person = services.person_create(
        actor=None, organisation=org, full_name="Budi", roles=[Role.GOVERNANCE_ADMIN], username="budi", password="x"
    )
    Person.objects.filter(pk=person.pk).update(is_active=False)
    assert user_capabilities(user=person.user) == frozenset()


def test_overview_warns_about_a_thin_committee(org: Organisation) -> None:
    person = services.person_create(actor=None, organisation=org, full_name="Budi", username="budi", password="x")
    services.committee_create(actor=None, organisation=org, name="Komite")
    warnings = governance_overview(user=person.user).warnings
    assert any("chair" in w for w in warnings)
    assert any("three departments" in w for w in warnings)


def test_demo_overview_has_no_warnings_and_spans_departments(client_for: Callable[[str], Client]) -> None:
    response = client_for("admin").get("/")
    overview = response.context["overview"]
    assert overview.warnings == []
    assert len(overview.departments_on_committee) >= 5
    assert overview.committee.get_meeting_cadence_display()


def test_admin_edits_roles_through_the_page(client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    person = Person.objects.get(user__username="karyawan")
    response = admin.post(f"/org/people/{person.pk}/roles/", {"roles": ["employee", "reviewer"]})
    assert response.status_code == 302
    assert sorted(person.role_assignments.values_list("role", flat=True)) == ["employee", "reviewer"]
    assert AuditEntry.objects.filter(action="orgs.person.set_roles", actor="admin").exists()


def test_duplicate_department_form_shows_error_and_keeps_input(client_for: Callable[[str], Client]) -> None:
    response = client_for("admin").post("/org/departments/new/", {"name": "Hukum Baru", "code": "hukum"})
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert 'value="Hukum Baru"' in response.content.decode()


@pytest.mark.parametrize("username", ["admin", "auditor", "karyawan"])
def test_people_page_has_a_fixed_query_count(
    client_for: Callable[[str], Client], username: str, django_assert_max_num_queries: Callable[[int], object]
) -> None:
    client = client_for(username)
    if username == "karyawan":
        return
    with django_assert_max_num_queries(12):  # type: ignore[attr-defined]
        assert client.get("/org/people/").status_code == 200
