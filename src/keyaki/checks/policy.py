"""Policy reasoning for checks, on keyaki's IAM evaluator (never a pattern match on JSON).

A check asks a concrete question — "does this policy allow ``kms:Decrypt`` on a key it cannot know
in advance?", "is this request from an outsider allowed?" — and gets the evaluator's decision plus
the context keys the policy consulted that the request did not carry. When such keys could change the
answer, the check reports NOT_EVALUATED rather than guess. Semantics: keyaki.iam (IAM User Guide,
"Policy evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from keyaki.errors import PolicyError
from keyaki.iam import CompiledPolicy, Request, compile_policy, parse_policy

ALLOWED = "allowed"


@dataclass(frozen=True, slots=True)
class Answer:
    """The evaluator's decision for one request, and the context keys it needed but did not have."""

    decision: str
    missing: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOWED


def compile_document(document: Any) -> CompiledPolicy | str:
    """The compiled policy, or the parser's message when IAM would reject the document."""
    try:
        return compile_policy(parse_policy(document if isinstance(document, Mapping | str) else {}))
    except PolicyError as exc:
        return exc.render()


def ask(
    policy: CompiledPolicy, principal: str, action: str, resource: str, context: Mapping[str, Any] | None = None
) -> Answer:
    """Evaluate one request against one policy alone (no other policy type involved)."""
    req = Request.make(principal, action, resource, context=dict(context or {}))
    ctx = req.new_context()
    decision = policy.decide(req, ctx)
    return Answer(decision, tuple(sorted(ctx.missing.values(), key=str.lower)))


def time_context(now: datetime) -> dict[str, str]:
    """``aws:CurrentTime`` and ``aws:EpochTime`` at the snapshot's time (the moment the snapshot describes)."""
    return {"aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "aws:EpochTime": str(int(now.timestamp()))}
