"""Streaming CLI: the same bytes whatever the batch size or the number of worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_cli import run_cli

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 golden messages (findings of many rules, metadata) with a bad record and a blank line."""
    lines = (DATA / "golden_input.jsonl").read_text("utf-8").splitlines()
    picked = lines[:250] + lines[-150:]
    picked.insert(120, "{not json")
    picked.insert(200, "")
    path = tmp_path_factory.mktemp("stream") / "in.jsonl"
    path.write_text("\n".join(picked) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "sarif", "csv", "text"])
def test_batch_sizes_and_jobs_give_byte_identical_output(corpus: Path, fmt: str) -> None:
    outputs = {}
    for extra in (["--batch-size", "1"], ["--batch-size", "7"], ["--batch-size", "10000"], ["--jobs", "2"]):
        if extra == ["--jobs", "2"]:
            extra = [*extra, "--batch-size", "37"]  # several chunks, so both workers get some
        code, out, err = run_cli(["scan", str(corpus), "--format", fmt, "--quiet", *extra])
        assert code == 2  # the bad record
        assert err.count("error: bad JSONL record") == 1, err
        outputs[" ".join(extra)] = out
    first = outputs["--batch-size 10000"]
    assert sum(first.count(rule) for rule in ("PII-NIK-001", "SEC-CRED-012", "FTC-AD-040M", "PII-PHONE-104")) > 8
    for key, out in outputs.items():
        assert out == first, key


def test_jsonl_output_keeps_input_order_and_lines(corpus: Path) -> None:
    _, out, _ = run_cli(["scan", str(corpus), "--format", "jsonl", "--jobs", "2", "--batch-size", "13"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 400
    assert [r["line"] for r in rows] == sorted(r["line"] for r in rows)
    assert 121 not in {r["line"] for r in rows}  # the bad record, reported instead


def test_json_summary_is_added_up_across_chunks(corpus: Path) -> None:
    _, one, _ = run_cli(["scan", str(corpus), "--format", "json"])
    _, many, _ = run_cli(["scan", str(corpus), "--format", "json", "--batch-size", "9", "--jobs", "2"])
    a, b = json.loads(one), json.loads(many)
    for doc in (a, b):
        doc["summary"].pop("seconds")
    assert a == b
    assert a["summary"]["messages"] == 400
    assert a["summary"]["findings"] == sum(len(r["findings"]) for r in a["results"]) > 50
    assert a["input_problems"][0]["line"] == 121


def test_jobs_must_not_be_negative() -> None:
    assert run_cli(["scan", "-", "--jobs", "-1"])[0] == 2
