"""Where the bundled example projects live, and the type of the project factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ProjectFactory = Callable[[dict[str, str]], Path]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
