"""`tatakelola feedback export|precision`: reviewer verdicts as training rows and per-rule precision."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from tatakelola.cases import services
from tatakelola.cases.choices import DismissReason
from tatakelola.cases.feedback import rule_feedback, wilson_interval
from tatakelola.cases.models import Alert, FindingLabel
from tatakelola.orgs.models import Organisation
from tatakelola.orgs.services import organisation_create

# Written for these tests: hateful towards groups (the hate-speech model scores them above 0.8).
HATEFUL = ["semua orang cina itu penipu, usir mereka dari indonesia", "dasar kafir semua, usir mereka dari negeri ini"]
NIK = "Kirim KTP, NIK 3201010101010001 ya"
ML_RULE = "ITE-HATE-ML-101"


def reviewer() -> User:
    return User.objects.get(username="reviewer")


@pytest.fixture
def labelled(post: Callable[..., Alert | None], bank: Organisation) -> dict[str, Alert]:
    """Two hateful messages (one confirmed, one dismissed) and one NIK message (dismissed); the
    demo's own labels are removed so the counts are these alone."""
    FindingLabel.objects.all().delete()
    alerts: dict[str, Alert] = {}
    for key, text in (("hate-confirmed", HATEFUL[0]), ("hate-dismissed", HATEFUL[1]), ("nik", NIK)):
        alert = post(text)
        assert alert is not None, text
        alerts[key] = alert
    assert ML_RULE in alerts["hate-confirmed"].rule_ids and ML_RULE in alerts["hate-dismissed"].rule_ids
    services.alert_confirm(actor=reviewer(), alert=alerts["hate-confirmed"])
    services.alert_dismiss(actor=reviewer(), alert=alerts["hate-dismissed"], reason=DismissReason.CONTEXT)
    services.alert_dismiss(actor=reviewer(), alert=alerts["nik"], reason=DismissReason.TEST_DATA)
    return alerts


def _export(tmp_path: Path, *args: str) -> list[dict[str, object]]:
    path = tmp_path / "verdicts.jsonl"
    err = io.StringIO()
    call_command("feedback", "export", "--output", str(path), *args, stdout=io.StringIO(), stderr=err)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert f"Wrote {len(rows)} labelled findings" in err.getvalue()
    return rows


def test_export_writes_one_record_per_labelled_finding(labelled: dict[str, Alert], tmp_path: Path) -> None:
    rows = _export(tmp_path)
    assert len(rows) == FindingLabel.objects.count() >= 3
    ml = {r["text"]: r for r in rows if r["rule_id"] == ML_RULE}
    assert set(ml) == set(HATEFUL)
    confirmed = ml[HATEFUL[0]]
    assert confirmed["model"] == "hate_speech_id"
    assert confirmed["verdict"] == "true_positive"
    assert confirmed["language"] == "id"
    assert confirmed["organisation"] == "bank-nusantara"
    assert confirmed["pack"] == "id-uu-ite-content"
    assert isinstance(confirmed["score"], float) and confirmed["score"] >= 0.8
    assert str(confirmed["labelled_at"]).startswith("20")
    assert ml[HATEFUL[1]]["verdict"] == "false_positive" and ml[HATEFUL[1]]["reason"] == "context"
    nik = [r for r in rows if r["text"] == NIK]
    assert nik and all(r["model"] is None and r["verdict"] == "false_positive" for r in nik)


def test_export_filters_by_organisation_and_date(labelled: dict[str, Alert], tmp_path: Path) -> None:
    assert len(_export(tmp_path, "--organisation", "bank-nusantara")) == FindingLabel.objects.count()
    organisation_create(actor=None, name="PT Lain", slug="lain")
    assert _export(tmp_path, "--organisation", "lain") == []
    assert _export(tmp_path, "--since", "2999-01-01") == []
    assert len(_export(tmp_path, "--since", "2000-01-01")) == FindingLabel.objects.count()
    with pytest.raises(CommandError, match="No organisation"):
        call_command("feedback", "export", "--organisation", "nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Not a date"):
        call_command("feedback", "export", "--since", "yesterday", stdout=io.StringIO())


def test_export_to_standard_output(labelled: dict[str, Alert]) -> None:
    out = io.StringIO()
    call_command("feedback", "export", stdout=out)
    assert len(out.getvalue().splitlines()) == FindingLabel.objects.count()


def test_export_feeds_the_training_merge(labelled: dict[str, Alert], tmp_path: Path) -> None:
    """The exported file is what `make train TRAIN_FEEDBACK=…` reads."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
    import train

    path = tmp_path / "verdicts.jsonl"
    call_command("feedback", "export", "--output", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    feedback = train.read_feedback(path)
    assert set(feedback) == {"hate_speech_id"}  # rules without a model teach no model
    texts, labels, stats = train.merge_feedback(
        ["contoh"],
        ["not_hate"],
        feedback["hate_speech_id"],
        classes=["hate", "not_hate"],
        alert_label="hate",
        language="id",
        held_out=[],
    )
    assert dict(zip(texts[1:], labels[1:], strict=True)) == {HATEFUL[0]: "hate", HATEFUL[1]: "not_hate"}
    assert stats["added"] == 2


def test_precision_per_rule_with_wilson_interval(labelled: dict[str, Alert]) -> None:
    rows = {r.rule_id: r for r in rule_feedback()}
    ml = rows[ML_RULE]
    assert (ml.confirmed, ml.dismissed, ml.labelled, ml.model) == (1, 1, 2, "hate_speech_id")
    assert ml.precision == 0.5
    low, high = ml.interval
    assert low == pytest.approx(0.0945, abs=1e-3) and high == pytest.approx(0.9055, abs=1e-3)
    order = [r.rule_id for r in rule_feedback()]
    assert order == sorted(order, key=lambda rule: (rows[rule].interval[1], rows[rule].precision))
    assert all(r.labelled >= 2 for r in rule_feedback(min_labels=2))
    organisation_create(actor=None, name="PT Lain", slug="lain")
    assert rule_feedback(organisation=Organisation.objects.get(slug="lain")) == []


def test_precision_command_formats(labelled: dict[str, Alert]) -> None:
    out = io.StringIO()
    call_command("feedback", "precision", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    ml = next(r for r in data if r["rule_id"] == ML_RULE)
    assert (ml["confirmed"], ml["dismissed"], ml["precision"], ml["model"]) == (1, 1, 0.5, "hate_speech_id")
    assert 0 < ml["wilson_low"] < 0.5 < ml["wilson_high"] < 1

    out = io.StringIO()
    call_command("feedback", "precision", "--format", "csv", "--organisation", "bank-nusantara", stdout=out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["rule_id"] for r in table] == [r["rule_id"] for r in data]
    assert next(r for r in table if r["rule_id"] == ML_RULE)["labelled"] == "2"

    out = io.StringIO()
    call_command("feedback", "precision", stdout=out)
    text = out.getvalue()
    assert "95-percent interval" in text
    line = next(x for x in text.splitlines() if x.startswith(ML_RULE))
    assert "50.0 %" in line and "9.5-90.5 %" in line and "hate_speech_id" in line

    out = io.StringIO()
    call_command("feedback", "precision", "--min-labels", "1000", stdout=out)
    assert "No reviewer labels yet." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("feedback", "precision", "--min-labels", "0", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [(0, 0, 0.0, 1.0), (1, 1, 0.2065, 1.0), (0, 1, 0.0, 0.7935), (8, 10, 0.4902, 0.9433), (50, 50, 0.9287, 1.0)],
)
def test_wilson_interval(successes: int, n: int, low: float, high: float) -> None:
    got = wilson_interval(successes, n)
    assert got == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))


def test_few_labels_never_look_precise() -> None:
    """One confirmation out of one is listed after a rule that is demonstrably imprecise."""
    from tatakelola.cases.feedback import RuleFeedback

    lucky = RuleFeedback("LUCKY", "p", None, 1, 0)
    bad = RuleFeedback("BAD", "p", None, 10, 30)
    assert lucky.interval[0] < 0.25
    assert sorted([lucky, bad], key=lambda r: r.interval[1])[0] is bad
