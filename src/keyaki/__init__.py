"""keyaki: prove who can reach what in an AWS estate, offline, from a snapshot.

The small public API lives here; everything else is reached through its package.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
