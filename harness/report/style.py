"""The page's look and its one small script, inlined so the report opens from disk alone.

The script only opens a document's ``<details>`` when the address names it (a link from
the table of contents, or ``report.html#doc-ID`` sent to someone) and runs the expand /
collapse buttons; the page is fully readable without it. It runs under a Content
Security Policy that allows this script's hash and nothing else, so even markup that
slipped past escaping could not run code or load anything.
"""

CSS = """
:root { --right: #2ca02c; --wrong: #d62728; --spurious: #ff7f0e; --missing: #7f7f7f; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; margin: 0 0 .3em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; } h4 { font-size: 1em; margin: .8em 0 .3em; font-weight: 600; }
table { border-collapse: collapse; }
table.data td, table.data th, table.toc td, table.toc th, table.compare td, table.compare th,
table.cells td, table.cells th, table.fields td, table.fields th, table.meta td, table.meta th {
  border: 1px solid #ddd; padding: 2px 6px; vertical-align: top; }
table.data td, table.toc td.num, table.fields td { text-align: right; font-variant-numeric: tabular-nums; }
table.data th, table.toc th, table.fields th { background: #f4f4f4; text-align: left; }
table.fields { font-size: 12px; } table.fields tr.floor td { color: #777; }
table.compare td { max-width: 40em; word-break: break-word; } tr.panel-row th { background: #eef3fb; }
.muted { color: #777; } .error { color: #a00; background: #fff0f0; padding: 4px 8px; border-left: 4px solid #d62728; }
.warn { color: #7a4a00; background: #fff8e6; padding: 4px 8px; border-left: 4px solid #ff7f0e; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #e8e8e8; }
.badge.bad { background: #d62728; color: #fff; } .badge.warn { background: #ff7f0e; color: #fff; }
.badge.ungrounded { background: #6a0dad; color: #fff; font-weight: 700; letter-spacing: .03em; }
.badge.type { background: #eef3fb; }
details.doc { border: 1px solid #ccc; border-radius: 6px; margin: .5em 0; }
details.doc > summary { cursor: pointer; padding: 6px 10px; background: #fafafa; }
details.doc[open] > summary { border-bottom: 1px solid #ddd; }
.doc-body { padding: 4px 12px 12px; overflow-x: auto; }
.doc-id { font-weight: 700; font-family: ui-monospace, monospace; } .figure { color: #333; margin-left: .5em; }
.n { font-size: 12px; margin-left: .3em; } .n.right { color: var(--right); } .n.wrong { color: var(--wrong); }
.n.spurious { color: var(--spurious); } .n.missing { color: var(--missing); }
pre.desc { white-space: pre-wrap; word-break: break-word; background: #fcfcfc; border: 1px solid #e4e4e4;
  padding: 8px; max-height: 40em; overflow-y: auto; font: 12.5px/1.5 ui-monospace, Menlo, Consolas, monospace; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.m-right { background: #c9f0c9; box-shadow: inset 0 -2px var(--right); }
mark.m-wrong { background: #ffd0d0; box-shadow: inset 0 -2px var(--wrong); }
mark.m-spurious { background: #ffe2c2; box-shadow: inset 0 -2px var(--spurious); }
mark.m-missing { background: transparent; outline: 1px dashed var(--missing); }
mark.m-label { background: #e6eefc; }
tr.o-right td:nth-child(7) { color: var(--right); } tr.o-wrong td:nth-child(7) { color: var(--wrong); font-weight: 600; }
tr.o-spurious td:nth-child(7) { color: var(--spurious); font-weight: 600; }
ul.missing { columns: 2; font-size: 13px; }
.grid-pair { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure.grid { margin: 0; } figure.grid figcaption { font-weight: 600; margin-bottom: 2px; }
table.heat { font-size: 11px; }
table.heat td { width: 3.4em; height: 1.9em; text-align: center; border: 1px solid #fff; padding: 0 2px;
  font-variant-numeric: tabular-nums; }
table.heat th { font-weight: 400; color: #444; padding: 1px 4px; white-space: nowrap; }
table.heat th.row { text-align: right; } table.heat th.col { writing-mode: vertical-rl; transform: rotate(180deg);
  text-align: left; vertical-align: bottom; max-height: 12em; }
table.heat td.blank { background: #fff; }
table.heat td.absent, .k.absent { background: repeating-linear-gradient(45deg, #eee 0 4px, #fff 4px 8px);
  outline: 2px dashed var(--missing); outline-offset: -2px; }
table.heat td.differs, .k.differs { outline: 3px solid var(--wrong); outline-offset: -3px; }
table.heat td.extra, .k.extra { outline: 3px dashed var(--spurious); outline-offset: -3px; }
table.heat td.ungrounded, .k.ungrounded {
  background-image: linear-gradient(225deg, #d01ee0 0 9px, #fff 9px 11px, transparent 11px); }
.legend { display: flex; align-items: center; gap: 6px; font-size: 12px; margin: 2px 0 8px; flex-wrap: wrap; }
.legend .ramp { display: inline-block; width: 160px; height: 12px; border: 1px solid #ccc; }
.legend .key { margin-left: 12px; } .k { display: inline-block; width: 16px; height: 12px; margin-right: 4px;
  vertical-align: middle; background: #9ecae1; }
p.series { margin: .6em 0 .2em; font-style: italic; }
.tables { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
.tables section > p.muted { max-width: 24em; }
.controls button { margin-right: .5em; }
"""

SCRIPT = """
(function () {
  function openNamed() {
    var name = decodeURIComponent(location.hash.slice(1));
    if (!name) return;
    var target = document.getElementById(name);
    var details = target && (target.tagName === "DETAILS" ? target : target.closest("details.doc"));
    if (details) details.open = true;
  }
  function setAll(open) {
    document.querySelectorAll("details.doc").forEach(function (d) { d.open = open; });
  }
  window.addEventListener("hashchange", openNamed);
  document.getElementById("expand-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { setAll(false); });
  openNamed();
  document.documentElement.setAttribute("data-script", "ran");
})();
"""
