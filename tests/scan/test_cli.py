"""CLI contract: formats round-trip, exit codes, bad input, SARIF schema."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tatakelola.scan.cli import main, output_language
from tatakelola.scan.model import Finding

from .sarif_schema import SARIF_2_1_0_SUBSET

MESSAGES = [
    ("m1", "Halo kak, pesanan sudah dikirim ya"),
    ("m2", "NIK saya 3273121708900001 tolong dibantu"),
    ("m3", "dasar g0bl0k, password: Kopi2024!"),
    ("m4", "Promo KPR bunga 3,5%! Ajukan sekarang"),
]
PACKS = [
    "--pack",
    "id-uu-pdp-personal-data",
    "--pack",
    "secrets",
    "--pack",
    "brand-safety",
    "--pack",
    "id-ojk-marketing",
]


def run_cli(args: list[str], stdin: bytes = b"", monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    fake_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = fake_in, out, err
    try:
        code = main(args)
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("inputs")
    text = d / "in.txt"
    text.write_text("\n".join(t for _, t in MESSAGES) + "\n", encoding="utf-8")
    jsonl = d / "in.jsonl"
    jsonl.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in MESSAGES) + "\n", encoding="utf-8")
    csvf = d / "in.csv"
    with csvf.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerows(MESSAGES)
    return {"text": text, "jsonl": jsonl, "csv": csvf}


def _by_message(jsonl_out: str) -> list[list[str]]:
    return [sorted(f["rule_id"] for f in json.loads(line)["findings"]) for line in jsonl_out.splitlines()]


def test_all_input_formats_give_the_same_findings(inputs: dict[str, Path]) -> None:
    outs = {}
    for kind, path in inputs.items():
        code, out, _ = run_cli(["scan", str(path), "--format", "jsonl", *PACKS])
        assert code == 1
        outs[kind] = _by_message(out)
    assert outs["text"] == outs["jsonl"] == outs["csv"]
    assert outs["jsonl"] == [[], ["PII-NIK-001"], ["BRAND-PROF-ID-101", "SEC-PWD-101"], ["OJK-REG-024", "OJK-TNC-022"]]


def test_jsonl_output_carries_input_ids(inputs: dict[str, Path]) -> None:
    _, out, _ = run_cli(["scan", str(inputs["jsonl"]), "--format", "jsonl", *PACKS])
    assert [json.loads(line)["id"] for line in out.splitlines()] == [i for i, _ in MESSAGES]
    _, out, _ = run_cli(["scan", str(inputs["text"]), "--format", "jsonl", *PACKS])
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["1", "2", "3", "4"]


def test_json_jsonl_and_csv_outputs_round_trip(inputs: dict[str, Path]) -> None:
    _, jsonl_out, _ = run_cli(["scan", str(inputs["jsonl"]), "--format", "jsonl", *PACKS])
    _, json_out, _ = run_cli(["scan", str(inputs["jsonl"]), "--format", "json", *PACKS])
    _, csv_out, _ = run_cli(["scan", str(inputs["jsonl"]), "--format", "csv", *PACKS])
    from_jsonl = [Finding.from_dict(o["id"], f) for o in map(json.loads, jsonl_out.splitlines()) for f in o["findings"]]
    doc = json.loads(json_out)
    from_json = [Finding.from_dict(r["id"], f) for r in doc["results"] for f in r["findings"]]
    assert from_jsonl == from_json
    assert [f.to_dict() for f in from_json] == [f for r in doc["results"] for f in r["findings"]]
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert [(r["id"], r["rule_id"], int(r["start"]), r["severity"]) for r in rows] == [
        (f.message_id, f.rule_id, f.spans[0].start, f.severity) for f in from_json
    ]
    assert doc["summary"]["messages"] == 4
    assert doc["summary"]["findings"] == len(rows)
    # The Indonesian explanation travels in every machine-readable format.
    assert all(f.explanation_id and f.explanation_id != f.explanation for f in from_json)
    assert [r["explanation_id"] for r in rows] == [f.explanation_id for f in from_json]
    nik = next(f for f in from_json if f.rule_id == "PII-NIK-001")
    assert nik.explanation_id.startswith("Nomor 16 digit dengan struktur NIK yang valid: provinsi 32")


def test_sarif_validates_against_the_schema(inputs: dict[str, Path]) -> None:
    for path in (inputs["text"], inputs["jsonl"]):
        code, out, _ = run_cli(["scan", str(path), "--format", "sarif", *PACKS])
        assert code == 1
        doc = json.loads(out)
        jsonschema.Draft202012Validator(SARIF_2_1_0_SUBSET).validate(doc)
        run = doc["runs"][0]
        assert len(run["results"]) == 5
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            explanation = result["properties"]["explanation"]
            assert result["message"]["text"].endswith(explanation["en"])
            assert explanation["id"] and explanation["id"] != explanation["en"]


def test_sarif_schema_subset_rejects_bad_documents() -> None:
    validator = jsonschema.Draft202012Validator(SARIF_2_1_0_SUBSET)
    good = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "error"}]}],
    }
    assert validator.is_valid(good)
    for bad in (
        {"version": "2.0.0", "runs": []},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "error"}]}]},
        {
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "critical"}]}],
        },
        {
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": {"name": "x"}},
                    "results": [
                        {
                            "message": {"text": "m"},
                            "locations": [
                                {"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}
                            ],
                        }
                    ],
                }
            ],
        },
    ):
        assert not validator.is_valid(bad)


def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TATAKELOLA_LANGUAGE", "en")


def test_text_output_is_readable(inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _english(monkeypatch)
    code, out, err = run_cli(["scan", str(inputs["text"]), *PACKS])
    assert code == 1
    assert "2:1:10: HIGH PII-NIK-001" in out
    assert "16-digit number with a valid NIK structure" in out
    assert "fix:" in out and "cites:" in out
    assert "scanned 4 messages" in err


@pytest.mark.parametrize(
    "env",
    [{"TATAKELOLA_LANGUAGE": "id"}, {"LANG": "id_ID.UTF-8"}, {"TATAKELOLA_LANGUAGE": "", "LC_ALL": "id_ID.UTF-8"}],
)
def test_text_output_in_indonesian(
    inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    _english(monkeypatch)
    monkeypatch.delenv("TATAKELOLA_LANGUAGE")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, _ = run_cli(["scan", str(inputs["text"]), *PACKS])
    assert code == 1
    assert "2:1:10: HIGH PII-NIK-001 [id-uu-pdp-personal-data] NIK diunggah secara publik - " in out
    assert "Nomor 16 digit dengan struktur NIK yang valid: provinsi 32, tanggal lahir 17-08-90 (laki-laki)." in out
    assert "perbaikan: Hapus NIK dari unggahan" in out and "rujukan:" in out
    assert "16-digit number" not in out


def test_output_language_follows_the_platform_cli_rule() -> None:
    assert output_language({}) == "en"
    assert output_language({"LANG": "en_US.UTF-8"}) == "en"
    assert output_language({"LANG": "id_ID.UTF-8"}) == "id"
    assert output_language({"TATAKELOLA_LANGUAGE": "en", "LANG": "id_ID.UTF-8"}) == "en"
    assert output_language({"LC_MESSAGES": "in_ID"}) == "id"


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("low", 1), ("medium", 1), ("high", 1), ("critical", 0)],
)
def test_fail_on_threshold(inputs: dict[str, Path], fail_on: str, code: int) -> None:
    assert run_cli(["scan", str(inputs["text"]), "--fail-on", fail_on, "--quiet", *PACKS])[0] == code


def test_clean_input_exits_zero() -> None:
    assert run_cli(["scan", "-", "--quiet"], b"halo apa kabar\nterima kasih\n")[0] == 0


def test_bad_jsonl_record_is_reported_and_the_rest_scanned() -> None:
    data = b'{"id": "a", "text": "NIK 3273121708900001"}\n{not json\n{"id": "c", "text": "halo"}\n{"id": "d"}\n'
    code, out, err = run_cli(["scan", "-", "--format", "jsonl", "--input-format", "jsonl"], data)
    assert code == 2
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "c"]
    assert "stdin:2: error: bad JSONL record" in err
    assert "stdin:4: error: bad JSONL record: missing 'text' field" in err


def test_invalid_utf8_is_replaced_and_reported() -> None:
    code, out, err = run_cli(["scan", "-", "--format", "jsonl"], b"halo \xff\xfe dunia\nNIK 3273121708900001\n")
    assert code == 1
    assert "invalid UTF-8" in err and "warning" in err
    first = json.loads(out.splitlines()[0])
    assert first["findings"] == []


def test_csv_without_text_column_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("id,body\n1,hello\n", encoding="utf-8")
    code, _, err = run_cli(["scan", str(p)])
    assert code == 2
    assert "no 'text' column" in err


def test_metadata_from_jsonl_reaches_metadata_rules() -> None:
    data = json.dumps({"id": "s1", "text": "Morning coffee", "metadata": {"is_sponsored": True}}).encode()
    code, out, _ = run_cli(["scan", "-", "--format", "jsonl", "--pack", "en-ftc-endorsement"], data + b"\n")
    assert code == 1
    assert [f["rule_id"] for f in json.loads(out)["findings"]] == ["FTC-AD-040M"]


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--format", "xml"],
        ["scan", "--fail-on", "urgent"],
        ["scan", "/no/such/file.txt"],
        ["scan", "-", "--pack", "no-such-pack"],
        ["bogus"],
        [],
        ["rules"],
        ["scan", "-", "--batch-size", "0"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run_cli(args)[0] == 2


def test_rules_commands() -> None:
    code, out, _ = run_cli(["rules", "list"])
    assert code == 0 and "PII-NIK-001" in out and "secrets" in out
    code, out, _ = run_cli(["rules", "explain", "OJK-TNC-022"])
    assert code == 0 and "SEOJK 12/SEOJK.07/2014" in out and "fix (id):" in out
    assert run_cli(["rules", "explain", "NOPE-000"])[0] == 2
    code, out, _ = run_cli(["rules", "lint"])
    assert code == 0 and "0 errors" in out
    code, out, _ = run_cli(["rules", "test", "--pack", "secrets"])
    assert code == 0 and "examples passed" in out


def test_rules_test_fails_on_a_broken_pack(tmp_path: Path) -> None:
    p = tmp_path / "broken.yaml"
    p.write_text(
        "pack: broken\nversion: 1.0.0\nowner: me\ntitle: {en: b, id: b}\nlanguages: [en]\nchannels: [any]\n"
        "review_by: '2030-01-01'\ncitations: [test-citation]\nrules:\n"
        "  - id: BROKEN-RULE-001\n    title: {en: b, id: b}\n"
        "    severity: low\n    category: test\n    action: flag\n    citations: [test-citation]\n"
        "    detector: lexicon\n"
        "    params: {expr: alpha}\n    fix: {en: b, id: b}\n"
        "    examples: {must_match: [beta], must_not_match: [gamma]}\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(["rules", "test", "--pack", str(p)])
    assert code == 1 and "FAIL" in out
    code, out, _ = run_cli(["rules", "lint", "--pack", str(p)])
    assert code == 1 and "needs >= 10" in out


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tatakelola.scan", "scan", "-", "--format", "jsonl", "--pack", "secrets"],
        input=b"token AKIAIOSFODNN7EXAMPLE\n",
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["findings"][0]["rule_id"] == "SEC-CRED-012"
