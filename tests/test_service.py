"""The installed service's health check (python -m liaison.service health): the server's answer and the store."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading

import pytest

from liaison import paths, service
from liaison.localserver import free_port
from liaison.store import operations, schema

STORE_ANSWER = {0: b'{"store": "ok", "version": 10}'}  # what the stand-in app says of its store


@pytest.fixture
def real_store(tmp_path):
    return operations.create(tmp_path / "liaison.duckdb")


@pytest.fixture
def answering():
    """A stand-in server on loopback answering /_stcore/health with `ok`: its port."""

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            answers = {"/_stcore/health": b"ok", "/liaison/health/store": STORE_ANSWER[0]}
            body = answers.get(self.path, b"no")
            self.send_response(404 if body == b"no" else 503 if b"unfit" in body else 200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


@pytest.mark.parametrize(
    ("address", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8501/_stcore/health"),
        ("0.0.0.0", "http://127.0.0.1:8501/_stcore/health"),
        ("::", "http://[::1]:8501/_stcore/health"),
        ("10.1.2.3", "http://10.1.2.3:8501/_stcore/health"),
    ],
)
def test_health_url_asks_a_wildcard_address_on_loopback(address, url):
    assert service.health_url(address, 8501) == url


def test_healthy_when_the_server_answers_and_the_schema_is_current(real_store, answering):
    checks = service.health(real_store, "127.0.0.1", answering)
    assert [ok for ok, _ in checks] == [True, True]
    assert "最新" in checks[1][1]


def test_a_running_server_is_asked_about_the_store_and_the_file_is_left_alone(
    tmp_path, answering, monkeypatch
):
    # opening the file beside a starting app took DuckDB's lock from the app: the check must not
    monkeypatch.setattr(service.store, "connect", lambda *a, **k: pytest.fail("the store file was opened"))
    checks = service.health(tmp_path / "not-opened.duckdb", "127.0.0.1", answering)
    assert [ok for ok, _ in checks] == [True, True] and "アプリが使用中" in checks[1][1]
    monkeypatch.setitem(STORE_ANSWER, 0, b'{"store": "unfit", "reason": "pending migrations"}')
    (_, _), (store_ok, line) = service.health(tmp_path / "not-opened.duckdb", "127.0.0.1", answering)
    assert not store_ok and "pending migrations" in line


def test_the_apps_route_reads_the_store_on_its_own_connection(real_store, point_app):
    from dashboard import db, service_routes

    point_app(real_store)
    try:
        latest = max(migration.version for migration in schema.migrations())
        assert service_routes._store_state() == (200, {"store": "ok", "version": latest})
    finally:
        db.release_store()


def test_unhealthy_without_a_server(real_store):
    (http_ok, line), (store_ok, _) = service.health(real_store, "127.0.0.1", free_port())
    assert (http_ok, store_ok) == (False, True) and "応答なし" in line


def test_unhealthy_with_a_missing_store(tmp_path, answering):
    ok, line = service.check_store(tmp_path / "nowhere.duckdb")
    assert not ok and "ありません" in line


def test_unhealthy_with_pending_migrations(real_store, migrations_folder):
    migrations_folder({"099_later.sql": "create table later_things (thing_id integer);"})
    ok, line = service.check_store(real_store)
    assert not ok and "099_later" in line


def test_a_store_held_by_the_running_app_counts_as_fit(real_store):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(real_store)!r}); print('open', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "open"
        ok, line = service.check_store(real_store)
        assert ok and "使用中" in line
    finally:
        holder.kill()
        holder.wait()


def test_command_exit_codes(real_store, answering):
    def run(port):
        return subprocess.run(
            [sys.executable, "-m", "liaison.service", "health", "--db", str(real_store), "--port", str(port)],
            cwd=paths.ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    good, bad = run(answering), run(free_port())
    assert good.returncode == 0 and "正常です" in good.stdout
    assert bad.returncode == 1 and "異常があります" in bad.stdout


def test_the_server_logs_the_projects_lines_to_stderr_once(capsys):
    import logging

    logger = logging.getLogger("liaison")
    level = logger.level
    try:
        service.log_to_stderr()
        service.log_to_stderr()  # serve.py may be imported again: still one handler
        logging.getLogger("liaison.backup.folder").info("daily backup written: %s", "x-daily.zip")
        assert capsys.readouterr().err.count("daily backup written: x-daily.zip") == 1
    finally:
        for handler in [h for h in logger.handlers if getattr(h, "liaison_service", False)]:
            logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.mark.parametrize(
    ("client", "headers", "local"),
    [
        ("127.0.0.1", {}, True),
        ("::1", {}, True),
        ("10.1.2.3", {}, False),
        ("127.0.0.1", {"x-forwarded-for": "10.1.2.3"}, False),  # through the README's nginx on loopback
    ],
)
def test_the_store_route_answers_this_machine_only(client, headers, local):
    from starlette.requests import Request

    from dashboard import service_routes

    scope = {
        "type": "http",
        "client": (client, 50000),
        "headers": [(name.encode(), value.encode()) for name, value in headers.items()],
    }
    assert service_routes._is_local(Request(scope)) is local
