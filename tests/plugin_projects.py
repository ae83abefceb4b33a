"""Small projects for the `pytest --guard` tests, written into pytester's directory."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

PYPROJECT = """
    [tool.guard]
    source = ["calc"]

    [tool.pytest.ini_options]
    pythonpath = ["."]
    """

OPS = """
    def sign(number):
        if number < 0:
            return -1
        return 1
    """

UNTESTED = """

    def double(number):
        return number * 2
    """

SIGN_TESTS = """
    from calc.ops import sign


    def test_sign_of_negative():
        assert sign(-3) == -1


    def test_sign_of_positive():
        assert sign(3) == 1
    """


def write_project(pytester: pytest.Pytester, ops: str = OPS, **extra: str) -> Path:
    """A project whose `calc` package is measured; `extra` maps relative paths to sources."""
    files = {
        "pyproject.toml": PYPROJECT,
        "calc/__init__.py": "",
        "calc/ops.py": ops,
        "tests/test_ops.py": SIGN_TESTS,
        **{name.replace("__", "/") + ".py": source for name, source in extra.items()},
    }
    for relative, source in files.items():
        target = pytester.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return pytester.path


def json_report(path: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


CONFTEST_REGISTRY = """
    NAMES = []
    for name in ("sign", "total"):
        NAMES.append(name)
    """
