"""Lets `python -m guard` behave exactly like the `guard` console script."""

from __future__ import annotations

import sys

from guard.cli import main

sys.exit(main())
