"""guard: a coverage-and-quality gate for Python code written by AI coding agents.

PYTEST_DONT_REWRITE: guard ships a pytest plugin, so pytest marks this package for
assertion rewriting; `guard check`'s child imports guard before pytest starts, and
without this marker pytest would warn that it cannot rewrite it.
"""

from __future__ import annotations

__version__ = "0.1.0"
