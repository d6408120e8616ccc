"""IP addresses (v4 and v6), validated by the ``ipaddress`` module."""

from __future__ import annotations

import ipaddress
import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

_WHY = template("pii.ip.valid")


class IpDetector(ValidatedRegexDetector):
    name = "pii.ip"
    description = "IPv4/IPv6 addresses (an online identifier under GDPR Recital 30)."
    hs_pattern = rb"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}"
    candidate = re.compile(
        r"(?<![\w.:])((?:\d{1,3}\.){3}\d{1,3}|(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?![\w:]|\.\d)"
    )

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        try:
            addr = ipaddress.ip_address(value)
        except ValueError:
            return None
        if addr.version == 6 and value.count(":") < 2:
            return None
        if addr.is_unspecified or addr.is_loopback:
            return None
        why = _WHY(version=addr.version)
        return Hit(span, 0.8, why.en, "IP_ADDRESS", value, why)
