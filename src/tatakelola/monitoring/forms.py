from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tatakelola.connectors import CONNECTORS
from tatakelola.connectors.registry import IMPORT_FORMATS
from tatakelola.monitoring.choices import AccountStatus, AccountType, Platform, RiskTier
from tatakelola.monitoring.models import MonitoredAccount
from tatakelola.orgs.models import Department, Person
from tatakelola.utilities.forms import StyledForm


def parse_pairs(text: str, *, label: str) -> dict[str, str]:
    """``name=value`` lines (credentials, column mappings) into a dict."""
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            raise forms.ValidationError(_("Write one %(what)s per line as name=value.") % {"what": label})
        pairs[name.strip()] = value.strip()
    return pairs


class CredentialsField(forms.CharField):
    """Secrets are typed once and never rendered back into the page."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("One per line as name=value, e.g. access_token=… or secret=… (webhook). Never shown again."),
        )
        kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> dict[str, str]:
        return parse_pairs(super().clean(value) or "", label=str(_("credential")))


class AccountForm(StyledForm):
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    handle = forms.CharField(label=_("Handle"), max_length=200, help_text=_("e.g. @banknusantara@mastodon.social"))
    display_name = forms.CharField(label=_("Display name"), max_length=200, required=False)
    url = forms.URLField(label=_("URL"), max_length=500, required=False, assume_scheme="https")
    account_type = forms.ChoiceField(label=_("Account type"), choices=AccountType.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none(), required=False)
    backup_owner = forms.ModelChoiceField(label=_("Backup owner"), queryset=Person.objects.none(), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    risk_tier = forms.ChoiceField(label=_("Risk tier"), choices=RiskTier.choices, initial=RiskTier.MEDIUM)
    status = forms.ChoiceField(label=_("Status"), choices=AccountStatus.choices, initial=AccountStatus.ACTIVE)
    connector = forms.ChoiceField(
        label=_("Connector"),
        choices=[("", _("None (manual imports only)")), *((n, n) for n in CONNECTORS)],
        required=False,
    )
    base_url = forms.URLField(
        label=_("API base URL"), required=False, assume_scheme="https", help_text=_("e.g. https://mastodon.social")
    )
    poll_interval_minutes = forms.IntegerField(label=_("Polling interval (minutes)"), min_value=1, initial=15)
    credentials = CredentialsField(label=_("Credentials"))

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation_id=organisation_id, is_active=True).order_by("full_name")
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["backup_owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        ).order_by("name")


class CredentialsForm(StyledForm):
    credentials = CredentialsField(label=_("New credentials"))


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=AccountStatus.choices)


class ImportForm(StyledForm):
    account = forms.ModelChoiceField(label=_("Account"), queryset=MonitoredAccount.objects.none())
    format = forms.ChoiceField(label=_("Format"), choices=[(f, f) for f in IMPORT_FORMATS])
    file = forms.FileField(label=_("File"))
    mapping = forms.CharField(
        label=_("Column mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("JSONL/CSV only, one per line as field=column, e.g. text=content"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = MonitoredAccount.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        ).exclude(status=AccountStatus.DECOMMISSIONED)

    def clean_mapping(self) -> dict[str, str]:
        return parse_pairs(self.cleaned_data.get("mapping") or "", label=str(_("mapping")))


class AccountUpdateForm(AccountForm):
    """The same fields without the account's identity (platform, handle) and its secrets."""

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, organisation_id=organisation_id, **kwargs)
        for name in ("platform", "handle", "status", "credentials", "base_url"):
            del self.fields[name]
