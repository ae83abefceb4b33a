"""Symbol indexes kept across runs by content and module name."""

from __future__ import annotations

from pathlib import Path

import pytest

from guard.cache import Cache
from guard.symbol_cache import NAMESPACE, symbol_indexes

SOURCE = "class Account:\n    def refund(self):\n        return 1\n"


def _not_built_again(job: tuple[str, str]):
    raise AssertionError(f"indexed again: {job[0]}")


def test_indexes_are_built_once_then_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cache = Cache(tmp_path / ".guard_cache")
    cold = symbol_indexes({"bank/account.py": SOURCE}, cache)
    assert cold["bank/account.py"].symbol_at(3) == "bank.account.Account.refund"
    assert len(list((tmp_path / ".guard_cache" / NAMESPACE).iterdir())) == 1
    monkeypatch.setattr("guard.symbol_cache.build_index", _not_built_again)
    warm = symbol_indexes({"bank/account.py": SOURCE}, cache)
    assert warm.keys() == cold.keys()
    assert vars(warm["bank/account.py"]) == vars(cold["bank/account.py"])  # no __eq__ of its own
    assert warm["bank/account.py"].symbol_at(3) == "bank.account.Account.refund"


def test_the_same_text_at_another_path_gets_that_module_s_name(tmp_path: Path):
    cache = Cache(tmp_path / ".guard_cache")
    symbol_indexes({"bank/account.py": SOURCE}, cache)
    moved = symbol_indexes({"ledger/account.py": SOURCE}, cache)
    assert moved["ledger/account.py"].symbol_at(3) == "ledger.account.Account.refund"
