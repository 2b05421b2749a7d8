"""What every check sees: the policy type, the statements with their paths, and a findings sink.

Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from keyaki.iam.validate.findings import Finding, Path, at
from keyaki.iam.validate.located import Node


class PolicyType(StrEnum):
    """Access Analyzer's ``policyType`` values."""

    IDENTITY_POLICY = "IDENTITY_POLICY"
    RESOURCE_POLICY = "RESOURCE_POLICY"
    SERVICE_CONTROL_POLICY = "SERVICE_CONTROL_POLICY"
    RESOURCE_CONTROL_POLICY = "RESOURCE_CONTROL_POLICY"


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a statement: its name, the path to its value, and the value node."""

    name: str
    path: Path
    key: Node
    node: Node

    def values(self) -> Iterator[tuple[Path, Node]]:
        """The string entries of an element that is a string or a list of strings."""
        if self.node.kind == "string":
            yield self.path, self.node
        elif self.node.kind == "array":
            for i, item in enumerate(self.node.items):
                if item.kind == "string":
                    yield (*self.path, i), item


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement object with its path (``("Statement", 2)`` or ``("Statement",)``)."""

    path: Path
    node: Node

    def element(self, name: str) -> Element | None:
        for key, key_node, value in self.node.entries:
            if key == name:
                return Element(name, (*self.path, name), key_node, value)
        return None

    @property
    def effect(self) -> str | None:
        eff = self.element("Effect")
        return eff.node.value if eff is not None and eff.node.kind == "string" else None

    def strings(self, name: str) -> list[str]:
        """The string values of an element (empty when absent or malformed)."""
        elem = self.element(name)
        return [n.value for _, n in elem.values()] if elem else []


@dataclass(slots=True)
class Ctx:
    """The policy being validated and the findings found so far."""

    policy_type: PolicyType
    root: Node
    resource_type: str | None = None  # Access Analyzer's validatePolicyResourceType (resource policies)
    statements: list[Statement] = field(default_factory=list)
    version: str | None = None
    findings: list[Finding] = field(default_factory=list)

    def emit(self, code: str, details: str, path: Path, node: Node) -> None:
        """Record a finding at ``path`` (whose value is ``node``)."""
        self.findings.append(Finding(code, details, (at(path, node),)))

    @property
    def variables_allowed(self) -> bool:
        """Policy variables work only with ``"Version": "2012-10-17"``."""
        return self.version == "2012-10-17"
