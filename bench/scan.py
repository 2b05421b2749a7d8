"""Benchmark: ``keyaki scan`` over the demo organisation and over a generated 200-account organisation.

Prints wall times, the ratio of each scan to a baseline measured in the same process (reading and
parsing every JSON file of the same snapshot, ``Snapshot.validate()``), and peak memory (max RSS).
Targets (issue 6): the demo in under 3 s; 200 accounts in under 60 s on 2 cores.

    .venv/bin/python bench/scan.py [--accounts 200]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

from keyaki.cli.scan import demo_path
from keyaki.scan import ScanOptions, default_now, run_scan
from keyaki.snapshot import open_snapshot

DEMO_MEMBERS = ("222222222222", "333333333333", "444444444444", "555555555555")


def timed(fn, *args):  # type: ignore[no-untyped-def]  # bench helper
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def baseline(path: Path) -> float:
    """Seconds to open the snapshot and parse every JSON file once (no analysis)."""
    seconds, _ = timed(lambda: open_snapshot(path).validate())
    return seconds


def scan(path: Path, only: list[str] | None = None) -> tuple[float, int]:
    snap = open_snapshot(path)
    seconds, result = timed(lambda: run_scan(snap, ScanOptions(now=default_now(snap)), only=only))
    return seconds, len(result.findings)


def generate(root: Path, accounts: int) -> Path:
    """A copy of the demo organisation with ``accounts`` member accounts cloned from the demo's members."""
    src = demo_path()
    out = root / "org"
    shutil.copytree(src / "organizations", out / "organizations")
    shutil.copytree(src / "accounts" / "111111111111", out / "accounts" / "111111111111")
    manifest = json.loads((src / "manifest.json").read_text())
    template = {a["id"]: a for a in manifest["accounts"]}
    listed = json.loads((out / "organizations" / "list-accounts.json").read_text())
    new_accounts = [template["111111111111"]]
    for i in range(accounts):
        source = DEMO_MEMBERS[i % len(DEMO_MEMBERS)]
        new_id = f"{700000000000 + i}"
        _clone(src / "accounts" / source, out / "accounts" / new_id, source, new_id)
        new_accounts.append({**template[source], "id": new_id, "name": f"{template[source]['name']}-{i}"})
        entry = next(a for a in listed["Accounts"] if a["Id"] == source)
        listed["Accounts"].append({**entry, "Id": new_id, "Name": f"{entry['Name']}-{i}"})
        _add_to_parent(out / "organizations" / "list-accounts-for-parent", source, new_id)
    (out / "organizations" / "list-accounts.json").write_text(json.dumps(listed))
    (out / "manifest.json").write_text(json.dumps({**manifest, "accounts": new_accounts, "gaps": []}))
    return out


def _clone(src: Path, dst: Path, old: str, new: str) -> None:
    pattern = re.compile(re.escape(old))
    for f in src.rglob("*"):
        if f.is_file():
            target = dst / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pattern.sub(new, f.read_text(encoding="utf-8")), encoding="utf-8")


def _add_to_parent(folder: Path, source: str, new_id: str) -> None:
    for f in folder.glob("*.json"):
        data = json.loads(f.read_text())
        entry = next((a for a in data.get("Accounts", []) if a.get("Id") == source), None)
        if entry is not None:
            data["Accounts"].append({**entry, "Id": new_id})
            f.write_text(json.dumps(data))


def report(name: str, path: Path, target: float) -> None:
    base = baseline(path)
    first_s, n = scan(path)  # the first scan in this process pays for imports and lazily built tables
    full_s, _ = scan(path)
    checks_s, _ = scan(path, ["checks"])
    status = "OK" if first_s < target else "SLOW"
    print(f"{name}: load+parse baseline {base:.2f}s | first full scan {first_s:.2f}s ({first_s / base:.1f}x), "
          f"again {full_s:.2f}s ({full_s / base:.1f}x), checks only {checks_s:.2f}s ({checks_s / base:.1f}x) | "
          f"{n} findings | target < {target:.0f}s: {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=200)
    args = parser.parse_args()
    report("demo (5 accounts x 2 regions)", demo_path(), 3.0)
    with tempfile.TemporaryDirectory() as tmp:
        gen_s, path = timed(generate, Path(tmp), args.accounts)
        print(f"generated {args.accounts + 1}-account organisation in {gen_s:.1f}s")
        report(f"generated ({args.accounts + 1} accounts x 2 regions)", path, 60.0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
