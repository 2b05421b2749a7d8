"""Compliance frameworks as data: ``<standard>.yaml`` maps each control to the check ids that decide it.

A control with no checks is manual (or needs data the snapshot does not hold) and is not scored.
Loaded with pydantic (keyaki's own files); ``tests/meta`` checks every id exists.

>>> fw = frameworks()
>>> "iam_root_access_key" in fw["cis-aws-foundations-benchmark/v3.0.0"].controls["1.4"].checks
True
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field

from keyaki.findings.model import StandardRef


class Control(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    checks: list[str] = Field(default_factory=list)
    note: str | None = None  # why there is no check (manual, data not in the snapshot...)


class Framework(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    standard: str  # "cis-aws-foundations-benchmark/v3.0.0"
    title: str
    source: str  # the documentation page listing the controls
    controls: dict[str, Control]


FILES = ("cis-aws-foundations-benchmark-v3.0.0.yaml", "aws-foundational-security-best-practices-v1.0.0.yaml")


@cache
def frameworks() -> dict[str, Framework]:
    """Every bundled framework by standard name."""
    out: dict[str, Framework] = {}
    for name in FILES:
        text = (files("keyaki.checks.frameworks") / name).read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: 10x faster
        fw = Framework.model_validate(yaml.load(text, Loader=loader))
        out[fw.standard] = fw
    return out


@cache
def standards_of() -> dict[str, tuple[StandardRef, ...]]:
    """Check id -> the controls it decides, across every framework."""
    out: dict[str, list[StandardRef]] = {}
    for fw in frameworks().values():
        for control, c in fw.controls.items():
            for check in c.checks:
                out.setdefault(check, []).append(StandardRef(standard=fw.standard, control=control))
    return {k: tuple(v) for k, v in out.items()}
