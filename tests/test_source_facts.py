"""The definitions and imports of every source file: one parse each, cached by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from guard.cache import Cache
from guard.source_facts import NAMESPACE, SourceFacts, source_facts


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")


SHOP = {
    "shop/__init__.py": "",
    "shop/cart.py": "from . import prices\nfrom shop.tax import rate\n\nclass Cart:\n"
    "    def total(self):\n        def inner():\n            pass\n",
    "shop/broken.py": "def oops(:\n",
}


def test_each_file_gives_its_definitions_and_the_modules_it_may_import(tmp_path: Path):
    _write(tmp_path, SHOP)
    facts = source_facts(tmp_path, [*sorted(SHOP), "shop/gone.py"], Cache(None))
    assert facts["shop/cart.py"] == SourceFacts(
        defined=frozenset({"Cart", "total", "inner"}),
        imports=frozenset({"shop", "shop.prices", "shop.tax", "shop.tax.rate"}),
    )
    assert facts["shop/__init__.py"] == SourceFacts(frozenset(), frozenset())
    assert "shop/broken.py" not in facts  # the quality rules report it
    assert "shop/gone.py" not in facts


def test_a_rerun_reads_the_cache_and_an_edit_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    _write(tmp_path, SHOP)
    cache = Cache(tmp_path / ".guard_cache")
    cold = source_facts(tmp_path, ["shop/cart.py"], cache)
    entries = list((tmp_path / ".guard_cache" / NAMESPACE).iterdir())
    assert len(entries) == 1

    def not_read_again(path: str, raw: bytes):
        raise AssertionError(f"parsed again: {path}")

    with monkeypatch.context() as patched:
        patched.setattr("guard.source_facts._read", not_read_again)
        warm = source_facts(tmp_path, ["shop/cart.py"], cache)
    assert warm == cold
    assert warm["shop/cart.py"].defined == {"Cart", "total", "inner"}
    (tmp_path / "shop" / "cart.py").write_text("def refund():\n    pass\n", encoding="utf-8")
    edited = source_facts(tmp_path, ["shop/cart.py"], cache)["shop/cart.py"]
    assert edited.defined == {"refund"}
    assert len(list((tmp_path / ".guard_cache" / NAMESPACE).iterdir())) == 2
