"""The signed parse cache: hits, misses, planted and corrupt entries, unwritable places."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
from pathlib import Path

import pytest

from guard.cache import Cache

MAGIC = b"guard-cache-1\n"


def _key_path() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "guard" / "cache-key"


def _entry(cache_dir: Path, namespace: str, fingerprint: str) -> Path:
    return cache_dir / namespace / fingerprint


def test_a_stored_value_comes_back_under_its_namespace_and_fingerprint(tmp_path: Path):
    cache = Cache(tmp_path / ".guard_cache")
    key = Cache.fingerprint("facts", "a.py", "print(1)\n")
    cache.store("facts", key, {"statements": {1}})
    assert Cache(tmp_path / ".guard_cache").load("facts", key) == {"statements": {1}}
    assert cache.load("other", key) is None
    assert cache.load("facts", Cache.fingerprint("facts", "a.py", "print(2)\n")) is None


def test_fingerprints_keep_the_boundaries_between_parts():
    assert Cache.fingerprint("ab", "c") != Cache.fingerprint("a", "bc")
    assert Cache.fingerprint("a", b"b") == Cache.fingerprint("a", "b")


def test_the_cache_directory_is_tagged_and_ignored_by_git(tmp_path: Path):
    directory = tmp_path / ".guard_cache"
    Cache(directory).store("facts", Cache.fingerprint("x"), 1)
    assert (directory / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    tag = (directory / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_without_a_directory_nothing_is_read_or_written(tmp_path: Path):
    cache = Cache(None)
    cache.store("facts", "k", 1)
    assert cache.load("facts", "k") is None
    assert cache.directory is None


def test_the_signing_key_is_private_to_the_user_and_reused(tmp_path: Path):
    Cache(tmp_path / "one")
    key_file = _key_path()
    key = key_file.read_bytes()
    assert len(key) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    Cache(tmp_path / "two")
    assert key_file.read_bytes() == key


def test_a_damaged_key_is_replaced(tmp_path: Path):
    key_file = _key_path()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_bytes(b"short")
    cache = Cache(tmp_path / ".guard_cache")
    cache.store("facts", "k", 7)
    assert len(key_file.read_bytes()) == 32
    assert cache.load("facts", "k") == 7


def test_no_place_for_a_key_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    cache = Cache(tmp_path / ".guard_cache")
    cache.store("facts", "k", 1)
    assert cache.directory is None
    assert not (tmp_path / ".guard_cache").exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: b"not a cache entry at all", id="garbage"),
        pytest.param(lambda blob: MAGIC + b"\0" * 10, id="header-only"),
        pytest.param(lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]), id="one-bit-flipped"),
    ],
)
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(tmp_path: Path, damage):
    cache = Cache(tmp_path / ".guard_cache")
    cache.store("facts", "k", list(range(100)))
    entry = _entry(tmp_path / ".guard_cache", "facts", "k")
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load("facts", "k") is None
    cache.store("facts", "k", [1])
    assert cache.load("facts", "k") == [1]


def test_a_planted_entry_without_this_machine_s_signature_is_never_trusted(tmp_path: Path):
    """A forged entry committed to the repository could lie about a file; it must miss."""
    directory = tmp_path / ".guard_cache"
    payload = pickle.dumps({"statements": set()})
    forged = MAGIC + hmac.new(b"k" * 32, payload, hashlib.sha256).digest() + payload
    (directory / "facts").mkdir(parents=True)
    (directory / "facts" / "k").write_bytes(forged)
    assert Cache(directory).load("facts", "k") is None


def test_a_signed_entry_that_does_not_unpickle_is_a_miss(tmp_path: Path):
    cache = Cache(tmp_path / ".guard_cache")
    cache.store("facts", "k", 1)
    payload = b"\x80\x05not pickle"
    signature = hmac.new(_key_path().read_bytes(), payload, hashlib.sha256).digest()
    _entry(tmp_path / ".guard_cache", "facts", "k").write_bytes(MAGIC + signature + payload)
    assert cache.load("facts", "k") is None


def test_an_unwritable_cache_only_costs_speed(tmp_path: Path):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("", encoding="utf-8")
    cache = Cache(blocker)
    cache.store("facts", "k", 1)
    assert cache.load("facts", "k") is None


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path):
    directory = tmp_path / ".guard_cache"
    cache = Cache(directory)
    cache.store("facts", "other", 1)
    _entry(directory, "facts", "k").mkdir()  # a rename cannot replace a directory
    cache.store("facts", "k", 2)
    assert sorted(path.name for path in (directory / "facts").iterdir()) == ["k", "other"]
    assert cache.load("facts", "k") is None
