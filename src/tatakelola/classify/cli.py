"""``tatakelola classify``: list the shipped models, or run one over your own messages.

    tatakelola classify --list
    tatakelola classify --model abusive_id messages.txt --format csv
    tatakelola classify --model sentiment_en - --input-format jsonl < messages.jsonl
    tatakelola classify --all messages.jsonl      # every model each message's language needs

Input (a path, or ``-`` / nothing for standard input) is read like ``scan``
reads it: plain text is one message per line (id = line number); ``.jsonl``
holds one object per line with ``text`` and an optional ``id``; ``.csv`` has a
``text`` column and an optional ``id`` column. ``--input-format`` overrides the
guess from the file name (standard input defaults to text).

With ``--all`` each message is scored by every shipped model of its detected language
(``--commercial-only`` leaves out the models trained on non-commercial data), one row per message
and model; the text is normalised and featurized once for all of them. A message in a language
no model covers gets one row with an empty model and a note.

Output, one row per message: ``id``, ``model``, ``label``, ``score`` (the
probability of that label), ``alert_score`` (the probability of the label a
rule threshold watches), ``language`` as detected, and a ``note`` when the
message's language is not the model's (the message is still scored, so you can
see what the model makes of it, but the note says not to trust the result).

Exit status: 0 on success, 2 on bad usage or unreadable input (one-line message
on standard error). Invalid UTF-8 is decoded with replacement characters and
reported on standard error.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

import orjson

BATCH = 2000


class UsageError(Exception):
    """Bad arguments or unreadable input: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


@dataclass(frozen=True, slots=True)
class InputMessage:
    id: str
    text: str


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="tatakelola classify",
        description="Run a shipped text classifier over messages, or list the classifiers.",
        epilog="Models trained on non-commercial data are marked 'non-commercial' in --list.",
    )
    p.add_argument("--list", action="store_true", help="list the shipped models and exit")
    p.add_argument("--model", metavar="NAME", help="model to run (see --list)")
    p.add_argument("--all", action="store_true", help="run every model each message's language needs")
    p.add_argument(
        "--commercial-only", action="store_true", help="with --all: leave out models trained on non-commercial data"
    )
    p.add_argument("input", nargs="?", default="-", help="text, .jsonl or .csv file; '-' for standard input")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default jsonl)")
    p.add_argument(
        "--input-format",
        choices=("auto", "text", "jsonl", "csv"),
        default="auto",
        help="input format (default: from the file extension; text for standard input)",
    )
    return p


def _decode(data: bytes, source: str, err: IO[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        err.write(
            f"tatakelola classify: warning: {source} is not valid UTF-8 (first bad byte at offset {exc.start}); "
            f"{text.count(chr(0xFFFD))} undecodable sequence(s) replaced by U+FFFD\n"
        )
        return text


def _input_format(path: str, requested: str) -> str:
    if requested != "auto":
        return requested
    suffix = Path(path).suffix.lower() if path != "-" else ""
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}.get(suffix, "text")


def read_messages(text: str, fmt: str, source: str) -> list[InputMessage]:
    """Parse ``text`` as ``fmt`` (text / jsonl / csv); raise :class:`UsageError` on bad input."""
    messages: list[InputMessage] = []
    if fmt == "text":
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for n, line in enumerate(lines, 1):
            messages.append(InputMessage(str(n), line.rstrip("\r")))
        return messages
    if fmt == "jsonl":
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise UsageError(f"{source}:{n}: not valid JSON ({exc.args[0]})") from exc
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise UsageError(f"{source}:{n}: expected a JSON object with a string 'text'")
            ident = obj.get("id", n)
            if isinstance(ident, bool) or not isinstance(ident, str | int):
                raise UsageError(f"{source}:{n}: 'id' must be a string or an integer")
            messages.append(InputMessage(str(ident), obj["text"]))
        return messages
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            raise UsageError(f"{source}: CSV input needs a 'text' column (found: {reader.fieldnames or 'nothing'})")
        for n, row in enumerate(reader, 1):
            value = row.get("text")
            if value is None:
                raise UsageError(f"{source}: CSV row {n} has no 'text' value")
            messages.append(InputMessage(str(row.get("id") or n), value))
    except csv.Error as exc:
        raise UsageError(f"{source}: malformed CSV ({exc})") from exc
    return messages


def _read_input(path: str, requested: str, stdin: IO[bytes] | None, err: IO[str]) -> list[InputMessage]:
    if path == "-":
        data = (stdin if stdin is not None else sys.stdin.buffer).read()
        source = "<stdin>"
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
        source = path
    return read_messages(_decode(data, source, err), _input_format(path, requested), source)


def _list(out: IO[str]) -> int:
    from tatakelola.classify import list_models

    out.write(f"{'model':<19} {'lang':<5} {'task':<15} {'labels':<32} {'test':>14}  licence\n")
    for m in list_models():
        metric = m.metrics.get("test", {}).get(m.primary_metric) if m.metrics else None
        score = f"{m.primary_metric.replace('_', '-')} {metric:.1f}" if isinstance(metric, int | float) else "-"
        licence = m.licence if m.commercial_use_allowed else f"non-commercial use only: {m.licence}"
        out.write(f"{m.name:<19} {m.language:<5} {m.task:<15} {'/'.join(m.labels):<32} {score:>14}  {licence}\n")
    return 0


def _rows(model_name: str, messages: Sequence[InputMessage]) -> Iterator[dict[str, str | float]]:
    from tatakelola.classify import detect_language, load

    classifier = load(model_name)
    info = classifier.info
    alert = info.alert_label
    for start in range(0, len(messages), BATCH):
        batch = messages[start : start + BATCH]
        predictions = classifier.predict([m.text for m in batch])
        for message, prediction in zip(batch, predictions, strict=True):
            guess = detect_language(message.text)
            note = ""
            if guess.language != info.language:
                note = f"language {guess.language} is not the model's ({info.language}): result unreliable"
            elif guess.is_code_mixed:
                note = "code-mixed Indonesian/English"
            yield {
                "id": message.id,
                "model": info.name,
                "label": prediction.label,
                "score": round(prediction.score, 4),
                "alert_score": round(prediction.scores[alert], 4),
                "language": guess.language,
                "note": note,
            }


def _rows_all(messages: Sequence[InputMessage], commercial_only: bool) -> Iterator[dict[str, str | float]]:
    from tatakelola.classify import detect_language, list_models, load
    from tatakelola.classify.langid import model_languages
    from tatakelola.classify.registry import predict_proba_many

    by_language: dict[str, list[str]] = {}
    for m in list_models():
        if m.commercial_use_allowed or not commercial_only:
            by_language.setdefault(m.language, []).append(m.name)
    for start in range(0, len(messages), BATCH):
        batch = messages[start : start + BATCH]
        guesses = [detect_language(m.text) for m in batch]
        groups: dict[str, list[int]] = {}
        for i, guess in enumerate(guesses):
            # A code-mixed Indonesian/English message gets both languages' models.
            for language in model_languages(guess) or (guess.language,):
                groups.setdefault(language, []).append(i)
        rows: list[list[dict[str, str | float]]] = [[] for _ in batch]
        for language, picked in groups.items():
            names = by_language.get(language, [])
            if not names:
                for i in picked:
                    rows[i].append(
                        {
                            "id": batch[i].id,
                            "model": "",
                            "label": "",
                            "score": "",
                            "alert_score": "",
                            "language": language,
                            "note": f"no shipped model for language {language}",
                        }
                    )
                continue
            probabilities = predict_proba_many(names, [batch[i].text for i in picked])
            for name in names:
                classifier = load(name)
                alert = classifier.info.alert_label
                for i, row in zip(picked, probabilities[name], strict=True):
                    prediction = classifier.prediction(row)
                    rows[i].append(
                        {
                            "id": batch[i].id,
                            "model": name,
                            "label": prediction.label,
                            "score": round(prediction.score, 4),
                            "alert_score": round(prediction.scores[alert], 4),
                            "language": guesses[i].language,
                            "note": "code-mixed Indonesian/English" if guesses[i].is_code_mixed else "",
                        }
                    )
        for per_message in rows:
            yield from per_message


FIELDS = ("id", "model", "label", "score", "alert_score", "language", "note")


def main(
    argv: list[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Entry point; ``argv`` starts with ``"classify"`` (as the console script passes it) or not."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["classify"]:
        args_list = args_list[1:]
    parser = _parser()
    try:
        if any(a in ("-h", "--help") for a in args_list):
            out.write(parser.format_help())
            return 0
        args = parser.parse_args(args_list)
        if args.list:
            return _list(out)
        if args.all == bool(args.model):
            raise UsageError("give --model NAME or --all (or --list to see the models)")
        if args.commercial_only and not args.all:
            raise UsageError("--commercial-only goes with --all")
        from tatakelola.classify import UnknownModelError, model_info

        if args.model:
            try:
                model_info(args.model)
            except UnknownModelError as exc:
                raise UsageError(str(exc)) from exc
        messages = _read_input(args.input, args.input_format, stdin, err)
        rows = _rows_all(messages, args.commercial_only) if args.all else _rows(args.model, messages)
        if args.format == "csv":
            writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            out.writelines(orjson.dumps(row).decode() + "\n" for row in rows)
        return 0
    except UsageError as exc:
        err.write(f"tatakelola classify: error: {exc}\n")
        return 2
    except BrokenPipeError:  # pragma: no cover - `| head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
