"""The option table is the single declaration: docs and defaults follow it."""

from __future__ import annotations

from pathlib import Path

import pytest

from guard.options import OPTIONS, Kind, OptionSpec

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


@pytest.mark.parametrize("spec", OPTIONS, ids=lambda spec: spec.name)
def test_docs_describe_every_option(spec: OptionSpec) -> None:
    text = DOCS.read_text(encoding="utf-8")

    assert f"### `{spec.name}`" in text
    assert f"`{spec.env_var}`" in text


def test_every_option_has_a_unique_name_and_a_sentence_of_help() -> None:
    names = [spec.name for spec in OPTIONS]
    assert len(names) == len(set(names))
    assert all(spec.help.endswith(".") for spec in OPTIONS)


def test_a_choice_option_defaults_to_one_of_its_choices_or_to_unset() -> None:
    chosen = [spec for spec in OPTIONS if spec.choices]
    assert {spec.name for spec in chosen} == {"min_maintainability", "max_risk"}
    assert all(spec.kind is Kind.STRING for spec in chosen)
    assert all(spec.default in (*spec.choices, None) for spec in chosen)
