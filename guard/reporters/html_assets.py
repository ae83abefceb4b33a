"""The HTML report's inline style sheet and keyboard script.

The page must open from a CI artefact or an e-mail attachment with no network,
so nothing is fetched: the CSS and the script are written into the page, and
the fonts are the reader's own. Neither holds anything from the report, so no
escaping question arises inside `<style>` or `<script>`.
"""

from __future__ import annotations

KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("j", "n"), "next finding"),
    (("k", "p"), "previous finding"),
)
"""The keys the script handles, as the page documents them: (keys, what they do).

Both vim's j/k and the n/p of less and mail readers, since readers come with
either habit in their fingers.
"""

KEYS_ACTIVE = "Keys are on: j or n moves to the next finding, k or p to the previous one."
"""What the status line says once the script has run (the page's own proof that it did)."""

STYLE = """\
:root { color-scheme: light; --new: #1a7f37; --miss: #ffd7d5; --part: #fff1b8;
  --flag: #e8e0ff; --focus: #0b57d0; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: #1f2328; background: #fff; }
main, header { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
a { color: #0645ad; }
:focus-visible, .note:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: 8px; top: -48px; background: #fff; padding: 6px 10px;
  border: 2px solid var(--focus); z-index: 2; }
.skip:focus { top: 8px; }
h1 { margin: 16px 0 4px; font-size: 1.6em; }
.verdict { padding: 0 8px; border-radius: 4px; color: #fff; }
.verdict.pass { background: var(--new); } .verdict.fail, .verdict.error { background: #cf222e; }
.meta, .keys, .legend { color: var(--muted); margin: 4px 0; }
kbd { border: 1px solid #8c959f; border-radius: 3px; padding: 0 4px; background: #f6f8fa;
  font: 0.9em ui-monospace, monospace; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td.result { color: #cf222e; font-weight: bold; }
tr.passed td.result { color: var(--new); }
code, .src { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.findings li { margin: 2px 0; }
.sev { font-size: 0.8em; text-transform: uppercase; font-weight: bold; }
.sev.error { color: #cf222e; } .sev.warning { color: #9a6700; }
.badge { font-size: 0.75em; border: 1px solid var(--new); color: var(--new); border-radius: 8px;
  padding: 0 6px; }
.file { margin: 24px 0; }
.file h2 { font-size: 1.15em; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.missing { background: #fff8c5; border: 1px solid #d4a72c; padding: 6px 10px; }
.src { font-size: 13px; border: 1px solid #d0d7de; overflow-x: auto; }
.ln { display: flex; white-space: pre; tab-size: 4; min-height: 1.45em; }
.ln .no { flex: 0 0 4.5em; text-align: right; padding-right: 8px; color: var(--muted);
  user-select: none; background: #f6f8fa; }
.ln .gut { flex: 0 0 2.2em; text-align: center; user-select: none; font-weight: bold; }
.ln code { flex: 1; padding-right: 8px; }
.ln.new .gut { color: var(--new); box-shadow: inset 4px 0 var(--new); }
.ln.new .no { color: var(--new); font-weight: bold; }
.ln.flag { background: var(--flag); } .ln.part { background: var(--part); }
.ln.miss { background: var(--miss); }
.ln:target { outline: 2px solid var(--focus); outline-offset: -2px; }
.fold summary { cursor: pointer; background: #f6f8fa; color: var(--muted); padding: 2px 8px;
  border-top: 1px dashed #d0d7de; border-bottom: 1px dashed #d0d7de; }
.note { margin: 4px 8px 8px 6.7em; padding: 6px 10px; border: 1px solid #d0d7de;
  border-left: 4px solid #cf222e; border-radius: 4px; background: #fff;
  font-family: system-ui, sans-serif; white-space: normal; }
.note.warning { border-left-color: #9a6700; }
.note p { margin: 2px 0; } .note .hint { color: var(--muted); }
.legend span { display: inline-block; padding: 0 6px; margin-right: 8px; }
.legend .new { box-shadow: inset 4px 0 var(--new); color: var(--new); font-weight: bold; }
"""

SCRIPT = """\
(function () {
  "use strict";
  var notes = Array.prototype.slice.call(document.querySelectorAll(".note[id^='finding-']"));
  // The report's order (new findings first), as the list of findings numbers
  // them, rather than the order of the files on the page.
  function number(note) { return parseInt(note.id.slice("finding-".length), 10); }
  notes.sort(function (a, b) { return number(a) - number(b); });
  var status = document.getElementById("keys-status");
  var steps = {j: 1, n: 1, k: -1, p: -1};
  var current = -1;
  function reveal(node) {
    for (; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }
  function show(index) {
    current = Math.max(0, Math.min(notes.length - 1, index));
    var note = notes[current];
    reveal(note);
    note.focus({preventScroll: true});
    note.scrollIntoView({block: "center"});
    history.replaceState(null, "", "#" + note.id);
    status.textContent = "Finding " + (current + 1) + " of " + notes.length + ".";
  }
  function typing(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }
  document.addEventListener("keydown", function (event) {
    var step = Object.prototype.hasOwnProperty.call(steps, event.key) ? steps[event.key] : 0;
    if (!step || !notes.length || event.altKey || event.ctrlKey || event.metaKey ||
        typing(event.target)) { return; }
    event.preventDefault();
    show(current + step);
  });
  document.addEventListener("focusin", function (event) {
    var index = notes.indexOf(event.target);
    if (index >= 0) { current = index; }
  });
  function followHash() {
    // The page's ids are plain ASCII (file-1-L20, finding-3): no decoding needed.
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (!target) { return; }
    reveal(target);
    var index = notes.indexOf(target);
    if (index >= 0) { current = index; }
  }
  window.addEventListener("hashchange", followHash);
  followHash();
  document.documentElement.classList.add("keys-on");
  status.textContent = "KEYS_ACTIVE";
})();
""".replace("KEYS_ACTIVE", KEYS_ACTIVE)
