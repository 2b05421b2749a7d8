"""Suppression rules: a YAML file of accepted risks; suppressed findings are kept, marked, never dropped.

Like Security Hub's workflow status ``SUPPRESSED``
(https://docs.aws.amazon.com/securityhub/latest/userguide/finding-workflow-status.html) and its
automation rules' criteria (type, resource ARN, account, region, tags), each rule says which findings
it covers and why (``reason``, required) and may end (``expires``, a date: the rule applies through
that day, measured at the scan's time, i.e. the snapshot's creation date). A rule's criteria all must
match; patterns are shell globs (``*``, ``?``, ``[...]``), case-sensitive like ARNs. The first rule
that matches a finding wins. Expired rules and rules that matched nothing are reported.

>>> rules = parse_rules('''
... suppressions:
...   - reason: sandbox accounts are throwaway
...     account: "444455556666"
...     expires: 2030-01-31
... ''', "rules.yaml")
>>> rules.suppressions[0].account
['444455556666']
"""

from __future__ import annotations

import fnmatch
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from keyaki.errors import BadInput, json_pointer
from keyaki.findings.model import Finding, Status

CRITERIA = ("id", "type", "resource", "account", "region", "tags")


class Rule(BaseModel):
    """One suppression rule: criteria (all must match), a reason and an optional expiry date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str
    id: list[str] | None = None  # finding ids (``ky-...``)
    type: list[str] | None = None  # finding type / check id globs, e.g. ``iam/*``
    resource: list[str] | None = None  # ARN globs, e.g. ``arn:aws:s3:::public-site-*``
    account: list[str] | None = None  # account ids (globs allowed)
    region: list[str] | None = None  # regions (globs allowed)
    tags: dict[str, str] | None = None  # resource tags (value globs), read from the finding's evidence
    expires: date | None = None

    @field_validator("id", "type", "resource", "account", "region", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("id", "type", "resource", "account", "region", mode="after")
    @classmethod
    def _strings(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and not v:
            raise ValueError("must not be an empty list")
        return v

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("reason must not be empty")
        return v

    @model_validator(mode="after")
    def _has_criteria(self) -> Rule:
        if all(getattr(self, c) is None for c in CRITERIA):
            raise ValueError(f"a rule needs at least one of {', '.join(CRITERIA)} (it would suppress everything)")
        return self

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    def matches(self, f: Finding) -> bool:
        """True when every criterion of the rule matches ``f``."""
        checks = (
            (self.id, f.id),
            (self.type, f.type),
            (self.resource, f.resource),
            (self.account, f.account or ""),
            (self.region, f.region or ""),
        )
        if any(pats is not None and not _glob_any(value, pats) for pats, value in checks):
            return False
        if self.tags is not None:
            tags = finding_tags(f)
            return all(k in tags and fnmatch.fnmatchcase(tags[k], v) for k, v in self.tags.items())
        return True


class RulesFile(BaseModel):
    """The suppressions file: ``version: 1`` (optional) and a ``suppressions`` list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = 1
    suppressions: list[Rule] = Field(default_factory=list)

    @field_validator("version")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != 1:
            raise ValueError(f"unknown suppressions file version `{v}` (this keyaki reads version 1)")
        return v


def _glob_any(value: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(value, str(p)) for p in patterns)


def finding_tags(f: Finding) -> dict[str, str]:
    """The resource tags a finding carries in ``evidence.details`` (``tags``/``Tags``), as a dict.

    AWS returns tags as ``{"Key", "Value"}`` lists (EC2, ECR, S3), ``{"TagKey", "TagValue"}`` (KMS) or
    plain maps (Lambda, SQS); all three are read.
    """
    raw = f.evidence.details.get("tags", f.evidence.details.get("Tags"))
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items()}
    out: dict[str, str] = {}
    if isinstance(raw, list):
        for t in raw:
            if isinstance(t, dict):
                key, value = t.get("Key", t.get("TagKey")), t.get("Value", t.get("TagValue", ""))
                if key is not None:
                    out[str(key)] = str(value)
    return out


# ---- loading ------------------------------------------------------------------------------------
def load_rules(path: Path) -> RulesFile:
    """Read a suppressions file; any problem is one :class:`BadInput` naming the file and YAML location."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BadInput(f"cannot read the suppressions file: {reason.lower()}", file=str(path)) from None
    return parse_rules(text, str(path))


def parse_rules(text: str, name: str) -> RulesFile:
    """Parse the YAML text of a suppressions file (every scalar read as a string: account ids stay intact)."""
    try:
        data = yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader: only str/list/dict, never objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise BadInput(f"not valid YAML: {exc.problem or exc.context}", file=name, location=where) from None
    except yaml.YAMLError as exc:
        raise BadInput(f"not valid YAML: {exc}", file=name) from None
    if not isinstance(data, dict):
        raise BadInput("expected a mapping with a `suppressions` list", file=name, location="line 1")
    try:
        return RulesFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        msg = str(err["msg"]).removeprefix("Value error, ")
        pointer = json_pointer(*loc)
        line = _line_of(text, loc)
        where = f"{pointer} ({line})" if line else pointer
        raise BadInput(msg[:1].lower() + msg[1:], file=name, location=where) from None


def _line_of(text: str, loc: list[str | int]) -> str | None:
    """``line L, column C`` of the YAML node at ``loc`` (the deepest node found on the way)."""
    node: Any = yaml.compose(text, Loader=yaml.BaseLoader)
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    if node is None:
        return None
    return f"line {node.start_mark.line + 1}, column {node.start_mark.column + 1}"


# ---- applying -----------------------------------------------------------------------------------
def apply_rules(findings: list[Finding], rules: RulesFile, today: date) -> tuple[list[Finding], dict[str, Any]]:
    """Mark the findings the live rules match as SUPPRESSED (with the reason); report what applied.

    Returns the findings (same order, none dropped) and a report: how many findings each rule
    suppressed, the expired rules (not applied) and the live rules that matched nothing.
    """
    live = [(i, r) for i, r in enumerate(rules.suppressions) if not r.expired(today)]
    counts = dict.fromkeys((i for i, _ in live), 0)
    out = []
    for f in findings:
        rule = None if f.suppression else next(((i, r) for i, r in live if r.matches(f)), None)
        if rule is None:
            out.append(f)
            continue
        counts[rule[0]] += 1
        out.append(f.model_copy(update={"status": Status.SUPPRESSED, "suppression": rule[1].reason}))
    report = {
        "rules": len(rules.suppressions),
        "suppressed": sum(counts.values()),
        "applied": [_rule_json(i, rules.suppressions[i], n) for i, n in counts.items() if n],
        "expired": [_rule_json(i, r) for i, r in enumerate(rules.suppressions) if r.expired(today)],
        "unused": [_rule_json(i, rules.suppressions[i]) for i, n in counts.items() if not n],
    }
    return out, report


def _rule_json(index: int, rule: Rule, count: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": index, "reason": rule.reason}
    if rule.expires:
        out["expires"] = rule.expires.isoformat()
    if count is not None:
        out["findings"] = count
    return out
