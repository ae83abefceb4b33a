"""Reading the HTML report back as a reader sees it, and the real runs it is rendered from.

The page is parsed with the standard library's HTMLParser into a small tree,
so a test asks for the text and the marks a browser would show, never for a
substring of markup. Shared by tests/test_html_report.py and
tests/test_html_browser.py (which parses Chromium's rendered DOM).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from guard.check import run_check
from guard.config import load_config
from guard.model import Report
from tests.git_repo import GIT_ENV, feature_repo_at

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


@dataclass
class Node:
    """An element of the parsed page: enough of a DOM to ask what a reader sees."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [
            node
            for node in self.walk()
            if node.tag == tag and (cls is None or cls in node.attrs.get("class", "").split())
        ]

    def by_id(self, ident: str) -> Node:
        return next(node for node in self.walk() if node.attrs.get("id") == ident)

    def folded(self) -> bool:
        """Inside a closed <details>: hidden until the reader opens it."""
        node = self.parent
        while node is not None:
            if node.tag == "details" and "open" not in node.attrs:
                return True
            node = node.parent
        return False


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = _Builder()
    builder.feed(page)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class Row:
    """A source line as shown: its marks (classes), its gutter signs, its text, and if folded."""

    marks: frozenset[str]
    gutter: str
    text: str
    folded: bool


def rows(dom: Node, path: str) -> dict[int, Row]:
    section = next(s for s in dom.all("section", "file") if s.all("h2")[0].text() == path)
    shown = {}
    for line in section.all("div", "ln"):
        number = int(line.all("span", "no")[0].text())
        marks = frozenset(line.attrs["class"].split()) - {"ln"}
        gutter = line.all("span", "gut")[0].text()
        shown[number] = Row(marks, gutter, line.all("code")[0].text(), line.folded())
    return shown


def marked(shown: dict[int, Row], mark: str) -> list[int]:
    return [number for number, row in shown.items() if mark in row.marks]


def feature_run(root: Path) -> Iterator[Report]:
    """A covered base and an uncommitted change on a branch at `root`, checked for real.

    A generator for module-scoped fixtures: the environment stays pinned while
    the report is in use, and the repository stays on disk for the page to read.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name, value in GIT_ENV.items():
            patch.setenv(name, value)
        patch.setenv("XDG_CACHE_HOME", str(root.parent / "xdg-cache"))
        feature_repo_at(root)
        yield run_check(load_config(root, {}, {}), io.StringIO())
