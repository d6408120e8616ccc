"""The sign-in form, throttled per account name and per client address (orgs.login_throttle)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tatakelola.orgs.login_throttle import (
    Block,
    client_address,
    login_block,
    login_failure_record,
    login_success_record,
)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses before checking the password while a delay or lock is in force; counts failures.

    The message is the same whether or not the account exists.
    """

    block: Block | None = None

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = client_address(self.request) if self.request is not None else ""
        self.block = login_block(username=username, address=address)
        if self.block is not None:
            raise forms.ValidationError(self.block_message(self.block), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if username and getattr(error, "code", "") == "invalid_login":
                self.block = login_failure_record(username=username, address=address)
            raise
        login_success_record(username=username)
        return cleaned

    @property
    def throttled(self) -> bool:
        """Refused for the block, without checking the password."""
        return self.has_error("__all__", code="throttled")

    @property
    def block_notice(self) -> str:
        return self.block_message(self.block) if self.block is not None else ""

    @staticmethod
    def block_message(block: Block) -> str:
        minutes = max(1, round(block.retry_after_seconds / 60))
        when = formats.time_format(timezone.localtime(block.until), "TIME_FORMAT")
        if block.retry_after_seconds < 90:
            return ngettext(
                "Too many failed sign-in attempts. Wait %(seconds)s second, then try again.",
                "Too many failed sign-in attempts. Wait %(seconds)s seconds, then try again.",
                block.retry_after_seconds,
            ) % {"seconds": block.retry_after_seconds}
        return _("Too many failed sign-in attempts. Try again after %(time)s (in about %(minutes)s minutes).") % {
            "time": when,
            "minutes": minutes,
        }
