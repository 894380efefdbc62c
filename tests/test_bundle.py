"""The offline install bundle (README「閉域網への導入」), installed where there is no network at all.

`make bundle` is built once per module (v1 with the VERSION file, v2 with `make bundle VERSION=…`,
both from one wheel download). Each installation runs `install.sh --no-systemd` inside `unshare -n`
(a network namespace holding only a loopback interface) into a temporary prefix, as a fresh service
user: install, the app from the installed prefix, its health check and the map page in headless
Chromium all happen there, and the browser reports every request it made off the app's own origin.

These need root (useradd, unshare) and Chromium. Elsewhere they skip and say why; with
REQUIRE_BROWSER=1 (CI, which runs as root) they fail instead.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import duckdb
import pytest

from liaison import paths
from liaison.localserver import CHROMIUM
from liaison.store import upgrade
from liaison.version import app_version

ROOT = paths.ROOT
ARTIFACTS = ROOT / "tests" / "artifacts"
V1 = app_version()
V2 = f"{V1}.1"  # `make bundle VERSION=…`: the next release, same code
V3 = f"{V1}.2"  # v2 plus a new migration and a server that cannot start: the broken upgrade
PORT = 8501  # free in every fresh namespace
ADMIN, PASSWORD = "kanri", "bundle test pass 2026"
DISTINCT_TITLE = "ZZ閉域網ログ確認用の件名"  # a consultation title that must never reach a log
TIMEOUT = 600  # seconds for one namespace script


def _problem() -> str | None:
    if os.geteuid() != 0:
        return "needs root (useradd, unshare -n): run as root, as CI does"
    for tool in ("unshare", "ip", "setpriv", "useradd", "make", "git"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (apt-get install -y iproute2 util-linux passwd make git)"
    if not CHROMIUM.exists():
        return "Chromium not installed: apt-get install -y chromium fonts-noto-cjk"
    if not Path("/usr/bin/python3").exists():
        return "/usr/bin/python3 missing (apt-get install -y python3 python3-venv)"
    probe = subprocess.run(
        ["unshare", "-n", "ip", "link", "set", "lo", "up"], capture_output=True, text=True, timeout=30
    )
    if probe.returncode != 0:
        return f"unshare -n does not work here: {probe.stderr.strip()}"
    return None


@pytest.fixture(scope="module", autouse=True)
def required():
    problem = _problem()
    if problem:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"the bundle tests must run here (REQUIRE_BROWSER=1): {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def work():
    """A folder the service user can traverse (pytest's own tmp folders are root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="liaison-bundle-", dir="/var/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _build(work: Path, version: str | None) -> Path:
    """`make bundle [VERSION=…]` into work/dist, extracted; the folder holding install.sh."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "VERSION")}
    env |= {"DIST": str(work / "dist"), "BUNDLE_WHEELS": str(work / "wheels-cache")}
    venv, bin_dir = Path(sys.prefix), Path(sys.executable).parent  # as tests/test_make_targets.py
    command = ["make", "-s", "-o", f"{venv}/.installed", f"VENV={venv}", f"BIN={bin_dir}", "bundle"]
    command += [f"VERSION={version}"] if version else []
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    name = f"hyogo-liaison-{version or V1}"
    archive = work / "dist" / f"{name}.tar.gz"
    with tarfile.open(archive) as bundle:
        bundle.extractall(work / "bundles", filter="tar")
    return work / "bundles" / name


@pytest.fixture(scope="module")
def bundles(work):
    """v1, v2 (the next version) and v3 (v2 broken on purpose), extracted and ready to install."""
    v1, v2 = _build(work, None), _build(work, V2)
    v3 = work / "bundles" / f"hyogo-liaison-{V3}"
    shutil.copytree(v2, v3, symlinks=True)
    (v3 / "VERSION").write_text(V3 + "\n")
    next_number = max(int(f.name.split("_")[0]) for f in (v3 / "liaison" / "migrations").glob("*.sql")) + 1
    (v3 / "liaison" / "migrations" / f"{next_number:03d}_bundle_probe.sql").write_text(
        "-- test only: a migration that changes the store, so the rollback has something to undo\n"
        "create table bundle_probe (probe_id integer primary key);\n"
    )
    serve = (v3 / "serve.py").read_text()  # still an st.App to Streamlit's discovery, but it cannot start
    cut = serve.index("import streamlit")
    (v3 / "serve.py").write_text(serve[:cut] + 'raise SystemExit("broken on purpose")\n' + serve[cut:])
    return {V1: v1, V2: v2, V3: v3}


class Install:
    """One installation under `root`: its prefix, configuration, data and service user."""

    def __init__(self, root: Path):
        self.root = root
        self.prefix, self.etc, self.data = root / "opt", root / "etc", root / "data"
        self.user = f"hlt{secrets.token_hex(3)}"
        self.db = self.data / "liaison.duckdb"
        self.cmd = self.prefix / "current" / "deploy" / "liaison"
        self.share = root / "share" / "liaison"  # the daily backup's second location

    def args(self, bundle: Path) -> str:
        return (
            f"{bundle}/install.sh --prefix {self.prefix} --etc {self.etc} --data {self.data}"
            f" --user {self.user} --no-systemd"
        )

    def as_user(self, command: str) -> str:
        return f"setpriv --reuid={self.user} --regid={self.user} --init-groups {command}"

    def run(self, script: str, name: str) -> subprocess.CompletedProcess:
        """`script` (bash) inside a fresh network namespace with only loopback up; the service it
        started is stopped at the end. Output goes to ARTIFACTS/<name>.log as well."""
        body = (
            "set -uo pipefail\nip link set lo up\n"
            f"trap 'pid=$(cat {self.data}/liaison.pid 2>/dev/null) && kill $pid 2>/dev/null"
            " && while kill -0 $pid 2>/dev/null; do sleep 0.2; done' EXIT\n"
            # No network at all: an outside address is unreachable from in here.
            f"if {sys.executable} -c 'import socket; socket.create_connection((\"192.0.2.1\", 80), 3)'"
            " 2>/dev/null; then echo 'NETWORK REACHABLE'; exit 99; fi\n"
            f"{script}\n"
        )
        done = subprocess.run(
            ["unshare", "-n", "bash", "-c", body],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            start_new_session=True,
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"bundle_{name}.log").write_text(done.stdout + "\n--- stderr\n" + done.stderr)
        return done

    def remove(self) -> None:
        subprocess.run(["userdel", self.user], capture_output=True, timeout=60)


@pytest.fixture
def install(work):
    root = work / f"install-{secrets.token_hex(3)}"
    root.mkdir(mode=0o755)
    installation = Install(root)
    yield installation
    installation.remove()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def record_files(work, store_template):
    """The demo roster and consultations in the import format, one title made distinctive."""
    demo_copy = work / "demo.duckdb"
    shutil.copyfile(store_template, demo_copy)
    files = {}
    for kind in ("liaisons", "consultations"):
        files[kind] = work / f"{kind}.csv"
        done = subprocess.run(
            [sys.executable, "-m", "liaison.records", "export", "--db", demo_copy, "--kind", kind,
             "--out", files[kind]],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        files[kind].chmod(0o644)
    with files["consultations"].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("件名")] = DISTINCT_TITLE
    with files["consultations"].open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return files


def probe(shot: Path, result: Path) -> str:
    """The shell line that logs in with Chromium, opens the map and writes the probe's JSON to `result`."""
    return (
        f"(cd {ROOT} && PYTHONPATH={ROOT} {sys.executable} tests/bundle_probe.py"
        f" http://127.0.0.1:{PORT} {ADMIN} '{PASSWORD}' {shot} > {result})"
    )


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: upgrade.row_count(con, table) for table in upgrade.tables(con)}
    finally:
        con.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def owner(path: Path) -> str:
    return pwd.getpwuid(path.stat().st_uid).pw_name


def assert_owner_only(install: Install) -> None:
    """The store's folder, its backups and every file in them: the service user's, 0700 / 0600."""
    assert mode(install.data) == 0o700 and owner(install.data) == install.user
    for path in install.data.rglob("*"):
        assert owner(path) == install.user, path
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


@pytest.fixture(scope="module")
def served(bundles, work):
    """v1 installed offline, its first administrator made, started, checked and its map opened."""
    root = work / "served"
    root.mkdir(mode=0o755)
    install = Install(root)
    shot = ARTIFACTS / "bundle_map.png"
    done = install.run(
        f"""
        set -e
        {install.args(bundles[V1])}
        echo '{PASSWORD}' | {install.as_user(f"{install.cmd} accounts create-admin {ADMIN} --name 管理者 --password-stdin")}
        sed -i 's#^LIAISON_BACKUP_COPY_DIR=.*#LIAISON_BACKUP_COPY_DIR={install.share}#' {install.etc}/liaison.env
        {install.args(bundles[V1])}
        {install.cmd} health
        {probe(shot, install.root / "probe.json")}
        for _ in $(seq 60); do grep -q "backup copied" {install.data}/liaison.log && break; sleep 0.5; done
        """,
        "install",
    )
    yield install, done
    install.remove()


def test_offline_install_serves_the_map(served):
    install, done = served
    assert done.returncode == 0, done.stdout + done.stderr
    assert "正常です [healthy]" in done.stdout
    probe = json.loads((install.root / "probe.json").read_text())
    assert probe["outside_requests"] == []  # nothing fetched from anywhere but the app itself
    assert "兵庫県 DX推進リエゾン ダッシュボード" in probe["headings"]
    assert probe["map"]["width"] > 500 and probe["map"]["height"] > 300
    assert f"版 {V1}" in probe["footer"]
    log = (install.data / "liaison.log").read_text()  # what the journal gets under systemd
    assert "Traceback" not in log, log
    assert "daily backup written" in log and "backup copied to the second location" in log

    current = (install.prefix / "current").resolve()
    assert current == install.prefix / "releases" / V1
    assert owner(current) == "root" and not mode(current / "liaison") & 0o022  # code: root's, read-only
    assert_owner_only(install)
    assert mode(install.db) == 0o600 and owner(install.db) == install.user
    (daily,) = (install.data / "backups").glob("liaison-*-daily.zip")  # the app's daily backup
    (copied,) = install.share.glob("liaison-*-daily.zip")  # and its second copy
    assert copied.name == daily.name and copied.read_bytes() == daily.read_bytes()
    assert owner(copied) == install.user and mode(copied) == 0o600 and mode(install.share) == 0o700
    env_file = install.etc / "liaison.env"
    assert mode(env_file) == 0o640 and f"LIAISON_DB={install.db}" in env_file.read_text()


def test_unit_file_passes_systemd_analyze(served, tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (no systemd here)")
    install, done = served
    assert done.returncode == 0, done.stdout + done.stderr
    # The unit as install.sh writes it for these paths (it refers to the installed command).
    text = (ROOT / "deploy" / "hyogo-liaison.service").read_text()
    for default, actual in (
        ("/opt/hyogo-liaison", install.prefix),
        ("/etc/hyogo-liaison", install.etc),
        ("/var/lib/hyogo-liaison", install.data),
        ("User=hyogo-liaison", f"User={install.user}"),
        ("Group=hyogo-liaison", f"Group={install.user}"),
    ):
        text = text.replace(default, str(actual))
    unit = tmp_path / "hyogo-liaison.service"
    unit.write_text(text)
    verified = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    for hardening in ("NoNewPrivileges=yes", "ProtectSystem=strict", "UMask=0077", "Restart=on-failure"):
        assert hardening in text


def test_upgrade_keeps_every_record_and_a_broken_upgrade_rolls_back(bundles, install, record_files):
    imports = "\n".join(
        install.as_user(
            f"{install.cmd} records import --db {install.db} --kind {kind} {file} --commit --actor 導入試験"
        )
        for kind, file in record_files.items()
    )
    first = install.run(
        f"""
        set -e
        {install.args(bundles[V1])}
        echo '{PASSWORD}' | {install.as_user(f"{install.cmd} accounts create-admin {ADMIN} --name 管理者 --password-stdin")}
        {imports}
        """,
        "upgrade_v1",
    )
    assert first.returncode == 0, first.stdout + first.stderr
    before = counts(install.db)
    assert before["consultations"] > 1000 and before["liaisons"] > 0

    second = install.run(f"set -e\n{install.args(bundles[V2])}\n{install.cmd} version", "upgrade_v2")
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"アップグレードしました: 版 {V1} → 版 {V2}" in second.stdout
    assert second.stdout.strip().endswith(V2)
    assert counts(install.db) == before  # every record kept
    assert list((install.data / "backups").glob("liaison-*-before-upgrade.zip"))
    kept = hashlib.sha256(install.db.read_bytes()).hexdigest()

    pidfile = install.data / "liaison.pid"
    third = install.run(
        f"""
        {install.args(bundles[V2])}
        {install.args(bundles[V3])}
        echo "install.sh exit: $?"
        echo "running from: $(readlink /proc/$(cat {pidfile})/cwd)"
        {install.cmd} health
        echo "health exit: $?"
        {probe(ARTIFACTS / "bundle_rolled_back.png", install.root / "probe.json")}
        for _ in $(seq 60); do grep -q "daily backup written" {install.data}/liaison.log && break; sleep 0.5; done
        """,
        "upgrade_broken",
    )
    out = third.stdout
    assert "install.sh exit: 1" in out, out + third.stderr
    assert f"アップグレードに失敗しました（手順: health）。版 {V2} に戻します。" in out
    assert "ストアをアップグレード前の状態に戻しました（バイト単位で同一）" in out
    assert f"running from: {install.prefix / 'releases' / V2}" in out  # the old version runs again
    assert "health exit: 0" in out
    assert (install.prefix / "current").resolve() == install.prefix / "releases" / V2
    assert not (install.prefix / "releases" / V3).exists()
    after = counts(install.db)  # store unchanged: same tables (no bundle_probe), same rows ...
    assert (after.pop("login_events"), after.pop("login_sessions")) == (1, 1)  # ... but the probe's login
    assert after == {table: rows for table, rows in before.items() if not table.startswith("login_")}
    con = duckdb.connect(str(install.db), read_only=True)
    try:
        versions = [row[0] for row in con.execute("select version from schema_migrations").fetchall()]
    finally:
        con.close()
    assert max(versions) == max(int(f.name[:3]) for f in paths.MIGRATIONS.glob("*.sql"))
    assert kept  # the bytes before the broken upgrade were compared by install.sh itself (cmp)
    assert_owner_only(install)
    rolled_back = json.loads((install.root / "probe.json").read_text())  # the old version serves the map
    assert f"版 {V2}" in rolled_back["footer"] and rolled_back["outside_requests"] == []
    log = (install.data / "liaison.log").read_text()
    # The service read every record (its map, its daily backup) and logged none of their text.
    assert "daily backup written" in log
    assert DISTINCT_TITLE not in log


def test_a_damaged_bundle_installs_nothing(bundles, install):
    damaged = install.root / "damaged"
    shutil.copytree(bundles[V1], damaged, copy_function=os.link, symlinks=True)  # hard links: instant
    sums = damaged / "wheels" / "SHA256SUMS"
    lines = sums.read_text().splitlines()
    sums.unlink()  # a new file, not the shared link
    sums.write_text("\n".join(["0" * 64 + lines[0][64:], *lines[1:]]) + "\n")
    done = install.run(install.args(damaged), "damaged")
    assert done.returncode == 1
    assert "バンドルの wheel が壊れています" in done.stderr
    assert not install.prefix.exists() and not install.etc.exists() and not install.data.exists()
