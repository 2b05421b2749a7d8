"""One self-contained, offline HTML file: filters, scores, coverage gaps and every finding's evidence.

No CDN, no external request: CSS and JavaScript are inline. Every value from a finding is escaped
with :func:`html.escape` (findings carry user-controlled strings: names, tags, policy text). The page
works without JavaScript (everything is shown); the script only hides rows that fail the filters.
Scores come from the ``scores`` section when the posture checks produced one
(``{"standards": [{"standard", "controls_passed", "controls_failed", "controls_not_evaluated",
"controls_suppressed", "findings_suppressed", "score", "by_account": {account: {...}}}]}``): the
"suppressed" column shows the controls that pass only because their findings are suppressed.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING, Any

from keyaki import __version__
from keyaki.findings.export.common import account_of, iso_time, scan_time, standard_label
from keyaki.findings.export.html_assets import SCRIPT, STYLE
from keyaki.findings.model import Finding, Severity

if TYPE_CHECKING:
    from keyaki.scan import ScanResult


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _options(values: list[str]) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)


def _filters(result: ScanResult) -> str:
    types = sorted({f.type for f in result.findings})
    accounts = sorted({account_of(f) for f in result.findings if account_of(f)})
    sev = _options([s.value for s in Severity])
    suppressed = sum(1 for f in result.findings if f.suppression)
    return (
        '<form id="filters" class="filters" onsubmit="return false">'
        f'<label>severity <select id="f-severity"><option value="">any</option>{sev}</select></label>'
        f'<label>type <select id="f-type"><option value="">any</option>{_options(types)}</select></label>'
        f'<label>account <select id="f-account"><option value="">any</option>{_options(accounts)}</select></label>'
        '<label>search <input id="f-text" type="search" placeholder="title, resource, evidence"></label>'
        f'<label><input id="f-suppressed" type="checkbox"> show suppressed ({suppressed})</label>'
        '<span id="f-count"></span></form>'
    )


def _summary(result: ScanResult) -> str:
    counts = result.count_by_severity()
    cells = "".join(
        f'<div class="count sev-{s.value.lower()}"><b>{counts[s.value]}</b> {_e(s.value.lower())}</div>'
        for s in Severity
    )
    return (
        f'<section class="summary"><h2>{len(result.findings)} findings</h2><div class="counts">{cells}</div></section>'
    )


def _percent(score: Any) -> str:
    """A score as a percentage: a fraction (0 to 1) or already a percentage (above 1)."""
    if isinstance(score, bool) or not isinstance(score, int | float):
        return "-" if score is None else _e(score)
    return f"{score * 100:.0f}%" if score <= 1 else f"{score:.0f}%"


def _score_row(name: str, s: dict[str, Any]) -> str:
    shown = _percent(s.get("score"))
    return (
        f'<tr><td>{_e(name)}</td><td class="num">{shown}</td><td class="num">{_e(s.get("controls_passed", 0))}</td>'
        f'<td class="num">{_e(s.get("controls_failed", 0))}</td>'
        f'<td class="num">{_e(s.get("controls_not_evaluated", 0))}</td>'
        f'<td class="num">{_e(s.get("controls_suppressed", 0))} ({_e(s.get("findings_suppressed", 0))})</td></tr>'
    )


def _scores(result: ScanResult) -> str:
    scores = result.sections.get("scores")
    if not isinstance(scores, dict) or not scores.get("standards"):
        return '<section id="scores"><h2>Scores</h2><p class="muted">no posture scores in this scan</p></section>'
    head = "<tr><th>standard / account</th><th>score</th><th>passed</th><th>failed</th><th>not evaluated</th>"
    head += '<th title="controls that pass only because their failed findings are suppressed (findings)">'
    head += "suppressed</th></tr>"
    rows = []
    for std in scores["standards"]:
        rows.append(_score_row(std.get("standard", "?"), std).replace("<tr>", '<tr class="standard">', 1))
        for acct, s in sorted((std.get("by_account") or {}).items()):
            rows.append(_score_row(f"\u2003{acct}", s))
    return f'<section id="scores"><h2>Scores</h2><table>{head}{"".join(rows)}</table></section>'


def _gaps(result: ScanResult) -> str:
    if not result.gaps and not result.errors:
        return '<section id="gaps"><h2>Coverage gaps</h2><p class="muted">none</p></section>'
    rows = "".join(
        f"<tr><td>{_e(g.path)}</td><td>{_e(g.reason)}</td><td>{_e(g.message)}</td></tr>" for g in result.gaps
    )
    errors = "".join(
        f"<li>analysis <code>{_e(e['analysis'])}</code> failed: {_e(e['error'])}</li>" for e in result.errors
    )
    return (
        f'<section id="gaps"><h2>Coverage gaps ({len(result.gaps)})</h2>'
        + (f'<ul class="errors">{errors}</ul>' if errors else "")
        + f"<details><summary>what keyaki could not look at</summary><table><tr><th>path</th><th>reason</th>"
        f"<th>message</th></tr>{rows}</table></details></section>"
    )


def _suppressions(result: ScanResult) -> str:
    """What ``--suppressions`` did: counts, expired rules (not applied) and rules that matched nothing."""
    report = result.sections.get("suppressions")
    if not isinstance(report, dict):
        return ""

    def rules(key: str, label: str) -> str:
        items = "".join(
            f"<li>rule {_e(r.get('rule'))}: {_e(r.get('reason'))}"
            + (f" (expires {_e(r['expires'])})" if r.get("expires") else "")
            + "</li>"
            for r in report.get(key, [])
        )
        return f"<p>{label}:</p><ul>{items}</ul>" if items else ""

    return (
        f'<section id="suppressions"><h2>Suppressions</h2><p>{_e(report.get("suppressed", 0))} findings suppressed '
        f"by {_e(report.get('rules', 0))} rules from <code>{_e(report.get('file', '-'))}</code></p>"
        + rules("expired", "expired rules, not applied")
        + rules("unused", "rules that matched no finding")
        + "</section>"
    )


def _finding(f: Finding) -> str:
    text = " ".join([f.title, f.resource, f.type, f.evidence.summary, f.remediation, f.id]).lower()
    standards = ", ".join(standard_label(s.standard, s.control) for s in f.standards) or "-"
    sources = "".join(f"<li><code>{_e(s)}</code></li>" for s in f.evidence.sources) or "<li>-</li>"
    details = json.dumps(f.evidence.details, indent=2, sort_keys=True, default=str)
    badge = f'<span class="badge suppressed" title="{_e(f.suppression)}">suppressed</span>' if f.suppression else ""
    return (
        f'<details class="finding sev-{f.severity.value.lower()}" data-severity="{_e(f.severity.value)}" '
        f'data-type="{_e(f.type)}" data-account="{_e(account_of(f))}" '
        f'data-suppressed="{"1" if f.suppression else "0"}" '
        f'data-text="{_e(text)}"><summary><span class="sev">{_e(f.severity.value)}</span> {badge}'
        f'<span class="title">{_e(f.title)}</span><span class="res">{_e(f.resource)}</span></summary>'
        f"<dl><dt>id</dt><dd><code>{_e(f.id)}</code></dd><dt>type</dt><dd>{_e(f.type)}</dd>"
        f"<dt>account / region</dt><dd>{_e(f.account or '-')} / {_e(f.region or '-')}</dd>"
        f"<dt>standards</dt><dd>{_e(standards)}</dd><dt>status</dt><dd>{_e(f.status.value)}"
        + (f" ({_e(f.suppression)})" if f.suppression else "")
        + f"</dd><dt>evidence</dt><dd>{_e(f.evidence.summary)}</dd><dt>details</dt><dd><pre>{_e(details)}</pre></dd>"
        f"<dt>sources</dt><dd><ul>{sources}</ul></dd><dt>remediation</dt><dd>{_e(f.remediation or '-')}</dd></dl>"
        "</details>"
    )


def to_html(result: ScanResult) -> str:
    """The scan as one self-contained HTML page."""
    when = iso_time(scan_time(result))
    findings = "".join(_finding(f) for f in result.findings) or '<p class="muted">no findings</p>'
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'\">"
        f"<title>keyaki report: {_e(result.snapshot)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>keyaki report</h1><p>snapshot <code>{_e(result.snapshot)}</code> taken {_e(when)}, "
        f"keyaki {_e(__version__)}</p></header><main>{_summary(result)}{_scores(result)}{_gaps(result)}"
        f"{_suppressions(result)}"
        f'<section id="findings"><h2>Findings</h2>{_filters(result)}<div id="list">{findings}</div></section>'
        f"</main><script>{SCRIPT}</script></body></html>\n"
    )
