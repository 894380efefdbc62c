"""`python -m liaison.store init|demo|status|migrate|ensure|clean --db PATH` (messages in Japanese).

Exit codes: 0 done, 1 refused or failed (nothing was changed), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from liaison import paths, store
from liaison.store import StoreError, operations
from liaison.store.upgrade import describe_orphans

KINDS = {True: "デモ用（架空のデータ）", False: "本番用（実データ）"}
COMMANDS = {
    "init": "本番用の空のストアを作成する（参照データのみ、記録 0 件）。既存のファイルは上書きしない",
    "demo": "デモ用のストアを作成・再構築する（本番用のストアは拒否）",
    "status": "種類、スキーマの版、未適用のマイグレーション、行数、整合性、最新のバックアップを表示する",
    "migrate": "未適用のマイグレーションと参照データの更新を適用する（事前に自動バックアップ）",
    "ensure": "make run が呼ぶ処理: デモは古ければ再構築、本番は migrate と同じ。それ以外はしない",
    "clean": "デモ用のストアを削除する（本番用のストアは拒否）",
    "serve-check": "make run が起動前に呼ぶ処理: 本番用のストアに管理者のアカウント（ログインの設定）がなければ拒否する",
}


def _print_status(report: operations.Status) -> None:
    plan = report.plan
    print(f"ストア: {report.path}")
    print(f"種類: {KINDS[report.is_demo]}")
    print(f"スキーマの版: {report.version}（このアプリの版: {report.code_version}）")
    pending = [m.name for m in plan.schema.pending]
    print(f"未適用のマイグレーション: {'、'.join(pending) if pending else 'なし'}")
    changes = [change.describe() for change in plan.reference if change.touches_rows]
    print(f"参照データの更新: {'; '.join(changes) if changes else 'なし'}")
    print("テーブルごとの行数:")
    width = max(len(table) for table in report.counts)
    for table, count in sorted(report.counts.items()):
        print(f"  {table:<{width}}  {count:>10,}")
    if report.orphans:
        print(f"整合性: 参照先のない記録が {len(report.orphans)} 件あります")
        print("  " + describe_orphans(report.orphans).replace("\n", "\n  "))
    else:
        print("整合性: 問題なし（すべての記録の市町・リエゾン・分野などが存在します）")
    if report.last_backup:
        size = report.last_backup.stat().st_size
        print(f"最新のバックアップ: {report.last_backup}（{size:,} バイト）")
    else:
        print("最新のバックアップ: なし")
    if plan.needs_change:
        print(
            f"→ `python -m liaison.store migrate --db {report.path}` で更新できます（事前に自動バックアップ）。"
        )


def _kind_is_demo(path: Path) -> bool:
    con = operations.connect_or_explain(path)
    try:
        return store.is_demo(store.read_meta(con))
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m liaison.store", description="DX推進リエゾン ダッシュボードのストア（DuckDB）の管理。"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{" + ",".join(COMMANDS) + "}")
    for name, help_text in COMMANDS.items():
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--db", type=Path, default=paths.default_db_path(), help="ストアのファイル")
        if name == "ensure":
            command.add_argument("--host", help="起動するアドレス（本番用のストアは 127.0.0.1 のみ）")
    args = parser.parse_args(argv)

    try:
        if args.command == "init":
            path = operations.create(args.db)
            print(f"本番用のストアを作成しました: {path}（参照データのみ、記録 0 件）")
            print(f"起動: LIAISON_DB={path} make run")
        elif args.command == "demo":
            path = operations.demo(args.db)
            print(f"デモ用のストアを作成しました: {path}（架空のデータ）")
        elif args.command == "status":
            _print_status(operations.status(args.db))
        elif args.command == "migrate":
            report = operations.upgrade(args.db)
            if not report.changed:
                print(f"ストアは最新です: {args.db}")
            else:
                print(f"ストアを更新しました: {args.db}")
                for line in report.lines:
                    print(f"  - {line}")
                print(f"  バックアップ: {report.backup}（{report.backup_bytes:,} バイト）")
        elif args.command == "ensure":
            operations.ensure(args.db, host=args.host)
        elif args.command == "serve-check":
            if not _kind_is_demo(args.db):
                operations.refuse_real_store_without_login(args.db)
        elif args.command == "clean":
            if operations.clean(args.db):
                print(f"デモ用のストアを削除しました: {args.db}")
            else:
                print(f"削除するストアはありません: {args.db}")
    except StoreError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
