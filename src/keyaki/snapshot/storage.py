"""Read-only access to the files of a snapshot: a folder, a ``.zip`` of one, or an EC2 describe folder.

Every storage answers the same three questions (``exists``, ``read_bytes``, ``listdir``) on relative
POSIX paths of the snapshot layout (see :mod:`keyaki.snapshot.layout`), so the loader never knows
where the bytes come from.
"""

from __future__ import annotations

import zipfile
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath

from keyaki.errors import SnapshotError


class Storage(ABC):
    """Files of a snapshot addressed by relative POSIX path."""

    display: str

    @abstractmethod
    def exists(self, rel: str) -> bool:
        """Whether the file ``rel`` is in the snapshot."""

    @abstractmethod
    def read_bytes(self, rel: str) -> bytes:
        """The bytes of the file ``rel``."""

    @abstractmethod
    def listdir(self, rel: str) -> list[str]:
        """Names (files and folders) directly under ``rel``, sorted; empty when absent."""

    def describe(self, rel: str) -> str:
        """How to name the file ``rel`` in a message to a user."""
        return f"{self.display}/{rel}"


class DirStorage(Storage):
    """A snapshot folder on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.display = str(root)

    def exists(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def read_bytes(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def listdir(self, rel: str) -> list[str]:
        d = self.root / rel if rel else self.root
        if not d.is_dir():
            return []
        return sorted(p.name for p in d.iterdir() if not p.name.startswith("."))


class ZipStorage(Storage):
    """A ``.zip`` of a snapshot folder; the folder may be the zip's root or its single top folder."""

    def __init__(self, path: Path) -> None:
        self.display = str(path)
        try:
            self._zip = zipfile.ZipFile(path)
            names = [n for n in self._zip.namelist() if not n.endswith("/")]
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise SnapshotError(f"not a readable zip file ({exc})", file=str(path)) from exc
        self._prefix = _common_top(names)
        self._files = {n[len(self._prefix) :]: n for n in names}
        self._dirs: dict[str, set[str]] = {}
        for rel in self._files:
            parts = PurePosixPath(rel).parts
            for i in range(len(parts)):
                self._dirs.setdefault("/".join(parts[:i]), set()).add(parts[i])

    def exists(self, rel: str) -> bool:
        return rel in self._files

    def read_bytes(self, rel: str) -> bytes:
        try:
            return self._zip.read(self._files[rel])
        except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
            raise SnapshotError(f"cannot read from the zip ({exc})", file=self.describe(rel)) from exc
        except Exception as exc:  # zlib.error on a truncated member
            raise SnapshotError(f"cannot read from the zip ({exc})", file=self.describe(rel)) from exc

    def listdir(self, rel: str) -> list[str]:
        return sorted(self._dirs.get(rel.strip("/"), set()))


def _common_top(names: list[str]) -> str:
    """``"snap/"`` when every member lies under one top folder that holds the manifest, else ``""``."""
    tops = {n.split("/", 1)[0] for n in names if "/" in n}
    if len(tops) == 1 and not any("/" not in n for n in names):
        top = next(iter(tops))
        return top + "/"
    return ""


class MappedStorage(Storage):
    """A virtual snapshot whose layout paths point at files with other names (importers)."""

    def __init__(self, display: str, mapping: dict[str, Path]) -> None:
        self.display = display
        self._files = mapping
        self._dirs: dict[str, set[str]] = {}
        for rel in mapping:
            parts = PurePosixPath(rel).parts
            for i in range(len(parts)):
                self._dirs.setdefault("/".join(parts[:i]), set()).add(parts[i])

    def exists(self, rel: str) -> bool:
        return rel in self._files

    def read_bytes(self, rel: str) -> bytes:
        return self._files[rel].read_bytes()

    def listdir(self, rel: str) -> list[str]:
        return sorted(self._dirs.get(rel.strip("/"), set()))

    def describe(self, rel: str) -> str:
        return str(self._files.get(rel, f"{self.display}/{rel}"))
