"""A head configuration that lowers the bar the base set is a finding; a tighter one is not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from guard.model import Severity
from guard.weakening import (
    RULE,
    ConfigFiles,
    effective_coverage_settings,
    weakened_config_findings,
)

PYPROJECT_BASE = """\
[tool.coverage.run]
branch = true
omit = ["*/migrations/*"]
include = ["pkg/*"]
source = ["pkg", "tools"]
plugins = []

[tool.coverage.report]
fail_under = 95
exclude_also = ["raise AssertionError"]
"""


def _pyproject(text: str) -> ConfigFiles:
    return ConfigFiles({"pyproject.toml": textwrap.dedent(text)})


def _messages(base: ConfigFiles, head: ConfigFiles, scratch: Path) -> list[str]:
    return [finding.message for finding in weakened_config_findings(base, head, scratch)]


@pytest.mark.parametrize(
    ("head", "message"),
    [
        pytest.param(
            PYPROJECT_BASE.replace('"*/migrations/*"]', '"*/migrations/*", "pkg/legacy.py"]'),
            "`[tool.coverage.run] omit` in pyproject.toml gained `'pkg/legacy.py'`: "
            "files matching it stop counting",
            id="run-omit",
        ),
        pytest.param(
            PYPROJECT_BASE + 'omit = ["pkg/slow.py"]\n',
            "`[tool.coverage.report] omit` in pyproject.toml gained `'pkg/slow.py'`: "
            "files matching it stop counting",
            id="report-omit",
        ),
        pytest.param(
            PYPROJECT_BASE.replace(
                '"raise AssertionError"]', '"raise AssertionError", "def __repr__"]'
            ),
            "`[tool.coverage.report] exclude_also` in pyproject.toml gained `'def __repr__'`: "
            "lines matching it stop counting",
            id="exclude-also",
        ),
        pytest.param(
            PYPROJECT_BASE + 'exclude_lines = ["pragma: no cover", "if DEBUG:"]\n',
            "`[tool.coverage.report] exclude_lines` in pyproject.toml gained "
            "`'pragma: no cover'`, `'if DEBUG:'`: lines matching it stop counting",
            id="exclude-lines",
        ),
        pytest.param(
            PYPROJECT_BASE + 'partial_branches = ["while retry:"]\n',
            "`[tool.coverage.report] partial_branches` in pyproject.toml gained "
            "`'while retry:'`: branches from lines matching it stop counting",
            id="partial-branches",
        ),
        pytest.param(
            PYPROJECT_BASE + 'partial_also = ["if ready:"]\n',
            "`[tool.coverage.report] partial_also` in pyproject.toml gained `'if ready:'`: "
            "branches from lines matching it stop counting",
            id="partial-also",
        ),
        pytest.param(
            PYPROJECT_BASE.replace("plugins = []", 'plugins = ["covdefaults"]'),
            "`[tool.coverage.run] plugins` in pyproject.toml gained `'covdefaults'`: "
            "a plugin now decides what is measured",
            id="plugins",
        ),
        pytest.param(
            PYPROJECT_BASE + '[tool.coverage.paths]\nsource = ["pkg/", "/elsewhere/pkg/"]\n',
            "`[tool.coverage.paths]` in pyproject.toml gained `'source = pkg/'`, "
            "`'source = /elsewhere/pkg/'`: data recorded elsewhere can stand for these files",
            id="paths",
        ),
        pytest.param(
            PYPROJECT_BASE.replace('["pkg/*"]', '["pkg/core.py"]'),
            "`[tool.coverage.run] include` in pyproject.toml lost `'pkg/*'`: "
            "files outside it stop counting",
            id="include-narrowed",
        ),
        pytest.param(
            PYPROJECT_BASE + 'include = ["pkg/api.py"]\n',
            "`[tool.coverage.report] include` in pyproject.toml now limits measurement to "
            "`'pkg/api.py'`: files outside it stop counting",
            id="include-appears",
        ),
        pytest.param(
            PYPROJECT_BASE.replace('["pkg", "tools"]', '["pkg"]'),
            "`[tool.coverage.run] source` in pyproject.toml lost `'tools'`: "
            "files there stop counting",
            id="source",
        ),
        pytest.param(
            PYPROJECT_BASE.replace("branch = true", "branch = false"),
            "`[tool.coverage.run] branch` in pyproject.toml went from true to false: "
            "branches stop counting",
            id="branch",
        ),
        pytest.param(
            PYPROJECT_BASE.replace("fail_under = 95", "fail_under = 92.5"),
            "`[tool.coverage.report] fail_under` in pyproject.toml went from 95 to 92.5: "
            "a lower total passes",
            id="fail-under",
        ),
    ],
)
def test_each_loosened_pyproject_setting_is_one_finding_naming_old_and_new(
    tmp_path: Path, head: str, message: str
):
    assert _messages(_pyproject(PYPROJECT_BASE), _pyproject(head), tmp_path) == [message]


def test_a_finding_points_at_the_line_that_sets_the_key(tmp_path: Path):
    head = PYPROJECT_BASE.replace("fail_under = 95", "fail_under = 0")
    [finding] = weakened_config_findings(_pyproject(PYPROJECT_BASE), _pyproject(head), tmp_path)
    assert (finding.rule, finding.severity, finding.path) == (
        RULE,
        Severity.ERROR,
        "pyproject.toml",
    )
    assert (finding.line, finding.end_line) == (9, 9)
    assert finding.new is True
    assert "base" in finding.hint


def test_source_pkgs_lost_with_source_in_one_list_is_one_finding_per_key(tmp_path: Path):
    base = '[tool.coverage.run]\nsource = ["pkg"]\nsource_pkgs = ["tools", "extra"]\n'
    head = '[tool.coverage.run]\nsource_pkgs = ["pkg", "tools"]\n'
    assert _messages(_pyproject(base), _pyproject(head), tmp_path) == [
        "`[tool.coverage.run] source_pkgs` in pyproject.toml lost `'extra'`: "
        "files there stop counting"
    ]


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(PYPROJECT_BASE.replace('"*/migrations/*"', ""), id="omit-removed"),
        pytest.param(PYPROJECT_BASE.replace("95", "100"), id="fail-under-raised"),
        pytest.param(PYPROJECT_BASE.replace('"tools"]', '"tools", "scripts"]'), id="source-added"),
        pytest.param(PYPROJECT_BASE.replace('include = ["pkg/*"]', ""), id="include-dropped"),
        pytest.param(PYPROJECT_BASE.replace('"pkg/*"]', '"pkg/*", "lib/*"]'), id="include-widened"),
        pytest.param(
            PYPROJECT_BASE.replace("exclude_also", "exclude_lines"), id="also-moved-to-lines"
        ),
        pytest.param(PYPROJECT_BASE, id="unchanged"),
    ],
)
def test_a_tighter_or_equal_configuration_is_no_finding(tmp_path: Path, head: str):
    assert _messages(_pyproject(PYPROJECT_BASE), _pyproject(head), tmp_path) == []


def test_branch_turned_on_is_no_finding(tmp_path: Path):
    base = "[tool.coverage.run]\nbranch = false\n"
    head = "[tool.coverage.run]\nbranch = true\n"
    assert _messages(_pyproject(base), _pyproject(head), tmp_path) == []


def test_a_coveragerc_that_appears_for_the_first_time_counts(tmp_path: Path):
    base = _pyproject(PYPROJECT_BASE)
    head = ConfigFiles(
        {
            "pyproject.toml": PYPROJECT_BASE,
            ".coveragerc": "[run]\nbranch = True\nsource = pkg, tools\ninclude = pkg/*\n"
            "omit =\n    */migrations/*\n    pkg/legacy/*\n"
            "[report]\nfail_under = 95\nexclude_also = raise AssertionError\n",
        }
    )
    [finding] = weakened_config_findings(base, head, tmp_path)
    assert (finding.path, finding.line) == (".coveragerc", 5)
    assert finding.message == (
        "`[run] omit` in .coveragerc gained `'pkg/legacy/*'`: files matching it stop counting"
    )


def test_setup_cfg_sections_are_named_as_setup_cfg_spells_them(tmp_path: Path):
    base = ConfigFiles({"setup.cfg": "[coverage:report]\nfail_under = 100\n"})
    head = ConfigFiles(
        {"setup.cfg": "[metadata]\nname = pkg\n[coverage:report]\nfail_under = 90\n"}
    )
    [finding] = weakened_config_findings(base, head, tmp_path)
    assert (finding.path, finding.line) == ("setup.cfg", 4)
    assert finding.message.startswith("`[coverage:report] fail_under` in setup.cfg went from 100")


def test_tox_ini_is_read_too(tmp_path: Path):
    base = ConfigFiles({"tox.ini": "[coverage:run]\nbranch = True\n"})
    head = ConfigFiles({"tox.ini": "[coverage:run]\nbranch = False\n"})
    assert _messages(base, head, tmp_path) == [
        "`[coverage:run] branch` in tox.ini went from true to false: branches stop counting"
    ]


def test_a_deleted_coverage_config_falls_back_to_the_defaults_and_names_the_old_file(
    tmp_path: Path,
):
    base = ConfigFiles({".coveragerc": "[run]\nbranch = True\n"})
    head = ConfigFiles({".coveragerc": None})
    [finding] = weakened_config_findings(base, head, tmp_path)
    assert (finding.path, finding.line) == (".coveragerc", 1)
    assert finding.message == (
        "`[run] branch` in the coverage configuration went from true to false: "
        "branches stop counting"
    )


@pytest.mark.parametrize(
    ("base", "head", "message"),
    [
        pytest.param(
            "",
            "fail_under = 90",
            "`[tool.guard] fail_under` in pyproject.toml went from 100 to 90: a lower total passes",
            id="fail-under",
        ),
        pytest.param(
            "max_complexity = 10",
            "max_complexity = 15",
            "`[tool.guard] max_complexity` in pyproject.toml went from 10 to 15: "
            "bigger or more tangled code passes",
            id="max-complexity",
        ),
        pytest.param(
            'min_maintainability = "B"',
            'min_maintainability = "C"',
            "`[tool.guard] min_maintainability` in pyproject.toml went from B to C: "
            "less maintainable modules pass",
            id="min-maintainability",
        ),
        pytest.param(
            "all_findings = true",
            "",
            "`[tool.guard] all_findings` in pyproject.toml went from true to false: "
            "findings the change did not add stop failing",
            id="all-findings",
        ),
        pytest.param(
            'source = ["pkg", "tools"]',
            'source = ["pkg"]',
            "`[tool.guard] source` in pyproject.toml lost `'tools'`: files there stop counting",
            id="source",
        ),
        pytest.param(
            "",
            'exclude = ["pkg/generated/*"]',
            "`[tool.guard] exclude` in pyproject.toml gained `'pkg/generated/*'`: "
            "files matching it skip the quality rules",
            id="exclude",
        ),
        pytest.param(
            "",
            'allowed_names = ["data"]',
            "`[tool.guard] allowed_names` in pyproject.toml gained `'data'`: "
            "the naming rules accept more names",
            id="allowed-names",
        ),
        pytest.param(
            'meaningless_names = ["data", "result"]',
            'meaningless_names = ["result"]',
            "`[tool.guard] meaningless_names` in pyproject.toml lost `'data'`: "
            "the naming rules flag fewer names",
            id="meaningless-names",
        ),
        pytest.param(
            "",
            'test_module_names = ["test_{stem}.py", "{stem}_test.py", "check_{stem}.py"]',
            "`[tool.guard] test_module_names` in pyproject.toml gained `'check_{stem}.py'`: "
            "more files count as a module's tests",
            id="test-module-names",
        ),
    ],
)
def test_a_loosened_tool_guard_key_is_a_finding(tmp_path: Path, base: str, head: str, message: str):
    before = _pyproject(f"[tool.guard]\n{base}\n")
    after = _pyproject(f"[project]\nname = 'pkg'\n\n[tool.guard]\n{head}\n")
    [finding] = weakened_config_findings(before, after, tmp_path)
    assert finding.message == message
    assert (finding.path, finding.line) == ("pyproject.toml", 5 if head else 1)


@pytest.mark.parametrize(
    ("base", "head"),
    [
        ("max_nesting = 6", "max_nesting = 4"),
        ('min_maintainability = "B"', 'min_maintainability = "A"'),
        ('allowed_names = ["data"]', ""),
        ("fail_under = 90", "fail_under = 100"),
    ],
)
def test_a_tightened_tool_guard_key_is_no_finding(tmp_path: Path, base: str, head: str):
    before = _pyproject(f"[tool.guard]\n{base}\n")
    after = _pyproject(f"[tool.guard]\n{head}\n")
    assert _messages(before, after, tmp_path) == []


@pytest.mark.parametrize(
    ("head", "path", "line", "reason"),
    [
        pytest.param(
            {"pyproject.toml": "[tool.coverage.run]\nomit = []\nbranch = tru\n"},
            "pyproject.toml",
            3,
            "Couldn't read config file pyproject.toml",
            id="bad-toml-read-by-coverage",
        ),
        pytest.param(
            {".coveragerc": "[run]\n", "pyproject.toml": "[tool.guard\n"},
            "pyproject.toml",
            1,
            "Expected ']'",
            id="bad-toml-read-by-guard-only",
        ),
        pytest.param(
            {".coveragerc": "[run\nbranch = True\n"},
            ".coveragerc",
            1,
            "no section headers",
            id="bad-ini",
        ),
        pytest.param(
            {".coveragerc.toml": "[run]\nbranch = maybe\n"},
            ".coveragerc.toml",
            2,
            "Couldn't read config file .coveragerc.toml",
            id="bad-coveragerc-toml",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.guard]\nmax_complexity = "ten"\n'},
            "pyproject.toml",
            1,
            "[tool.guard] max_complexity is not a whole number",
            id="wrong-type",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.guard]\nmin_maintainability = "F"\n'},
            "pyproject.toml",
            1,
            "[tool.guard] min_maintainability is not a non-empty string",
            id="not-a-choice",
        ),
        pytest.param(
            {"pyproject.toml": 'tool = "guard"\n'},
            "pyproject.toml",
            1,
            "string indices must be integers",
            id="coverage-itself-fails",
        ),
        pytest.param(
            {".coveragerc": "[run]\n", "pyproject.toml": 'tool = "guard"\n'},
            "pyproject.toml",
            1,
            "[tool.guard] is not a table",
            id="tool-not-a-table",
        ),
        pytest.param(
            {"pyproject.toml": "[tool]\nguard = 1\n"},
            "pyproject.toml",
            1,
            "[tool.guard] is not a table",
            id="guard-not-a-table",
        ),
    ],
)
def test_a_head_config_that_cannot_be_read_is_one_finding_not_a_crash(
    tmp_path: Path, head: dict[str, str], path: str, line: int, reason: str
):
    [finding] = weakened_config_findings(_pyproject(PYPROJECT_BASE), ConfigFiles(head), tmp_path)
    assert (finding.rule, finding.path, finding.line) == (RULE, path, line)
    assert reason in finding.message
    assert "cannot be read" in finding.message
    assert "\n" not in finding.message


def test_a_base_that_cannot_be_read_counts_as_the_defaults(tmp_path: Path):
    base = _pyproject("[tool.coverage.run\n")
    head = _pyproject('[tool.coverage.run]\nbranch = true\nomit = ["pkg/old.py"]\n')
    assert _messages(base, head, tmp_path) == [
        "`[tool.coverage.run] omit` in pyproject.toml gained `'pkg/old.py'`: "
        "files matching it stop counting"
    ]


def test_effective_settings_are_what_coverage_itself_reads(tmp_path: Path):
    cwd = Path.cwd()
    files = ConfigFiles(
        {
            "pyproject.toml": '[tool.coverage.run]\nomit = ["ignored"]\n',
            "setup.cfg": "[coverage:report]\nexclude_also = def __repr__\nunknown_key = 1\n",
            "tox.ini": None,
            "README.md": "not a config file",
        }
    )
    settings = effective_coverage_settings(files, tmp_path)
    assert (Path.cwd(), list(tmp_path.iterdir())) == (cwd, [])
    assert (settings.config_file, settings.unreadable) == ("setup.cfg", None)
    assert settings.coverage["run:omit"] == ()
    assert settings.coverage["report:exclude_also"] == ("def __repr__",)
    assert "def __repr__" not in settings.coverage["report:exclude_lines"]
    assert settings.guard["max_complexity"] == 10.0


def test_the_exclusion_regexes_are_the_ones_coverage_applies(tmp_path: Path):
    files = ConfigFiles({"setup.cfg": "[coverage:report]\nexclude_also = def __repr__\n"})
    settings = effective_coverage_settings(files, tmp_path)
    assert settings.exclude_regex.endswith("|(?:def __repr__)")
    assert "no|NO)\\s*(branch" in settings.partial_regex


def test_no_config_file_gives_coverage_and_guard_defaults(tmp_path: Path):
    settings = effective_coverage_settings(ConfigFiles({}), tmp_path)
    assert settings.config_file is None
    assert settings.coverage["run:branch"] is False
    assert settings.coverage["report:fail_under"] == 0.0
    assert settings.guard["fail_under"] == 100.0
    assert settings.guard["min_maintainability"] == "B"


def test_fewer_protected_paths_is_a_loosening(tmp_path):
    from guard.weakening import ConfigFiles, weakened_config_findings

    base = ConfigFiles(
        {"pyproject.toml": '[tool.guard]\nprotected_paths = [".github/*", "tox.ini"]\n'}
    )
    head = ConfigFiles({"pyproject.toml": '[tool.guard]\nprotected_paths = [".github/*"]\n'})
    [finding] = weakened_config_findings(base, head, tmp_path)
    assert finding.rule == "integrity.config-weakened"
    assert "protected_paths" in finding.message
    assert "tox.ini" in finding.message
