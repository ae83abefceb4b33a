"""Tests for guard.config: layers, strict checking, and finding what to measure."""

from __future__ import annotations

from pathlib import Path

import pytest

from guard.complexity import ComplexitySettings
from guard.config import OPTIONS, GuardConfig, load_config
from guard.errors import ConfigError
from guard.naming import NamingSettings
from guard.quality import QualitySettings
from guard.size_rules import SizeSettings


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project with one package, and the working directory inside it."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_pyproject(root: Path, text: str) -> Path:
    path = root / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(root: Path, environ: dict[str, str] | None = None, /, **overrides: object) -> GuardConfig:
    """Load with an explicit, empty environment unless told otherwise."""
    return load_config(root, environ={} if environ is None else environ, overrides=overrides)


def config_error(root: Path, environ: dict[str, str] | None = None, /, **overrides: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load(root, environ, **overrides)
    return caught.value.message


# --- defaults -------------------------------------------------------------


def test_no_pyproject_gives_strict_defaults(project: Path) -> None:
    config = load(project)

    assert config == GuardConfig(
        root=project.resolve(),
        source=("pkg",),
        tests=(),
        fail_under=100.0,
        pytest_args=(),
        test_timeout=1800.0,
        base=None,
        config_file=None,
    )


def test_pyproject_without_tool_guard_gives_defaults(project: Path) -> None:
    write_pyproject(project, '[project]\nname = "x"\n\n[tool.black]\nline-length = 99\n')

    config = load(project)

    assert (config.fail_under, config.test_timeout, config.config_file) == (100.0, 1800.0, None)


def test_fail_under_defaults_to_100_even_when_coverage_sets_lower(project: Path) -> None:
    write_pyproject(project, "[tool.coverage.report]\nfail_under = 80\n")

    assert load(project).fail_under == 100.0


def test_guard_config_defaults_match_the_option_table() -> None:
    config = GuardConfig(root=Path("/project"))

    assert {spec.name: getattr(config, spec.name) for spec in OPTIONS} == {
        spec.name: spec.default for spec in OPTIONS
    }


def test_root_is_made_absolute(project: Path) -> None:
    assert load(Path()).root == project.resolve()


def test_missing_root_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    assert config_error(missing) == f"{missing}: the project root is not a directory"


# --- the [tool.guard] table ----------------------------------------------


def test_every_key_is_read_from_tool_guard(project: Path) -> None:
    path = write_pyproject(
        project,
        """\
[tool.guard]
source = ["pkg", "src/other"]
tests = ["tests/unit"]
fail_under = 97.5
pytest_args = ["-x", "-q"]
test_timeout = 60
base = "origin/dev"
""",
    )

    config = load(project)

    assert config == GuardConfig(
        root=project.resolve(),
        source=("pkg", "src/other"),
        tests=("tests/unit",),
        fail_under=97.5,
        pytest_args=("-x", "-q"),
        test_timeout=60.0,
        base="origin/dev",
        config_file=path.resolve(),
    )


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        pytest.param("fail_under = 90", "fail_under", 90.0, id="integer-percent"),
        pytest.param("fail_under = 0", "fail_under", 0.0, id="lowest-percent"),
        pytest.param("fail_under = 100", "fail_under", 100.0, id="highest-percent"),
        pytest.param("test_timeout = 0", "test_timeout", 0.0, id="no-time-limit"),
        pytest.param("tests = []", "tests", (), id="empty-tests-let-pytest-decide"),
        pytest.param("source = []", "source", ("pkg",), id="empty-source-is-found"),
    ],
)
def test_valid_values_are_read_in_their_python_type(
    project: Path, line: str, field: str, expected: object
) -> None:
    write_pyproject(project, f"[tool.guard]\n{line}\n")

    value = getattr(load(project), field)

    assert value == expected
    assert type(value) is type(expected)


def test_empty_tool_guard_table_is_still_the_config_file(project: Path) -> None:
    path = write_pyproject(project, "[tool.guard]\n")

    assert load(project).config_file == path.resolve()


@pytest.mark.parametrize(
    ("key", "nearest"),
    [
        ("fail_undr", "fail_under"),
        ("fail-under", "fail_under"),
        ("pytest_arg", "pytest_args"),
        ("timeout", "test_timeout"),
        ("sources", "source"),
    ],
)
def test_unknown_key_names_the_nearest_valid_key(project: Path, key: str, nearest: str) -> None:
    write_pyproject(project, f"[tool.guard]\n{key} = 1\n")

    assert config_error(project) == (
        f"pyproject.toml: [tool.guard] unknown key '{key}'; did you mean '{nearest}'?"
    )


def test_unknown_key_with_no_close_match_lists_the_valid_keys(project: Path) -> None:
    write_pyproject(project, "[tool.guard]\nzzz = 1\n")

    message = config_error(project)
    assert message.startswith(
        "pyproject.toml: [tool.guard] unknown key 'zzz'; "
        "valid keys: source, tests, fail_under, pytest_args, test_timeout, base, cache_dir, "
        "exclude, all_findings, max_file_lines,"
    )
    assert message.endswith(", protected_paths, risk_paths, max_risk")


def test_file_outside_the_working_directory_is_named_by_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    write_pyproject(root, "[tool.guard]\nfail_undr = 90\n")

    assert config_error(root) == (
        f"{root.resolve() / 'pyproject.toml'}: [tool.guard] unknown key 'fail_undr'; "
        "did you mean 'fail_under'?"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('fail_under = "90"', "fail_under must be a number, got string '90'"),
        ("fail_under = true", "fail_under must be a number, got boolean True"),
        ("fail_under = nan", "fail_under must be a number, got float nan"),
        ("test_timeout = inf", "test_timeout must be a number, got float inf"),
        ('test_timeout = "60s"', "test_timeout must be a number, got string '60s'"),
        ('source = "pkg"', "source must be a list of strings, got string 'pkg'"),
        ('tests = ["a", 1]', "tests must be a list of strings, got array ['a', 1]"),
        ('pytest_args = "-x -q"', "pytest_args must be a list of strings, got string '-x -q'"),
        ("source = {pkg = 1}", "source must be a list of strings, got table {'pkg': 1}"),
        ("base = 1", "base must be a non-empty string, got integer 1"),
        ('base = ""', "base must be a non-empty string, got string ''"),
        (
            "base = 2024-01-01",
            "base must be a non-empty string, got date datetime.date(2024, 1, 1)",
        ),
    ],
)
def test_wrong_type_names_the_key_the_file_and_the_expected_type(
    project: Path, line: str, message: str
) -> None:
    write_pyproject(project, f"[tool.guard]\n{line}\n")

    assert config_error(project) == f"pyproject.toml: [tool.guard] {message}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("fail_under = 100.5", "fail_under must be between 0 and 100, got 100.5"),
        ("fail_under = -1", "fail_under must be between 0 and 100, got -1"),
        ("test_timeout = -5", "test_timeout must be at least 0, got -5"),
    ],
)
def test_out_of_range_number_names_the_key_and_the_file(
    project: Path, line: str, message: str
) -> None:
    write_pyproject(project, f"[tool.guard]\n{line}\n")

    assert config_error(project) == f"pyproject.toml: [tool.guard] {message}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[tool.guard]\nsource = ["pkg"]\nfail_under 90\n',
            "pyproject.toml:3: invalid TOML: "
            "Expected '=' after a key in a key/value pair (at line 3, column 12)",
        ),
        (
            "[tool.guard]\nsource = [\n",
            "pyproject.toml:2: invalid TOML: Invalid value (at end of document)",
        ),
    ],
)
def test_invalid_toml_names_the_file_and_the_line(project: Path, text: str, message: str) -> None:
    write_pyproject(project, text)

    assert config_error(project) == message


def test_undecodable_pyproject_is_an_error(project: Path) -> None:
    (project / "pyproject.toml").write_bytes(b'[tool.guard]\nbase = "\xff"\n')

    assert config_error(project) == "pyproject.toml: not valid UTF-8 (byte 21)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool]\nguard = 1\n", "pyproject.toml: [tool.guard] must be a table, got integer 1"),
        ('tool = "guard"\n', "pyproject.toml: [tool] must be a table, got string 'guard'"),
    ],
)
def test_tool_guard_that_is_not_a_table_is_an_error(project: Path, text: str, message: str) -> None:
    write_pyproject(project, text)

    assert config_error(project) == message


# --- environment and command line ----------------------------------------


@pytest.mark.parametrize(
    ("variable", "text", "field", "expected"),
    [
        ("GUARD_FAIL_UNDER", "95", "fail_under", 95.0),
        ("GUARD_TEST_TIMEOUT", "60", "test_timeout", 60.0),
        ("GUARD_SOURCE", "pkg_a, ,pkg_b,", "source", ("pkg_a", "pkg_b")),
        ("GUARD_TESTS", "tests/unit,tests/api", "tests", ("tests/unit", "tests/api")),
        ("GUARD_PYTEST_ARGS", '-x -k "a and b"', "pytest_args", ("-x", "-k", "a and b")),
        ("GUARD_BASE", "origin/dev", "base", "origin/dev"),
    ],
)
def test_environment_variable_overrides_the_file(
    project: Path, variable: str, text: str, field: str, expected: object
) -> None:
    write_pyproject(
        project,
        '[tool.guard]\nsource = ["pkg"]\ntests = ["tests"]\nfail_under = 90\n'
        'pytest_args = ["-q"]\ntest_timeout = 10\nbase = "main"\n',
    )

    assert getattr(load(project, {variable: text}), field) == expected


def test_empty_environment_variable_is_not_set(project: Path) -> None:
    write_pyproject(project, "[tool.guard]\nfail_under = 90\n")

    assert load(project, {"GUARD_FAIL_UNDER": "", "GUARD_BASE": ""}).fail_under == 90.0


def test_unknown_guard_variable_is_ignored(project: Path) -> None:
    assert load(project, {"GUARD_FAIL_UNDR": "1", "GUARD_COLOR": "yes"}).fail_under == 100.0


def test_environment_defaults_to_the_process_environment(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUARD_BASE", "origin/release")

    assert load_config(project).base == "origin/release"


@pytest.mark.parametrize(
    ("variable", "text", "message"),
    [
        ("GUARD_FAIL_UNDER", "abc", "GUARD_FAIL_UNDER must be a number, got 'abc'"),
        ("GUARD_FAIL_UNDER", "150", "GUARD_FAIL_UNDER must be between 0 and 100, got 150"),
        ("GUARD_TEST_TIMEOUT", "-1", "GUARD_TEST_TIMEOUT must be at least 0, got -1"),
        ("GUARD_TEST_TIMEOUT", "inf", "GUARD_TEST_TIMEOUT must be a number, got float inf"),
        (
            "GUARD_PYTEST_ARGS",
            '-k "unclosed',
            "GUARD_PYTEST_ARGS cannot be split into arguments: No closing quotation",
        ),
    ],
)
def test_bad_environment_value_names_the_variable(
    project: Path, variable: str, text: str, message: str
) -> None:
    assert config_error(project, {variable: text}) == message


def test_command_line_overrides_the_environment(project: Path) -> None:
    config = load(
        project,
        {"GUARD_FAIL_UNDER": "95", "GUARD_TESTS": "a"},
        fail_under=97.5,
        tests=["b", "c"],
    )

    assert (config.fail_under, config.tests) == (97.5, ("b", "c"))


def test_command_line_option_not_given_overrides_nothing(project: Path) -> None:
    write_pyproject(project, '[tool.guard]\nfail_under = 90\nbase = "main"\n')

    config = load(
        project, {"GUARD_TEST_TIMEOUT": "5"}, fail_under=None, base=None, test_timeout=None
    )

    assert (config.fail_under, config.base, config.test_timeout) == (90.0, "main", 5.0)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fail_under": 101}, "--fail-under must be between 0 and 100, got 101"),
        ({"tests": "tests"}, "--tests must be a list of strings, got string 'tests'"),
        ({"test_timeout": True}, "--test-timeout must be a number, got boolean True"),
    ],
)
def test_bad_command_line_value_names_the_option(
    project: Path, overrides: dict[str, object], message: str
) -> None:
    assert config_error(project, **overrides) == message


def test_unknown_override_is_a_programming_error(project: Path) -> None:
    with pytest.raises(ValueError, match="unknown guard option 'fail_undr'"):
        load(project, fail_undr=90)


# --- finding what to measure ---------------------------------------------


def test_source_from_tool_guard_skips_detection(tmp_path: Path) -> None:
    write_pyproject(tmp_path, '[tool.guard]\nsource = ["lib"]\n')

    assert load(tmp_path).source == ("lib",)


def test_source_comes_from_coverage_run_in_pyproject(project: Path) -> None:
    write_pyproject(project, '[tool.coverage.run]\nsource = ["mylib", "tools"]\n')

    assert load(project).source == ("mylib", "tools")


def test_source_comes_from_coveragerc(project: Path) -> None:
    (project / ".coveragerc").write_text("[run]\nsource =\n    alpha\n    beta\n")

    assert load(project).source == ("alpha", "beta")


def test_coverage_config_is_read_at_the_root_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / ".coveragerc").write_text("[run]\nsource = inside\n")
    (tmp_path / ".coveragerc").write_text("[run]\nsource = outside\n")
    monkeypatch.chdir(tmp_path)

    assert load(root).source == ("inside",)
    assert Path.cwd() == tmp_path


def test_broken_coverage_config_is_one_line_error(project: Path) -> None:
    (project / ".coveragerc").write_text("[run\nsource = x\n")

    message = config_error(project)

    assert message.startswith("coverage: Couldn't read config file .coveragerc:")
    assert "\n" not in message
    assert Path.cwd() == project


def test_packages_at_the_root_are_measured(project: Path) -> None:
    for name in ["app", "tests", "docs", "build", ".hidden", "not-importable", "venv"]:
        (project / name).mkdir()
        (project / name / "__init__.py").write_text("")
    (project / "data").mkdir()
    (project / "tool.py").write_text("")

    assert load(project).source == ("app", "pkg")


def test_src_layout_packages_are_measured_as_directories(tmp_path: Path) -> None:
    for name in ["src/app", "src/tests", "src/app_data"]:
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "src" / "app" / "__init__.py").write_text("")
    (tmp_path / "src" / "tests" / "__init__.py").write_text("")
    (tmp_path / "tests").mkdir()

    assert load(tmp_path).source == ("src/app",)


def test_top_level_modules_are_measured_when_there_is_no_package(tmp_path: Path) -> None:
    for name in [
        "calc.py",
        "report.py",
        "setup.py",
        "conftest.py",
        "noxfile.py",
        "test_calc.py",
        "calc_test.py",
        "my-script.py",
    ]:
        (tmp_path / name).write_text("")
    (tmp_path / "src").mkdir()

    assert load(tmp_path).source == ("calc", "report")


def test_nothing_to_measure_is_an_error_that_says_what_to_set(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    (tmp_path / "setup.py").write_text("")

    assert config_error(tmp_path) == (
        "cannot tell what to measure: set source in [tool.guard] "
        f"(no package found at {tmp_path.resolve()})"
    )


# --- quality settings -----------------------------------------------------


def test_quality_limits_reach_the_rule_settings(project: Path) -> None:
    write_pyproject(
        project,
        "[tool.guard]\nmax_file_lines = 801\nmax_function_lines = 61\nmax_parameters = 7\n"
        "max_definitions = 31\nmax_complexity = 12\nmin_maintainability = 'A'\n"
        "max_nesting = 5\nallowed_names = ['data']\nmeaningless_names = ['stuff']\n"
        "vague_module_names = ['misc']\nvague_class_names = ['Thing']\n"
        "short_names = ['_', 'x']\nimposed_names = ['paintEvent']\n",
    )
    assert load(project).quality_settings() == QualitySettings(
        size=SizeSettings(
            max_file_lines=801, max_function_lines=61, max_parameters=7, max_definitions=31
        ),
        complexity=ComplexitySettings(max_complexity=12, min_maintainability="A", max_nesting=5),
        naming=NamingSettings(
            allowed_names=frozenset({"data"}),
            meaningless_names=frozenset({"stuff"}),
            vague_module_names=frozenset({"misc"}),
            vague_class_names=frozenset({"Thing"}),
            short_names=frozenset({"_", "x"}),
            imposed_names=frozenset({"paintEvent"}),
        ),
    )


def test_a_limit_must_be_a_whole_number(project: Path) -> None:
    write_pyproject(project, "[tool.guard]\nmax_nesting = 4.5\n")
    assert config_error(project) == (
        "pyproject.toml: [tool.guard] max_nesting must be a whole number, got float 4.5"
    )


def test_a_limit_written_as_a_float_with_no_fraction_is_an_integer(project: Path) -> None:
    write_pyproject(project, "[tool.guard]\nmax_parameters = 8.0\n")
    assert load(project).max_parameters == 8


def test_a_rank_must_be_one_of_the_ranks(project: Path) -> None:
    write_pyproject(project, "[tool.guard]\nmin_maintainability = 'D'\n")
    assert config_error(project) == (
        "pyproject.toml: [tool.guard] min_maintainability must be one of A, B, C, got 'D'"
    )


def test_a_boolean_key_rejects_a_string(project: Path) -> None:
    write_pyproject(project, "[tool.guard]\nall_findings = 'yes'\n")
    assert config_error(project) == (
        "pyproject.toml: [tool.guard] all_findings must be true or false, got string 'yes'"
    )


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("NO", False), ("1", True)])
def test_a_boolean_variable_takes_the_usual_spellings(
    project: Path, text: str, expected: bool
) -> None:
    assert load(project, {"GUARD_ALL_FINDINGS": text}).all_findings is expected


def test_a_boolean_variable_rejects_other_words(project: Path) -> None:
    assert config_error(project, {"GUARD_ALL_FINDINGS": "maybe"}) == (
        "GUARD_ALL_FINDINGS must be true or false, got 'maybe'"
    )


def test_the_all_flag_overrides_the_file(project: Path) -> None:
    write_pyproject(project, "[tool.guard]\nall_findings = false\n")
    assert load(project, {}, all_findings=True).all_findings is True


def test_an_unknown_override_is_a_bug_in_the_caller(project: Path) -> None:
    with pytest.raises(ValueError, match="unknown guard option 'nope'"):
        load(project, {}, nope=1)


@pytest.mark.parametrize("rule", ["urgent:src/*", "high", "high:"])
def test_a_risk_rule_must_name_a_tier_and_a_glob(project: Path, rule: str) -> None:
    write_pyproject(project, f"[tool.guard]\nrisk_paths = [{rule!r}]\n")
    assert config_error(project) == (
        f"risk_paths entry {rule!r} must be TIER:GLOB, with TIER one of low, medium, high, critical"
    )


def test_a_risk_rule_reaches_the_config(project: Path) -> None:
    write_pyproject(project, "[tool.guard]\nrisk_paths = ['critical:pkg/*']\n")
    assert load(project).risk_paths == ("critical:pkg/*",)
