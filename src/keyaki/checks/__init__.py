"""Posture checks: a registry of short pure functions over the snapshot, with metadata as data.

See :mod:`keyaki.checks.registry` for the shape of a check, :mod:`keyaki.checks.catalog` for the list,
``frameworks/*.yaml`` for the CIS and AWS Foundational Security Best Practices mappings.
"""
