"""The snapshot: verbatim AWS API responses on disk, read through typed, permissive views."""

from keyaki.snapshot.load import Gap, Response, Snapshot, Status, open_snapshot

__all__ = ["Gap", "Response", "Snapshot", "Status", "open_snapshot"]
