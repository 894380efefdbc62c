"""`python -m liaison.accounts create-admin|create|list|unlock|set-password|disable|enable --db PATH`.

Run by whoever holds the store file (the operator), so it acts as 管理者 under the OS user's name.
Passwords are asked at the terminal (twice) or read from standard input with --password-stdin; never
from the command line, where other users of the machine could read them. Exit codes: 0 done, 1 refused
or failed (nothing was changed), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from liaison import access, accounts, paths, store
from liaison.access.rules import ROLES
from liaison.records import ValidationError
from liaison.store import StoreError

COMMANDS = {
    "create-admin": "最初の管理者のアカウントを作成する",
    "create": "アカウントを作成する（役割と、リエゾンなら名簿の人、関係部署なら部署を指定）",
    "list": "アカウントの一覧を表示する",
    "unlock": "ログインの失敗でロックされたアカウントを解除する",
    "set-password": "パスワードを設定し直す（そのアカウントのログイン中のセッションは終了）",
    "disable": "アカウントを使えなくする（ログイン中のセッションは終了）",
    "enable": "使えなくしたアカウントを戻す",
}


def _operator() -> access.Principal:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in a container: still a visible actor
        user = "unknown"
    return access.operator(f"CLI:{user}")


def _password(args) -> str | None:
    if getattr(args, "no_password", False):
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("パスワード: ")
    second = getpass.getpass("パスワード（確認）: ")
    if first != second:
        raise ValidationError([])  # reported below as a mismatch
    return first


def _account_id(con, login_name: str) -> int:
    found = accounts.find(con, login_name)
    if found is None:
        raise StoreError(f"アカウントがありません: {login_name}")
    return found.account_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m liaison.accounts", description="ログインするアカウントの管理。"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{" + ",".join(COMMANDS) + "}")
    for name, help_text in COMMANDS.items():
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--db", type=Path, default=paths.default_db_path(), help="ストアのファイル")
        if name == "list":
            continue
        command.add_argument(
            "login_name", help="ログイン名（ディレクトリでログインする人はそのメールアドレス）"
        )
        if name in ("create-admin", "create"):
            command.add_argument("--name", required=True, help="氏名（監査ログに記録される名前）")
            command.add_argument(
                "--no-password",
                action="store_true",
                help="パスワードなし（ディレクトリ・プロキシでだけログイン）",
            )
        if name in ("create-admin", "create", "set-password"):
            command.add_argument(
                "--password-stdin", action="store_true", help="パスワードを標準入力の 1 行から読む"
            )
        if name == "create":
            command.add_argument("--role", required=True, choices=ROLES, help="役割")
            command.add_argument("--liaison", help="名簿の人の ID（リエゾンの役割のとき）")
            command.add_argument("--department", type=int, help="部署の ID（関係部署のとき）")
    args = parser.parse_args(argv)

    try:
        con = store.open_for_command(args.db)
    except StoreError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 1
    operator = _operator()
    try:
        if args.command == "list":
            frame = accounts.listing(con, operator)
            if frame.empty:
                print("アカウントはまだありません（`create-admin` で最初の管理者を作成します）")
            for row in frame.itertuples():
                state = "使用中" if row.is_active else "停止中"
                print(f"{row.login_name}\t{row.display_name}\t{row.role}\t{state}")
            return 0
        if args.command in ("create-admin", "create"):
            try:
                password = _password(args)
            except ValidationError:
                print("エラー: 2 回入力したパスワードが一致しません（何も変更していません）", file=sys.stderr)
                return 1
            role = "管理者" if args.command == "create-admin" else args.role
            accounts.create_account(
                con,
                operator,
                login_name=args.login_name,
                display_name=args.name,
                role=role,
                liaison_id=getattr(args, "liaison", None),
                department_id=getattr(args, "department", None),
                password=password,
            )
            print(f"アカウントを作成しました: {args.login_name}（{role}）")
        elif args.command == "set-password":
            try:
                password = _password(args)
            except ValidationError:
                print("エラー: 2 回入力したパスワードが一致しません（何も変更していません）", file=sys.stderr)
                return 1
            accounts.set_password(con, operator, _account_id(con, args.login_name), password)
            print(f"パスワードを設定しました: {args.login_name}")
        elif args.command == "unlock":
            accounts.unlock(con, operator, _account_id(con, args.login_name))
            print(f"ロックを解除しました: {args.login_name}")
        elif args.command in ("disable", "enable"):
            accounts.set_active(con, operator, _account_id(con, args.login_name), args.command == "enable")
            print(f"{'使えるように' if args.command == 'enable' else '使えなく'}しました: {args.login_name}")
    except ValidationError as error:
        print(f"エラー: {error}（何も変更していません）", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
