"""Seeing through the names a module imported things under."""

from __future__ import annotations

import ast

import pytest

from guard.import_aliases import import_aliases, resolved

_SOURCE = """
import os
import time as clock
import os.path as paths
from sys import _getframe
from unittest import TestCase as Case
from . import sibling

def inner():
    from inspect import stack
"""


def test_each_imported_name_maps_to_what_it_stands_for():
    assert import_aliases(ast.parse(_SOURCE)) == {
        "__builtins__": "builtins",
        "clock": "time",
        "paths": "os.path",
        "_getframe": "sys._getframe",
        "Case": "unittest.TestCase",
        "stack": "inspect.stack",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("clock.time", "time.time"),
        ("_getframe", "sys._getframe"),
        ("Case.assertEqual", "unittest.TestCase.assertEqual"),
        ("os.getcwd", "os.getcwd"),
        ("", ""),
    ],
)
def test_a_name_resolves_through_its_first_part(name: str, expected: str):
    assert resolved(name, import_aliases(ast.parse(_SOURCE))) == expected
