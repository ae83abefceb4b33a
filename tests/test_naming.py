"""The naming rules, run over real source parsed with `ast.parse`."""

from __future__ import annotations

import ast
import re
import textwrap

import pytest

from guard.model import Measured, Severity
from guard.naming import (
    IMPOSED_NAMES,
    MEANINGLESS_NAMES,
    NamingSettings,
    module_name_findings,
    naming_findings,
)

DEFAULTS = NamingSettings()


def _findings(source: str, settings: NamingSettings = DEFAULTS) -> list[Measured]:
    return naming_findings(ast.parse(textwrap.dedent(source)), "pkg/calc.py", settings)


def _seen(source: str, settings: NamingSettings = DEFAULTS) -> list[tuple[str, int, str | None]]:
    """(rule, line, symbol) of every finding: what a reader of the report sees first."""
    return [(m.finding.rule, m.finding.line, m.finding.symbol) for m in _findings(source, settings)]


def _only(source: str, settings: NamingSettings = DEFAULTS) -> Measured:
    (measured,) = _findings(source, settings)
    return measured


CLEAN_MODULE = """
    '''Invoices and the refunds made against them.'''
    from __future__ import annotations

    import dataclasses
    from typing import TypeVar

    T = TypeVar("T")
    MAX_REFUNDS = 3
    RefundList = list["Refund"]


    @dataclasses.dataclass
    class Refund:
        amount_cents: int
        reason: str


    class InvoiceLedger:
        currency = "EUR"

        def __init__(self, invoice_id: str) -> None:
            self.invoice_id = invoice_id
            self.refunds: RefundList = []

        def refund(self, amount_cents: int, *, reason: str = "") -> Refund:
            if len(self.refunds) >= MAX_REFUNDS:
                raise ValueError("too many refunds")
            refund = Refund(amount_cents, reason)
            self.refunds.append(refund)
            return refund

        def refunded_cents(self) -> int:
            return sum(r.amount_cents for r in self.refunds)


    def first_or_default(candidates: list[T], default: T) -> T:
        for i, candidate in enumerate(candidates):
            if i == 0:
                return candidate
        try:
            return candidates[0]
        except IndexError as e:
            del e
            return default
"""


def test_a_clean_realistic_module_has_no_findings():
    assert _findings(CLEAN_MODULE) == []


# naming.case


@pytest.mark.parametrize(
    ("source", "line", "symbol", "message", "suggestion"),
    [
        ("def getTotal():\n    pass\n", 1, "pkg.calc.getTotal", "Function `getTotal`", "get_total"),
        (
            "class Account:\n    def addHTTPHeader(self):\n        pass\n",
            2,
            "pkg.calc.Account.addHTTPHeader",
            "Method `addHTTPHeader`",
            "add_http_header",
        ),
        (
            "def pay(amountCents):\n    pass\n",
            1,
            "pkg.calc.pay",
            "Argument `amountCents`",
            "amount_cents",
        ),
        (
            "def pay():\n    totalCents = 1\n",
            2,
            "pkg.calc.pay",
            "Variable `totalCents`",
            "total_cents",
        ),
        ("def pay():\n    TOTAL = 1\n", 2, "pkg.calc.pay", "Variable `TOTAL`", "total"),
        (
            "fooBar = 1\n",
            1,
            "pkg.calc",
            "Variable `fooBar` is not snake_case (nor ALL_CAPS",
            "foo_bar",
        ),
        ("class order_line:\n    pass\n", 1, "pkg.calc.order_line", "not CapWords", "OrderLine"),
        ("class _Order_Line:\n    pass\n", 1, "pkg.calc._Order_Line", "not CapWords", "_OrderLine"),
    ],
)
def test_case_flags_names_against_pep8(source, line, symbol, message, suggestion):
    finding = _only(source).finding
    assert (finding.rule, finding.line, finding.symbol) == ("naming.case", line, symbol)
    assert message in finding.message
    assert f"Rename it to `{suggestion}`." == finding.hint


def test_case_allows_a_capwords_local_it_holds_a_class():
    source = """
        def build(apps, models):
            Model = apps.get_model("shop", "Order")
            _Span = Span
            for FormClass in models:
                pass
    """
    assert _findings(source) == []


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("def build():\n    URL = 1\n", "URL"),
        ("def build():\n    Order_Model = 1\n", "Order_Model"),
        ("class Shop:\n    def build(self):\n        self.Model = 1\n", "Model"),
    ],
)
def test_case_still_flags_other_capitals_in_a_function(source, name):
    assert [m.subject.rpartition(":")[2] for m in _findings(source)] == [name]
    assert _only(source).finding.rule == "naming.case"


def test_case_allows_constants_aliases_and_private_names():
    source = """
        MAX_ROWS = 10
        _Located = int | str
        HTTPServerAlias = object

        class HTTPServer:
            DEFAULT_PORT = 80
            RowType = tuple

        def _private_helper_for_rows(_row_count):
            pass
    """
    assert _findings(source) == []


# naming.vague


@pytest.mark.parametrize(
    ("source", "line", "symbol", "message"),
    [
        ("data = load()\n", 1, "pkg.calc", "Variable `data` is a vague name"),
        ("DATA = load()\n", 1, "pkg.calc", "Variable `DATA` is a vague name"),
        ("def load():\n    _result = 1\n", 2, "pkg.calc.load", "Variable `_result`"),
        ("def load(rows):\n    for row in rows:\n        obj = row\n", 3, "pkg.calc.load", "`obj`"),
        ("def do():\n    pass\n", 1, "pkg.calc.do", "Function `do` is a vague name"),
        (
            "class Ledger:\n    def __init__(self):\n        self.info = {}\n",
            3,
            "pkg.calc.Ledger.__init__",
            "Attribute `info`",
        ),
        ("class Manager:\n    pass\n", 1, "pkg.calc.Manager", "what the class is for"),
    ],
)
def test_vague_flags_names_that_say_nothing(source, line, symbol, message):
    finding = _only(source).finding
    assert (finding.rule, finding.line, finding.symbol) == ("naming.vague", line, symbol)
    assert message in finding.message
    assert "`allowed_names` in [tool.guard]" in finding.hint


def test_vague_hint_suggests_a_name_after_the_contents():
    finding = _only("data = load()\n").finding
    assert finding.hint.startswith("Rename `data` after what it holds, e.g. `invoice_rows`")
    assert _only("class Helper:\n    pass\n").finding.hint.startswith(
        "Qualify `Helper` with what it serves, e.g. `InvoiceHelper`"
    )


@pytest.mark.parametrize(
    "signature",
    [
        "def load(data, /, value, *items, obj=None, params, **kwargs):",
        "async def load(data):",
        "def __init__(self, data):",
    ],
)
def test_vague_leaves_parameters_alone_their_signature_is_fixed_elsewhere(signature):
    assert _findings(f"{signature}\n    pass\n") == []


def test_rebinding_a_parameter_keeps_the_name_the_signature_chose():
    source = """
        class Field(Base):
            def clean(self, value):
                value = value.strip()
                data = value
                return data

            def __setitem__(self, key, v):
                v = str(v)
    """
    assert _seen(source) == [("naming.vague", 5, "pkg.calc.Field.clean")]


def test_parameters_still_follow_the_case_and_single_letter_rules():
    assert [m.subject for m in _findings("def load(dataRows, q):\n    pass\n")] == [
        "naming.case:pkg.calc.load:dataRows",
        "naming.single-letter:pkg.calc.load:q",
    ]


@pytest.mark.parametrize(
    "source",
    [
        "for key, value in {}.items():\n    print(key, value)\n",
        "async def crawl(pages):\n    async for item in pages:\n        print(item)\n",
        "names = [str(value) for value in range(3)]\n",
        "pairs = {key: val for key, (val, _) in {}.items()}\n",
        "class Table:\n    for data in ():\n        pass\n",
    ],
)
def test_vague_leaves_loop_and_comprehension_targets_alone(source):
    assert _findings(source) == []


def test_a_vague_name_is_still_flagged_where_it_is_bound_outside_a_loop_target():
    source = """
        def total(rows):
            for value in rows:
                pass
            value = sum(rows)
            with open("log") as data:
                pass
            try:
                pass
            except ValueError as result:
                pass
    """
    assert _seen(source) == [
        ("naming.vague", 5, "pkg.calc.total"),
        ("naming.vague", 6, "pkg.calc.total"),
        ("naming.vague", 10, "pkg.calc.total"),
    ]


def test_vague_keeps_qualified_words_and_drops_file():
    source = """
        class OrderManager:
            pass

        def read(file, invoice_data):
            data_rows = file.readlines()
    """
    assert "file" not in MEANINGLESS_NAMES
    assert _findings(source) == []


# naming.single-letter


@pytest.mark.parametrize(
    ("source", "line", "symbol", "message"),
    [
        ("def f():\n    pass\n", 1, "pkg.calc.f", "Function `f` is a single letter"),
        ("def area(w, height):\n    pass\n", 1, "pkg.calc.area", "Argument `w`"),
        ("def area(*a):\n    pass\n", 1, "pkg.calc.area", "Argument `a`"),
        ("def area(**k):\n    pass\n", 1, "pkg.calc.area", "Argument `k`"),
        ("def area(q, /, *, z):\n    pass\n", 1, "pkg.calc.area", "Argument `q`"),
        ("def read(path):\n    with open(path) as f:\n        pass\n", 2, "pkg.calc.read", "`f`"),
        ("def count():\n    if (n := 3):\n        pass\n", 2, "pkg.calc.count", "`n`"),
        ("pair = (1, 2)\nleft, *r = pair\n", 2, "pkg.calc", "Variable `r`"),
        (
            "class Circle:\n    def __init__(self, radius):\n        self.r = radius\n",
            3,
            "pkg.calc.Circle.__init__",
            "Attribute `r`",
        ),
    ],
)
def test_single_letter_flags_one_letter_names(source, line, symbol, message):
    only = _only(source).finding
    assert (only.rule, only.line, only.symbol) == ("naming.single-letter", line, symbol)
    assert message in only.message
    assert "short_names" in only.hint


def test_single_letter_flags_every_argument_kind():
    source = "def mix(a, /, b, *c, d, **e):\n    pass\n"
    names = [m.subject.rpartition(":")[2] for m in _findings(source)]
    assert names == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    "source",
    [
        "for i in range(3):\n    print(i)\n",
        "async def crawl(pages):\n    async for p in pages:\n        print(p)\n",
        "squares = [x * x for x in range(3)]\n",
        "pairs = {k: v for k, v in {}.items() if v}\n",
        "total = sum(n for n in range(3))\n",
        "try:\n    pass\nexcept ValueError as e:\n    print(e)\n",
        "ordered = sorted([], key=lambda r: r.total)\n",
        "from typing import TypeVar\nT = TypeVar('T')\nItem = TypeVar('Item')\n",
        "import typing\nP = typing.ParamSpec('P')\n",
        "_ = compute()\n",
        "import os.path as p\nfrom json import dumps as d\n",
    ],
)
def test_single_letter_allows_the_conventional_ones(source):
    assert _findings(source) == []


def test_single_letter_allows_coordinates_by_default():
    assert _findings("def move(x, y, z):\n    pass\n") == []
    assert _seen("def move(x, w):\n    pass\n") == [("naming.single-letter", 1, "pkg.calc.move")]


def test_single_letter_allows_the_projects_short_names():
    settings = NamingSettings(short_names=frozenset({"_", "x", "y"}))
    assert _seen("def plot(x, y, z):\n    pass\n", settings) == [
        ("naming.single-letter", 1, "pkg.calc.plot")
    ]


# naming.versioned


@pytest.mark.parametrize(
    ("source", "line", "symbol", "suffix", "base"),
    [
        (
            "def parser2():\n    pass\ndef parser():\n    pass\n",
            1,
            "pkg.calc.parser2",
            "2",
            "parser",
        ),
        (
            "def route():\n    pass\ndef route_v2():\n    pass\n",
            3,
            "pkg.calc.route_v2",
            "v2",
            "route",
        ),
        (
            "class Job:\n    def step(self):\n        pass\ndef step_2():\n    pass\n",
            4,
            "pkg.calc.step_2",
            "2",
            "step",
        ),
        ("def compute_total_new():\n    pass\n", 1, "pkg.calc.compute_total_new", "new", None),
        ("def report_final():\n    pass\n", 1, "pkg.calc.report_final", "final", "report"),
        ("def load_backup():\n    pass\n", 1, "pkg.calc.load_backup", "backup", "load"),
        (
            "class Parser2:\n    pass\nclass Parser:\n    pass\n",
            1,
            "pkg.calc.Parser2",
            "2",
            "Parser",
        ),
        (
            "class Ledger:\n    def total_copy(self):\n        pass\n",
            2,
            "pkg.calc.Ledger.total_copy",
            "copy",
            "total",
        ),
    ],
)
def test_versioned_flags_version_suffixes(source, line, symbol, suffix, base):
    finding = _only(source).finding
    assert (finding.rule, finding.line, finding.symbol) == ("naming.versioned", line, symbol)
    assert f"ends in the version suffix `{suffix}`" in finding.message
    assert f"into one `{base or 'compute_total'}`" in finding.hint


@pytest.mark.parametrize(
    "name", ["parser2", "route_v2", "step_2", "geoip2", "get_object_or_404", "is_postgresql_15"]
)
def test_versioned_allows_a_number_with_no_unnumbered_name_beside_it(name):
    # A variable of the unnumbered name is no second version of a def.
    source = f"def {name}():\n    pass\nparser = route = step = geoip = object()\n"
    assert _findings(source) == []


def test_versioned_checks_the_whole_name_against_the_domain_words():
    assert _findings("class ATan:\n    pass\nclass ATan2:\n    pass\n") == []
    assert _seen("class Fan:\n    pass\nclass Fan2:\n    pass\n") == [
        ("naming.versioned", 3, "pkg.calc.Fan2")
    ]


def test_versioned_and_case_both_flag_a_camel_case_version():
    source = "def load():\n    pass\ndef loadV2():\n    pass\n"
    assert [m.finding.rule for m in _findings(source)] == [
        "naming.case",
        "naming.versioned",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "hash_sha256",
        "to_base64",
        "decode_utf8",
        "read_int32",
        "parse_ipv4",
        "serve_http2",
        "oauth2",
        "md5",
        "load_x509",
        "upload_to_s3",
        "start_ec2",
        "py3",
        "deep_copy",
        "is_new",
        "new",
        "test_case_2",
        "_test_refund_v2",
        "v2",
    ],
)
def test_versioned_allows_domain_digits_qualifiers_and_tests(name):
    # The unnumbered name is defined too, so only the domain word or the qualifier spares it.
    base = re.sub(r"_?v?\d+$", "", name)
    beside = f"def {base}():\n    pass\n" if base not in ("", name) else ""
    assert _findings(f"{beside}def {name}():\n    pass\n") == []


def test_versioned_allows_a_project_token_and_ignores_variables():
    settings = NamingSettings(allowed_names=frozenset({"gen2"}))
    source = "def read_gen():\n    row = 1\ndef read_gen2():\n    row2 = 1\n"
    assert _findings(source, settings) == []
    assert _findings("class TestParser:\n    pass\nclass TestParser2:\n    pass\n") == []


# Names a framework or protocol imposes


@pytest.mark.parametrize(
    "source",
    [
        "class Money:\n    def __eq__(self, o):\n        pass\n",
        "class Names(ast.NodeVisitor):\n    def visit_FunctionDef(self, node):\n        pass\n",
        "class Rename:\n    def leave_Name(self, original_node, updated_node):\n        pass\n",
        "class Html:\n    def depart_Paragraph(self, node):\n        pass\n",
        "class Case(TestCase):\n    maxDiff = None\n    def setUp(self):\n        pass\n",
        "class Case(TestCase):\n    def setUp(self):\n        self.maxDiff = None\n",
        "class Api(BaseHTTPRequestHandler):\n    def do_GET(self):\n        pass\n",
        "def setUpModule():\n    pass\n",
        "class Names(NodeVisitor):\n    visit_AsyncFunctionDef = visit_FunctionDef\n",
        "class Case(TestCase):\n    def assertValidHTML(self, html):\n        pass\n",
        "class Case(TestCase):\n    def _assertFooMessage(self):\n        pass\n",
        "class Case(TestCase):\n    assertEquals = assertEqual\n",
        "class Result(TestResult):\n    def addFailure(self, test, err):\n        pass\n",
        "class Result(TestResult):\n    def startTestRun(self):\n        pass\n",
        "class Result(TestResult):\n    def wasSuccessful(self):\n        pass\n",
    ],
)
def test_imposed_names_are_never_findings(source):
    assert _findings(source) == []


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("class Case(TestCase):\n    def assertsValid(self):\n        pass\n", "assertsValid"),
        ("class Result(TestResult):\n    def addFooter(self):\n        pass\n", "addFooter"),
        ("def check():\n    assertValid = True\n", "assertValid"),  # a variable, not a method
    ],
)
def test_names_close_to_imposed_ones_are_still_checked(source, name):
    assert _only(source).subject.rpartition(":")[2] == name


def test_imposed_names_can_be_extended_for_other_frameworks():
    source = "class Canvas(QWidget):\n    def paintEvent(self, event):\n        pass\n"
    settings = NamingSettings(imposed_names=IMPOSED_NAMES | {"paintEvent"})
    assert _seen(source) == [("naming.case", 2, "pkg.calc.Canvas.paintEvent")]
    assert _findings(source, settings) == []


@pytest.mark.parametrize("base", ["Enum", "enum.IntEnum", "str, enum.Enum", "enum.Flag"])
def test_enum_members_are_domain_values_not_vague_names(base):
    source = f"class Kind({base}):\n    VARIABLE = 1\n    VALUE = 2\n    data = 3\n"
    assert _findings(source) == []


def test_a_class_that_is_no_enum_still_has_vague_attributes():
    assert _seen("class Kind(Base):\n    VALUE = 2\n") == [("naming.vague", 2, "pkg.calc.Kind")]


@pytest.mark.parametrize("decorator", ["override", "typing.override", "typing_extensions.override"])
def test_an_override_takes_its_name_and_parameters_from_the_base_class(decorator):
    source = f"""
        class Renderer(Base):
            @{decorator}
            def renderHTML(self, data, x):
                rows = data
    """
    assert _findings(source) == []


@pytest.mark.parametrize(
    "source",
    [
        "class Box:\n    def __setitem__(self, k, v):\n        pass\n",
        "class Box:\n    @total.setter\n    def total(self, newTotal):\n        pass\n",
    ],
)
def test_protocol_dunders_and_setters_take_their_parameters_from_the_protocol(source):
    assert _findings(source) == []


def test_init_parameters_are_the_authors_own():
    source = "class Box:\n    def __init__(self, d):\n        pass\n"
    assert _seen(source) == [("naming.single-letter", 2, "pkg.calc.Box.__init__")]


def test_self_cls_and_mcs_are_never_findings():
    """Even listed as meaningless: they are the names Python's protocols impose."""
    settings = NamingSettings(meaningless_names=frozenset({"self", "cls", "mcs"}))
    source = """
        class Meta(type):
            def __init__(self):
                pass

            @classmethod
            def build(cls):
                pass

            def create(mcs):
                pass
    """
    assert _findings(source, settings) == []


@pytest.mark.parametrize(
    "source", ["def load():\n    data = 1\n", "_data_ = 1\n", "def load(q):\n    pass\n"]
)
def test_allowed_names_are_never_findings(source):
    settings = NamingSettings(allowed_names=frozenset({"data", "q"}))
    assert _findings(source, settings) == []


# Qualified names, scopes and what counts as a binding


def test_nested_defs_carry_their_qualified_names():
    source = """
        class Account:
            class Ledger:
                async def fetchRows(self):
                    def inner(q):
                        pass
    """
    assert _seen(source) == [
        ("naming.case", 4, "pkg.calc.Account.Ledger.fetchRows"),
        ("naming.single-letter", 5, "pkg.calc.Account.Ledger.fetchRows.inner"),
    ]


def test_a_finding_carries_path_severity_and_a_stable_subject():
    measured = _only("\n\ndef load():\n    data = 1\n")
    finding = measured.finding
    assert (finding.path, finding.severity, finding.end_line) == ("pkg/calc.py", Severity.ERROR, 4)
    assert "Variable `data`" in finding.message
    assert measured.subject == "naming.vague:pkg.calc.load:data"
    assert measured.figure == 0
    assert _only("def load():\n    data = 1\n").subject == measured.subject


def test_a_name_is_reported_once_at_its_first_offending_binding():
    source = """
        def total(rows):
            for n in rows:
                pass
            n = 0
            n += 1
            data = 1
            data = 2
    """
    assert _seen(source) == [
        ("naming.single-letter", 5, "pkg.calc.total"),
        ("naming.vague", 7, "pkg.calc.total"),
    ]


def test_an_attribute_on_self_is_reported_once_per_class():
    source = """
        class Ledger:
            def open(self):
                self.data = []

            def reset(self):
                self.data = []
    """
    assert _seen(source) == [("naming.vague", 4, "pkg.calc.Ledger.open")]
    assert _only(source).subject == "naming.vague:pkg.calc.Ledger:data"


def test_attributes_outside_methods_are_someone_elses_names():
    source = """
        def configure(settings, self):
            settings.data = 1
            self.info = 2

        class Ledger:
            def open(self):
                def later():
                    self.data = 1
    """
    assert _findings(source) == []


def test_global_and_nonlocal_names_belong_to_their_own_scope():
    source = """
        def count():
            global tmp
            tmp = 1

            def inner():
                nonlocal tmp
                tmp = 2
    """
    assert _findings(source) == []


def test_match_captures_are_variables():
    source = """
        def describe(point):
            match point:
                case [a, *b]:
                    pass
                case {"x": _, **c}:
                    pass
                case [*_] | {"y": 0}:
                    pass
                case _:
                    pass
    """
    assert [(m.finding.line, m.subject) for m in _findings(source)] == [
        (4, "naming.single-letter:pkg.calc.describe:a"),
        (4, "naming.single-letter:pkg.calc.describe:b"),
        (6, "naming.single-letter:pkg.calc.describe:c"),
    ]


def test_bare_except_and_except_without_name_bind_nothing():
    assert _findings("try:\n    pass\nexcept ValueError:\n    pass\nexcept:\n    pass\n") == []


def test_decorators_defaults_and_bases_belong_to_the_enclosing_scope():
    source = """
        @register(a := 1)
        class Ledger(make_base(b := 2)):
            pass

        @trace(c := 3)
        def load(limit=(d := 4), *, flag):
            pass
    """
    assert [m.subject for m in _findings(source)] == [
        f"naming.single-letter:pkg.calc:{name}" for name in "abcd"
    ]


# Module and package names


@pytest.mark.parametrize(
    ("path", "rule", "symbol", "message", "hint"),
    [
        ("pkg/utils.py", "naming.vague", "pkg.utils", "Module `utils` is a vague name", "Split"),
        ("pkg/_helpers.py", "naming.vague", "pkg._helpers", "Module `_helpers`", "Split"),
        ("pkg/Parser.py", "naming.case", "pkg.Parser", "Module `Parser`", "`parser.py`"),
        ("pkg/my-script.py", "naming.case", "pkg.my-script", "not a snake_case", "`my_script.py`"),
        ("pkg/parser2.py", "naming.versioned", "pkg.parser2", "suffix `2`", "one `parser`"),
        ("pkg/handler_v2.py", "naming.versioned", "pkg.handler_v2", "`v2`", "one `handler`"),
        ("pkg/report_final.py", "naming.versioned", "pkg.report_final", "`final`", "`report`"),
        ("src/pkg/utils/__init__.py", "naming.vague", "pkg.utils", "Package `utils`", "Split"),
        ("my-pkg/__init__.py", "naming.case", "my-pkg", "Package `my-pkg`", "directory to"),
    ],
)
def test_module_names_are_judged_from_the_path(path, rule, symbol, message, hint):
    (measured,) = module_name_findings(path, DEFAULTS)
    finding = measured.finding
    assert (finding.rule, finding.path, finding.line, finding.symbol) == (rule, path, 1, symbol)
    assert message in finding.message
    assert hint in finding.hint


def test_module_subject_names_the_parent_package():
    (measured,) = module_name_findings("pkg/utils.py", DEFAULTS)
    assert measured.subject == "naming.vague:pkg:utils"


@pytest.mark.parametrize(
    "path",
    [
        "my-pkg/x.py",
        "pkg/__init__.py",
        "pkg/__main__.py",
        "conftest.py",
        "__init__.py",
        "README.md",
        "api/v1/__init__.py",
        "tests/test_parser2.py",
        "pkg/sha256.py",
        "migrations/0001_initial.py",
    ],
)
def test_module_names_that_are_fine(path):
    assert module_name_findings(path, DEFAULTS) == []


def test_module_names_honour_allowed_names():
    settings = NamingSettings(allowed_names=frozenset({"common"}))
    assert module_name_findings("pkg/common.py", settings) == []
