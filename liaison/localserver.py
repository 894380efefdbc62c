"""The app on a free loopback port, and Debian's headless Chromium: shared by browser tests and bench."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from liaison import paths

CHROMIUM = Path("/usr/bin/chromium")
# Software WebGL (SwiftShader) for any WebGL a page uses; --use-gl=swiftshader would leave it blank.
# The background-networking flags keep Chromium from calling out at start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RUN_FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`streamlit run serve.py` (app.py with the login routes) against store `db`, on 127.0.0.1 only; a context manager.

    Entering waits for /_stcore/health and raises RuntimeError (with the log's tail) when the
    server exits or is not healthy in time; leaving stops it.
    """

    def __init__(self, db: Path, log_path: Path, timeout: float = 60, options: tuple[str, ...] = ()) -> None:
        self.db, self.log_path, self.timeout = db, log_path, timeout
        self.options = tuple(options)  # more `--section.option value` pairs, e.g. --secrets.files
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._proc: subprocess.Popen | None = None
        self.started: float | None = None  # time.perf_counter() when the server process was started
        self.healthy: float | None = None  # … and when it first answered /_stcore/health

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        except OSError:
            return "(no log)"

    def __enter__(self) -> AppServer:
        command = [
            sys.executable, "-m", "streamlit", "run", str(paths.ROOT / "serve.py"),
            "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(self.port),
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *self.options,
        ]  # fmt: skip
        env = dict(os.environ, LIAISON_DB=str(self.db))
        with open(self.log_path, "wb") as log:
            self.started = time.perf_counter()
            self._proc = subprocess.Popen(
                command, cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_healthy()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {self._proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        self.healthy = time.perf_counter()
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"streamlit not healthy after {self.timeout} s:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        if self._proc is None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
