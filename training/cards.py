"""Write the bilingual model cards (``src/tatakelola/classify/cards/<model>.md``) from the manifest.

Cards are generated so that the numbers in them are the numbers in the manifest;
the prose per model lives in :mod:`specs`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from specs import BY_NAME

_METRIC_EN = {"macro_f1": "macro-F1", "macro_recall": "macro-recall", "weighted_f1": "weighted F1"}
_METRIC_ID = {"macro_f1": "F1 makro", "macro_recall": "recall makro", "weighted_f1": "F1 berbobot"}


def _baselines(entry: dict[str, Any], lang: str) -> str:
    rows = entry.get("baselines") or []
    if not rows:
        return (
            "No published baseline for this label; see `training/RESULTS.md` for the lexicon baseline.\n"
            if lang == "en"
            else "Tidak ada baseline terbitan untuk label ini; lihat `training/RESULTS.md` untuk baseline leksikon.\n"
        )
    head = (
        "| system | kind | metric | value | source |"
        if lang == "en"
        else "| sistem | jenis | metrik | nilai | sumber |"
    )
    lines = [head, "|---|---|---|---:|---|"]
    for b in rows:
        lines.append(f"| {b['system']} | {b['kind']} | {b['metric']} | {b['value']:.1f} | {b['source']} |")
    return "\n".join(lines) + "\n"


RESULTS = Path(__file__).resolve().parent / "results.json"


def _evaluation(name: str) -> dict[str, Any] | None:
    """This model's row of the last ``make eval`` (``training/results.json``), if any."""
    try:
        rows = json.loads(RESULTS.read_text("utf-8")).get("models", [])
    except (OSError, ValueError):
        return None
    return next((r for r in rows if r.get("name") == name), None)


def _against(name: str, entry: dict[str, Any], lang: str) -> str:
    """The baseline, target and cross-collection lines of a card."""
    spec = BY_NAME[name]
    pm = entry["primary_metric"]
    ours = entry["metrics"]["test"][pm]
    metric = (_METRIC_EN if lang == "en" else _METRIC_ID)[pm]
    ev = _evaluation(name)
    lines = []
    if ev is not None and "baseline" in ev:
        base = ev["baseline"][pm]
        lines.append(
            f"- Plain TF-IDF + linear SVM trained on the same split (`make eval`, same run): {metric} {base:.2f} "
            f"(this model {ours - base:+.2f})."
            if lang == "en"
            else f"- TF-IDF + SVM linear sederhana yang dilatih pada pembagian yang sama (`make eval`, putaran yang "
            f"sama): {metric} {base:.2f} (model ini {ours - base:+.2f})."
        )
        for c in ev.get("cross", []):
            lines.append(
                f"- Another collection, {c['check']} ({c['n']:,} texts): macro-F1 {c['shipped']['macro_f1']:.2f} "
                f"(plain baseline {c['baseline']['macro_f1']:.2f})."
                if lang == "en"
                else f"- Koleksi lain, {c['check']} ({c['n']:,} teks): F1 makro {c['shipped']['macro_f1']:.2f} "
                f"(baseline sederhana {c['baseline']['macro_f1']:.2f})."
            )
        if not ev.get("cross"):
            lines.append(
                "- No labelled text from another collection is available for this task."
                if lang == "en"
                else "- Tidak ada teks berlabel dari koleksi lain untuk tugas ini."
            )
    if spec.target is not None:
        met = ours >= spec.target
        if lang == "en":
            state = "reached" if met else f"**not reached, {spec.target - ours:.2f} points short**"
            lines.append(f"- Target (issue 18): {metric} >= {spec.target:.1f}: {state}.")
            if not met and spec.tried_en:
                lines.append(f"  What was tried: {spec.tried_en}")
        else:
            state = "tercapai" if met else f"**belum tercapai, kurang {spec.target - ours:.2f} poin**"
            lines.append(f"- Target (isu 18): {metric} >= {spec.target:.1f}: {state}.")
            if not met and spec.tried_id:
                lines.append(f"  Yang sudah dicoba: {spec.tried_id}")
    if entry["training"].get("selection", "validation") != "validation":
        lines.append(
            f"- Model selection: {entry['training']['selection']}: the setting with the best *lower* of the two "
            "scores, no tuned threshold (the validation split alone chose models that fail on shifted data)."
            if lang == "en"
            else f"- Pemilihan model: {entry['training']['selection']}: setelan dengan nilai *terendah* dari kedua "
            "skor yang terbaik, tanpa ambang yang disetel (data validasi saja memilih model yang gagal pada data "
            "yang bergeser)."
        )
    return "\n".join(lines) + "\n" if lines else ""


def card(name: str, entry: dict[str, Any]) -> str:
    spec = BY_NAME[name]
    test = entry["metrics"]["test"]
    per_class = ", ".join(f"{k} {v:.1f}" for k, v in test["per_class_f1"].items())
    pm = entry["primary_metric"]
    nc = not entry["commercial_use_allowed"]
    warn_en = (
        "> **Non-commercial.** Trained on CC BY-NC-SA 4.0 data: use it only for non-commercial purposes. "
        "The manifest sets `commercial_use_allowed: false`, `tatakelola classify --list` marks it, and the "
        "platform lets an organisation switch it off.\n\n"
        if nc
        else ""
    )
    warn_id = (
        "> **Non-komersial.** Dilatih pada data berlisensi CC BY-NC-SA 4.0: gunakan hanya untuk keperluan "
        "non-komersial. Manifest memuat `commercial_use_allowed: false`, `tatakelola classify --list` "
        "menandainya, dan platform memungkinkan organisasi mematikannya.\n\n"
        if nc
        else ""
    )
    threshold = entry.get("decision_threshold")
    thr_en = (
        f"The label is `{entry['alert_label']}` when its probability is at least {threshold:.2f} (tuned on the "
        "validation data for macro-F1); rule thresholds compare against the same probability."
        if threshold is not None
        else "The label is the most probable one; rule thresholds compare against the probability of "
        f"`{entry['alert_label']}`."
    )
    thr_id = (
        f"Label `{entry['alert_label']}` dipilih jika probabilitasnya minimal {threshold:.2f} (disetel pada data "
        "validasi untuk F1 makro); ambang aturan dibandingkan dengan probabilitas yang sama."
        if threshold is not None
        else "Label adalah yang paling mungkin; ambang aturan dibandingkan dengan probabilitas "
        f"`{entry['alert_label']}`."
    )
    train = entry["training"]
    feedback = train["feedback_rows"]
    held = int(train.get("feedback", {}).get("held_out", 0))
    held_en = f"; {held} more left out because they appear in the test or validation split" if held else ""
    held_id = f"; {held} lainnya tidak dipakai karena muncul di data uji atau validasi" if held else ""
    return f"""# Model card: `{name}`

{warn_en}## English

**What it does.** {spec.summary_en} Labels: {", ".join(f"`{x}`" for x in entry["labels"])}. {thr_en}

**Data.** `{entry["dataset"]}` — {entry["data_source"]}. Licence of the data: **{entry["licence"]}**.
Split: {entry["split"]}. Training rows: {train["rows"]:,} (of which reviewer feedback: {feedback}{held_en}).

**Method.** Text normalised by `tatakelola.classify.preprocess` (the scanning core's folding and slang
dictionary, plus de-leetspeak, repeated-letter squeezing and separator joining); {train["method"]};
C={train["C"]}, class weight {train["class_weight"]}, seed {train["seed"]}; scikit-learn {train["scikit_learn"]}.

**Test results** ({test["n"]:,} rows): {_METRIC_EN[pm]} **{test[pm]:.2f}** (macro-F1 {test["macro_f1"]:.2f},
weighted F1 {test["weighted_f1"]:.2f}, macro-recall {test["macro_recall"]:.2f}); per-class F1: {per_class}.
Robustness to evasion and throughput: see `training/RESULTS.md`.

Beside the plain baseline, the target and other collections:

{_against(name, entry, "en")}
Published baselines on this dataset:

{_baselines(entry, "en")}
**Limits and biases.** {spec.limits_en} A bag-of-n-grams model does not understand negation, quotation or
context (reporting on abuse looks like abuse). Scores are evidence for a human reviewer, never a verdict:
the platform's rules send them to a review queue; detection never acts on its own.

## Bahasa Indonesia

{warn_id}**Fungsi.** {spec.summary_id} Label: {", ".join(f"`{x}`" for x in entry["labels"])}. {thr_id}

**Data.** `{entry["dataset"]}` — {entry["data_source"]}. Lisensi data: **{entry["licence"]}**.
Pembagian data: {entry["split"]}. Baris latih: {train["rows"]:,}
(termasuk umpan balik peninjau: {train["feedback_rows"]}{held_id}).

**Metode.** Teks dinormalisasi oleh `tatakelola.classify.preprocess` (pelipatan karakter dan kamus slang dari
inti pemindai, ditambah pembalikan leetspeak, pemadatan huruf berulang, dan penggabungan huruf yang dipisah);
n-gram karakter 2-5 dan kata 1-2 (di-hash), TF-IDF sublinear, regresi logistik; C={train["C"]}, seed {train["seed"]}.

**Hasil uji** ({test["n"]:,} baris): {_METRIC_ID[pm]} **{test[pm]:.2f}** (F1 makro {test["macro_f1"]:.2f},
F1 berbobot {test["weighted_f1"]:.2f}, recall makro {test["macro_recall"]:.2f}); F1 per kelas: {per_class}.
Ketahanan terhadap penyamaran kata dan kecepatan: lihat `training/RESULTS.md`.

Dibandingkan dengan baseline sederhana, target, dan koleksi lain:

{_against(name, entry, "id")}
Baseline terbitan pada dataset ini:

{_baselines(entry, "id")}
**Batasan dan bias.** {spec.limits_id} Model n-gram tidak memahami negasi, kutipan, atau konteks (laporan
tentang ujaran kasar terlihat seperti ujaran kasar). Skor adalah bukti untuk peninjau manusia, bukan putusan:
aturan platform mengirimnya ke antrean tinjauan; deteksi tidak pernah bertindak sendiri.
"""


def write_all(manifest: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, entry in manifest["models"].items():
        if name in BY_NAME:
            (out / f"{name}.md").write_text(card(name, entry), encoding="utf-8")
