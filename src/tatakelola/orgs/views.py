"""Thin views: parse input, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tatakelola.access import Capability, requires
from tatakelola.api.selectors import token_list
from tatakelola.orgs import login_throttle, selectors, services
from tatakelola.orgs.choices import Role
from tatakelola.orgs.forms import CommitteeMemberForm, DepartmentForm, PersonRolesForm
from tatakelola.orgs.models import CommitteeMembership
from tatakelola.utilities.errors import DomainError


@require_GET
@requires(Capability.PEOPLE_VIEW)
def people(request: HttpRequest) -> HttpResponse:
    department = request.GET.get("department", "")
    role = request.GET.get("role", "")
    context = {
        "people": selectors.person_list(user=request.user, department_code=department, role=role),
        "departments": selectors.department_list(user=request.user),
        "roles": Role.choices,
        "selected_department": department,
        "selected_role": role,
    }
    template = "orgs/partials/people_table.html" if request.htmx else "orgs/people.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@requires(Capability.ORG_MANAGE)
def person_roles(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id)
    current = [a.role for a in person.role_assignments.all()]
    form = PersonRolesForm(request.POST if request.method == "POST" else None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_set_roles(actor=request.user, person=person, roles=form.cleaned_data["roles"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Roles of %(name)s saved.") % {"name": person.full_name})
            return redirect("orgs:people")
    context = {"person": person, "form": form, "login_state": login_throttle.login_state(person=person)}
    return render(request, "orgs/person_roles.html", context, status=400 if form.errors else 200)


@require_POST
@requires(Capability.ORG_MANAGE)
def person_unlock(request: HttpRequest, person_id: int) -> HttpResponse:
    """Lift a sign-in lock at once (the person called the help desk, the attack is over)."""
    person = selectors.person_get(user=request.user, person_id=person_id)
    if login_throttle.login_unlock(actor=request.user, person=person):
        messages.success(request, _("Sign-in for %(name)s is unlocked.") % {"name": person.full_name})
    else:
        messages.info(request, _("Sign-in for %(name)s was not locked.") % {"name": person.full_name})
    return redirect("orgs:person_roles", person_id=person.pk)


@require_GET
@requires(Capability.PEOPLE_VIEW)
def departments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "orgs/departments.html",
        {
            "departments": selectors.department_list(user=request.user),
            "form": DepartmentForm(),
        },
    )


@require_POST
@requires(Capability.ORG_MANAGE)
def department_create(request: HttpRequest) -> HttpResponse:
    form = DepartmentForm(request.POST)
    if form.is_valid():
        try:
            services.department_create(
                actor=request.user,
                organisation=selectors.viewer_organisation(user=request.user),
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Department created."))
            return redirect("orgs:departments")
    return render(
        request,
        "orgs/departments.html",
        {"departments": selectors.department_list(user=request.user), "form": form},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.ORG_MANAGE)
def committee_manage(request: HttpRequest) -> HttpResponse:
    committee = selectors.committee_get(user=request.user)
    if committee is None:
        raise Http404
    form = CommitteeMemberForm(request.POST or None, organisation_id=committee.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_member_add(actor=request.user, committee=committee, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Committee member added."))
            return redirect("orgs:committee")
    return render(request, "orgs/committee.html", {"committee": committee, "form": form})


@require_POST
@requires(Capability.ORG_MANAGE)
def committee_member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    organisation = selectors.viewer_organisation(user=request.user)
    try:
        membership = CommitteeMembership.objects.select_related("person", "committee").get(
            pk=membership_id, committee__organisation=organisation
        )
    except CommitteeMembership.DoesNotExist as exc:
        raise Http404 from exc
    services.committee_member_remove(actor=request.user, membership=membership)
    messages.success(request, _("Committee member removed."))
    return redirect("orgs:committee")


@require_GET
@requires(Capability.ORG_VIEW)
def profile(request: HttpRequest) -> HttpResponse:
    person = selectors.person_for_user(user=request.user)
    return render(
        request,
        "orgs/profile.html",
        {
            "person": person,
            "tokens": token_list(user=request.user),
        },
    )
