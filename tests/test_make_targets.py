"""`make store` and `make clean` as an administrator runs them, from the repository root.

`make store` refuses a missing configured path (and creates nothing there) and a real store on a
non-loopback HOST; `make clean` removes a demo store and never a real one. make runs with the venv
of the interpreter running these tests, and `-o <venv>/.installed` keeps it from reinstalling the
requirements (that would need the network) when requirements.txt looks newer than the venv.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liaison import paths, store

MAKE = shutil.which("make")
VENV = Path(sys.prefix)
BIN = Path(sys.executable).parent
TIMEOUT = 180  # seconds per make run; `ensure` on a real store plans, and may back up and migrate

pytestmark = [
    pytest.mark.skipif(MAKE is None, reason="make is not installed (apt-get install -y make)"),
    pytest.mark.skipif(
        not (BIN / "python").exists(), reason=f"no {BIN / 'python'} for the Makefile's $(BIN)/python"
    ),
]


def make(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("LIAISON_DB", "MAKEFLAGS")}
    command = [MAKE, "-s", "-o", f"{VENV}/.installed", f"VENV={VENV}", f"BIN={BIN}", *args]
    return subprocess.run(
        command, cwd=paths.ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def said(run: subprocess.CompletedProcess) -> str:
    return run.stdout + run.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def real_store(tmp_path) -> Path:
    return store.init(tmp_path / "real.duckdb")


def test_store_refuses_a_missing_configured_path_and_creates_nothing(tmp_path):
    missing = tmp_path / "missing.duckdb"
    run = make("store", f"DB={missing}", "HOST=127.0.0.1")
    assert run.returncode != 0, said(run)
    assert str(missing) in run.stderr
    assert "init" in run.stderr
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


def test_run_refuses_a_real_store_without_login(real_store):
    """`make run` on a real store with no administrator account stops before the server starts."""
    before = sha256(real_store)
    run = make("run", f"DB={real_store}", "HOST=0.0.0.0")
    assert run.returncode != 0, said(run)
    assert "create-admin" in run.stderr and "管理者のアカウント" in run.stderr
    assert sha256(real_store) == before


def test_store_accepts_a_real_store_on_loopback(real_store):
    run = make("store", f"DB={real_store}", "HOST=127.0.0.1")
    assert run.returncode == 0, said(run)
    assert "本番用のストアは最新です" in run.stdout
    assert real_store.exists()


def test_clean_refuses_a_real_store(real_store):
    before = sha256(real_store)
    run = make("clean", f"DB={real_store}")
    assert run.returncode != 0, said(run)
    assert "本番用" in run.stderr
    assert real_store.exists()
    assert sha256(real_store) == before


def test_clean_removes_a_demo_store(tmp_path):
    demo = store.build(tmp_path / "demo.duckdb")
    run = make("clean", f"DB={demo}")
    assert run.returncode == 0, said(run)
    assert not demo.exists()
    assert not Path(f"{demo}.wal").exists()
