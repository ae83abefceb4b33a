"""The HTML report: one self-contained page for people who would rather look than read.

The page is written to `DIR/index.html` and must open anywhere, a CI artefact
included, so it fetches nothing: the style sheet and the keyboard script are
inline (guard/reporters/html_assets.py). It shows the verdict and the gates
first, as the text report does, then a list of the findings and an index of
the files, then each file's source with its findings inline
(guard/reporters/html_source.py). Every string from the report or the project
is escaped: a path or a source line is text, never markup.
"""

from __future__ import annotations

from html import escape

from guard.model import Finding, Gate, Report, RunError
from guard.reporters.html_assets import KEYS, SCRIPT, STYLE
from guard.reporters.html_source import MISSED_BRANCH, FileView, new_badge, prose, render_file

INDEX = "index.html"
"""The file the report is written to, inside the directory `--report html=DIR` names."""


class HtmlReporter:
    """Renders a `Report` as one HTML page, reading the source of its files from `Report.root`."""

    def render(self, report: Report) -> str:
        """Return the page: summary, findings, file index, then each file's annotated source."""
        views = file_views(report)
        verdict = report.verdict.value
        title = f"guard: {verdict.upper()} (exit code {int(report.exit_code)})"
        body = [
            '<a class="skip" href="#findings">Skip to the findings</a>',
            f'<header><h1>guard: <span class="verdict {verdict}">{verdict.upper()}</span> '
            f"(exit code {int(report.exit_code)})</h1>{_meta(report)}</header>",
            '<main id="main">',
            _errors(report.errors),
            _gates(report.gates),
            _context(report),
            _keys(),
            _findings(report.findings),
            _file_index(views),
            *(render_file(view, report.root) for view in views),
            "</main>",
        ]
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(part for part in body if part)
            + f"\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
        )


def file_views(report: Report) -> list[FileView]:
    """Every file with a finding, and every changed file, in path order, findings anchored.

    Finding anchors follow the report's order (`finding-1` is the first finding),
    so the list of findings and the `j`/`k` keys visit them in that order.
    """
    anchored = [(f"finding-{number}", finding) for number, finding in enumerate(report.findings, 1)]
    changed = dict(report.changed_lines)
    paths = sorted({finding.path for finding in report.findings} | set(changed))
    return [
        FileView(
            path=path,
            anchor=f"file-{number}",
            findings=tuple(pair for pair in anchored if pair[1].path == path),
            changed=frozenset(changed.get(path, ())),
        )
        for number, path in enumerate(paths, 1)
    ]


def _meta(report: Report) -> str:
    facts = [f"command: <code>{escape(report.command)}</code>"]
    if report.base.ref is not None:
        facts.append(f"base: <code>{escape(report.base.ref)}</code>")
    if report.base.merge_base is not None:
        facts.append(f"merge-base: <code>{escape(report.base.merge_base[:12])}</code>")
    if report.coverage is not None:
        facts.append(f"coverage: {report.coverage.percent:.2f}%")
    return f'<p class="meta">{" · ".join(facts)}</p>'


def _errors(errors: tuple[RunError, ...]) -> str:
    if not errors:
        return ""
    listed = "".join(
        f"<li><strong>{escape(error.kind)}</strong>: {prose(error.message)}</li>"
        for error in errors
    )
    return (
        f'<section aria-labelledby="errors"><h2 id="errors">Errors</h2><ul>{listed}</ul></section>'
    )


def _gates(gates: tuple[Gate, ...]) -> str:
    if not gates:
        return ""
    rows = "".join(
        f'<tr class="{"passed" if gate.passed else "failed"}"><th scope="row">'
        f"<code>{escape(gate.id)}</code></th>"
        f'<td class="result">{"pass" if gate.passed else "FAIL"}</td>'
        f"<td>{prose(gate.detail)}</td></tr>"
        for gate in gates
    )
    return (
        '<section aria-labelledby="gates"><h2 id="gates">Gates</h2><table>'
        '<thead><tr><th scope="col">gate</th><th scope="col">result</th>'
        f'<th scope="col">detail</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _context(report: Report) -> str:
    bullets = [f"<li>note: {prose(note)}</li>" for note in report.notes]
    risk = report.risk
    if risk is not None:
        reasons = "; ".join(risk.reasons)
        bullets.append(f"<li>risk: <strong>{escape(risk.tier)}</strong> ({prose(reasons)})</li>")
        if risk.approval_required:
            bullets.append(
                "<li><strong>a human must approve this change</strong>: "
                "it edits a protected path</li>"
            )
    return f'<ul class="notes">{"".join(bullets)}</ul>' if bullets else ""


def _keys() -> str:
    listed = ", ".join(
        " or ".join(f"<kbd>{key}</kbd>" for key in keys) + f" {action}" for keys, action in KEYS
    )
    return (
        f'<p class="keys">Keys: {listed}; <kbd>Tab</kbd> moves through the links, '
        "and <kbd>Enter</kbd> opens a folded run of lines.</p>"
        '<p class="keys" id="keys-status" role="status">'
        "JavaScript is off: the keys do not work, the links do.</p>"
        '<p class="legend">Lines: <span class="ln new">+ new in this change</span>'
        '<span class="ln miss">✗ never ran</span>'
        '<span class="ln part">◐ a branch never taken</span>'
        '<span class="ln flag">● another finding</span></p>'
    )


def _findings(findings: tuple[Finding, ...]) -> str:
    head = '<section class="findings" aria-labelledby="findings"><h2 id="findings" tabindex="-1">'
    if not findings:
        return f"{head}Findings</h2><p>No findings.</p></section>"
    links = "".join(
        f'<li><a href="#finding-{number}">{escape(_location(finding))}</a> '
        f'<span class="sev {finding.severity.value}">{finding.severity.value}</span> '
        f"<code>{escape(finding.rule)}</code>{new_badge(finding)} {prose(finding.message)}</li>"
        for number, finding in enumerate(findings, 1)
    )
    return f"{head}Findings ({len(findings)})</h2><ol>{links}</ol></section>"


def _location(finding: Finding) -> str:
    if finding.line < 1:
        return finding.path
    if finding.end_line > finding.line:
        return f"{finding.path}:{finding.line}-{finding.end_line}"
    return f"{finding.path}:{finding.line}"


def _file_index(views: list[FileView]) -> str:
    if not views:
        return ""
    rows = "".join(
        f'<tr><th scope="row"><a href="#{view.anchor}">{escape(view.path)}</a></th>'
        f'<td class="num">{len(view.changed)}</td><td class="num">{len(view.uncovered)}</td>'
        f'<td class="num">{view.count(MISSED_BRANCH)}</td>'
        f'<td class="num">{view.others}</td></tr>'
        for view in views
    )
    return (
        '<section aria-labelledby="files"><h2 id="files">Files</h2><table><thead><tr>'
        '<th scope="col">file</th><th scope="col">new lines</th>'
        '<th scope="col">lines never run</th><th scope="col">branches never taken</th>'
        f'<th scope="col">other findings</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )
