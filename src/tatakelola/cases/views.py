"""Thin views: parse input, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tatakelola.access import Capability, requires
from tatakelola.access.decorators import user_capabilities
from tatakelola.cases import actions, selectors, services
from tatakelola.cases.choices import CASE_TRANSITIONS, AlertStatus, BreachRecipient, CaseStatus, DismissReason
from tatakelola.cases.forms import (
    ActionForm,
    AssignForm,
    BreachForm,
    BreachNoticeForm,
    BulkForm,
    CaseCreateForm,
    DecisionForm,
    EvidenceForm,
    NoteForm,
    SlaPolicyForm,
    StatusForm,
    SubjectForm,
)
from tatakelola.cases.models import SlaPolicy
from tatakelola.monitoring.choices import Platform, Severity
from tatakelola.monitoring.templatetags.monitoring_tags import rule_ids
from tatakelola.orgs.choices import Language
from tatakelola.orgs.models import Department
from tatakelola.orgs.selectors import viewer_organisation
from tatakelola.scan import builtin_packs
from tatakelola.utilities.errors import DomainError
from tatakelola.utilities.texts import render_text


def _without(request: HttpRequest, name: str) -> str:
    """The query string minus one parameter (pagination links keep the filters)."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _page(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() else 1


@require_GET
@requires(Capability.CASES_VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    filters = selectors.QueueFilters.from_query(request.GET.dict())
    page = selectors.alert_queue(user=request.user, filters=filters, page=_page(request))
    context = {
        "page": page,
        "filters": filters,
        "severities": Severity.choices,
        "statuses": AlertStatus.choices,
        "platforms": Platform.choices,
        "languages": Language.choices,
        "departments": Department.objects.filter(organisation=organisation).order_by("name"),
        "rules": sorted(rule_ids()),
        "packs": sorted(builtin_packs()),
        "reasons": DismissReason.choices,
        "bulk_form": BulkForm(organisation_id=organisation.pk),
        "can_triage": Capability.ALERTS_TRIAGE in user_capabilities(request),
        "query": request.GET.urlencode(),
        "page_query": _without(request, "page"),
    }
    # Rows only for an HTMX swap; a history restore (back button after a cache miss) needs the page.
    htmx = request.htmx  # type: ignore[attr-defined]
    template = "cases/partials/queue_rows.html" if htmx and not htmx.history_restore_request else "cases/queue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_POST
@requires(Capability.ALERTS_TRIAGE)
def alerts_bulk(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    ids = [int(v) for v in request.POST.getlist("alerts") if v.isdigit()]
    form = BulkForm(request.POST, organisation_id=organisation.pk)
    if not form.is_valid() or not ids:
        messages.error(request, _("Select alerts and a decision."))
        return redirect("cases:queue")
    alerts = selectors.alerts_get(user=request.user, alert_ids=ids)
    try:
        case = services.alerts_bulk(
            actor=request.user,
            alerts=alerts,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            assignee=form.cleaned_data["assignee"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cases:queue")
    messages.success(request, _("%(count)s alert(s) updated.") % {"count": len(alerts)})
    if case is not None:
        return redirect("cases:case", case_id=case.pk)
    return redirect("cases:queue")


@require_GET
@requires(Capability.CASES_VIEW)
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    return render(
        request,
        "cases/alert_detail.html",
        {
            "alert": alert,
            "message": alert.message,
            "thread": selectors.thread_context(alert),
            "decision_form": DecisionForm(),
            "assign_form": AssignForm(organisation_id=alert.organisation_id, initial={"assignee": alert.assignee_id}),
            "can_triage": Capability.ALERTS_TRIAGE in user_capabilities(request),
            "next_url": request.GET.get("next", ""),
        },
    )


@require_POST
@requires(Capability.ALERTS_TRIAGE)
def alert_decide(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("cases:alert", alert_id=alert.pk)
    data = form.cleaned_data
    try:
        if data["decision"] == "confirm":
            case = services.alert_confirm(actor=request.user, alert=alert, note=data["note"])
            messages.success(request, _("Alert confirmed; case %(case)s opened.") % {"case": case.reference})
        elif data["decision"] == "dismiss":
            services.alert_dismiss(actor=request.user, alert=alert, reason=data["reason"], note=data["note"])
            messages.success(request, _("Alert dismissed as a false positive."))
        else:
            case = services.alert_escalate(actor=request.user, alert=alert, note=data["note"])
            messages.success(request, _("Alert escalated in case %(case)s.") % {"case": case.reference})
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cases:alert", alert_id=alert.pk)
    return redirect(_next_in_queue(request))


def _next_in_queue(request: HttpRequest) -> str:
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("cases:queue")


@require_POST
@requires(Capability.ALERTS_TRIAGE)
def alert_assign(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    form = AssignForm(request.POST, organisation_id=alert.organisation_id)
    if form.is_valid():
        services.alert_assign(actor=request.user, alert=alert, assignee=form.cleaned_data["assignee"])
        messages.success(request, _("Alert assigned."))
    return redirect("cases:alert", alert_id=alert.pk)


@require_GET
@requires(Capability.CASES_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.CaseFilters.from_query(request.GET.dict())
    return render(
        request,
        "cases/case_list.html",
        {
            "cases": selectors.case_list(user=request.user, filters=filters),
            "filters": filters,
            "severities": Severity.choices,
            "statuses": CaseStatus.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.CASES_MANAGE)
def case_create(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    form = CaseCreateForm(request.POST or None, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, organisation=organisation, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("cases:case", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@requires(Capability.CASES_VIEW)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = selectors.case_detail(user=request.user, case_id=case_id)
    case = detail.case
    capabilities = user_capabilities(request)
    # Labels name the account and time only: the message text may hold personal data unmasked.
    message_choices = [
        (a.message_id, f"#{a.message_id} · {a.account}" + (f" · {a.message.author}" if a.message.author else ""))
        for a in detail.alerts
    ]
    status_form = StatusForm()
    status_form.fields["status"].choices = [  # type: ignore[attr-defined]
        (value, CaseStatus(value).label) for value in CASE_TRANSITIONS.get(case.status, ())
    ]
    return render(
        request,
        "cases/case_detail.html",
        {
            "detail": detail,
            "case": case,
            "status_form": status_form,
            "assign_form": AssignForm(organisation_id=case.organisation_id, initial={"assignee": case.assignee_id}),
            "subject_form": SubjectForm(organisation_id=case.organisation_id, initial={"subject": case.subject_id}),
            "note_form": NoteForm(),
            "evidence_form": EvidenceForm(),
            "action_form": ActionForm(organisation_id=case.organisation_id, messages=message_choices),
            "breach_form": BreachForm(),
            "notice_form": BreachNoticeForm(),
            "recipients": BreachRecipient,
            "can_manage": Capability.CASES_MANAGE in capabilities,
            "can_enforce": Capability.ENFORCEMENT in capabilities,
        },
    )


def _form_errors(request: HttpRequest, form: object) -> None:
    errors = getattr(form, "errors", {})
    messages.error(request, " ".join(str(e) for field_errors in errors.values() for e in field_errors))


@require_POST
@requires(Capability.CASES_MANAGE)
def case_status(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.case_transition(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Status changed."))
    return redirect("cases:case", case_id=case.pk)


@require_POST
@requires(Capability.CASES_MANAGE)
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = AssignForm(request.POST, organisation_id=case.organisation_id)
    if form.is_valid():
        services.case_assign(actor=request.user, case=case, assignee=form.cleaned_data["assignee"])
        messages.success(request, _("Case assigned."))
    else:
        _form_errors(request, form)
    return redirect("cases:case", case_id=case.pk)


@require_POST
@requires(Capability.CASES_MANAGE)
def case_subject(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = SubjectForm(request.POST, organisation_id=case.organisation_id)
    if form.is_valid():
        services.case_set_subject(actor=request.user, case=case, subject=form.cleaned_data["subject"])
        messages.success(request, _("Person concerned saved."))
    else:
        _form_errors(request, form)
    return redirect("cases:case", case_id=case.pk)


@require_POST
@requires(Capability.CASES_MANAGE)
def case_note(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.case_note(actor=request.user, case=case, text=form.cleaned_data["text"])
    else:
        _form_errors(request, form)
    return redirect("cases:case", case_id=case.pk)


@require_POST
@requires(Capability.CASES_MANAGE)
def case_evidence(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.case_evidence_add(
                actor=request.user,
                case=case,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Evidence stored."))
    return redirect("cases:case", case_id=case.pk)


@require_GET
@requires(Capability.CASES_VIEW)
def evidence_download(request: HttpRequest, case_id: int, evidence_id: int) -> FileResponse:
    evidence = selectors.evidence_get(user=request.user, case_id=case_id, evidence_id=evidence_id)
    # Always a download, never rendered inline: an uploaded HTML file must not run in our origin.
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@require_POST
@requires(Capability.ENFORCEMENT)
def case_action(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    case_messages = {m.pk: m for m in actions.case_messages(case)}
    form = ActionForm(
        request.POST, organisation_id=case.organisation_id, messages=[(pk, str(pk)) for pk in case_messages]
    )
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("cases:case", case_id=case.pk)
    data = form.cleaned_data
    message = case_messages.get(data["message"]) if data["message"] is not None else None
    try:
        action = actions.action_take(
            actor=request.user,
            case=case,
            kind=data["kind"],
            reason=data["reason"],
            message=message,
            person=data["person"],
            course=data["course"],
            due_date=data["due_date"],
            recipient=data["recipient"],
            language=data["language"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        (messages.warning if action.status == "failed" else messages.success)(request, render_text(action.result))
    return redirect("cases:case", case_id=case.pk)


@require_POST
@requires(Capability.CASES_MANAGE)
def case_breach(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = BreachForm(request.POST)
    if form.is_valid():
        try:
            services.breach_clock_start(
                actor=request.user,
                case=case,
                aware_at=form.cleaned_data["aware_at"],
                eu_residents=form.cleaned_data["eu_residents"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Breach clock started: notify within 3 x 24 hours."))
    else:
        _form_errors(request, form)
    return redirect("cases:case", case_id=case.pk)


@require_POST
@requires(Capability.CASES_MANAGE)
def breach_notice(request: HttpRequest, case_id: int, notice_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    notice = case.breach_notices.filter(pk=notice_id).first()
    form = BreachNoticeForm(request.POST)
    if notice is None or not form.is_valid():
        _form_errors(request, form)
        return redirect("cases:case", case_id=case.pk)
    try:
        services.breach_notice_record(
            actor=request.user,
            notice=notice,
            reference=form.cleaned_data["reference"],
            notified_at=form.cleaned_data["notified_at"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:case", case_id=case.pk)


@require_GET
@requires(Capability.OWN_CASES_VIEW)
def my_cases(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/my_cases.html", {"cases": selectors.own_cases(user=request.user)})


@require_GET
@requires(Capability.CASES_VIEW)
def precision(request: HttpRequest) -> HttpResponse:
    return render(
        request, "cases/precision.html", {"rows": selectors.rule_precision(user=request.user), "reasons": DismissReason}
    )


@require_GET
@requires(Capability.CASES_VIEW)
def settings_page(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    policies = services.sla_policies(organisation)
    return render(
        request,
        "cases/settings.html",
        {
            "policies": sorted(policies.values(), key=lambda p: p.resolve_within_hours),
            "can_configure": Capability.CASES_CONFIGURE in user_capabilities(request),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.CASES_CONFIGURE)
def sla_policy_edit(request: HttpRequest, policy_id: int) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    policy = SlaPolicy.objects.filter(pk=policy_id, organisation=organisation).first()
    if policy is None:
        from django.http import Http404

        raise Http404
    initial = {
        "resolve_within_hours": policy.resolve_within_hours,
        "warn_at_percent": policy.warn_at_percent,
        "escalate_to": policy.escalate_to,
    }
    form = SlaPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sla_policy_update(actor=request.user, policy=policy, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("SLA policy saved."))
            return redirect("cases:settings")
    return render(request, "cases/sla_form.html", {"form": form, "policy": policy}, status=400 if form.errors else 200)
