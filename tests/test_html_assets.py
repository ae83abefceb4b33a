"""The HTML report's inline script and style: the keys it documents work, and nothing is fetched."""

from __future__ import annotations

import re

import pytest

from guard.reporters.html_assets import KEYS, KEYS_ACTIVE, SCRIPT, STYLE


def test_the_script_handles_exactly_the_keys_the_page_documents() -> None:
    steps = re.search(r"var steps = \{([^}]*)\}", SCRIPT)
    assert steps is not None
    handled = dict(re.findall(r"(\w): (-?1)", steps.group(1)))
    documented = {key: action for keys, action in KEYS for key in keys}

    assert set(handled) == set(documented) == {"j", "n", "k", "p"}
    for key, step in handled.items():
        assert documented[key] == ("next finding" if step == "1" else "previous finding")
    assert f'status.textContent = "{KEYS_ACTIVE}";' in SCRIPT


@pytest.mark.parametrize("fetch", ["url(", "@import", "http:", "https:", "fetch(", "XMLHttp"])
def test_nothing_is_fetched_from_the_network(fetch: str) -> None:
    assert fetch not in STYLE
    assert fetch not in SCRIPT


def test_keyboard_focus_is_always_visible() -> None:
    assert ":focus-visible, .note:focus { outline: 3px solid" in STYLE
    assert ".skip:focus { top: 8px; }" in STYLE  # the skip link shows when tabbed to
