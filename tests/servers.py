"""Real `caselink serve` processes for the tests that need one (several instances, a browser, a kill -9)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
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


class CuttableLink:
    """A TCP relay to a real service (Redis) that the test can cut, as a network partition would: after `cut()` it
    refuses new connections and drops the open ones. Threads, not the test's event loop, which `running()` blocks
    while the servers start."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._cut = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._cut.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._sockets += [client, upstream]
                if self._cut.is_set():  # cut while this one was being opened
                    self._close()
                    return
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        self._cut.set()
        self._listener.close()
        with self._lock:
            self._close()

    def _close(self) -> None:
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self._sockets.clear()

    def __enter__(self) -> CuttableLink:
        return self

    def __exit__(self, *_: object) -> None:
        self.cut()
