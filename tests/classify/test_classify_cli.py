"""``tatakelola classify``: listing, JSONL/CSV/text round trips, and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tatakelola.classify import list_models, load, model_info
from tatakelola.classify.cli import main


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_list_names_models_and_flags_non_commercial_ones() -> None:
    code, out, _ = run(["classify", "--list"])
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert {"abusive_id", "hate_speech_id", "offensive_en", "sentiment_id"} <= set(lines)
    assert "non-commercial" in lines["abusive_id"]
    assert "non-commercial" not in lines["sentiment_id"]


def test_jsonl_round_trip_keeps_ids(tmp_path: Path) -> None:
    path = tmp_path / "messages.jsonl"
    rows = [{"id": "a1", "text": "dasar bodoh kau, tolol!"}, {"id": 7, "text": "terima kasih atas bantuannya"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, err = run(["classify", "--model", "abusive_id", str(path), "--format", "jsonl"])
    assert code == 0, err
    result = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in result] == ["a1", "7"]
    assert [r["label"] for r in result] == ["abusive", "not_abusive"]
    assert all(r["model"] == "abusive_id" and 0.0 <= r["score"] <= 1.0 for r in result)


def test_csv_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_text('id,text\nx,"shut up you stupid idiot"\ny,"have a lovely weekend, friends"\n', encoding="utf-8")
    code, out, err = run(["classify", "--model", "offensive_en", str(path), "--format", "csv"])
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["x", "y"]
    assert [r["label"] for r in rows] == ["offensive", "not_offensive"]
    assert {"id", "model", "label", "score"} <= set(rows[0])


def test_text_from_stdin_uses_line_numbers_and_reports_other_languages() -> None:
    stdin = "makanannya enak sekali\nDas ist ein sehr schönes Haus und ich wohne gern hier\n".encode()
    code, out, _ = run(["classify", "--model", "sentiment_id", "-"], stdin)
    assert code == 0
    result = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in result] == ["1", "2"]
    assert result[0]["language"] == "id" and result[0]["note"] == ""
    assert result[1]["language"] == "other" and "not the model's" in result[1]["note"]


def test_invalid_utf8_is_replaced_and_reported() -> None:
    code, out, err = run(["classify", "--model", "sentiment_id", "-"], b"enak sekali \xff\xfe makanannya\n")
    assert code == 0
    assert "not valid UTF-8" in err
    assert len(out.splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["classify"], b"", "give --model NAME or --all"),
        (["classify", "--model", "no_such_model", "-"], b"x\n", "unknown model"),
        (["classify", "--model", "abusive_id", "-", "--format", "xml"], b"", "invalid choice"),
        (["classify", "--model", "abusive_id", "-", "--input-format", "jsonl"], b"{not json}\n", "not valid JSON"),
        (["classify", "--model", "abusive_id", "-", "--input-format", "jsonl"], b'{"id": 1}\n', "string 'text'"),
        (["classify", "--model", "abusive_id", "-", "--input-format", "csv"], b"id,body\n1,hi\n", "'text' column"),
        (["classify", "--model", "abusive_id", "/no/such/file.txt"], b"", "cannot read"),
    ],
)
def test_bad_usage_and_input_exit_2(argv: list[str], stdin: bytes, message: str) -> None:
    code, _out, err = run(argv, stdin)
    assert code == 2
    assert message in err
    assert err.startswith("tatakelola classify: error:")


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tatakelola.classify", "--list"], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "abusive_id" in proc.stdout


def test_the_package_imports_no_django() -> None:
    code = (
        "import sys, tatakelola.classify, tatakelola.classify.cli; "
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_all_runs_every_model_of_each_message_language(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "text": "dasar bodoh kau, tolol!"},
        {"id": "b", "text": "thank you so much for the quick help, great service"},
        {"id": "c", "text": "12345 !!!"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["classify", "--all", str(path)], stdout=out, stderr=err) == 0, err.getvalue()
    result = [json.loads(line) for line in out.getvalue().splitlines()]
    by_message: dict[str, list[str]] = {}
    for r in result:
        by_message.setdefault(r["id"], []).append(r["model"])
    indonesian = sorted(m.name for m in list_models() if m.language == "id")
    english = sorted(m.name for m in list_models() if m.language == "en")
    assert sorted(by_message["a"]) == indonesian
    assert sorted(by_message["b"]) == english
    assert by_message["c"] == [""] and "no shipped model" in result[-1]["note"]
    abusive = next(r for r in result if r["id"] == "a" and r["model"] == "abusive_id")
    alone = load("abusive_id").predict(["dasar bodoh kau, tolol!"])[0]
    assert abusive["label"] == alone.label == "abusive"
    assert abusive["score"] == round(alone.score, 4)
    out = io.StringIO()
    assert main(["classify", "--all", "--commercial-only", str(path)], stdout=out, stderr=err) == 0
    models = {json.loads(line)["model"] for line in out.getvalue().splitlines()}
    assert models and all(not m or model_info(m).commercial_use_allowed for m in models)


def test_all_and_model_are_exclusive() -> None:
    err = io.StringIO()
    assert main(["classify", "--all", "--model", "abusive_id"], stdout=io.StringIO(), stderr=err) == 2
    assert main(["classify", "--commercial-only", "--model", "abusive_id"], stdout=io.StringIO(), stderr=err) == 2
