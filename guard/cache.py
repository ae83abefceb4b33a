"""An on-disk cache of facts derived from file contents, signed so that it cannot be planted.

Parsing is most of guard's own time, and an agent reruns guard after every
edit, when almost every file is unchanged. Entries are keyed by a hash of the
file's bytes and of everything else the result depends on (guard's, coverage's
and Python's versions, the settings used), so a stale entry is never found, only
missed. The cache lives in `.guard_cache/` at the project root, with a
`.gitignore` and a `CACHEDIR.TAG`, as pytest and ruff keep theirs.

A cache inside the repository is a way around the gate: a forged entry could
claim that a file has fewer statements. So every entry carries an HMAC made
with a key that lives outside the repository, in the user's cache directory;
an entry this machine did not write is a miss. Any unreadable or mismatching
entry is a miss too, and writes are atomic (a temporary file renamed into
place), so concurrent runs and a killed run leave only whole entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

import coverage

from guard import __version__

CACHE_DIR_NAME = ".guard_cache"
_MAGIC = b"guard-cache-1\n"
_DIGEST = hashlib.sha256
_SIGNATURE_SIZE = _DIGEST().digest_size
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by guard.\n"
)


def _code_digest() -> bytes:
    """A hash of guard's own source, so that a development build never reads entries an
    older build of the same version wrote (their classes may have other fields)."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.digest()


# Everything a cached result depends on besides the file and the caller's settings.
_SALT = f"{__version__}|{coverage.__version__}|{sys.version}|".encode() + _code_digest()


def user_cache_dir() -> Path:
    """guard's directory in the user's cache, outside any repository a change could write."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "guard"


def _key_file() -> Path:
    """Where the signing key lives."""
    return user_cache_dir() / "cache-key"


def _signing_key() -> bytes | None:
    """The machine's key, created on first use; None when it can be neither read nor made."""
    path = _key_file()
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == 32:
            return key
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, secrets.token_bytes(32), mode=0o600)
        return path.read_bytes()  # a concurrent run may have renamed its key in last
    return None


def _write_atomic(path: Path, payload: bytes, mode: int = 0o644) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class Cache:
    """Signed entries under `directory`, by namespace; without a directory every lookup misses."""

    def __init__(self, directory: Path | None) -> None:
        self._key = _signing_key() if directory is not None else None
        self.directory = directory if self._key is not None else None

    @staticmethod
    def fingerprint(*parts: bytes | str) -> str:
        """A key for an entry: the hash of its inputs, the salt included."""
        digest = _DIGEST(_SALT)
        for part in parts:
            encoded = part.encode() if isinstance(part, str) else part
            digest.update(len(encoded).to_bytes(8, "big"))
            digest.update(encoded)
        return digest.hexdigest()

    def load(self, namespace: str, fingerprint: str) -> Any:
        """The value stored under `fingerprint`, or None for a miss of any kind."""
        if self.directory is None or self._key is None:
            return None
        try:
            blob = (self.directory / namespace / fingerprint).read_bytes()
        except OSError:
            return None
        header = len(_MAGIC) + _SIGNATURE_SIZE
        if not blob.startswith(_MAGIC) or len(blob) < header:
            return None
        payload = blob[header:]
        expected = hmac.new(self._key, payload, _DIGEST).digest()
        if not hmac.compare_digest(expected, blob[len(_MAGIC) : header]):
            return None
        try:
            # Safe only because the HMAC proved this machine wrote the payload.
            return pickle.loads(payload)
        except Exception:  # a bad payload is a miss, whatever unpickling raised
            return None

    def store(self, namespace: str, fingerprint: str, entry: Any) -> None:
        """Keep `entry` under `fingerprint`; a cache that cannot be written is only slower."""
        if self.directory is None or self._key is None:
            return
        payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        signature = hmac.new(self._key, payload, _DIGEST).digest()
        with contextlib.suppress(OSError):
            folder = self.directory / namespace
            if not folder.is_dir():
                self._create(folder)
            _write_atomic(folder / fingerprint, _MAGIC + signature + payload)

    def _create(self, folder: Path) -> None:
        assert self.directory is not None
        folder.mkdir(parents=True, exist_ok=True)
        markers = {".gitignore": "# Created by guard.\n*\n", "CACHEDIR.TAG": _TAG}
        for name, text in markers.items():
            if not (self.directory / name).exists():
                _write_atomic(self.directory / name, text.encode())
