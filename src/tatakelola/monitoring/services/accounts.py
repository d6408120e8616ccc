"""The account inventory: create, update, credentials, status, poll on request. One audit entry each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.connectors import (
    ConnectorError,
    ConnectorSettings,
    connector_class,
)
from tatakelola.monitoring import dispatch
from tatakelola.monitoring.choices import (
    AccountStatus,
    AccountType,
    Platform,
    RiskTier,
)
from tatakelola.monitoring.models import (
    IngestionState,
    MonitoredAccount,
)
from tatakelola.orgs.models import Department, Organisation, Person
from tatakelola.utilities.crypto import credentials_decrypt, credentials_encrypt
from tatakelola.utilities.errors import DomainError


def _check_people(organisation: Organisation, *people: Person | None) -> None:
    for person in people:
        if person is not None and person.organisation_id != organisation.pk:
            raise DomainError(_("The owner must belong to the same organisation."), field="owner")


def account_create(
    *,
    actor: Actor,
    organisation: Organisation,
    platform: str,
    handle: str,
    account_type: str,
    connector: str = "",
    url: str = "",
    display_name: str = "",
    owner: Person | None = None,
    backup_owner: Person | None = None,
    department: Department | None = None,
    risk_tier: str = RiskTier.MEDIUM,
    status: str = AccountStatus.ACTIVE,
    connector_options: Mapping[str, Any] | None = None,
    credentials: Mapping[str, str] | None = None,
    poll_interval_minutes: int = 15,
) -> MonitoredAccount:
    handle = handle.strip()
    if not handle:
        raise DomainError(_("An account needs a handle."), field="handle")
    if platform not in Platform.values:
        raise DomainError(_("Unknown platform."), field="platform")
    if account_type not in AccountType.values:
        raise DomainError(_("Unknown account type."), field="account_type")
    if connector:
        try:
            connector_class(connector)
        except ConnectorError as exc:
            raise DomainError(_("Unknown connector."), field="connector") from exc
    if department is not None and department.organisation_id != organisation.pk:
        raise DomainError(_("The department belongs to another organisation."), field="department")
    _check_people(organisation, owner, backup_owner)
    with transaction.atomic():
        if MonitoredAccount.objects.filter(organisation=organisation, platform=platform, handle=handle).exists():
            raise DomainError(_("This account is already in the inventory."), field="handle")
        account = MonitoredAccount.objects.create(
            organisation=organisation,
            platform=platform,
            handle=handle,
            account_type=account_type,
            connector=connector,
            url=url,
            display_name=display_name,
            owner=owner,
            backup_owner=backup_owner,
            department=department,
            risk_tier=risk_tier,
            status=status,
            connector_options=dict(connector_options or {}),
            credentials_encrypted=credentials_encrypt(credentials or {}),
            poll_interval_minutes=poll_interval_minutes,
        )
        IngestionState.objects.create(account=account)
        audit_record(
            actor=actor,
            action="monitoring.account.create",
            target=account,
            organisation_id=organisation.pk,
            after={
                "platform": platform,
                "handle": handle,
                "account_type": account_type,
                "connector": connector,
                "owner": owner.full_name if owner else None,
                "backup_owner": backup_owner.full_name if backup_owner else None,
                "department": department.code if department else None,
                "risk_tier": risk_tier,
                "status": status,
                # Never the secret itself: only whether one was stored.
                "credentials": "set" if credentials else "none",
            },
        )
    return account


UPDATABLE_FIELDS = (
    "display_name",
    "url",
    "account_type",
    "owner",
    "backup_owner",
    "department",
    "risk_tier",
    "connector",
    "poll_interval_minutes",
)


def account_update(*, actor: Actor, account: MonitoredAccount, **changes: Any) -> MonitoredAccount:
    """Change the inventory facts of an account (not its platform, handle, status or credentials)."""
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "account_type" in changes and changes["account_type"] not in AccountType.values:
        raise DomainError(_("Unknown account type."), field="account_type")
    if changes.get("connector"):
        try:
            connector_class(changes["connector"])
        except ConnectorError as exc:
            raise DomainError(_("Unknown connector."), field="connector") from exc
    department = changes.get("department")
    if department is not None and department.organisation_id != account.organisation_id:
        raise DomainError(_("The department belongs to another organisation."), field="department")
    _check_people(account.organisation, changes.get("owner"), changes.get("backup_owner"))

    def shown(value: Any) -> Any:
        return str(value) if isinstance(value, Person | Department) else value

    before = {name: shown(getattr(account, name)) for name in changes}
    after = {name: shown(value) for name, value in changes.items()}
    if before == after:
        return account
    with transaction.atomic():
        for name, value in changes.items():
            setattr(account, name, value)
        account.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            action="monitoring.account.update",
            target=account,
            organisation_id=account.organisation_id,
            before={k: v for k, v in before.items() if v != after[k]},
            after={k: v for k, v in after.items() if v != before[k]},
        )
    return account


def account_set_credentials(*, actor: Actor, account: MonitoredAccount, credentials: Mapping[str, str]) -> None:
    with transaction.atomic():
        had = account.has_credentials
        account.credentials_encrypted = credentials_encrypt(credentials)
        account.save(update_fields=["credentials_encrypted"])
        audit_record(
            actor=actor,
            action="monitoring.account.set_credentials",
            target=account,
            organisation_id=account.organisation_id,
            before={"credentials": "set" if had else "none"},
            after={"credentials": "set" if credentials else "none"},
        )


def account_set_status(*, actor: Actor, account: MonitoredAccount, status: str) -> MonitoredAccount:
    if status not in AccountStatus.values:
        raise DomainError(_("Unknown account status."), field="status")
    if account.status == status:
        return account
    with transaction.atomic():
        before = account.status
        account.status = status
        account.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="monitoring.account.set_status",
            target=account,
            organisation_id=account.organisation_id,
            before={"status": before},
            after={"status": status},
        )
    return account


def connector_settings(account: MonitoredAccount, **options: Any) -> ConnectorSettings:
    """The account's connector settings with its credentials decrypted for this call only."""
    merged = {**account.connector_options, **options}
    return ConnectorSettings(
        handle=account.handle,
        base_url=str(merged.pop("base_url", "") or account.url),
        options=merged,
        credentials=credentials_decrypt(account.credentials_encrypted),
        platform=account.platform,
    )


def account_poll_request(*, actor: Actor, account: MonitoredAccount) -> None:
    """A person asked for a polling round now; the worker runs it (in-process without a broker)."""
    if not account.connector:
        raise DomainError(_("This account has no connector to poll."))
    from tatakelola.connectors.base import ConnectorCapability

    if ConnectorCapability.POLL not in connector_class(account.connector).capabilities:
        raise DomainError(_("This account's connector does not poll."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="monitoring.account.poll_request",
            target=account,
            organisation_id=account.organisation_id,
        )
        account_id = account.pk
        transaction.on_commit(lambda: dispatch.poll_account(account_id))
