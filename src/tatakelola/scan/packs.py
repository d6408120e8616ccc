"""Rule packs: YAML files validated by a JSON Schema, loaded all-or-nothing.

Errors carry the file and line of the offending node. A pack that fails
validation raises :class:`PackError` before anything is returned, so a
malformed pack never half-loads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from tatakelola.scan.model import Message


class PackError(ValueError):
    """A rule pack could not be loaded; ``str()`` names file and line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line, self.detail = source, line, message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    language: str | None = None
    channel: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    scores: Mapping[str, float] = field(default_factory=dict)

    def to_message(self, msg_id: str) -> Message:
        return Message(
            text=self.text,
            id=msg_id,
            language=self.language,
            channel=self.channel,
            metadata=MappingProxyType(dict(self.metadata)),
            scores=MappingProxyType(dict(self.scores)),
        )


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pack: str
    title_en: str
    title_id: str
    description: str
    severity: str
    category: str
    action: str
    citations: tuple[str, ...]
    detector: str
    params: Mapping[str, Any]
    when: Mapping[str, Any]
    unless: Mapping[str, Any]
    languages: tuple[str, ...]
    channels: tuple[str, ...]
    redact: bool
    fix_en: str
    fix_id: str
    must_match: tuple[Example, ...]
    must_not_match: tuple[Example, ...]
    line: int = 0
    #: Line of each top-level key of the rule (for error messages).
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    version: str
    owner: str
    title_en: str
    title_id: str
    description: str
    languages: tuple[str, ...]
    channels: tuple[str, ...]
    review_by: str
    citations: tuple[str, ...]
    lexicons: Mapping[str, tuple[str, ...]]
    options: Mapping[str, Any]
    rules: tuple[Rule, ...]
    source: str

    def with_options(self, options: Mapping[str, Any]) -> Pack:
        merged = {**self.options, **options}
        return Pack(
            self.id,
            self.version,
            self.owner,
            self.title_en,
            self.title_id,
            self.description,
            self.languages,
            self.channels,
            self.review_by,
            self.citations,
            self.lexicons,
            MappingProxyType(merged),
            self.rules,
            self.source,
        )


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    raw = resources.files("tatakelola.scan").joinpath("schema/rulepack.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


#: libyaml's parser when PyYAML was built with it (ten times faster; the same
#: safe constructors and resolvers, and nodes still carry their lines).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """The YAML document and its line map, from one parse."""
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return data, _line_map(root)


def _line_map(root: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    """Path (tuple of keys/indexes) → 1-based line, from the YAML node tree."""
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value))
                lines[(*path, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return lines


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _example(raw: Any) -> Example:
    if isinstance(raw, str):
        return Example(raw)
    return Example(
        raw["text"],
        raw.get("language"),
        raw.get("channel"),
        dict(raw.get("metadata") or {}),
        dict(raw.get("scores") or {}),
    )


def _schema_errors(data: Any) -> list[Any]:
    import jsonschema  # ~55 ms to import: only when a pack is validated

    return sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data), key=lambda e: list(e.absolute_path))


def parse_pack(text: str, source: str, *, base: Mapping[str, Pack] | None = None, trusted: bool = False) -> Pack:
    """Validate and build one pack from YAML text (raises :class:`PackError`).

    ``trusted``: this exact text passed the schema before (see
    :func:`builtin_packs`), so the JSON Schema check is skipped."""
    try:
        raw, lines = _load(text)
        data = _plain(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PackError(source, mark.line + 1 if mark else None, f"invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PackError(source, 1, "a rule pack must be a YAML mapping")
    if "extends" in data and base is not None:
        parent = base.get(str(data["extends"]))
        if parent is None:
            raise PackError(source, lines.get(("extends",)), f"extends unknown pack {data['extends']!r}")
        data = _extend(parent, data)
    errors = [] if trusted else _schema_errors(data)
    if errors:
        err = errors[0]
        path = tuple(err.absolute_path)
        line = None
        while line is None and path:
            line = lines.get(path)
            path = path[:-1]
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PackError(source, line or 1, f"{where}: {err.message}{more}")
    seen: set[str] = set()
    rules = []
    for i, r in enumerate(data["rules"]):
        if r["id"] in seen:
            raise PackError(source, lines.get(("rules", i, "id")), f"duplicate rule id {r['id']}")
        seen.add(r["id"])
        rules.append(
            Rule(
                id=r["id"],
                pack=data["pack"],
                title_en=r["title"]["en"],
                title_id=r["title"]["id"],
                description=r.get("description", ""),
                severity=r["severity"],
                category=r["category"],
                action=r["action"],
                citations=tuple(r["citations"]),
                detector=r["detector"],
                params=MappingProxyType(dict(r.get("params") or {})),
                when=MappingProxyType(dict(r.get("when") or {})),
                unless=MappingProxyType(dict(r.get("unless") or {})),
                languages=tuple(r.get("languages") or data["languages"]),
                channels=tuple(r.get("channels") or data["channels"]),
                redact=bool(r.get("redact", False)),
                fix_en=r["fix"]["en"],
                fix_id=r["fix"]["id"],
                must_match=tuple(_example(e) for e in r["examples"]["must_match"]),
                must_not_match=tuple(_example(e) for e in r["examples"]["must_not_match"]),
                line=lines.get(("rules", i), 0),
                lines=MappingProxyType({str(k): lines.get(("rules", i, k), 0) for k in r}),
            )
        )
        if r.get("enabled") is False:
            rules.pop()
    return Pack(
        id=data["pack"],
        version=data["version"],
        owner=data["owner"],
        title_en=data["title"]["en"],
        title_id=data["title"]["id"],
        description=data.get("description", ""),
        languages=tuple(data["languages"]),
        channels=tuple(data["channels"]),
        review_by=data["review_by"],
        citations=tuple(data["citations"]),
        lexicons=MappingProxyType({k: tuple(v) for k, v in (data.get("lexicons") or {}).items()}),
        options=MappingProxyType(dict(data.get("options") or {})),
        rules=tuple(rules),
        source=source,
    )


def _extend(parent: Pack, child: dict[str, Any]) -> dict[str, Any]:
    """A pack that ``extends`` another inherits its rules, lexicons and options."""
    text = Path(parent.source).read_text("utf-8") if Path(parent.source).exists() else None
    if text is None:
        text = resources.files("tatakelola.scan").joinpath(parent.source).read_text("utf-8")
    base = _plain(yaml.load(text, Loader=_LOADER))  # noqa: S506 - a safe loader (C or Python)
    merged = dict(base)
    for key, value in child.items():
        if key == "extends":
            continue
        if key in ("options", "lexicons"):
            merged[key] = {**(base.get(key) or {}), **(value or {})}
        elif key == "rules":
            merged["rules"] = [*base.get("rules", []), *value]
        else:
            merged[key] = value
    return merged


def load_pack_file(path: str | Path, *, base: Mapping[str, Pack] | None = None) -> Pack:
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(p), None, f"cannot read pack: {exc}") from exc
    return parse_pack(text, str(p), base=base)


BUILTIN_PACKS = (
    "secrets",
    "pii-international",
    "id-uu-pdp-personal-data",
    "id-uu-ite-content",
    "id-ojk-marketing",
    "id-advertising-ethics",
    "en-ftc-endorsement",
    "en-finra-communications",
    "confidential-info",
    "brand-safety",
    "off-channel",
    "links",
)


@lru_cache(maxsize=1)
def builtin_packs() -> Mapping[str, Pack]:
    """All built-in packs by id (loaded once; all-or-nothing)."""
    out: dict[str, Pack] = {}
    root = resources.files("tatakelola.scan").joinpath("packs")
    texts = {name: root.joinpath(f"{name}.yaml").read_text("utf-8") for name in BUILTIN_PACKS}
    # The schema check of unchanged packs is remembered (a digest of the schema
    # and every pack text in the scan cache directory): it is the same answer.
    schema = resources.files("tatakelola.scan").joinpath("schema/rulepack.schema.json").read_bytes()
    digest = hashlib.sha256(schema + "\0".join(texts.values()).encode()).hexdigest()
    marker = _validated_marker()
    trusted = marker is not None and _read(marker) == digest
    for name, text in texts.items():
        rel = f"packs/{name}.yaml"
        pack = parse_pack(text, rel, trusted=trusted)
        if pack.id != name:
            raise PackError(rel, 1, f"pack id {pack.id!r} does not match file name")
        out[name] = pack
    if marker is not None and not trusted:
        with contextlib.suppress(OSError):
            marker.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            marker.write_text(digest, encoding="ascii")
    return MappingProxyType(out)


def _validated_marker() -> Path | None:
    from tatakelola.scan.hscache import cache_dir, private

    directory = cache_dir()
    if directory is None or (directory.exists() and not private(directory)):
        return None
    return directory / "builtin-packs.validated"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def resolve_packs(specs: Iterable[str] | None) -> list[Pack]:
    """Built-in ids and/or YAML paths → packs (default: every built-in pack)."""
    builtins = builtin_packs()
    if not specs:
        return list(builtins.values())
    out: list[Pack] = []
    for spec in specs:
        if spec in builtins:
            out.append(builtins[spec])
        elif spec.endswith((".yaml", ".yml")) or Path(spec).exists():
            out.append(load_pack_file(spec, base=builtins))
        else:
            raise PackError(spec, None, f"unknown pack {spec!r} (built-in: {', '.join(builtins)})")
    return out


def all_rules(packs: Sequence[Pack]) -> list[Rule]:
    return [r for p in packs for r in p.rules]
