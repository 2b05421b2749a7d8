"""A real moto server on 127.0.0.1 (a free port) and a realistic account built in it through boto3.

The server runs in a subprocess for the whole test session; ``AWS_ENDPOINT_URL`` points boto3 (and so
the collector, which honours it natively) at it, with fake credentials.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from collect_world import (
    REGION,
    build_data,
    build_iam,
    build_network,
    build_policy_types,
    build_services,
    build_sharing,
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    port = _free_port()
    exe = Path(sys.executable).parent / "moto_server"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "moto.server"]
    proc = subprocess.Popen(
        [*cmd, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        env = {
            "AWS_ENDPOINT_URL": url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": REGION,
        }
        with pytest.MonkeyPatch.context() as mp:
            for k, v in env.items():
                mp.setenv(k, v)
            for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
                mp.delenv(k, raising=False)
            mp.setenv("AWS_CONFIG_FILE", os.devnull)
            mp.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
            yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # werkzeug may not stop on SIGTERM while busy
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def moto_account(moto_endpoint: str) -> dict[str, Any]:
    """The realistic account, built once per session."""
    session = boto3.Session(region_name=REGION)
    facts = build_iam(session.client("iam"))
    facts |= build_data(session)
    net = build_network(session)
    build_services(session, net, facts["fn_role"])
    facts |= build_sharing(session, facts["key_id"])
    return facts | net | build_policy_types(session)
