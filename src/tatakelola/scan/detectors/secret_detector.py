"""Credentials and API tokens from a catalogue of provider formats.

Formats follow the providers' published token prefixes (GitHub ``ghp_``,
Slack ``xox?-``, Stripe ``sk_live_``, AWS ``AKIA``...), as also catalogued
by gitleaks/detect-secrets; each kind has an optional validator.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tatakelola.scan.detectors.base import CompileEnv, Detector, DetectorConfigError, Prefilter, ScanContext, redact
from tatakelola.scan.explain import Explanation, template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.validators import shannon_entropy


def _jwt_ok(token: str) -> bool:
    try:
        head = token.split(".")[0]
        data = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "alg" in data


def _entropy_at_least(bits: float) -> Callable[[str], bool]:
    return lambda s: shannon_entropy(s) >= bits


@dataclass(frozen=True, slots=True)
class SecretKind:
    kind: str
    label: str
    pattern: str
    validator: Callable[[str], bool] | None = None
    caseless: bool = False
    #: Hyperscan prefilter when the pattern itself is too large for it.
    prefilter: str | None = None


SECRET_KINDS: Sequence[SecretKind] = (
    SecretKind("aws_access_key", "AWS access key id", r"\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b"),
    SecretKind(
        "aws_secret_key",
        "AWS secret access key",
        r"(?i:aws.{0,20}?(?:secret|key).{0,20}?[\"'=: ]+)([A-Za-z0-9/+]{40})\b",
        _entropy_at_least(4.0),
    ),
    SecretKind("github_token", "GitHub token", r"\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255})\b"),
    SecretKind("github_pat", "GitHub fine-grained token", r"\b(github_pat_[A-Za-z0-9_]{22,255})\b"),
    SecretKind("gitlab_token", "GitLab token", r"\b(glpat-[A-Za-z0-9_\-]{20,})\b"),
    SecretKind("slack_token", "Slack token", r"\b(xox[baprseo]-[A-Za-z0-9\-]{10,250})\b"),
    SecretKind(
        "slack_webhook",
        "Slack webhook URL",
        r"(https://hooks\.slack\.com/services/T[A-Za-z0-9_]{6,}/B[A-Za-z0-9_]{6,}/[A-Za-z0-9_]{20,})",
    ),
    SecretKind(
        "discord_webhook",
        "Discord webhook URL",
        r"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{15,20}/[A-Za-z0-9_\-]{60,70})",
    ),
    SecretKind("google_api_key", "Google API key", r"\b(AIza[0-9A-Za-z_\-]{35})(?![0-9A-Za-z_\-])"),
    SecretKind("google_oauth_secret", "Google OAuth client secret", r"\b(GOCSPX-[A-Za-z0-9_\-]{28})\b"),
    SecretKind("stripe_key", "Stripe secret key", r"\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,99})\b"),
    SecretKind(
        "openai_key", "OpenAI API key", r"\b(sk-(?:proj-|svcacct-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,})\b"
    ),
    SecretKind("anthropic_key", "Anthropic API key", r"\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_\-]{80,110})\b"),
    SecretKind("twilio_key", "Twilio API key", r"\b(SK[0-9a-fA-F]{32})\b", _entropy_at_least(3.0)),
    SecretKind("sendgrid_key", "SendGrid API key", r"\b(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})\b"),
    SecretKind("mailgun_key", "Mailgun API key", r"\b(key-[0-9a-f]{32})\b"),
    SecretKind("npm_token", "npm access token", r"\b(npm_[A-Za-z0-9]{36})\b"),
    SecretKind("pypi_token", "PyPI upload token", r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})"),
    SecretKind("shopify_token", "Shopify token", r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b"),
    SecretKind("square_token", "Square token", r"\b(sq0(?:atp|csp)-[0-9A-Za-z_\-]{22,43})\b"),
    SecretKind("digitalocean_token", "DigitalOcean token", r"\b(do[opr]_v1_[a-f0-9]{64})\b"),
    SecretKind("telegram_bot_token", "Telegram bot token", r"\b(\d{8,10}:AA[A-Za-z0-9_\-]{33})\b"),
    SecretKind("azure_storage_key", "Azure storage account key", r"(?i:AccountKey=)([A-Za-z0-9+/]{86}==)"),
    SecretKind(
        "private_key",
        "Private key block",
        # The whole block when its END line follows (bounded), else the BEGIN line.
        r"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----"
        r"(?:[\s\S]{0,12000}?-----END (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)?)",
        prefilter=r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY",
    ),
    SecretKind(
        "jwt", "JSON Web Token", r"\b(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})", _jwt_ok
    ),
    SecretKind(
        "url_credentials",
        "Credentials in a URL",
        r"\b((?:https?|ftp|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp)://[^\s:/@]{1,64}:[^\s:/@]{3,64}@[A-Za-z0-9.\-]+)",
    ),
)
_BY_KIND = {k.kind: k for k in SECRET_KINDS}
_MATCHED = template("secret.token.matched")


def _why(kind: SecretKind) -> Explanation:
    # Each kind's label is catalogued in both languages as secret.token.kind.<kind>.
    return _MATCHED(label=template(f"secret.token.kind.{kind.kind}")())


class SecretDetector(Detector):
    name = "secret.token"
    finding_per_kind = True
    description = "Provider API tokens, private keys, JWTs and credentials in URLs."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        kinds = self.param("kinds", list, [k.kind for k in SECRET_KINDS])
        unknown = [k for k in kinds if k not in _BY_KIND]
        if unknown:
            raise DetectorConfigError(f"secret.token: unknown kinds {unknown}")
        self.kinds = [_BY_KIND[k] for k in kinds]
        self.compiled = [(k, re.compile(k.pattern)) for k in self.kinds]
        # One explanation per kind, rendered once (it does not depend on the value).
        self.why = {k.kind: _why(k) for k in self.kinds}
        self.why_en = {kind: why.en for kind, why in self.why.items()}

    def prefilters(self) -> Sequence[Prefilter]:
        out = []
        for k in self.kinds:
            # Hyperscan has no look-around; (?i:...) groups become caseless-insensitive
            # superset patterns by dropping the inline flag and compiling caseless.
            src = k.prefilter or k.pattern.replace("(?i:", "(?:").replace("(?![0-9A-Za-z_\\-])", "")
            out.append(Prefilter(src.encode(), 1 if "(?i:" in k.pattern else 0))
        return out

    def detect(self, ctx: ScanContext) -> list[Hit]:
        hits: list[Hit] = []
        for kind, rx in self.compiled:
            why = self.why[kind.kind]
            why_en = self.why_en[kind.kind]
            for n, m in enumerate(rx.finditer(ctx.text)):
                if n >= 500:
                    break
                value = m.group(1)
                if kind.validator is not None and not kind.validator(value):
                    continue
                hits.append(Hit(Span(m.start(1), m.end(1)), 0.95, why_en, kind.kind, redact(value, 4), why))
        return hits
