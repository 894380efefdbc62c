"""A real store as a prefecture sets one up for logging in, and the login form: shared by the login tests.

`init`, the first administrator by `create-admin`, a roster person (a 地域リエゾン of 但馬) by the write
API, their account by `create --role 地域リエゾン --liaison`, and a 閲覧 account to lock out.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from liaison import paths, store
from liaison.records import roster

ADMIN, ADMIN_NAME, ADMIN_PASSWORD = "kanri", "管理 花子", "first operator pass 2026"
LIAISON_LOGIN, LIAISON_NAME, LIAISON_PASSWORD = "yamada", "山田 太郎", "tajima liaison 2026"
LOCKED_LOGIN, LOCKED_PASSWORD = "suzuki", "the right pass 2026"


def accounts_cli(db: Path, *args: str, password: str | None = None) -> None:
    """`python -m liaison.accounts …` as the operator would run it (password on standard input)."""
    command = [sys.executable, "-m", "liaison.accounts", *args, "--db", str(db)]
    if password is not None:
        command.append("--password-stdin")
    done = subprocess.run(
        command, cwd=paths.ROOT, input=(password or "") + "\n", capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def build_real_store(db: Path) -> str:
    """A real store with an administrator, a 地域リエゾン of 但馬 tied to the roster, and one more account."""
    made = subprocess.run(
        [sys.executable, "-m", "liaison.store", "init", "--db", str(db)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    accounts_cli(db, "create-admin", ADMIN, "--name", ADMIN_NAME, password=ADMIN_PASSWORD)
    con = store.open_for_command(db)
    try:
        liaison_id = roster.add_person(
            con,
            "テスト準備",
            today=date.today(),
            name=LIAISON_NAME,
            section="デジタル戦略課",
            active_from=date(date.today().year - 1, 4, 1),
            assignments=[("地域", "但馬", None)],
        )
    finally:
        con.close()
    accounts_cli(
        db,
        "create",
        LIAISON_LOGIN,
        "--name",
        LIAISON_NAME,
        "--role",
        "地域リエゾン",
        "--liaison",
        liaison_id,
        password=LIAISON_PASSWORD,
    )
    accounts_cli(
        db, "create", LOCKED_LOGIN, "--name", "鈴木 一郎", "--role", "閲覧", password=LOCKED_PASSWORD
    )
    return liaison_id


def add_first_admin(db: Path) -> Path:
    """The first administrator on a store just made by `init`, as the operator would (`create-admin`)."""
    accounts_cli(db, "create-admin", ADMIN, "--name", ADMIN_NAME, password=ADMIN_PASSWORD)
    return db


def log_in(
    page, base_url: str, path: str = "/", login_name: str = ADMIN, password: str = ADMIN_PASSWORD
) -> None:
    """Through the local login form, landing on `path` (a real store shows nothing before a login)."""
    page.context.clear_cookies()  # cookies do not tell ports apart: none from another test's server
    page.goto(f"{base_url}/liaison/login?next={path}")
    fill_login_form(page, login_name, password)
    page.wait_for_url(f"{base_url}{path.split('?')[0]}**")


def write_visit(walk, summary: str, municipality: str = "豊岡市", liaison_name: str = LIAISON_NAME) -> None:
    """A visit through the 巡回記録 page's form, as the person logged in (a `Walk` of test_real_store_walk)."""
    walk.toggle("＋ 訪問を記録する")
    form = walk.form("訪問を記録する")
    walk.choose("市町", municipality, form)
    walk.choose("リエゾン", liaison_name, form)
    form.get_by_label("概要").fill(summary)
    form.get_by_role("button", name="訪問を記録する").click()
    walk.flash(f"{municipality}への訪問（")


def fill_login_form(page, login_name: str, password: str) -> None:
    page.locator("#login_name").fill(login_name)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="ログイン", exact=True).click()
