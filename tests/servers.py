"""Real `caselink serve` processes for the tests that need one (several instances, a browser, a kill -9)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

CASELINK = str(Path(sys.executable).parent / "caselink")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(env: Mapping[str, str], cwd: Path, *, port: int | None = None, ready: str = "/readyz") -> tuple[
        subprocess.Popen[bytes], str]:  # fmt: skip
    """A server on `port` (a free one by default), once `ready` answers 200; its log is `cwd/server-<port>-….log`."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    with (cwd / f"server-{port}-{time.monotonic_ns()}.log").open("w") as log:  # the child keeps its own descriptor
        process = subprocess.Popen([CASELINK, "serve", "--port", str(port), "--no-access-log"], env=dict(env),
                                   cwd=cwd, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    for _ in range(150):
        try:
            if httpx.get(f"{base}{ready}", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"the server on {port} did not start: see {cwd}")


@contextmanager
def running(envs: Sequence[Mapping[str, str]], cwd: Path) -> Iterator[list[str]]:
    """One server per environment, all ready; their base URLs; stopped after."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        bases = []
        for env in envs:
            process, base = start(env, cwd)
            started.append(process)
            bases.append(base)
        yield bases
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=20)
