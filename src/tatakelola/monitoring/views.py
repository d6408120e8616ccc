"""Thin views: parse input, call one selector or service, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tatakelola.access import Capability, public, requires
from tatakelola.monitoring import selectors, services
from tatakelola.monitoring.forms import AccountForm, AccountUpdateForm, CredentialsForm, ImportForm, StatusForm
from tatakelola.orgs import services as org_services
from tatakelola.orgs.forms import NoncommercialModelsForm
from tatakelola.orgs.selectors import viewer_organisation
from tatakelola.utilities.errors import DomainError

MAX_WEBHOOK_BODY = 1024 * 1024  # one delivery; larger batches belong in a file import


@require_GET
@requires(Capability.MONITORING_VIEW)
def accounts(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/accounts.html", {"rows": selectors.account_list(user=request.user)})


@require_http_methods(["GET", "POST"])
@requires(Capability.MONITORING_MANAGE)
def account_create(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    form = AccountForm(request.POST or None, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        base_url = data.pop("base_url")
        try:
            account = services.account_create(
                actor=request.user,
                organisation=organisation,
                connector_options={"base_url": base_url} if base_url else {},
                **data,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Account added to the inventory."))
            return redirect("monitoring:account", account_id=account.pk)
    return render(request, "monitoring/account_form.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@requires(Capability.MONITORING_VIEW)
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    row = selectors.account_get(user=request.user, account_id=account_id)
    only_findings = request.GET.get("findings") == "1"
    context = {
        "row": row,
        "account": row.account,
        "timeline": selectors.message_timeline(user=request.user, account_id=account_id, only_findings=only_findings),
        "only_findings": only_findings,
        "credentials_form": CredentialsForm(),
        "status_form": StatusForm(initial={"status": row.account.status}),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "monitoring/partials/timeline.html", context)
    return render(request, "monitoring/account_detail.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.MONITORING_MANAGE)
def account_edit(request: HttpRequest, account_id: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, account_id=account_id).account
    initial = {name: getattr(account, name) for name in services.UPDATABLE_FIELDS}
    form = AccountUpdateForm(request.POST or None, initial=initial, organisation_id=account.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(actor=request.user, account=account, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Account saved."))
            return redirect("monitoring:account", account_id=account.pk)
    return render(
        request, "monitoring/account_edit.html", {"form": form, "account": account}, status=400 if form.errors else 200
    )


@require_POST
@requires(Capability.MONITORING_MANAGE)
def account_credentials(request: HttpRequest, account_id: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, account_id=account_id).account
    form = CredentialsForm(request.POST)
    if form.is_valid():
        services.account_set_credentials(
            actor=request.user, account=account, credentials=form.cleaned_data["credentials"]
        )
        messages.success(request, _("Credentials replaced."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("credentials", [])))
    return redirect("monitoring:account", account_id=account.pk)


@require_POST
@requires(Capability.MONITORING_MANAGE)
def account_status(request: HttpRequest, account_id: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, account_id=account_id).account
    form = StatusForm(request.POST)
    if form.is_valid():
        services.account_set_status(actor=request.user, account=account, status=form.cleaned_data["status"])
        messages.success(request, _("Status saved."))
    return redirect("monitoring:account", account_id=account.pk)


@require_POST
@requires(Capability.MONITORING_MANAGE)
def account_poll(request: HttpRequest, account_id: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, account_id=account_id).account
    try:
        services.account_poll_request(actor=request.user, account=account)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Polling requested."))
    return redirect("monitoring:account", account_id=account.pk)


@require_GET
@requires(Capability.MONITORING_VIEW)
def health(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/health.html",
        {
            "rows": selectors.ingestion_health(user=request.user),
            "dead_letters": selectors.dead_letter_list(user=request.user),
            "jobs": selectors.import_job_list(user=request.user),
        },
    )


@require_POST
@requires(Capability.MONITORING_MANAGE)
def dead_letter_resolve(request: HttpRequest, dead_letter_id: int) -> HttpResponse:
    letter = selectors.dead_letter_get(user=request.user, dead_letter_id=dead_letter_id)
    try:
        services.dead_letter_resolve(actor=request.user, dead_letter=letter)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("monitoring:health")


@require_http_methods(["GET", "POST"])
@requires(Capability.MONITORING_MANAGE)
def import_create(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        target = selectors.import_dir() / f"{uuid.uuid4().hex}-upload"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        mapping = form.cleaned_data["mapping"]
        try:
            job = services.import_job_create(
                actor=request.user,
                account=form.cleaned_data["account"],
                format=form.cleaned_data["format"],
                file_path=target,
                file_name=upload.name or target.name,
                options={"mapping": mapping} if mapping else {},
            )
        except DomainError as exc:
            target.unlink(missing_ok=True)
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("monitoring:import", job_id=job.pk)
    return render(request, "monitoring/import_form.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@requires(Capability.MONITORING_VIEW)
def import_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(user=request.user, job_id=job_id)
    template = "monitoring/partials/import_progress.html" if request.htmx else "monitoring/import_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@csrf_exempt  # authenticated by its HMAC signature, not by a session
@require_POST
@public
def webhook(request: HttpRequest, account_id: int) -> HttpResponse:
    """Inbound push: 401 and nothing stored unless the signature and timestamp are valid."""
    # Refused as JSON before Django's own upload limit could answer with an HTML 400.
    too_large = JsonResponse({"detail": "payload too large", "limit": MAX_WEBHOOK_BODY}, status=413)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_WEBHOOK_BODY:
        return too_large
    try:
        body = request.read(MAX_WEBHOOK_BODY + 1)
    except RequestDataTooBig:
        return too_large
    if len(body) > MAX_WEBHOOK_BODY:
        return too_large
    result = services.webhook_receive(account_id=account_id, body=body, headers=request.headers)
    if not result.accepted:
        return JsonResponse({"detail": "invalid signature"}, status=401)
    if result.duplicate:
        return JsonResponse({"status": "duplicate"}, status=200)
    return JsonResponse({"status": "accepted", "stored": result.stored, "problems": result.problems}, status=202)


@require_GET
@requires(Capability.ORG_VIEW)
def classifiers(request: HttpRequest) -> HttpResponse:
    overview = selectors.classifier_settings(user=request.user)
    form = NoncommercialModelsForm(initial={"allowed": overview.noncommercial_models_allowed})
    return render(request, "monitoring/classifiers.html", {"overview": overview, "form": form})


@require_POST
@requires(Capability.ORG_MANAGE)
def classifiers_update(request: HttpRequest) -> HttpResponse:
    form = NoncommercialModelsForm(request.POST)
    if form.is_valid():
        allowed = form.cleaned_data["allowed"]
        org_services.organisation_set_noncommercial_models(
            actor=request.user, organisation=viewer_organisation(user=request.user), allowed=allowed
        )
        if allowed:
            messages.success(request, _("Models trained on non-commercial data are allowed for this organisation."))
        else:
            messages.success(
                request, _("Models trained on non-commercial data are switched off for this organisation.")
            )
        return redirect("monitoring:classifiers")
    overview = selectors.classifier_settings(user=request.user)
    return render(request, "monitoring/classifiers.html", {"overview": overview, "form": form}, status=400)
