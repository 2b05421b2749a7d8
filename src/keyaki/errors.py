"""The exception tree of keyaki. Messages are for users.

Style: lowercase, user input in backticks, and a JSON location (``/Statement/2/Condition``)
whenever there is one. The CLI turns every ``KeyakiError`` into a one-line message and exit code 2
(bad input) or 3 (could not decide); nothing else should reach a user as a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_UNDECIDED = 3


class KeyakiError(Exception):
    """Base class: a problem a user can act on. ``exit_code`` is what the CLI returns."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, file: str | None = None, location: str | None = None) -> None:
        self.message = message
        self.file = file
        self.location = location
        super().__init__(self.render())

    def render(self) -> str:
        """One line: ``FILE: LOCATION: message``, each part only when known."""
        where = ": ".join(p for p in (self.file, self.location) if p)
        return f"{where}: {self.message}" if where else self.message


class BadInput(KeyakiError):
    """Input keyaki cannot read: bad JSON, a wrong shape, an unknown format version."""


class SnapshotError(BadInput):
    """A snapshot that cannot be opened at all (not a snapshot, truncated zip, bad manifest)."""


class PolicyError(BadInput):
    """A policy document that IAM would reject; ``location`` is its JSON path."""


class UsageError(BadInput):
    """Wrong command-line arguments."""


class Undecided(KeyakiError):
    """keyaki could not decide (solver UNKNOWN, missing data): never a pass."""

    exit_code = EXIT_UNDECIDED


def json_pointer(*parts: str | int) -> str:
    """A JSON Pointer (RFC 6901) for a location in a document.

    >>> json_pointer("Statement", 2, "Condition", "StringLike")
    '/Statement/2/Condition/StringLike'
    """
    out = []
    for p in parts:
        out.append(str(p).replace("~", "~0").replace("/", "~1"))
    return "/" + "/".join(out) if out else ""
