"""guard: a coverage-and-quality gate for Python code written by AI coding agents."""

from __future__ import annotations

__version__ = "0.1.0"
