"""Protected paths, the risk tier of a change, and its blast radius."""

from __future__ import annotations

import ast

from guard.model import Risk
from guard.risk import (
    blast_radius,
    imported_modules,
    protected_findings,
    risk_of,
)

PROTECTED = (".github/*", "pyproject.toml", ".coveragerc")


def test_a_change_to_a_protected_path_needs_a_human():
    found = protected_findings(["shop/cart.py", ".github/workflows/ci.yml"], PROTECTED)
    assert [(f.rule, f.path, f.new) for f in found] == [
        ("integrity.protected-path", ".github/workflows/ci.yml", True)
    ]
    assert "a protected path (`.github/*`)" in found[0].message
    assert "needs a human's approval" in found[0].message


def test_no_protected_paths_means_no_findings():
    assert protected_findings([".github/workflows/ci.yml"], ()) == []


def test_tests_alone_are_low_risk():
    risk = risk_of({"tests/test_cart.py", "README.md"}, (), 0, ())
    assert risk == Risk("low", ("low: only tests, docs or data changed",), ())


def test_source_changes_are_medium_risk():
    assert risk_of({"shop/cart.py"}, (), 0, ("shop.api",)).tier == "medium"


def test_a_path_rule_raises_the_tier():
    rules = ("critical:shop/ledger/*", "high:shop/payments/*")
    risk = risk_of({"shop/payments/card.py"}, rules, 0, ())
    assert risk.tier == "high"
    assert risk.reasons == ("high: shop/payments/card.py matches `shop/payments/*`",)


def test_integrity_findings_make_a_change_critical():
    risk = risk_of({"shop/cart.py"}, ("high:shop/*",), 2, ())
    assert (risk.tier, risk.reasons) == ("critical", ("critical: 2 integrity finding(s)",))


def test_a_wide_blast_radius_is_high_risk():
    importers = tuple(f"shop.m{n}" for n in range(11))
    risk = risk_of({"shop/core.py"}, (), 0, importers)
    assert risk.tier == "high"
    assert risk.blast_radius == importers


def test_the_blast_radius_follows_imports_transitively():
    imports = {
        "shop.core": frozenset(),
        "shop.cart": frozenset({"shop.core"}),
        "shop.api": frozenset({"shop.cart"}),
        "shop.admin": frozenset({"shop.api", "shop.core"}),
        "shop.unrelated": frozenset(),
    }
    assert blast_radius(imports, {"shop.core"}) == ["shop.admin", "shop.api", "shop.cart"]
    assert blast_radius(imports, {"shop.gone"}) == []


def test_imports_are_resolved_to_known_modules():
    source = (
        "import json\nimport shop.core\nfrom . import cart\nfrom .. import settings\n"
        "from .pricing import tax\nfrom shop.api import views\n"
    )
    known = {"shop.core", "shop.cart", "shop.pricing", "shop.api", "settings"}
    found = imported_modules("src/shop/orders.py", ast.parse(source), known)
    assert found == {"shop.core", "shop.cart", "shop.pricing", "shop.api", "settings"}


def test_relative_imports_in_a_package_init_start_from_the_package():
    found = imported_modules(
        "shop/__init__.py", ast.parse("from .cart import total\n"), {"shop.cart"}
    )
    assert found == {"shop.cart"}
