"""What a test patches, and whether its checks read only the replacement."""

from __future__ import annotations

import ast
import textwrap

from guard.mock_patches import PatchScan, patch_target


def _call(text: str) -> ast.Call:
    node = ast.parse(text, mode="eval").body
    assert isinstance(node, ast.Call)
    return node


def test_patch_targets_are_read_from_string_arguments():
    target = patch_target(_call('mock.patch("shop.api.fetch")'))
    assert target is not None
    assert (target.path, target.target, target.replaced) == ("shop.api.fetch", "fetch", False)
    assert patch_target(_call('monkeypatch.setattr(api, "fetch", fake)')).path == "api.fetch"
    assert patch_target(_call('mock.patch.object(api, "fetch")')).path == "api.fetch"
    assert patch_target(_call("mock.patch(target_name)")) is None
    assert patch_target(_call("print('shop.api.fetch')")) is None


def _scan(source: str) -> tuple[PatchScan, list[ast.stmt | ast.expr]]:
    tree = ast.parse(textwrap.dedent(source))
    test = tree.body[-1]
    assert isinstance(test, ast.FunctionDef)
    nodes = list(ast.walk(test))
    checks: list[ast.stmt | ast.expr] = [node for node in nodes if isinstance(node, ast.Assert)]
    return PatchScan(test, False, nodes), checks


def test_a_test_that_checks_only_the_mock_of_what_it_calls_is_found():
    scan, checks = _scan(
        """
        @mock.patch("shop.api.fetch", return_value=3)
        def test_fetch(fetch):
            assert api.fetch() == 3
        """
    )
    found = scan.subject(checks)
    assert found is not None
    assert found.path == "shop.api.fetch"


def test_a_test_that_checks_real_results_is_not_a_mocked_subject():
    scan, checks = _scan(
        """
        def test_total(monkeypatch):
            monkeypatch.setattr("shop.api.fetch", lambda: [1, 2])
            assert cart.total() == 3
        """
    )
    assert scan.subject(checks) is None
