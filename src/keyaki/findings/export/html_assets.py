"""The inline stylesheet and script of the HTML report (kept apart so the page builder stays short).

The script only reads the filter controls, the page's ``#severity=HIGH&text=...`` fragment (so a
filtered view can be shared as a link) and the ``data-*`` attributes of each finding, and toggles
``hidden``: it never builds HTML from finding text, so nothing it does can inject markup.
"""

from __future__ import annotations

STYLE = """
:root { --fg:#1d2330; --muted:#667085; --line:#d0d5dd; --bg:#fff; --panel:#f6f7f9;
  --critical:#7a0916; --high:#c4320a; --medium:#b54708; --low:#175cd3; --informational:#667085; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  margin: 0; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 12px; border-bottom: 1px solid var(--line); }
h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 17px; margin: 20px 0 8px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
pre { background: var(--panel); padding: 8px; overflow: auto; max-height: 420px; white-space: pre-wrap;
  word-break: break-word; }
.muted { color: var(--muted); }
.counts { display: flex; gap: 8px; flex-wrap: wrap; }
.count { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; background: var(--panel); }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.standard td { font-weight: 600; background: var(--panel); }
.filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; padding: 8px; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; margin-bottom: 8px; position: sticky; top: 0; }
.finding { border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; margin: 6px 0;
  padding: 4px 10px; }
.finding summary { cursor: pointer; display: flex; gap: 10px; flex-wrap: wrap; align-items: baseline; }
.finding .title { font-weight: 600; } .finding .res { color: var(--muted); font-family: ui-monospace, monospace;
  font-size: 12px; word-break: break-all; }
.finding dl { display: grid; grid-template-columns: 160px 1fr; gap: 4px 12px; }
.finding dt { color: var(--muted); } .finding dd { margin: 0; word-break: break-word; }
.sev { font-weight: 700; font-size: 12px; }
.sev-critical { border-left-color: var(--critical); } .sev-critical .sev { color: var(--critical); }
.sev-high { border-left-color: var(--high); } .sev-high .sev { color: var(--high); }
.sev-medium { border-left-color: var(--medium); } .sev-medium .sev { color: var(--medium); }
.sev-low { border-left-color: var(--low); } .sev-low .sev { color: var(--low); }
.sev-informational { border-left-color: var(--informational); } .sev-informational .sev { color: var(--informational); }
.badge.suppressed { background: #eaecf0; border-radius: 10px; padding: 0 8px; font-size: 12px; }
.finding[data-suppressed="1"] { opacity: .7; }
.errors { color: var(--critical); }
"""

SCRIPT = """
(function () {
  'use strict';
  var ids = ['f-severity', 'f-type', 'f-account', 'f-text', 'f-suppressed'];
  function value(id) { return document.getElementById(id); }
  function apply() {
    var sev = value('f-severity').value, type = value('f-type').value, acct = value('f-account').value;
    var text = value('f-text').value.trim().toLowerCase(), showSuppressed = value('f-suppressed').checked;
    var shown = 0, all = document.querySelectorAll('#list .finding');
    all.forEach(function (el) {
      var ok = (!sev || el.dataset.severity === sev) && (!type || el.dataset.type === type) &&
        (!acct || el.dataset.account === acct) && (!text || el.dataset.text.indexOf(text) !== -1) &&
        (showSuppressed || el.dataset.suppressed !== '1');
      el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    value('f-count').textContent = shown + ' of ' + all.length + ' shown';
  }
  var keys = ['severity', 'type', 'account', 'text'];
  function fromHash() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    keys.forEach(function (k) { if (params.has(k)) { value('f-' + k).value = params.get(k); } });
    if (params.has('suppressed')) { value('f-suppressed').checked = params.get('suppressed') === '1'; }
  }
  function toHash() {
    var params = new URLSearchParams();
    keys.forEach(function (k) { if (value('f-' + k).value) { params.set(k, value('f-' + k).value); } });
    if (value('f-suppressed').checked) { params.set('suppressed', '1'); }
    try { history.replaceState(null, '', '#' + params.toString()); } catch (e) { /* file: URLs may refuse */ }
  }
  ids.forEach(function (id) {
    value(id).addEventListener('input', function () { apply(); toHash(); });
    value(id).addEventListener('change', function () { apply(); toHash(); });
  });
  fromHash();
  apply();
}());
"""
