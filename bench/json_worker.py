"""Run a benchmark script in a fresh interpreter and read the JSON result it prints on its last line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_json_worker(args: list[str], *, timeout: float, failure: str, env: dict | None = None) -> dict:
    """`python <args>` from the project root; its output is echoed and SystemExit(failure) raised if it fails."""
    proc = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(failure)
    return json.loads(proc.stdout.strip().splitlines()[-1])
