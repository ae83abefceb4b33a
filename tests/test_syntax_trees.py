"""One parse per text: the integrity checks share trees, and failures are not kept."""

from __future__ import annotations

import ast

import pytest

from guard.syntax_trees import nodes_of, parse_once


def test_the_same_text_gives_the_same_tree_and_another_text_another():
    source = "def total(prices):\n    return sum(prices)\n"
    tree = parse_once(source)
    assert parse_once(source) is tree
    assert parse_once(source + "\n") is not tree
    assert ast.dump(tree) == ast.dump(ast.parse(source))


def test_a_text_that_does_not_parse_raises_every_time():
    for _ in range(2):
        with pytest.raises(SyntaxError):
            parse_once("def broken(:\n")


def test_the_nodes_of_a_tree_are_ast_walk_s_in_its_order():
    tree = parse_once("if ready:\n    go(1)\nelse:\n    wait()\n")
    assert nodes_of(tree) == tuple(ast.walk(tree))
    assert nodes_of(tree) is nodes_of(tree)
