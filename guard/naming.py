"""Naming rules: agents find code by its name, so a name must say what the code holds or does.

One walk over a stdlib `ast.Module` checks every def, class, argument and bound variable, and
`module_name_findings` checks the file and package names. Four rules: `naming.case` (PEP 8
casing), `naming.vague` (words that say nothing, anchored on wemake-python-styleguide's WPS110
list), `naming.single-letter`, and `naming.versioned` (`parser2`, `handler_v2`: version control
keeps old versions, names should not). Names a framework or protocol imposes are never findings.
"""

from __future__ import annotations

import ast
import enum
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from guard.ast_names import callee
from guard.model import Finding, Measured, Severity
from guard.size_rules import signature
from guard.symbols import module_name

# fmt: off
# WPS110's VARIABLE_NAMES_BLACKLIST without `file`: that is the stdlib's own parameter name
# (`open(file)`, `print(file=...)`) and reads clearly in practice. Plus the words the product
# names (`tmp`, `stuff`) and their kin.
MEANINGLESS_NAMES = frozenset({
    "data", "result", "results", "item", "items", "value", "values", "val", "vals", "var",
    "vars", "variable", "content", "contents", "info", "handle", "handler", "obj", "objs",
    "objects", "arr", "some", "do", "param", "params", "parameters", "no", "yes", "true",
    "false", "foo", "bar", "baz", "spam", "ham", "tmp", "temp", "stuff", "thing", "things",
})
VAGUE_MODULE_NAMES = frozenset({
    "utils", "util", "helpers", "helper", "misc", "common", "stuff", "tmp", "temp", "new",
    "old", "other", "things",
})
# `Base` is left out: `class Base(DeclarativeBase)` is SQLAlchemy's documented idiom.
VAGUE_CLASS_NAMES = frozenset({
    "Manager", "Helper", "Helpers", "Util", "Utils", "Data", "Info", "Handler", "Object",
    "Misc", "Stuff", "Thing", "Things",
})
SHORT_NAMES = frozenset({"_", "x", "y", "z"})  # `_`, and coordinates: `move(x, y)`
IMPOSED_NAMES = frozenset({
    # unittest's TestCase and TestResult (camelCase `assert*` methods are exempt unlisted)
    "setUp", "tearDown", "setUpClass", "tearDownClass", "setUpModule", "tearDownModule",
    "asyncSetUp", "asyncTearDown", "addCleanup", "addClassCleanup", "doCleanups",
    "doClassCleanups", "runTest", "shortDescription", "countTestCases", "defaultTestResult",
    "maxDiff", "longMessage", "failureException", "enterContext", "enterClassContext",
    "startTest", "stopTest", "startTestRun", "stopTestRun", "addError", "addFailure",
    "addSuccess", "addSkip", "addExpectedFailure", "addUnexpectedSuccess", "addSubTest",
    "addDuration", "wasSuccessful", "printErrorList",
    # http.server dispatches on the request method
    "do_GET", "do_POST", "do_PUT", "do_DELETE", "do_HEAD", "do_PATCH", "do_OPTIONS",
    "do_CONNECT", "do_TRACE",
    # logging.Handler and logging.Formatter
    "handleError", "createLock", "formatTime", "formatException", "formatStack", "usesTime",
    # xml.sax.handler.ContentHandler
    "startDocument", "endDocument", "startElement", "endElement", "startElementNS",
    "endElementNS", "startPrefixMapping", "endPrefixMapping", "setDocumentLocator",
    "ignorableWhitespace", "processingInstruction", "skippedEntity",
    # io.BufferedIOBase; socketserver and Django commands call `handle`; Mapping needs the others
    "read1", "readinto1", "handle", "items", "values",
})
# fmt: on
_VISITOR_PREFIXES = ("visit_", "leave_", "depart_")  # ast / libcst / docutils visitors
_UNITTEST_ASSERT = re.compile(r"_*assert[A-Z]")  # `assertValidHTML` extends TestCase's API
# Dunders whose parameters the author chooses; other dunders' parameters the protocol fixes.
_AUTHORED_DUNDERS = frozenset({"__init__", "__new__", "__call__", "__post_init__"})
_NAMED_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_TYPE_VARIABLE_FACTORIES = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple"})
# Digits that belong to the word, not to a version: a hash, an encoding, a C type, a protocol,
# a cloud service, a Python version. `parser2` or `step_2` is the version-suffix smell.
_DOMAIN_DIGITS = re.compile(
    r"sha\d*|md\d|crc\d+|blake2[bs]?|base\d+|b\d\d|utf\d+|ucs\d|latin\d|iso\d+|u?int\d+"
    r"|float\d+|complex\d+|ipv[46]|http[123]|oauth[12]|x509|s3|ec2|py\d+|win\d+|x86|amd64"
    r"|arm64|aarch64|i[3-6]86|h26[45]|mp[34]|bz2|lz4|rot13|log\d+|atan2|expm1|log1p|vec[234]"
    r"|mat[234]"
)
# `parser2`, `handler_v2`, `fooV2`. A name that is nothing but `v1` is an API version package.
_TRAILING_VERSION = re.compile(r"(?:(?<![a-z])v)?\d+$")
_TOKEN = re.compile(r"[A-Z]+(?![a-z])\d*|[A-Z]?[a-z]+\d*|\d+")
_VERSION_WORDS = frozenset({"new", "old", "copy", "final", "backup", "bak", "tmp", "temp"})
# `is_new`, `deep_copy`, `make_temp`: the suffix word is the point of the name, not a version.
_QUALIFIERS = frozenset({"is", "was", "has", "as", "to", "make", "create", "deep", "shallow"})
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"\W")
_MODULE_SNAKE = re.compile(r"[a-z0-9_]+")
_HOW_TO_ALLOW = "or add it to `allowed_names` in [tool.guard] if it is a domain word."


@dataclass(frozen=True)
class NamingSettings:
    """The word lists the naming rules use; every one can be replaced from [tool.guard]."""

    allowed_names: frozenset[str] = frozenset()  # per-project domain words, never flagged
    meaningless_names: frozenset[str] = MEANINGLESS_NAMES
    vague_module_names: frozenset[str] = VAGUE_MODULE_NAMES
    vague_class_names: frozenset[str] = VAGUE_CLASS_NAMES
    short_names: frozenset[str] = SHORT_NAMES  # single letters allowed anywhere
    imposed_names: frozenset[str] = IMPOSED_NAMES  # framework and protocol names


class _Kind(enum.Enum):
    """What a name names; modules, classes and functions are also the scopes names live in."""

    MODULE = "module"
    PACKAGE = "package"
    CLASS = "class"
    FUNCTION = "function"
    METHOD = "method"
    ARGUMENT = "argument"
    VARIABLE = "variable"
    ATTRIBUTE = "attribute"  # assigned in a class body or on `self` in a method
    MEMBER = "enum member"  # named in the domain (`Kind.VARIABLE`), so never vague


_MODULE_KINDS = frozenset({_Kind.MODULE, _Kind.PACKAGE})
_DEF_KINDS = frozenset({_Kind.FUNCTION, _Kind.METHOD})
_VARIABLE_KINDS = frozenset({_Kind.VARIABLE, _Kind.ATTRIBUTE, _Kind.MEMBER})
_IMPOSABLE_KINDS = _DEF_KINDS | {_Kind.ATTRIBUTE}  # method names and their class-level aliases
_VERSIONED_KINDS = _MODULE_KINDS | _DEF_KINDS | {_Kind.CLASS}
_SINGLE_LETTER_KINDS = _DEF_KINDS | _VARIABLE_KINDS | {_Kind.ARGUMENT}
# A member is a domain value; a base class or an API fixes a parameter's name (see calibration).
_NEVER_VAGUE_KINDS = frozenset({_Kind.MEMBER, _Kind.ARGUMENT})
_PURPOSE = {
    _Kind.MODULE: "the module holds",
    _Kind.PACKAGE: "the package holds",
    _Kind.CLASS: "the class is for",
    _Kind.FUNCTION: "it does",
    _Kind.METHOD: "it does",
}


@dataclass(frozen=True)
class _Binding:
    """One name at its binding site, with what the rules need to judge it."""

    kind: _Kind
    name: str
    line: int
    end_line: int
    symbol: str  # what the finding names: the def itself, or the scope holding the name
    scope: str  # the qualified scope the name lives in, for a subject that survives moves
    constants_ok: bool = False  # module or class level: ALL_CAPS and alias CapWords are fine
    target: str = ""  # "for": a loop or comprehension target; "except": an `except ... as` name


_Problem = tuple[str, str, str]  # rule, message, hint


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _is_capwords(name: str) -> bool:
    bare = name.lstrip("_")
    return bare[:1].isupper() and "_" not in bare


def _snake(name: str) -> str:
    return _NOT_WORD.sub("_", _CAMEL_BOUNDARY.sub("_", name)).lower()


def _capwords(name: str) -> str:
    bare = name.lstrip("_")
    words = "".join(word[:1].upper() + word[1:] for word in bare.split("_"))
    return name[: len(name) - len(bare)] + words


def _label(binding: _Binding) -> str:
    return f"{binding.kind.value.capitalize()} `{binding.name}`"


def _exempt(binding: _Binding, settings: NamingSettings) -> bool:
    name = binding.name
    bare = name.strip("_")
    if not bare or _is_dunder(name) or {name, bare} & settings.allowed_names:
        return True
    imposed = name in settings.imposed_names or name.startswith(_VISITOR_PREFIXES)
    return (imposed or bool(_UNITTEST_ASSERT.match(name))) and binding.kind in _IMPOSABLE_KINDS


def _module_case_problem(binding: _Binding) -> _Problem | None:
    name = binding.name
    if _MODULE_SNAKE.fullmatch(name):
        return None
    place = "the file to `{}.py`" if binding.kind is _Kind.MODULE else "the directory to `{}`"
    return (
        "naming.case",
        f"{_label(binding)} is not a snake_case module name.",
        f"Rename {place.format(_snake(name))}: PEP 8 module names are lowercase, and a "
        "hyphen or dot makes a module impossible to import.",
    )


def _conventional_variable(binding: _Binding) -> bool:
    """ALL_CAPS or a CapWords alias at module or class level; a CapWords local holds a class."""
    name = binding.name
    if binding.constants_ok:
        return name == name.upper() or _is_capwords(name)
    # `Model = apps.get_model("shop", "Order")`; an ALL_CAPS local is still no constant.
    return binding.kind is _Kind.VARIABLE and _is_capwords(name) and not name.isupper()


def _case_problem(binding: _Binding) -> _Problem | None:
    name, label = binding.name, _label(binding)
    if binding.kind in _MODULE_KINDS:
        return _module_case_problem(binding)
    if binding.kind is _Kind.CLASS:
        if _is_capwords(name):
            return None
        return "naming.case", f"{label} is not CapWords.", f"Rename it to `{_capwords(name)}`."
    if name == name.lower() or _conventional_variable(binding):
        return None
    also = " (nor ALL_CAPS for a constant)" if binding.constants_ok else ""
    return "naming.case", f"{label} is not snake_case{also}.", f"Rename it to `{_snake(name)}`."


def _vague_problem(binding: _Binding, settings: NamingSettings) -> _Problem | None:
    name, purpose = binding.name, _PURPOSE.get(binding.kind, "it holds")
    bare = name.strip("_")
    if binding.kind is _Kind.CLASS:
        vague = bare in settings.vague_class_names
        hint = f"Qualify `{name}` with what it serves, e.g. `Invoice{bare}`"
    elif binding.kind in _MODULE_KINDS:
        vague = bare.lower() in settings.vague_module_names
        hint = f"Split `{name}` by topic and name each part after what it holds, e.g. `dates`"
    else:
        # `for key, value in pairs` and `[f(item) for item in items]` are the idiom.
        checked = binding.kind not in _NEVER_VAGUE_KINDS and binding.target != "for"
        vague = checked and bare.lower() in settings.meaningless_names
        example = "refund_order" if binding.kind in _DEF_KINDS else "invoice_rows"
        hint = f"Rename `{name}` after what {purpose}, e.g. `{example}`"
    if not vague:
        return None
    message = f"{_label(binding)} is a vague name: it says nothing about what {purpose}."
    return "naming.vague", message, f"{hint}; {_HOW_TO_ALLOW}"


def _single_letter_problem(binding: _Binding, settings: NamingSettings) -> _Problem | None:
    name = binding.name
    if binding.kind not in _SINGLE_LETTER_KINDS or len(name.strip("_")) != 1:
        return None
    if binding.target or name in settings.short_names:
        return None
    return (
        "naming.single-letter",
        f"{_label(binding)} is a single letter: it says nothing about what "
        f"{_PURPOSE.get(binding.kind, 'it holds')}.",
        f"Spell out what `{name}` stands for, e.g. `row_count` rather than `n`. One letter is "
        "fine for loop variables, `except ... as` names, lambda parameters and TypeVars; "
        "add a project convention to `short_names` in [tool.guard].",
    )


def _version_suffix(name: str, settings: NamingSettings) -> str | None:
    """The part of `name` that marks it as a copy or a version, if any."""
    # "" stands for no word before the last; the whole name counts too: `ATan2` is `A` `Tan2`.
    tokens: list[str] = ["", *(token.lower() for token in _TOKEN.findall(name))]
    last, whole = tokens[-1], name.strip("_").lower()
    domain = _DOMAIN_DIGITS.fullmatch(last) or _DOMAIN_DIGITS.fullmatch(whole)
    if last in settings.allowed_names or domain:
        return None
    number = _TRAILING_VERSION.search(last)
    if number:
        version = number.group()
        return None if whole == version else version
    if last in _VERSION_WORDS and len(tokens) > 2 and tokens[-2] not in _QUALIFIERS:
        return last
    return None


def _versioned_problem(
    binding: _Binding, settings: NamingSettings, defined: frozenset[str] | None
) -> _Problem | None:
    """`defined`: the module's def and class names; None (a file's name) flags any number."""
    name = binding.name
    if binding.kind not in _VERSIONED_KINDS or name.lstrip("_").lower().startswith("test"):
        return None
    suffix = _version_suffix(name, settings)
    if suffix is None:
        return None
    base = name[: len(name) - len(suffix)].rstrip("_")
    # A number alone belongs to the name (`geoip2`, `Http404`); beside `base` it is a version.
    if suffix not in _VERSION_WORDS and defined is not None and base not in defined:
        return None
    return (
        "naming.versioned",
        f"{_label(binding)} ends in the version suffix `{suffix}`.",
        f"Version control keeps the old version: fold `{name}` into one `{base}` and delete "
        "the copy, or name it after what makes it different.",
    )


def _findings_for(
    binding: _Binding, settings: NamingSettings, path: str, defined: frozenset[str] | None = None
) -> list[Measured]:
    if _exempt(binding, settings):
        return []
    problems = (
        _case_problem(binding),
        _vague_problem(binding, settings),
        _single_letter_problem(binding, settings),
        _versioned_problem(binding, settings, defined),
    )
    line, end_line = binding.line, binding.end_line
    return [
        Measured(
            Finding(rule, Severity.ERROR, path, line, end_line, message, hint, binding.symbol),
            subject=f"{rule}:{binding.scope}:{binding.name}",
        )
        for rule, message, hint in filter(None, problems)
    ]


def module_name_findings(path: str, settings: NamingSettings) -> list[Measured]:
    """Naming findings for a `.py` file's name, or for its package's name at `__init__.py`.

    A directory counts only as a package, through its `__init__.py`, so each package is
    reported once and a folder that is no package (`my-project/`, `.github/`) never is. The path
    shows no siblings, so `parser2.py` is `naming.versioned` even without a `parser.py`.
    """
    pure = PurePosixPath(path)
    if pure.suffix != ".py":
        return []
    kind, name = _Kind.MODULE, pure.stem
    if name == "__init__":
        kind, name = _Kind.PACKAGE, pure.parent.name
    if not name:
        return []
    symbol = module_name(path)
    binding = _Binding(kind, name, 1, 1, symbol, scope=symbol.rpartition(".")[0])
    return _findings_for(binding, settings, path)


@dataclass
class _Scope:
    kind: _Kind  # MODULE, CLASS or FUNCTION
    qualname: str  # fully qualified: `pkg.calc.Account.refund`
    method_of: str | None = None  # the class qualname, for a def directly in a class body
    is_enum: bool = False  # a class with an `...Enum` or `...Flag` base: its names are members
    foreign: set[str] = field(default_factory=set)  # `global`/`nonlocal` names, parameters


def _is_type_variable(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and callee(node.func) in _TYPE_VARIABLE_FACTORIES


def _imposes_parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """An override, a protocol dunder or a property setter: a base class names the parameters."""
    decorators = {callee(decorator) for decorator in node.decorator_list}
    protocol = _is_dunder(node.name) and node.name not in _AUTHORED_DUNDERS
    return protocol or not decorators.isdisjoint({"override", "setter"})


class _NameWalker(ast.NodeVisitor):
    """Visits every binding once, in source order, keeping the first finding per subject."""

    def __init__(self, path: str, settings: NamingSettings, defined: frozenset[str]) -> None:
        self.path = path
        self.settings = settings
        self.defined = defined  # every def and class name in the module, for `naming.versioned`
        self.scopes = [_Scope(_Kind.MODULE, module_name(path))]
        self.found: dict[str, Measured] = {}
        self.target = ""  # see `_Binding.target`

    def report(
        self, kind: _Kind, name: str, line: int, end_line: int | None, symbol: str = ""
    ) -> None:
        """Judge a name bound in the current scope; `symbol` defaults to that scope."""
        scope = self.scopes[-1]
        constants_ok = kind in _VARIABLE_KINDS and scope.kind is not _Kind.FUNCTION
        # `self.x` in a method belongs to the class: report it once per class, not per method.
        owner = scope.method_of if kind is _Kind.ATTRIBUTE and scope.method_of else scope.qualname
        end_line = end_line or line
        symbol = symbol or scope.qualname
        binding = _Binding(kind, name, line, end_line, symbol, owner, constants_ok, self.target)
        for measured in _findings_for(binding, self.settings, self.path, self.defined):
            self.found.setdefault(measured.subject, measured)

    def visit_scope(self, scope: _Scope, arguments: list[ast.arg], body: list[ast.stmt]) -> None:
        self.scopes.append(scope)
        for argument in arguments:
            self.report(_Kind.ARGUMENT, argument.arg, argument.lineno, argument.end_lineno)
        for statement in body:
            self.visit(statement)
        self.scopes.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        qualname = f"{self.scopes[-1].qualname}.{node.name}"
        self.report(_Kind.CLASS, node.name, node.lineno, node.lineno, qualname)
        for expr in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(expr)
        is_enum = any(callee(base).endswith(("Enum", "Flag")) for base in node.bases)
        self.visit_scope(_Scope(_Kind.CLASS, qualname, is_enum=is_enum), [], node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer = self.scopes[-1]
        qualname = f"{outer.qualname}.{node.name}"
        in_class = outer.kind is _Kind.CLASS
        imposed = _imposes_parameters(node)
        if not imposed:
            kind = _Kind.METHOD if in_class else _Kind.FUNCTION
            self.report(kind, node.name, node.lineno, node.lineno, qualname)
        defaults = [*node.args.defaults, *node.args.kw_defaults]
        for expr in (*node.decorator_list, *defaults):
            if expr is not None:
                self.visit(expr)
        declared = signature(node.args)
        scope = _Scope(_Kind.FUNCTION, qualname, outer.qualname if in_class else None)
        scope.foreign.update(parameter.arg for parameter in declared)  # judged at the `def`
        self.visit_scope(scope, [] if imposed else declared, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        """Skip lambdas: a lambda has no name, and its parameters are throwaway by construction."""

    def visit_Global(self, node: ast.Global | ast.Nonlocal) -> None:
        self.scopes[-1].foreign.update(node.names)

    visit_Nonlocal = visit_Global

    def bind_variable(self, name: str, line: int, end_line: int | None) -> None:
        scope = self.scopes[-1]
        if name not in scope.foreign:
            kind = _Kind.ATTRIBUTE if scope.kind is _Kind.CLASS else _Kind.VARIABLE
            kind = _Kind.MEMBER if scope.is_enum else kind
            self.report(kind, name, line, end_line)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self.bind_variable(node.id, node.lineno, node.end_lineno)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        owner = node.value
        on_self = isinstance(owner, ast.Name) and owner.id == "self"
        if isinstance(node.ctx, ast.Store) and on_self and self.scopes[-1].method_of:
            self.report(_Kind.ATTRIBUTE, node.attr, node.lineno, node.end_lineno)
        self.generic_visit(node)

    def visit_loop_target(self, target: ast.expr) -> None:
        self.target = "for"
        self.visit(target)
        self.target = ""

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit_loop_target(node.target)
        for child in (node.iter, *node.body, *node.orelse):
            self.visit(child)

    visit_AsyncFor = visit_For

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self.visit_loop_target(node.target)
        for child in (node.iter, *node.ifs):
            self.visit(child)

    def visit_Assign(self, node: ast.Assign) -> None:
        # A TypeVar is a placeholder by design (`T`, `Item`), and the checker names it already.
        if not _is_type_variable(node.value):
            for target in node.targets:
                self.visit(target)
        self.visit(node.value)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.target = "except"
            self.bind_variable(node.name, node.lineno, node.lineno)
            self.target = ""
        self.generic_visit(node)

    def visit_MatchAs(self, node: ast.MatchAs | ast.MatchStar) -> None:
        if node.name:
            self.bind_variable(node.name, node.lineno, node.end_lineno)
        self.generic_visit(node)

    visit_MatchStar = visit_MatchAs

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        if node.rest:
            self.bind_variable(node.rest, node.lineno, node.end_lineno)
        self.generic_visit(node)


def naming_findings(tree: ast.Module, path: str, settings: NamingSettings) -> list[Measured]:
    """Naming findings for every def, class, argument and variable the module binds.

    Each (rule, scope, name) is reported once, at the first binding that breaks the rule.
    """
    defined = frozenset(node.name for node in ast.walk(tree) if isinstance(node, _NAMED_DEFS))
    walker = _NameWalker(path, settings, defined)
    walker.visit(tree)
    return sorted(walker.found.values(), key=lambda measured: measured.finding.line)
