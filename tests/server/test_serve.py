"""`make run` in small: migrate and seed a fresh SQLite database, serve it with uvicorn, and use it over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from seeds.people import DEMO_PASSWORD

CASELINK = str(Path(sys.executable).parent / "caselink")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path):
    env = {
        **os.environ,
        "CASELINK_DATABASE_URL": f"sqlite://{tmp_path}/run.sqlite3",
        "CASELINK_SECRET_KEY": "serve-test-secret-key-long-enough-for-hs256",
    }
    for command in (["migrate"], ["seed"]):
        done = subprocess.run(
            [CASELINK, *command], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
    seeded = done.stdout
    port = _free_port()
    server = subprocess.Popen(
        [CASELINK, "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield base, seeded
    finally:
        server.terminate()
        server.wait(timeout=20)
        assert server.stdout is not None
        server.stdout.close()


def test_a_fresh_database_is_migrated_seeded_and_served(served) -> None:
    base, seeded = served
    assert "nph_zhang" in seeded and DEMO_PASSWORD in seeded
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{base}/readyz").json() == {"status": "ok", "database": "reachable"}
    login = httpx.post(
        f"{base}/graphql",
        json={"query": 'mutation { login(username: "nph_zhang", password: "' + DEMO_PASSWORD + '") { token } }'},
    )
    token = login.json()["data"]["login"]["token"]
    cases = httpx.post(
        f"{base}/graphql",
        headers={"Authorization": f"Bearer {token}"},
        json={"query": "{ cases { totalCount edges { node { number transfers { status } } } } }"},
    )
    assert cases.status_code == 200
    assert cases.json()["data"]["cases"]["totalCount"] > 0
    ide = httpx.get(f"{base}/graphql", headers={"Accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()
