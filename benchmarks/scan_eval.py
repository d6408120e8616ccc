"""Accuracy of the scanning core on public data (and one labelled synthetic set).

Run from the repository root::

    uv run --group bench python benchmarks/scan_eval.py

Datasets are read from ``../shared/datasets`` (or ``$TATAKELOLA_DATASETS``);
see its README. Reports:

1. presidio-synth-pii: span-level precision / recall / F2 for the entity
   types we detect by pattern, beside Presidio's pattern recognizers run on
   the same file in the same run (and Presidio's published whole-dataset
   figures, which cover all 17 entity types and so are not like-for-like).
2. credsweeper-samples: line-level recall against CredSweeper's expected
   findings, for our ``secrets`` pack and for detect-secrets on the same files.
3. A synthetic Indonesian PII set (valid and near-miss NIK, NPWP, +62
   numbers, KK, bank accounts in Indonesian sentences): precision / recall,
   labelled as synthetic.
4. Share of real public messages (IndoNLU SmSA, TweetEval) that any rule
   flags - not ground truth, an indication of noise on ordinary text.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tatakelola.scan import Engine, Message
from tatakelola.scan.detectors.base import CompileEnv, Detector, ScanContext
from tatakelola.scan.detectors.registry import detector_registry
from tatakelola.scan.expression import Node, parse
from tatakelola.scan.packs import builtin_packs
from tatakelola.scan.validators import NIK_PROVINCES


def datasets_dir() -> Path:
    env = os.environ.get("TATAKELOLA_DATASETS")
    root = Path(env) if env else Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
    if not root.is_dir():
        sys.exit(f"datasets not found at {root} (set TATAKELOLA_DATASETS)")
    return root


class _Env(CompileEnv):
    def expression(self, source: str) -> Node:
        return parse(source, lambda t: (0,))

    def option(self, name: str, default: Any = None) -> Any:
        return default


def _detector(name: str, params: Mapping[str, Any] | None = None) -> Detector:
    return detector_registry()[name](params or {}, _Env())


def _fbeta(p: float, r: float, beta: float) -> float:
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Counted as a match when the overlap covers at least half of the gold span."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * (b[1] - b[0])


def span_scores(gold: list[list[tuple[str, int, int]]], pred: list[list[tuple[str, int, int]]], types: Sequence[str]):
    rows = {}
    for t in [*types, "ALL"]:
        tp_p = n_p = tp_g = n_g = 0
        for g, p in zip(gold, pred, strict=True):
            gs = [(a, b) for ty, a, b in g if ty == t or (t == "ALL" and ty in types)]
            ps = [(a, b) for ty, a, b in p if ty == t or (t == "ALL" and ty in types)]
            n_g += len(gs)
            n_p += len(ps)
            tp_g += sum(1 for x in gs if any(_overlaps(y, x) for y in ps))
            tp_p += sum(1 for y in ps if any(_overlaps(y, x) for x in gs))
        prec = tp_p / n_p if n_p else float("nan")
        rec = tp_g / n_g if n_g else float("nan")
        rows[t] = (n_g, prec, rec, _fbeta(prec, rec, 2) if n_p and n_g else float("nan"))
    return rows


def print_rows(title: str, rows: Mapping[str, tuple[int, float, float, float]]) -> None:
    print(f"{title}\n  {'entity':<14} {'gold':>5} {'precision':>10} {'recall':>7} {'F2':>6}")
    for t, (n, p, r, f2) in rows.items():
        print(f"  {t:<14} {n:>5} {p:>10.3f} {r:>7.3f} {f2:>6.3f}")


# -- 1. presidio-synth-pii ---------------------------------------------------
OUR_TYPES = {
    "pii.email": "EMAIL_ADDRESS",
    "pii.phone": "PHONE_NUMBER",
    "pii.card": "CREDIT_CARD",
    "pii.iban": "IBAN_CODE",
    "pii.ip": "IP_ADDRESS",
}
TYPES = [*OUR_TYPES.values(), "DOMAIN_NAME"]


def eval_presidio_synth(root: Path) -> None:
    data = json.loads((root / "presidio-synth-pii" / "synth_dataset_v2.json").read_text("utf-8"))
    texts = [d["full_text"] for d in data]
    gold = [[(s["entity_type"], s["start_position"], s["end_position"]) for s in d["spans"]] for d in data]
    detectors = {t: _detector(n) for n, t in OUR_TYPES.items()}
    detectors["DOMAIN_NAME"] = _detector("link.url", {"check": "any"})
    start = time.perf_counter()
    ours = []
    for text in texts:
        ctx = ScanContext(Message(text=text), set(), {})
        ours.append([(t, h.span.start, h.span.end) for t, d in detectors.items() for h in d.detect(ctx)])
    ours_s = time.perf_counter() - start
    print(f"\n## 1. presidio-synth-pii ({len(texts):,} synthetic English samples; span match = overlap >= 50% of gold)")
    print_rows(f"Tatakelola pattern detectors ({ours_s:.2f}s)", span_scores(gold, ours, TYPES))
    try:
        import tldextract

        tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # offline
        import spacy
        from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
    except ImportError:
        print("Presidio not installed (run with --group bench) - skipped")
        return
    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    nlp_engine.nlp = {"en": spacy.blank("en")}
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=["en"])
    registry.recognizers = [r for r in registry.recognizers if isinstance(r, PatternRecognizer)]
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])
    mapping = {"URL": "DOMAIN_NAME"}
    start = time.perf_counter()
    theirs = [
        [(mapping.get(r.entity_type, r.entity_type), r.start, r.end) for r in analyzer.analyze(text=t, language="en")]
        for t in texts
    ]
    print_rows(
        f"Presidio pattern recognizers, same run ({time.perf_counter() - start:.2f}s)", span_scores(gold, theirs, TYPES)
    )
    print(
        "  Published (presidio-research notebooks, all 17 entity types incl. PERSON/LOCATION, so not like-for-like):"
        "\n  default Presidio P 0.685 / R 0.603 / F2 0.618; customised P 0.870 / R 0.839 / F2 0.845"
    )


# -- 2. credsweeper-samples --------------------------------------------------
def eval_credsweeper(root: Path) -> None:
    base = root / "credsweeper-samples"
    expected = json.loads((base / "expected_credsweeper_output.json").read_text("utf-8"))
    want: dict[str, set[int]] = defaultdict(set)
    n_expected = 0
    rules_by_line: dict[tuple[str, int], str] = {}
    for item in expected:
        for ld in item["line_data_list"]:
            name = Path(ld["path"]).name
            want[name].add(int(ld["line_num"]))
            rules_by_line[(name, int(ld["line_num"]))] = item["rule"]
            n_expected += 1
    engine = Engine([builtin_packs()["secrets"]])
    ours: dict[str, set[int]] = defaultdict(set)
    files = sorted(p for p in (base / "samples").iterdir() if p.is_file())
    total_lines = 0
    start = time.perf_counter()
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        lines = text.splitlines()
        total_lines += len(lines)
        # Each line as a message, and the whole file as one document (so a
        # multi-line private key flags every line it spans).
        msgs = [Message(text=line, id=str(i + 1)) for i, line in enumerate(lines)]
        for i, found in enumerate(engine.scan_batch(msgs)):
            if found:
                ours[path.name].add(i + 1)
        for f in engine.scan(Message(text=text, id=path.name)):
            for span in f.spans:
                first = text.count("\n", 0, span.start) + 1
                last = text.count("\n", 0, max(span.start, span.end - 1)) + 1
                ours[path.name].update(range(first, last + 1))
    ours_s = time.perf_counter() - start
    ds: dict[str, set[int]] = defaultdict(set)
    ds_s = float("nan")
    try:
        from detect_secrets import SecretsCollection
        from detect_secrets.settings import default_settings

        start = time.perf_counter()
        with default_settings():
            coll = SecretsCollection()
            for path in files:
                coll.scan_file(str(path))
        ds_s = time.perf_counter() - start
        for filename, secret in coll:
            ds[Path(filename).name].add(secret.line_number)
    except ImportError:
        print("detect-secrets not installed (run with --group bench)")

    def recall(found: Mapping[str, set[int]]) -> tuple[int, int]:
        hit = sum(1 for (name, line) in rules_by_line if line in found.get(name, set()))
        return hit, len(rules_by_line)

    def flagged_lines(found: Mapping[str, set[int]]) -> int:
        return sum(len(v) for v in found.values())

    h1, n = recall(ours)
    h2, _ = recall(ds)
    print(
        f"\n## 2. credsweeper-samples ({len(files)} files, {total_lines:,} lines, {n_expected} expected findings on "
        f"{n} distinct lines; CredSweeper's own output, not human ground truth)"
    )
    print(
        f"  Tatakelola secrets pack : line recall {h1 / n:.3f} ({h1}/{n}), {flagged_lines(ours)} lines flagged, "
        f"{ours_s:.2f}s"
    )
    print(
        f"  detect-secrets 1.5      : line recall {h2 / n:.3f} ({h2}/{n}), {flagged_lines(ds)} lines flagged, "
        f"{ds_s:.2f}s"
    )
    missed = Counter(rules_by_line[k] for k in rules_by_line if k[1] not in ours.get(k[0], set()))
    print(f"  most-missed CredSweeper rules (ours): {missed.most_common(8)}")


# -- 3. synthetic Indonesian PII ---------------------------------------------
def _nik(r: random.Random, valid: bool, female: bool | None = None) -> str:
    prov = r.choice(sorted(NIK_PROVINCES)) if valid or r.random() < 0.5 else r.choice([10, 20, 37, 41, 99])
    day = r.randint(1, 28) + (40 if (r.random() < 0.5 if female is None else female) else 0)
    month = r.randint(1, 12)
    if not valid and prov in NIK_PROVINCES:
        if r.random() < 0.5:
            day = r.choice([0, 32, 35, 72, 80])
        else:
            month = r.choice([0, 13, 19])
    region = f"{prov:02d}{r.randint(1, 79):02d}{r.randint(1, 40):02d}"
    return f"{region}{day:02d}{month:02d}{r.randint(0, 99):02d}{r.randint(1, 9999):04d}"


def _npwp(r: random.Random, valid: bool) -> str:
    from stdnum import luhn

    b = "".join(r.choice("0123456789") for _ in range(8))
    check = luhn.calc_check_digit(b)
    if not valid:
        check = str((int(check) + r.randint(1, 9)) % 10)
    n = b + check + "".join(r.choice("0123456789") for _ in range(3)) + "000"
    return f"{n[0:2]}.{n[2:5]}.{n[5:8]}.{n[8]}-{n[9:12]}.{n[12:15]}"


def _phone(r: random.Random, valid: bool) -> str:
    if valid:
        prefix = r.choice(["0812", "0813", "0821", "0852", "0857", "0878", "0896", "+62812", "+62 813", "62811"])
        return f"{prefix}-{r.randint(1000, 9999)}-{r.randint(1000, 9999)}"
    return r.choice([f"0812-{r.randint(10, 99)}", f"0800-{r.randint(100, 999)}", f"+62 812 {r.randint(1, 9)}"])


def synthetic_indonesian(n: int = 2000, seed: int = 7) -> list[tuple[str, str, bool]]:
    """(sentence, type, is_positive) - positives must be found, near-misses not."""
    r = random.Random(seed)
    names = ["Budi Santoso", "Siti Aminah", "Rina Wati", "Agus Salim", "Dewi Lestari"]
    banks = ["BCA", "BRI", "BNI", "Mandiri", "BSI", "CIMB Niaga"]
    out = []
    for _ in range(n):
        kind = r.choice(["NIK", "NPWP", "PHONE", "KK", "BANK"])
        pos = r.random() < 0.6
        name = r.choice(names)
        if kind == "NIK":
            v = _nik(r, pos)
            text = r.choice(
                [
                    f"Mohon verifikasi, NIK saya {v} a.n. {name}",
                    f"data KTP: {v}, alamat Bandung",
                    f"{name} dengan nomor induk kependudukan {v} sudah terdaftar",
                ]
            )
        elif kind == "NPWP":
            text = r.choice([f"NPWP perusahaan {_npwp(r, pos)} mohon dicek", f"npwp saya: {_npwp(r, pos)}"])
        elif kind == "PHONE":
            text = r.choice([f"hubungi {name} di {_phone(r, pos)} ya", f"no hp bu {name.split()[0]}: {_phone(r, pos)}"])
        elif kind == "KK":
            # A KK number carries an issue date (no +40 day offset).
            v = _nik(r, True, female=False) if pos else _nik(r, False, female=False)
            text = f"nomor KK {v} untuk pendaftaran sekolah"
        else:
            acct = "".join(r.choice("0123456789") for _ in range(r.choice([10, 12, 13])))
            text = (
                f"transfer ke rek {r.choice(banks)} {acct} a.n. {name}"
                if pos
                else f"transfer ke rekening {acct} ya kak, makasih"
            )
        out.append((text, kind, pos))
    return out


SYN_RULES = {
    "NIK": {"PII-NIK-001"},
    "NPWP": {"PII-NPWP-101"},
    "PHONE": {"PII-PHONE-005", "PII-PHONE-104"},
    "KK": {"PII-KK-002"},
    "BANK": {"PII-BANK-004"},
}


def eval_synthetic_indonesian() -> None:
    data = synthetic_indonesian()
    engine = Engine([builtin_packs()["id-uu-pdp-personal-data"], builtin_packs()["pii-international"]])
    results = engine.scan_batch([Message(text=t, language="id") for t, _, _ in data])
    print(
        f"\n## 3. Synthetic Indonesian PII ({len(data):,} generated sentences - SYNTHETIC, seed 7; "
        "positives = valid values, negatives = near-misses)"
    )
    print(f"  {'type':<6} {'pos':>5} {'neg':>5} {'precision':>10} {'recall':>7}")
    for kind, rules in SYN_RULES.items():
        rows = [
            (pos, bool({f.rule_id for f in fs} & rules))
            for (t, k, pos), fs in zip(data, results, strict=True)
            if k == kind
        ]
        tp = sum(1 for pos, hit in rows if pos and hit)
        fp = sum(1 for pos, hit in rows if not pos and hit)
        npos = sum(1 for pos, _ in rows if pos)
        print(
            f"  {kind:<6} {npos:>5} {len(rows) - npos:>5} {tp / (tp + fp) if tp + fp else float('nan'):>10.3f} "
            f"{tp / npos:>7.3f}"
        )


# -- 4. flag rate on real public text ----------------------------------------
def eval_real_text(root: Path) -> None:
    sets = {
        "IndoNLU SmSA test+valid (id reviews)": [
            line.split("\t")[0]
            for f in ("test_preprocess.tsv", "valid_preprocess.tsv")
            for line in (root / "indonlu-smsa" / f).read_text("utf-8").splitlines()
            if line.strip()
        ],
        "TweetEval sentiment test (en tweets)": [
            line
            for line in (root / "tweeteval" / "sentiment" / "test_text.txt").read_text("utf-8").splitlines()
            if line.strip()
        ],
    }
    engine = Engine(list(builtin_packs().values()))
    print("\n## 4. Flag rate on real public text (all packs; not ground truth - includes true hits such as profanity)")
    for name, texts in sets.items():
        start = time.perf_counter()
        results = engine.scan_batch([Message(text=t) for t in texts])
        secs = time.perf_counter() - start
        flagged = sum(1 for fs in results if fs)
        rules = Counter(f.rule_id for fs in results for f in fs)
        print(
            f"  {name}: {len(texts):,} messages, {flagged / len(texts):.2%} flagged, {len(texts) / secs:,.0f} msg/s; "
            f"top rules {rules.most_common(6)}"
        )


def main() -> int:
    root = datasets_dir()
    print(f"# Tatakelola scan evaluation (datasets: {root})")
    eval_presidio_synth(root)
    eval_credsweeper(root)
    eval_synthetic_indonesian()
    eval_real_text(root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
