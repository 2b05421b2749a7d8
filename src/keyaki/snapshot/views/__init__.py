"""Typed, frozen read views over the verbatim AWS JSON of a snapshot, one module per service."""
