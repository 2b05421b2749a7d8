#!/usr/bin/env python3
"""Generate keyaki's bundled demo organisation (``src/keyaki/data/demo``), deterministically.

Every file is shaped as ``aws <service> <operation> --output json`` prints it, in the snapshot layout
of :mod:`keyaki.snapshot.layout`; ``docs/demo.md`` lists the planted problems and their expected
findings. Re-running the generator reproduces the committed files byte for byte (a unit test checks it).

Usage: ``.venv/bin/python tools/build_demo.py [--out DIR]`` (default: ``src/keyaki/data/demo``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_demo_apps
import build_demo_detect
import build_demo_iam
import build_demo_iam_out
import build_demo_kms
import build_demo_monitoring
import build_demo_net_out
import build_demo_org
import build_demo_s3
import build_demo_s3ap
import build_demo_sharing
import build_demo_stores
from build_demo_common import ACCOUNTS, CREATED, MGMT, ORG_ID, REGIONS, SANDBOX, Writer

from keyaki.snapshot import layout

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "keyaki" / "data" / "demo"
DELIBERATE_GAPS = [
    {
        "error": "AccessDeniedException",
        "message": (
            f"User: arn:aws:sts::{SANDBOX}:assumed-role/KeyakiCollector/keyaki is not authorized to perform: "
            "lambda:ListFunctions on resource: * because no identity-based policy allows the "
            "lambda:ListFunctions action"
        ),
        "account": SANDBOX,
        "region": "eu-west-1",
        "service": "lambda",
        "operation": "list-functions",
    }
]


def manifest() -> dict[str, object]:
    return {
        "format": layout.FORMAT_NAME,
        "format_version": layout.FORMAT_VERSION,
        "created": CREATED,
        "collector": {"name": "keyaki-demo", "version": "tools/build_demo.py"},
        "organization": {"id": ORG_ID, "management_account": MGMT},
        "accounts": [
            {
                "id": a,
                "name": name,
                "regions": list(REGIONS),
                "organizational_unit": build_demo_org.OU_PATH[build_demo_org.OU_OF_ACCOUNT[a]],
            }
            for a, name in ACCOUNTS.items()
        ],
        "gaps": DELIBERATE_GAPS,
        "description": "The keyaki demo organisation (Acme): five accounts, two regions, "
        "planted problems listed in docs/demo.md.",
    }


def build() -> Writer:
    w = Writer()
    w.put(layout.MANIFEST, manifest())
    build_demo_org.build(w)
    for make in build_demo_iam.ALL:
        build_demo_iam_out.write(w, make())
    build_demo_s3.build(w, list(ACCOUNTS))
    build_demo_s3ap.build(w, list(ACCOUNTS), list(REGIONS))
    for account in ACCOUNTS:
        for region in REGIONS:
            cert_users = build_demo_net_out.build(w, account, region, build_demo_apps.cert_arn)
            build_demo_kms.build(w, account, region)
            build_demo_apps.build(w, account, region, cert_users)
            build_demo_detect.build(w, account, region)
            build_demo_monitoring.build(w, account, region)
            build_demo_sharing.build(w, account, region)
            build_demo_stores.build(w, account, region)
    check_coverage(w)
    return w


def check_coverage(w: Writer) -> None:
    """Every list-style call is answered for every account and region: no accidental coverage hole."""
    missing = []
    for call in layout.CALLS:
        if call.key is not None:
            continue
        if call.scope == "org":
            if layout.org_path(call.operation) not in w.files:
                missing.append(layout.org_path(call.operation))
            continue
        regions = [layout.GLOBAL] if call.scope == "global" else list(REGIONS)
        for account in ACCOUNTS:
            for region in regions:
                if not w.has(account, region, call.service, call.operation):
                    missing.append(layout.call_path(account, region, call.service, call.operation))
    if missing:
        raise SystemExit("demo generator left coverage holes:\n  " + "\n  ".join(missing))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the snapshot folder")
    args = parser.parse_args(argv)
    w = build()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    count = w.write(args.out)
    print(f"wrote {count} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
