"""Convert shipped ``.skops`` models to the ``.npz`` arrays the runtime loads (see
``tatakelola.classify.linear``), checking that both give the same probabilities, and point the
manifest at the new files. ``train.py`` writes ``.npz`` directly; this converts older models.

    python training/export_arrays.py [NAME ...]
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from tatakelola.classify import preprocess
from tatakelola.classify.features import FeatureSpec, Featurizer
from tatakelola.classify.linear import LinearBackend, arrays_from_pipeline, save_arrays
from tatakelola.classify.registry import _SklearnBackend, load_skops_bytes

MODELS = Path(__file__).resolve().parent.parent / "src" / "tatakelola" / "classify" / "models"
PROBE = [
    "dasar bodoh kau, goblok banget",
    "terima kasih banyak atas bantuannya kak",
    "you are such an idiot",
    "great service, thank you!",
    "meeting nya jam 3 ya, jangan lupa bring your laptop",
    "",
]


def convert(name: str, entry: dict[str, object]) -> dict[str, object]:
    src = MODELS / str(entry["file"])
    blob = src.read_bytes()
    if hashlib.sha256(blob).hexdigest() != entry["sha256"]:
        raise SystemExit(f"{src}: SHA-256 does not match the manifest")
    pipeline = load_skops_bytes(blob, name=name)
    labels = tuple(str(x) for x in entry["labels"])  # type: ignore[attr-defined]
    spec = FeatureSpec.from_dict(entry["features"])  # type: ignore[arg-type]
    out = save_arrays(arrays_from_pipeline(pipeline))
    texts = [preprocess.normalize(t, str(entry["language"])) for t in PROBE]
    old = np.asarray(_SklearnBackend(pipeline, Featurizer(spec), labels, name).predict_proba(texts))
    new = np.asarray(LinearBackend(out, Featurizer(spec), labels, name).predict_proba(texts))
    if not np.allclose(old, new, rtol=0, atol=1e-12):
        raise SystemExit(f"{name}: probabilities differ by {np.abs(old - new).max()}")
    dst = src.with_suffix(".npz")
    dst.write_bytes(out)
    src.unlink()
    return {**entry, "file": dst.name, "sha256": hashlib.sha256(out).hexdigest(), "size_bytes": len(out)}


def main(argv: list[str]) -> int:
    path = MODELS / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    for name, entry in manifest["models"].items():
        if (argv and name not in argv) or not str(entry["file"]).endswith(".skops"):
            continue
        manifest["models"][name] = convert(name, entry)
        done = manifest["models"][name]
        sys.stdout.write(f"{name}: {done['file']} ({done['size_bytes']:,} bytes)\n")
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
