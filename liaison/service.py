"""The installed service's health check: `python -m liaison.service health` (the installer calls it too).

Healthy means both: the server answers `ok` on `/_stcore/health` at the configured address and port,
and the store is fit to serve — it exists and its schema is this code's (nothing pending, not newer).
While the server answers, the store is asked of the app (`/liaison/health/store`, which reads it on the
app's own connection): opening the file here would take DuckDB's lock from an app still starting. With
no server, the file is opened read-only here (a store held by another process counts as in use). It prints
one Japanese line per check (with the English in brackets) and exits 0 when healthy, 1 otherwise.
`log_to_stderr` is how the server (serve.py) sends the project's log lines to the journal.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb

from liaison import paths, store
from liaison.store.schema import MigrationError, check_openable, schema_state
from liaison.version import app_version

DEFAULT_PORT = 8501
_ANY_ADDRESS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1", "[::]": "::1"}


def log_to_stderr(level: int = logging.INFO) -> None:
    """Send the project's own log lines (backups, their copies, failures) to stderr, which systemd
    puts in the journal. They name files and reasons, never a record's text."""
    logger = logging.getLogger("liaison")
    logger.setLevel(level)
    if not any(getattr(h, "liaison_service", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.liaison_service = True
        logger.addHandler(handler)


def health_url(address: str, port: int) -> str:
    """The health endpoint on `address` (a wildcard address is asked on loopback)."""
    host = _ANY_ADDRESS.get(address.strip(), address.strip())
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/_stcore/health"


def check_http(url: str, timeout: float = 5) -> tuple[bool, str]:
    """The server's answer at `url`, never through a proxy (the check is about this machine)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            body = response.read(100).decode("utf-8", "replace").strip()
            if response.status == 200 and body == "ok":
                return True, f"サーバー: 応答あり（{url}） [server answers]"
            return False, f"サーバー: 異常な応答 {response.status} {body!r}（{url}） [bad answer]"
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return False, f"サーバー: 応答なし（{url}: {reason}） [no answer]"


def check_store(path: Path) -> tuple[bool, str]:
    """The store exists and its schema is this code's; a store held by the running app counts as fit."""
    if not path.exists():
        return False, f"ストア: ありません（{path}） [store missing]"
    try:
        con = store.connect(path, read_only=True)
    except duckdb.Error as error:
        holder = store.holder_message(path, error)
        if holder:
            return True, f"ストア: 起動中のプロセスが使用中（{path}） [store held by the running app]"
        return False, f"ストア: 開けません（{path}: {error}） [cannot open store]"
    try:
        state = schema_state(con)
        check_openable(state)
    except MigrationError as error:
        return False, f"ストア: {error} [schema not usable]"
    finally:
        con.close()
    if state.pending:
        names = "、".join(m.label for m in state.pending)
        return False, f"ストア: 未適用のマイグレーションがあります（{names}） [migrations pending]"
    return True, f"ストア: スキーマの版 {state.version}（最新） [schema up to date]"


def health(db: Path, address: str, port: int, wait: float = 0) -> list[tuple[bool, str]]:
    """Both checks; the server is asked again for up to `wait` seconds (a service just started)."""
    url = health_url(address, port)
    deadline = time.monotonic() + wait
    while True:
        http_ok, http_line = check_http(url)
        if http_ok or time.monotonic() >= deadline:
            break
        time.sleep(1)
    return [(http_ok, http_line), check_store_of_app(url) if http_ok else check_store(db)]


def check_store_of_app(health: str, timeout: float = 30) -> tuple[bool, str]:
    """The store as the running app has it open (its first open may still be under way: waits for it)."""
    url = health.replace("/_stcore/health", "/liaison/health/store")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            answer = json.loads(response.read(10_000))
    except urllib.error.HTTPError as error:
        answer = json.loads(error.read(10_000) or b"{}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return False, f"ストア: アプリから状態を得られません（{url}: {error}） [no answer about the store]"
    if answer.get("store") == "ok":
        return (
            True,
            f"ストア: スキーマの版 {answer['version']}（最新・アプリが使用中） [schema up to date, in use]",
        )
    return False, f"ストア: {answer.get('reason', answer.get('store'))} [store not fit]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m liaison.service", description="導入したサービスの確認。")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "health", help="サーバーの応答とストアの状態を確認する（正常なら終了コード 0）"
    )
    check.add_argument("--db", type=Path, default=paths.default_db_path())
    check.add_argument("--address", default=os.environ.get("LIAISON_ADDRESS", "127.0.0.1"))
    check.add_argument("--port", type=int, default=int(os.environ.get("LIAISON_PORT", DEFAULT_PORT)))
    check.add_argument("--wait", type=float, default=0, help="サーバーの応答を待つ秒数（起動直後）")
    args = parser.parse_args(argv)
    checks = health(args.db, args.address, args.port, args.wait)
    healthy = all(ok for ok, _ in checks)
    print(f"DX推進リエゾン ダッシュボード 版 {app_version()}")
    for ok, line in checks:
        print(f"  {'正常' if ok else '異常'}  {line}")
    print("正常です [healthy]" if healthy else "異常があります [unhealthy]")
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
