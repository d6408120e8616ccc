"""Bilingual explanations: a catalogue of (English, Indonesian) templates.

Every finding says why its rule fired, and a person reads that on the
timeline, in the review queue, on the case page and in CLI output, so it is
written in both languages. This is not gettext (the scanning core stays free
of Django): each explanation has a stable key in :data:`CATALOGUE` with an
English and an Indonesian template using the same named ``str.format``
placeholders.

A detector fetches its templates once, at import time, and calls one per hit::

    _VALID = template("pii.iban.valid")
    ...
    why = _VALID()                      # an Explanation: template + params
    Hit(span, 0.95, why.en, "IBAN", value, why)

The English text is rendered with the hit, as before; the Indonesian text is
rendered by the engine only for the hit that becomes a finding
(:attr:`tatakelola.scan.model.Finding.explanation_id`), never per message.

Parameter values are plain values (language-neutral: numbers, quoted words,
domains), another :class:`Explanation` (a catalogued phrase such as "male" /
"laki-laki", rendered in the same language), or a :class:`Bilingual` pair
(text supplied by a rule pack, such as a pattern rule's ``explanation`` and
``explanation_id``). In Indonesian, floats are written with a decimal comma.

Third-party detectors add their templates with :func:`register`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple

LANGUAGES: Final = ("en", "id")


class Bilingual(NamedTuple):
    """A parameter value that differs by language (text from a rule pack)."""

    en: str
    id: str


class Template:
    """One catalogue entry: a stable key and its English and Indonesian text."""

    __slots__ = ("_bare", "en", "id", "key")

    def __init__(self, key: str, en: str, id: str) -> None:
        self.key = key
        self.en = en
        self.id = id
        self._bare: Explanation | None = None

    def __call__(self, **params: Any) -> Explanation:
        if params:
            return Explanation(self, params)
        # Without parameters the explanation is always the same: one shared
        # object, whose texts are rendered once per process.
        bare = self._bare
        if bare is None:
            bare = self._bare = Explanation(self, params)
        return bare

    def text(self, language: str) -> str:
        return self.id if language == "id" else self.en

    def __repr__(self) -> str:
        return f"Template({self.key!r})"


class _IdFloat(float):
    """A float that formats with a decimal comma (0,90 rather than 0.90)."""

    __slots__ = ()

    def __format__(self, format_spec: str) -> str:
        return float.__format__(self, format_spec).replace(".", ",")


class Explanation:
    """Why a hit happened: a template with its parameters, optionally followed
    by more sentences (joined by a space). Cheap to build; renders on demand
    with ``str.format_map`` (C) and keeps each rendered text (treat it as
    immutable), so the English text costs about what the f-string it replaced
    did and a shared explanation renders once."""

    __slots__ = ("_en", "_id", "params", "rest", "template")

    def __init__(self, template: Template, params: Mapping[str, Any], rest: tuple[Explanation, ...] = ()) -> None:
        self.template = template
        self.params = params
        self.rest = rest
        self._en: str | None = None
        self._id: str | None = None

    def plus(self, template: Template, **params: Any) -> Explanation:
        """This explanation followed by another sentence."""
        return Explanation(self.template, self.params, (*self.rest, template(**params)))

    def render(self, language: str) -> str:
        return self.id if language == "id" else self.en

    # The two renderers are written out (no shared helper) because the English
    # one runs once per hit: every Python call saved there counts.
    @property
    def en(self) -> str:
        text = self._en
        if text is None:
            text = self.template.en
            params = self.params
            if params:
                for v in params.values():
                    if type(v) in _SPECIAL_EN:
                        params = {k: _value(v, "en") for k, v in params.items()}
                        break
                text = text.format_map(params)
            if self.rest:
                text = " ".join([text, *[r.en for r in self.rest]])
            self._en = text
        return text

    @property
    def id(self) -> str:
        text = self._id
        if text is None:
            text = self.template.id
            params = self.params
            if params:
                for v in params.values():
                    if type(v) in _SPECIAL_ID:
                        params = {k: _value(v, "id") for k, v in params.items()}
                        break
                text = text.format_map(params)
            if self.rest:
                text = " ".join([text, *[r.id for r in self.rest]])
            self._id = text
        return text

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.template.key, *[r.template.key for r in self.rest])

    def __repr__(self) -> str:
        return f"Explanation({self.en!r})"


def _value(v: Any, language: str) -> Any:
    kind = type(v)
    if kind is Explanation:
        return v.id if language == "id" else v.en
    if kind is Bilingual:
        return v.id if language == "id" else v.en
    if kind is float and language == "id":
        return _IdFloat(v)
    return v


_SPECIAL_EN: Final = frozenset({Explanation, Bilingual})
_SPECIAL_ID: Final = frozenset({Explanation, Bilingual, float})


def placeholders(text: str) -> frozenset[str]:
    """Named fields of a template (``{n}``, ``{bits:.2f}`` -> ``n``, ``bits``)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


# Key -> (English, Indonesian). Keys are stable: change the wording freely,
# but keep the placeholders the same in both languages (a test checks).
_ENTRIES: dict[str, tuple[str, str]] = {
    # -- shared -------------------------------------------------------------
    "context.boost": (
        "Context words nearby raise confidence.",
        "Kata konteks di dekatnya menambah keyakinan.",
    ),
    "finding.spans": ("({n} spans)", "({n} lokasi)"),
    # -- lexicon ------------------------------------------------------------
    "lexicon.matched": (
        "Matched {words} for expression {expr}.",
        "Ditemukan {words} yang cocok dengan ekspresi {expr}.",
    ),
    # -- pattern ------------------------------------------------------------
    "pattern.matched": ("Pattern matched.", "Cocok dengan pola aturan."),
    "pattern.custom": ("{text}", "{text}"),
    # -- personal data ------------------------------------------------------
    "pii.nik.valid": (
        "16-digit number with a valid NIK structure: province {province:02d}, "
        "birth date {day:02d}-{month:02d}-{year:02d} ({sex}).",
        "Nomor 16 digit dengan struktur NIK yang valid: provinsi {province:02d}, "
        "tanggal lahir {day:02d}-{month:02d}-{year:02d} ({sex}).",
    ),
    "pii.nik.male": ("male", "laki-laki"),
    "pii.nik.female": ("female (day+40)", "perempuan (tanggal + 40)"),
    "pii.kk.valid": (
        "16-digit number with a valid region prefix next to Kartu Keluarga context.",
        "Nomor 16 digit dengan awalan kode wilayah yang valid di dekat kata konteks Kartu Keluarga.",
    ),
    "pii.npwp.valid": (
        "{digits}-digit NPWP with a valid check digit.",
        "NPWP {digits} digit dengan digit pemeriksa yang valid.",
    ),
    "pii.card.valid": (
        "{digits}-digit {brand} number passing the Luhn check.",
        "Nomor {brand} {digits} digit yang lolos pemeriksaan Luhn.",
    ),
    "pii.phone.valid": (
        "Valid {region} phone number (+{country_code}).",
        "Nomor telepon {region} yang valid (+{country_code}).",
    ),
    "pii.phone.possible": (
        "Phone number in the {region} format (+{country_code}), in a range not known to be allocated.",
        "Nomor telepon berformat {region} (+{country_code}), pada blok nomor yang belum diketahui dialokasikan.",
    ),
    "pii.email.address": ("E-mail address.", "Alamat e-mail."),
    "pii.email.distinct": (
        "{n} distinct outside e-mail addresses in one message.",
        "{n} alamat e-mail pihak luar yang berbeda dalam satu pesan.",
    ),
    "pii.iban.valid": ("IBAN with a valid mod-97 check.", "IBAN yang lolos pemeriksaan mod-97."),
    "pii.ip.valid": ("Valid IPv{version} address.", "Alamat IPv{version} yang valid."),
    "pii.passport.context": (
        "Passport-like number next to passport context.",
        "Nomor berformat paspor di dekat kata konteks paspor.",
    ),
    "pii.address.context": (
        "Street address introduced by address context.",
        "Alamat jalan yang didahului kata konteks alamat.",
    ),
    "pii.dob.context": (
        "Date of birth introduced by birth-date context.",
        "Tanggal lahir yang didahului kata konteks tanggal lahir.",
    ),
    "pii.bank_account.context": (
        "Account number next to account context and bank name '{bank}'.",
        "Nomor rekening di dekat kata konteks rekening dan nama bank '{bank}'.",
    ),
    "pii.bulk.rows": (
        "{rows} lines each contain an e-mail, phone or ID number (bulk personal data).",
        "{rows} baris masing-masing memuat e-mail, nomor telepon, atau nomor identitas (data pribadi massal).",
    ),
    # -- secrets ------------------------------------------------------------
    "secret.token.matched": ("{label} format matched.", "Format {label} terdeteksi."),
    "secret.password.value": (
        "A password value written after a password label.",
        "Nilai kata sandi yang ditulis setelah label kata sandi.",
    ),
    "secret.entropy.value": (
        "{length}-character string with {bits:.2f} bits/char entropy after a secret label.",
        "String {length} karakter dengan entropi {bits:.2f} bit/karakter setelah label rahasia.",
    ),
    # -- links --------------------------------------------------------------
    "link.any": ("Link to {domain}.", "Tautan ke {domain}."),
    "link.shortener": (
        "URL shortener {domain} hides the destination.",
        "Pemendek URL {domain} menyembunyikan alamat tujuan.",
    ),
    "link.file_sharing": (
        "Link to file-sharing service {domain}.",
        "Tautan ke layanan berbagi berkas {domain}.",
    ),
    "link.deny": ("Link to denied domain {domain}.", "Tautan ke domain yang dilarang: {domain}."),
    "link.not_allowed": (
        "Link to {domain}, which is not on the allow list.",
        "Tautan ke {domain}, yang tidak ada dalam daftar domain yang diizinkan.",
    ),
    "link.lookalike.homoglyph": (
        "Domain {domain} is a look-alike of {own} (homoglyph/leet spelling).",
        "Domain {domain} meniru {own} (ejaan homoglif/leet).",
    ),
    "link.lookalike.brand": (
        "Domain {domain} contains the brand '{brand}' of {own} inside another domain.",
        "Domain {domain} memuat merek '{brand}' milik {own} di domain lain.",
    ),
    "link.lookalike.similar": (
        "Domain {domain} is {similarity:.0f}% similar to {own}.",
        "Domain {domain} {similarity:.0f}% mirip dengan {own}.",
    ),
    # -- disclosures --------------------------------------------------------
    "disclosure.missing": (
        "Triggered by {trigger} but the {label} is missing.",
        "Dipicu oleh {trigger}, tetapi {label} tidak ada.",
    ),
    "disclosure.missing_first": (
        "Triggered by {trigger} but the {label} is missing within the first {n} characters.",
        "Dipicu oleh {trigger}, tetapi {label} tidak ada dalam {n} karakter pertama.",
    ),
    "disclosure.missing_window": (
        "Triggered by {trigger} but the {label} is missing within {n} characters.",
        "Dipicu oleh {trigger}, tetapi {label} tidak ada dalam jarak {n} karakter.",
    ),
    "disclosure.metadata": ("message metadata", "metadata pesan"),
    "disclosure.label": ("required disclosure", "pengungkapan wajib"),
    # -- classifier and metadata -------------------------------------------
    "classifier.score": (
        "Model {model} scored {score:.2f} (threshold {threshold:.2f}).",
        "Model {model} memberi skor {score:.2f} (ambang {threshold:.2f}).",
    ),
    "metadata.matched": ("Message metadata matched the rule.", "Metadata pesan cocok dengan aturan."),
    "metadata.custom": ("{text}", "{text}"),
}

# Token labels of secret.token, one per kind (see detectors/secret_detector.py).
_SECRET_LABELS: dict[str, tuple[str, str]] = {
    "aws_access_key": ("AWS access key id", "ID kunci akses AWS"),
    "aws_secret_key": ("AWS secret access key", "kunci akses rahasia AWS"),
    "github_token": ("GitHub token", "token GitHub"),
    "github_pat": ("GitHub fine-grained token", "token fine-grained GitHub"),
    "gitlab_token": ("GitLab token", "token GitLab"),
    "slack_token": ("Slack token", "token Slack"),
    "slack_webhook": ("Slack webhook URL", "URL webhook Slack"),
    "discord_webhook": ("Discord webhook URL", "URL webhook Discord"),
    "google_api_key": ("Google API key", "kunci API Google"),
    "google_oauth_secret": ("Google OAuth client secret", "rahasia klien OAuth Google"),
    "stripe_key": ("Stripe secret key", "kunci rahasia Stripe"),
    "openai_key": ("OpenAI API key", "kunci API OpenAI"),
    "anthropic_key": ("Anthropic API key", "kunci API Anthropic"),
    "twilio_key": ("Twilio API key", "kunci API Twilio"),
    "sendgrid_key": ("SendGrid API key", "kunci API SendGrid"),
    "mailgun_key": ("Mailgun API key", "kunci API Mailgun"),
    "npm_token": ("npm access token", "token akses npm"),
    "pypi_token": ("PyPI upload token", "token unggah PyPI"),
    "shopify_token": ("Shopify token", "token Shopify"),
    "square_token": ("Square token", "token Square"),
    "digitalocean_token": ("DigitalOcean token", "token DigitalOcean"),
    "telegram_bot_token": ("Telegram bot token", "token bot Telegram"),
    "azure_storage_key": ("Azure storage account key", "kunci akun penyimpanan Azure"),
    "private_key": ("Private key block", "blok kunci privat"),
    "jwt": ("JSON Web Token", "JSON Web Token (JWT)"),
    "url_credentials": ("Credentials in a URL", "kredensial di dalam URL"),
}
for _kind, _pair in _SECRET_LABELS.items():
    _ENTRIES[f"secret.token.kind.{_kind}"] = _pair

_CATALOGUE: dict[str, Template] = {}


class CatalogueError(ValueError):
    """A template pair is incomplete, inconsistent, or its key is taken."""


def register(key: str, en: str, id: str) -> Template:
    """Add a template pair (for third-party detectors; call at import time).

    Both texts must be non-empty and use the same placeholders; a key can be
    registered again only with the same texts."""
    if not key or not en.strip() or not id.strip():
        raise CatalogueError(f"explanation {key!r}: key, English and Indonesian text are all required")
    if placeholders(en) != placeholders(id):
        raise CatalogueError(
            f"explanation {key!r}: placeholders differ: {sorted(placeholders(en))} vs {sorted(placeholders(id))}"
        )
    got = _CATALOGUE.get(key)
    if got is not None:
        if (got.en, got.id) != (en, id):
            raise CatalogueError(f"explanation {key!r} is already registered with other text")
        return got
    tpl = Template(key, en, id)
    _CATALOGUE[key] = tpl
    return tpl


for _key, (_en, _id) in _ENTRIES.items():
    register(_key, _en, _id)

#: Every registered template by key (read-only view).
CATALOGUE: Final[Mapping[str, Template]] = MappingProxyType(_CATALOGUE)


def template(key: str) -> Template:
    """The catalogued template for ``key`` (KeyError when it does not exist)."""
    try:
        return _CATALOGUE[key]
    except KeyError:
        raise KeyError(f"no explanation template {key!r} in the catalogue") from None
