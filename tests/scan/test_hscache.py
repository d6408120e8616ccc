"""The on-disk cache of compiled Hyperscan databases: same answers, faster start."""

from __future__ import annotations

from pathlib import Path

import pytest

from tatakelola.scan import Engine, Message, hscache, hsdb

TEXTS = [
    "NIK saya 3201234506780001 mohon dibantu",
    "kartu kredit 4111 1111 1111 1111 exp 12/28",
    "Promo KPR bunga 3,5%! Syarat dan ketentuan berlaku.",
    "dasar b.o.d.o.h kamu",
    "#ad Loving the new sneakers, use code JOE10",
    "hubungi cs@bankmaju.co.id atau https://bankrnaju.com/login",
    "token ghp_" + "a1B2c3D4e5F6g7H8i9J0" * 2,
    "halo kak, pesanan sudah dikirim",
]


def _scan(e: Engine) -> list[tuple[object, ...]]:
    msgs = [Message(text=t, id=str(i), language="id") for i, t in enumerate(TEXTS)]
    return [tuple((f.rule_id, f.spans, f.evidence) for f in fs) for fs in e.scan_batch(msgs)]


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    monkeypatch.setenv(hscache.ENV, "off")
    return _scan(Engine.from_specs(None))


def test_second_engine_loads_the_databases_instead_of_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plain: list[tuple[object, ...]]
) -> None:
    monkeypatch.setenv(hscache.ENV, str(tmp_path))
    first = Engine.from_specs(None)
    files = sorted(tmp_path.glob("*.hsdb"))
    assert len(files) >= 3  # raw prefilters, lexicon keys, vetoes

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although cached")

    monkeypatch.setattr(hsdb, "_compile_db_uncached", no_compile)
    monkeypatch.setattr(hsdb, "_compile_exact_uncached", no_compile)
    second = Engine.from_specs(None)
    assert _scan(first) == _scan(second) == plain


def test_a_damaged_entry_is_recompiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plain: list[tuple[object, ...]]
) -> None:
    monkeypatch.setenv(hscache.ENV, str(tmp_path))
    Engine.from_specs(None)
    for f in tmp_path.glob("*.hsdb"):
        data = bytearray(f.read_bytes())
        data[len(data) // 2] ^= 0xFF
        f.write_bytes(bytes(data[: len(data) - 7]))
    assert _scan(Engine.from_specs(None)) == plain
    assert _scan(Engine.from_specs(None)) == plain  # and the rewritten entries load


def test_cache_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(hscache.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert hscache.cache_dir() is None
    Engine.from_specs(["secrets"])
    assert not list(tmp_path.rglob("*.hsdb"))


def test_an_unwritable_cache_directory_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(hscache.ENV, str(blocker / "sub"))
    assert Engine.from_specs(["secrets"]).scan(Message(text="AKIAIOSFODNN7EXAMPLE")) is not None


def test_entries_in_a_shared_writable_directory_are_not_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv(hscache.ENV, str(shared))
    Engine.from_specs(["secrets"])
    assert list(shared.glob("*.hsdb"))
    shared.chmod(0o777)
    loaded: list[object] = []
    real_load = hscache._load
    monkeypatch.setattr(hscache, "_load", lambda path: loaded.append(path) or real_load(path))
    Engine.from_specs(["secrets"])
    assert not loaded


def test_no_home_directory_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(hscache.ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert hscache.cache_dir() is None
    assert Engine.from_specs(["secrets"]).scan(Message(text="AKIAIOSFODNN7EXAMPLE")) is not None
