"""The diff parser against recorded `git diff -z --raw -p -U0` output, with no git at all.

Each string was printed by git 2.39 for the change its test names (see
docs/diff.md for the exact command).
"""

from __future__ import annotations

import pytest

from guard.diff_parse import ChangeKind, FileChange, ParsedDiff, parse_diff
from guard.errors import ToolError

A, M, R, D, T = (
    ChangeKind.ADDED,
    ChangeKind.MODIFIED,
    ChangeKind.RENAMED,
    ChangeKind.DELETED,
    ChangeKind.TYPE_CHANGED,
)

EDIT = (
    ":100644 100644 de98044 a7bc997 M\0edit.py\0\0"
    "diff --git a/edit.py b/edit.py\nindex de98044..a7bc997 100644\n"
    "--- a/edit.py\n+++ b/edit.py\n@@ -2 +2 @@ a\n-b\n+B\n@@ -3,0 +4 @@ c\n+d\n"
)
NEW_FILE = (
    ":000000 100644 0000000 07f33c4 A\0new.py\0\0"
    "diff --git a/new.py b/new.py\nnew file mode 100644\nindex 0000000..07f33c4\n"
    "--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,2 @@\n+new\n+file\n"
)
EMPTY_NEW_FILE = (
    ":000000 100644 0000000 e69de29 A\0empty.py\0\0"
    "diff --git a/empty.py b/empty.py\nnew file mode 100644\nindex 0000000..e69de29\n"
)
DELETED = (
    ":100644 000000 286c5f5 0000000 D\0gone.py\0\0"
    "diff --git a/gone.py b/gone.py\ndeleted file mode 100644\nindex 286c5f5..0000000\n"
    "--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n"
)
PURE_RENAME = (
    ":100644 100644 4cb29ea 4cb29ea R100\0moved.py\0renamed.py\0\0"
    "diff --git a/moved.py b/renamed.py\nsimilarity index 100%\n"
    "rename from moved.py\nrename to renamed.py\n"
)
RENAME_WITH_EDIT = (
    ":100644 100644 a470291 e3e05a5 R075\0moved_edit.py\0renamed_edit.py\0\0"
    "diff --git a/moved_edit.py b/renamed_edit.py\nsimilarity index 75%\n"
    "rename from moved_edit.py\nrename to renamed_edit.py\nindex a470291..e3e05a5 100644\n"
    "--- a/moved_edit.py\n+++ b/renamed_edit.py\n@@ -2 +2 @@ x\n-y\n+Y\n"
)
BINARY = (
    ":100644 100644 bdc955b 8835708 M\0img.bin\0\0"
    "diff --git a/img.bin b/img.bin\nindex bdc955b..8835708 100644\n"
    "Binary files a/img.bin and b/img.bin differ\n"
)
MODE_ONLY = (
    ":100644 100755 f5bdd21 f5bdd21 M\0run.sh\0\0"
    "diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n"
)
CRLF = (
    ":100644 100644 c30dea8 d5a6cc6 M\0crlf.py\0\0"
    "diff --git a/crlf.py b/crlf.py\nindex c30dea8..d5a6cc6 100644\n"
    "--- a/crlf.py\n+++ b/crlf.py\n@@ -2 +2,2 @@ a\n-b\r\n+B\r\n+c\r\n"
)
NEW_SYMLINK = (
    ":000000 120000 0000000 8505b4b A\0link\0\0"
    "diff --git a/link b/link\nnew file mode 120000\nindex 0000000..8505b4b\n"
    "--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+edit.py\n\\ No newline at end of file\n"
)
DELETED_SYMLINK = (
    ":120000 000000 8505b4b 0000000 D\0link\0\0"
    "diff --git a/link b/link\ndeleted file mode 120000\nindex 8505b4b..0000000\n"
    "--- a/link\n+++ /dev/null\n@@ -1 +0,0 @@\n-edit.py\n\\ No newline at end of file\n"
)
FILE_TO_SYMLINK = (
    ":100644 120000 6a69f92 8505b4b T\0f2link\0\0"
    "diff --git a/f2link b/f2link\ndeleted file mode 100644\nindex 6a69f92..0000000\n"
    "--- a/f2link\n+++ /dev/null\n@@ -1 +0,0 @@\n-f\n"
    "diff --git a/f2link b/f2link\nnew file mode 120000\nindex 0000000..8505b4b\n"
    "--- /dev/null\n+++ b/f2link\n@@ -0,0 +1 @@\n+edit.py\n\\ No newline at end of file\n"
)
SYMLINK_TO_FILE = (
    ":120000 100644 8505b4b 3f899ea T\0link\0\0"
    "diff --git a/link b/link\ndeleted file mode 120000\nindex 8505b4b..0000000\n"
    "--- a/link\n+++ /dev/null\n@@ -1 +0,0 @@\n-edit.py\n\\ No newline at end of file\n"
    "diff --git a/link b/link\nnew file mode 100644\nindex 0000000..3f899ea\n"
    "--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+now a file\n"
)
NEW_SUBMODULE = (
    ":000000 160000 0000000 e173d9e A\0vendor/sub\0\0"
    "diff --git a/vendor/sub b/vendor/sub\nnew file mode 160000\nindex 0000000..e173d9e\n"
    "--- /dev/null\n+++ b/vendor/sub\n@@ -0,0 +1 @@\n"
    "+Subproject commit e173d9ecb15481eeac42b19d0ceb8d209382c619\n"
)
DELETED_SUBMODULE = (
    ":160000 000000 e173d9e 0000000 D\0vendor/sub\0\0"
    "diff --git a/vendor/sub b/vendor/sub\ndeleted file mode 160000\nindex e173d9e..0000000\n"
    "--- a/vendor/sub\n+++ /dev/null\n@@ -1 +0,0 @@\n"
    "-Subproject commit e173d9ecb15481eeac42b19d0ceb8d209382c619\n"
)
# The path is: tab, space, \x01, \x7f, double quotes, é. git quotes the patch
# header (core.quotePath=false leaves é alone); the raw record names it as is.
ODD_PATH = 'tab\there \x01 \x7f "q" é.py'
ODD_NAME = (
    f":100644 100644 bca70f3 4286f42 M\0{ODD_PATH}\0\0"
    'diff --git "a/tab\\there \\001 \\177 \\"q\\" é.py" "b/tab\\there \\001 \\177 \\"q\\" é.py"\n'
    "index bca70f3..4286f42 100644\n"
    '--- "a/tab\\there \\001 \\177 \\"q\\" é.py"\t\n'
    '+++ "b/tab\\there \\001 \\177 \\"q\\" é.py"\t\n'
    "@@ -1 +1 @@\n-q\n+r\n"
)
NEWLINE_NAME = (
    ":000000 100644 0000000 07f33c4 A\0new\nline.py\0\0"
    'diff --git "a/new\\nline.py" "b/new\\nline.py"\nnew file mode 100644\n'
    'index 0000000..07f33c4\n--- /dev/null\n+++ "b/new\\nline.py"\n@@ -0,0 +1,2 @@\n+new\n+file\n'
)
# Not what guard asks for (-U0), but a parser that counts context lines must get it right:
# `git diff -U2`, with diff.suppressBlankEmpty printing the empty context line as "".
WITH_CONTEXT = (
    ":100644 100644 068025d 852bc95 M\0e.py\0\0"
    "diff --git a/e.py b/e.py\nindex 068025d..852bc95 100644\n--- a/e.py\n+++ b/e.py\n"
    "@@ -1,4 +1,5 @@\n a\n\n-b\n+B\n c\n+d\n"
)


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        pytest.param("", ParsedDiff((), ()), id="no-change"),
        pytest.param(
            EDIT, ParsedDiff((FileChange("edit.py", M, frozenset({2, 4})),), ()), id="edit"
        ),
        pytest.param(
            NEW_FILE, ParsedDiff((FileChange("new.py", A, frozenset({1, 2})),), ()), id="new-file"
        ),
        pytest.param(EMPTY_NEW_FILE, ParsedDiff((FileChange("empty.py", A),), ()), id="empty-file"),
        pytest.param(DELETED, ParsedDiff((FileChange("gone.py", D),), ()), id="deleted"),
        pytest.param(
            PURE_RENAME,
            ParsedDiff((FileChange("renamed.py", R, old_path="moved.py"),), ()),
            id="pure-rename",
        ),
        pytest.param(
            RENAME_WITH_EDIT,
            ParsedDiff(
                (FileChange("renamed_edit.py", R, frozenset({2}), old_path="moved_edit.py"),), ()
            ),
            id="rename-with-edit",
        ),
        pytest.param(BINARY, ParsedDiff((FileChange("img.bin", M, binary=True),), ()), id="binary"),
        pytest.param(MODE_ONLY, ParsedDiff((FileChange("run.sh", M),), ()), id="mode-only"),
        pytest.param(
            CRLF, ParsedDiff((FileChange("crlf.py", M, frozenset({2, 3})),), ()), id="crlf"
        ),
        pytest.param(
            NEW_SYMLINK, ParsedDiff((FileChange("link", A, symlink=True),), ()), id="new-symlink"
        ),
        pytest.param(
            DELETED_SYMLINK,
            ParsedDiff((FileChange("link", D, symlink=True),), ()),
            id="deleted-symlink",
        ),
        pytest.param(
            FILE_TO_SYMLINK,
            ParsedDiff((FileChange("f2link", T, symlink=True),), ()),
            id="file-to-symlink",
        ),
        pytest.param(
            SYMLINK_TO_FILE,
            ParsedDiff((FileChange("link", T, frozenset({1})),), ()),
            id="symlink-to-file",
        ),
        pytest.param(NEW_SUBMODULE, ParsedDiff((), ("vendor/sub",)), id="new-submodule"),
        pytest.param(DELETED_SUBMODULE, ParsedDiff((), ("vendor/sub",)), id="deleted-submodule"),
        pytest.param(
            ODD_NAME, ParsedDiff((FileChange(ODD_PATH, M, frozenset({1})),), ()), id="quoted-path"
        ),
        pytest.param(
            NEWLINE_NAME,
            ParsedDiff((FileChange("new\nline.py", A, frozenset({1, 2})),), ()),
            id="newline-in-path",
        ),
        pytest.param(
            WITH_CONTEXT,
            ParsedDiff((FileChange("e.py", M, frozenset({3, 5})),), ()),
            id="context-lines",
        ),
    ],
)
def test_parse_one_change(output: str, expected: ParsedDiff) -> None:
    assert parse_diff(output) == expected


def test_parse_many_changes_in_git_order() -> None:
    raw = [part.split("\0\0diff --git ", 1)[0] + "\0" for part in (EDIT, NEW_SUBMODULE, CRLF)]
    patches = [
        "diff --git " + part.split("\0\0diff --git ", 1)[1] for part in (EDIT, NEW_SUBMODULE, CRLF)
    ]
    output = "".join(raw) + "\0" + "".join(patches)

    assert parse_diff(output) == ParsedDiff(
        (FileChange("edit.py", M, frozenset({2, 4})), FileChange("crlf.py", M, frozenset({2, 3}))),
        ("vendor/sub",),
    )


def test_parse_a_100000_line_file() -> None:
    body = "".join(f"+line {number}\n" for number in range(1, 100_001))
    output = (
        ":000000 100644 0000000 1111111 A\0big.py\0\0diff --git a/big.py b/big.py\n"
        "new file mode 100644\n--- /dev/null\n+++ b/big.py\n@@ -0,0 +1,100000 @@\n" + body
    )

    (change,) = parse_diff(output).files

    assert len(change.added_lines) == 100_000
    assert {1, 50_000, 100_000} <= change.added_lines
    assert 100_001 not in change.added_lines


@pytest.mark.parametrize(
    ("output", "message"),
    [
        pytest.param(":100644 100644 a b M", "truncated raw record", id="no-nul"),
        pytest.param(":100644\0x.py\0", "truncated raw record", id="short-record"),
        pytest.param(":100644 100644 a b R100\0old.py\0", "truncated raw record", id="one-name"),
        pytest.param(
            ":100644 100644 a b M\0x.py\0diff --git a/x.py b/x.py\n",
            "no separator after the raw records",
            id="no-separator",
        ),
        pytest.param(
            ":100644 100644 a b M\0x.py\0\0index a..b\n",
            "the patch does not start with 'diff --git'",
            id="not-a-patch",
        ),
        pytest.param(":100644 100644 a b M\0x.py\0\0", "no patch for 'x.py'", id="missing-patch"),
        pytest.param(
            FILE_TO_SYMLINK.split("diff --git a/f2link b/f2link\nnew file")[0],
            "no patch for 'f2link'",
            id="half-a-type-change",
        ),
        pytest.param(
            EDIT + "diff --git a/y.py b/y.py\nold mode 100644\nnew mode 100755\n",
            "1 patch(es) without a raw record",
            id="extra-patch",
        ),
        pytest.param(
            EDIT.replace("diff --git a/edit.py", "diff --git a/other.py"),
            "patch header 'a/other.py b/edit.py' does not match 'edit.py'",
            id="header-mismatch",
        ),
        pytest.param(
            ":100644 100644 a b C75\0x.py\0y.py\0\0diff --git a/x.py b/y.py\n",
            "unexpected status 'C' for 'y.py'",
            id="copy-is-not-asked-for",
        ),
        pytest.param(
            ":100644 100644 a b U\0x.py\0\0diff --git a/x.py b/x.py\n",
            "unexpected status 'U' for 'x.py'",
            id="unmerged",
        ),
        pytest.param(
            EDIT.replace("@@ -2 +2 @@ a", "@@ -2 +two @@"),
            "bad hunk header '@@ -2 +two @@'",
            id="bad-hunk-header",
        ),
        pytest.param(
            EDIT.replace("@@ -2 +2 @@ a", "@@ -2 +2,2 @@ a"),
            "a hunk's line count does not match its header",
            id="short-hunk",
        ),
        pytest.param(
            EDIT.replace("+d\n", "+d\n+e\n"),
            "a hunk's line count does not match its header",
            id="long-last-hunk",
        ),
    ],
)
def test_parse_rejects_output_it_does_not_understand(output: str, message: str) -> None:
    with pytest.raises(ToolError, match="could not parse git diff output") as caught:
        parse_diff(output)

    assert caught.value.message == f"could not parse git diff output: {message}"
    assert caught.value.kind == "git"
