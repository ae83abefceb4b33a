"""The files guard ships for others' tools: the pre-commit manifest, the GitHub Action, their docs.

Neither manifest may name a flag guard does not have, and every command the
docs show must parse with guard's real argument parser. The YAML is read with a
small strict reader of the subset these files use, so the test needs no YAML
library; anything outside the subset is an error, never a silent misreading.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from guard.cli import _build_parser
from guard.reporters import parse_report_spec

ROOT = Path(__file__).resolve().parent.parent
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
ACTION_FILE = ROOT / "action.yml"
DOCS = ("docs/agent-loop.md", "docs/ci.md", "docs/migrating-from-diff-cover.md")

# pre-commit's MANIFEST_HOOK_DICT (pre_commit/clientlib.py): the keys a hook may have.
_MANIFEST_KEY_WORDS = """
    id name entry language alias files exclude types types_or exclude_types
    additional_dependencies args always_run fail_fast pass_filenames description
    language_version log_file require_serial stages verbose minimum_pre_commit_version
"""
MANIFEST_KEYS = frozenset(_MANIFEST_KEY_WORDS.split())
# The stage names pre-commit 3.2 and later accept: git's hook types, and manual.
_STAGE_WORDS = """
    commit-msg post-checkout post-commit post-merge post-rewrite pre-commit
    pre-merge-commit pre-push pre-rebase prepare-commit-msg manual
"""
STAGES = frozenset(_STAGE_WORDS.split())


# --- a strict reader for the YAML subset of the two manifests -------------------------------


class StrictYaml:
    """Block mappings and sequences, scalars, flow lists and `|`/`>-` blocks; nothing else."""

    def __init__(self, text: str) -> None:
        self.rows = text.split("\n")  # blank rows kept: block scalars need them
        self.at = 0

    def load(self) -> object:
        first = self._next_content()
        if first is None:
            return None
        parsed = self._block(first[0])
        if self._next_content() is not None:
            raise ValueError(f"line {self.at + 1}: unexpected indentation")
        return parsed

    def _next_content(self) -> tuple[int, str] | None:
        """The indentation and text of the next row that is neither blank nor a comment."""
        while self.at < len(self.rows):
            row = self.rows[self.at]
            stripped = row.strip()
            if stripped and not stripped.startswith("#"):
                if "\t" in row[: len(row) - len(row.lstrip())]:
                    raise ValueError(f"line {self.at + 1}: tab in indentation")
                return len(row) - len(row.lstrip(" ")), stripped
            self.at += 1
        return None

    def _block(self, indent: int) -> object:
        head = self._next_content()
        assert head is not None
        if head[1] == "-" or head[1].startswith("- "):
            return self._sequence(indent)
        return self._mapping(indent)

    def _sequence(self, indent: int) -> list[object]:
        entries: list[object] = []
        while (line := self._next_content()) is not None and line[0] == indent:
            text = line[1]
            if not (text == "-" or text.startswith("- ")):
                break
            rest = text[1:].lstrip()
            if re.match(r"[\w.-]+:(\s|$)", rest):
                # `- key: value` opens a mapping indented to where `key` starts.
                inner = indent + len(text) - len(rest)
                self.rows[self.at] = " " * inner + rest
                entries.append(self._mapping(inner))
            else:
                self.at += 1
                entries.append(self._scalar(rest))
        return entries

    def _mapping(self, indent: int) -> dict[str, object]:
        mapping: dict[str, object] = {}
        while (line := self._next_content()) is not None and line[0] == indent:
            match = re.fullmatch(r"([\w.-]+):(?:\s+(.*))?", line[1])
            if match is None:
                raise ValueError(f"line {self.at + 1}: not a `key: value` line: {line[1]!r}")
            key, rest = match.group(1), match.group(2) or ""
            if key in mapping:
                raise ValueError(f"line {self.at + 1}: duplicate key {key!r}")
            self.at += 1
            mapping[key] = self._mapping_entry(indent, rest)
        return mapping

    def _mapping_entry(self, indent: int, rest: str) -> object:
        if rest in ("|", ">-"):
            return self._block_scalar(indent, folded=rest == ">-")
        if rest and not rest.startswith("#"):
            return self._scalar(rest)
        following = self._next_content()
        if following is None or following[0] < indent:
            return None
        if following[0] == indent and not following[1].startswith("-"):
            return None
        return self._block(following[0])

    def _block_scalar(self, indent: int, *, folded: bool) -> str:
        body: list[str] = []
        while self.at < len(self.rows):
            row = self.rows[self.at]
            if row.strip() and len(row) - len(row.lstrip(" ")) <= indent:
                break
            body.append(row)
            self.at += 1
        while body and not body[-1].strip():
            body.pop()
        margin = min(len(row) - len(row.lstrip(" ")) for row in body if row.strip())
        text = [row[margin:] for row in body]
        return " ".join(text) if folded else "\n".join(text) + "\n"

    def _quoted(self, text: str) -> str:
        end = text.index(text[0], 1)
        trailer = text[end + 1 :].strip()
        if trailer and not trailer.startswith("#"):
            raise ValueError(f"line {self.at}: text after a quoted scalar: {trailer!r}")
        return str(json.loads(text[: end + 1])) if text[0] == '"' else text[1:end]

    def _scalar(self, text: str) -> object:
        where = f"line {self.at}"
        if text[0] in "\"'":
            return self._quoted(text)
        text = re.split(r"\s#", text, maxsplit=1)[0].strip()
        if text.startswith("["):
            if not text.endswith("]"):
                raise ValueError(f"{where}: unclosed flow list")
            return [self._scalar(part.strip()) for part in text[1:-1].split(",")]
        if text.startswith(("{", "&", "*", "!", "%", "@", "`")) and not text.startswith("${{"):
            raise ValueError(f"{where}: unsupported YAML: {text!r}")
        if ": " in text or text.endswith(":"):
            raise ValueError(f"{where}: a plain scalar cannot hold ': ': {text!r}")
        return {"true": True, "false": False}.get(text, text)


def load_yaml(text: str) -> object:
    """Parse `text`, refusing any YAML outside the subset the manifests use."""
    return StrictYaml(text).load()


def test_the_reader_reads_the_subset_and_refuses_the_rest():
    text = (
        "# comment\n"
        "- id: one\n"
        "  stages: [pre-push, manual]\n"
        '  version: "3.2.0"\n'
        "  flag: true\n"
        "  nested:\n"
        "    key: ${{ a || 'b' }}\n"
        "  script: |\n"
        "    line one\n"
        "\n"
        "      indented\n"
        "  words: >-\n"
        "    folded\n"
        "    text\n"
        "- plain # trailing comment\n"
    )
    assert load_yaml(text) == [
        {
            "id": "one",
            "stages": ["pre-push", "manual"],
            "version": "3.2.0",
            "flag": True,
            "nested": {"key": "${{ a || 'b' }}"},
            "script": "line one\n\n  indented\n",
            "words": "folded text",
        },
        "plain",
    ]
    for bad in ("key: {a: 1}\n", "a: 1\na: 2\n", "key: [a, b\n", "not yaml\n", "a: b: c\n"):
        with pytest.raises(ValueError, match="line"):
            load_yaml(bad)


# --- .pre-commit-hooks.yaml ----------------------------------------------------------------


def _hooks() -> dict[str, dict[str, object]]:
    manifest = load_yaml(HOOKS_FILE.read_text(encoding="utf-8"))
    assert isinstance(manifest, list)
    return {hook["id"]: hook for hook in manifest}


def test_the_manifest_declares_the_two_hooks_with_known_keys():
    hooks = _hooks()
    assert list(hooks) == ["guard", "guard-analyze"]
    for hook in hooks.values():
        assert set(hook) <= MANIFEST_KEYS
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        assert set(hook["stages"]) <= STAGES


def test_the_guard_hook_runs_the_whole_check_once_per_push():
    hook = _hooks()["guard"]
    assert hook["entry"] == "guard check"
    assert hook["stages"] == ["pre-push"]
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True
    assert hook["require_serial"] is True
    assert _build_parser().parse_args(["check"]).command == "check"


def test_the_analyze_hook_gets_the_staged_python_files():
    hook = _hooks()["guard-analyze"]
    assert hook["entry"] == "guard analyze"
    assert hook["stages"] == ["pre-commit"]
    assert hook["types"] == ["python"]
    assert hook.get("pass_filenames", True) is True  # pre-commit appends the file names
    args = _build_parser().parse_args(["analyze", "guard/cli.py", "tests/test_cli.py"])
    assert args.paths == ["guard/cli.py", "tests/test_cli.py"]


# --- action.yml ---------------------------------------------------------------------------


def _action() -> dict[str, object]:
    action = load_yaml(ACTION_FILE.read_text(encoding="utf-8"))
    assert isinstance(action, dict)
    return action


def _steps() -> list[dict[str, object]]:
    runs = _action()["runs"]
    assert isinstance(runs, dict)
    assert runs["using"] == "composite"
    steps = runs["steps"]
    assert isinstance(steps, list)
    return steps


def _guard_step() -> dict[str, object]:
    (step,) = [step for step in _steps() if step.get("id") == "guard"]
    return step


def test_the_action_inputs_and_their_defaults():
    inputs = _action()["inputs"]
    assert isinstance(inputs, dict)
    defaults = {name: spec["default"] for name, spec in inputs.items()}
    assert defaults == {
        "python-version": "3.12",
        "args": "",
        "base": "${{ github.base_ref && format('origin/{0}', github.base_ref) || 'origin/main' }}",
        "sarif": "false",
        "version": "",
    }


def test_the_action_outputs_come_from_the_guard_step():
    outputs = _action()["outputs"]
    assert isinstance(outputs, dict)
    assert outputs["verdict"]["value"] == "${{ steps.guard.outputs.verdict }}"
    assert outputs["exit-code"]["value"] == "${{ steps.guard.outputs.exit-code }}"


def test_the_action_sets_up_python_installs_guard_then_uploads_sarif_always():
    setup, install, check, upload = _steps()
    assert setup["uses"] == "actions/setup-python@v5"
    assert setup["with"] == {"python-version": "${{ inputs.python-version }}"}
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert 'python -m pip install "$ACTION_PATH"' in install["run"]
    assert check["id"] == "guard"
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["with"]["sarif_file"] == "guard.sarif"
    assert upload["if"].startswith("${{ always() && inputs.sarif == 'true'")
    assert all(step.get("shell") == "bash" for step in (install, check))


def test_the_action_command_parses_and_the_step_ends_with_guards_exit_code():
    script = _guard_step()["run"]
    assert isinstance(script, str)
    (command,) = _commands_in(script)
    assert command[:6] == ["check", "--base", "$ACTION_BASE", "--format", "github", "--report"]
    sarif = "sarif=(--report sarif=guard.sarif)"
    assert sarif in script
    _assert_parses([*command, "--report", "sarif=guard.sarif"])
    assert script.rstrip().endswith('exit "$status"')


def _output_snippet() -> str:
    script = _guard_step()["run"]
    assert isinstance(script, str)
    match = re.search(r"<<'PY'\n(.*?)\nPY\n", script, re.DOTALL)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize(
    ("report", "status", "expected"),
    [
        ({"verdict": "fail", "exit_code": 1}, "1", "verdict=fail\nexit-code=1\n"),
        ({"verdict": "pass", "exit_code": 0}, "0", "verdict=pass\nexit-code=0\n"),
        (None, "3", "verdict=error\nexit-code=3\n"),
    ],
)
def test_the_action_outputs_are_read_from_the_report(
    tmp_path: Path, report: dict[str, object] | None, status: str, expected: str
):
    if report is not None:
        (tmp_path / "guard-report.json").write_text(json.dumps(report), encoding="utf-8")
    written = subprocess.run(
        [sys.executable, "-c", _output_snippet(), status],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert written.stdout == expected


# --- the docs -----------------------------------------------------------------------------


def _fenced_blocks(text: str) -> Iterator[tuple[str, str]]:
    """Each fenced code block's info string and body."""
    for match in re.finditer(r"^(`{3,})(\w*)\n(.*?)^\1$", text, re.MULTILINE | re.DOTALL):
        yield match.group(2), match.group(3)


def _commands_in(text: str) -> list[list[str]]:
    """The guard commands in a piece of shell, as argument lists without `guard`."""
    commands = []
    at_command = r"(?:^[ \t]*(?:- )?(?:run: |entry: )?|\$\(|python -m )"
    pattern = at_command + r"guard ((?:check|diff|analyze|explain)\b[^\n`]*)"
    for found in re.finditer(pattern, text, re.MULTILINE):
        line = re.sub(r"\$\{\{.*?\}\}", "EXPR", found.group(1))
        tokens = []
        for token in shlex.split(line, comments=True):
            if token in ("|", "||", "&&", ";") or re.match(r"\d*[<>]", token):
                break
            if not re.fullmatch(r"\$\{\w+\[@\]\}", token):  # "${array[@]}" adds options later
                tokens.append(token)
        commands.append(tokens)
    return commands


def _doc_commands(doc: str) -> list[list[str]]:
    text = (ROOT / doc).read_text(encoding="utf-8")
    blocks = list(_fenced_blocks(text))
    prose = [_without_fences(text), *(body for info, body in blocks if info == "markdown")]
    spans = [span for part in prose for span in re.findall(r"`([^`\n]+)`", part)]
    bodies = [body for _, body in blocks]
    chunks = [*bodies, *(span for span in spans if "guard " in span)]
    return [command for chunk in chunks for command in _commands_in(chunk)]


def _without_fences(text: str) -> str:
    return re.sub(r"^(`{3,})\w*\n.*?^\1$", "", text, flags=re.MULTILINE | re.DOTALL)


def _assert_parses(command: list[str]) -> None:
    if "--" in command:
        command = command[: command.index("--")]
        assert command[0] == "check", "only `guard check` passes arguments to pytest"
    args = _build_parser().parse_args(command)
    for spec in getattr(args, "report", []):
        if not spec.split("=")[0].isupper():  # FORMAT=PATH is a placeholder
            parse_report_spec(spec)


DOC_COMMANDS = [(doc, command) for doc in DOCS for command in _doc_commands(doc)]


@pytest.mark.parametrize("doc", DOCS)
def test_every_doc_shows_guard_commands(doc: str):
    assert len(_doc_commands(doc)) >= 3


@pytest.mark.parametrize(
    ("doc", "command"), DOC_COMMANDS, ids=[" ".join(c)[:60] for _, c in DOC_COMMANDS]
)
def test_every_documented_command_parses(doc: str, command: list[str]):
    _assert_parses(command)


def test_the_ci_doc_shows_the_sharded_and_gitlab_commands():
    commands = [" ".join(command) for command in _doc_commands("docs/ci.md")]
    assert "diff --data shards/ --base origin/main" in commands
    assert "diff --data .coverage --base origin/main" in commands
    assert (
        "check --base origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME --report json=guard.json"
        in commands
    )


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = _without_fences(path.read_text(encoding="utf-8"))
    return {_slug(title) for title in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


@pytest.mark.parametrize("doc", DOCS)
def test_every_relative_link_resolves(doc: str):
    path = ROOT / doc
    links = re.findall(r"\]\(([^)\s]+)\)", _without_fences(path.read_text(encoding="utf-8")))
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert relative, f"{doc} links to nothing"
    for link in relative:
        target, _, anchor = link.partition("#")
        resolved = (path.parent / target).resolve() if target else path
        assert resolved.exists(), f"{doc}: {link} points to a missing file"
        if anchor and resolved.suffix == ".md":
            assert anchor in _anchors(resolved), f"{doc}: {link} names a missing heading"


# --- the stop hook of docs/agent-loop.md ---------------------------------------------------


def _agent_loop_block(language: str, marker: str) -> str:
    text = (ROOT / "docs/agent-loop.md").read_text(encoding="utf-8")
    (body,) = [body for info, body in _fenced_blocks(text) if info == language and marker in body]
    return body


def test_the_stop_hook_settings_name_the_wrapper():
    settings = json.loads(_agent_loop_block("json", '"Stop"'))
    (entry,) = settings["hooks"]["Stop"]
    (hook,) = entry["hooks"]
    assert hook["type"] == "command"
    assert hook["command"] == '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard-stop.sh'


@pytest.mark.parametrize(
    ("guard_exit", "hook_exit", "says"),
    [(0, 0, ""), (1, 2, "guard check failed"), (2, 1, "exit 2"), (3, 1, "exit 3")],
)
def test_the_stop_hook_blocks_only_a_failed_gate(
    tmp_path: Path, guard_exit: int, hook_exit: int, says: str
):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "guard"
    stub.write_text(
        f'#!/bin/sh\necho \'{{"verdict": "stub"}}\'\necho noise >&2\nexit {guard_exit}\n',
        encoding="utf-8",
    )
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    hook = tmp_path / "guard-stop.sh"
    hook.write_text(_agent_loop_block("sh", "Claude Code Stop hook"), encoding="utf-8")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env["CLAUDE_PROJECT_DIR"] = str(tmp_path)
    ran = subprocess.run(["sh", str(hook)], env=env, capture_output=True, text=True, check=False)
    assert ran.returncode == hook_exit
    assert says in ran.stderr
    assert ("stub" in ran.stderr) is (guard_exit != 0)
    assert "noise" not in ran.stderr
