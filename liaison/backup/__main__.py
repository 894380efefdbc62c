"""The command line: make a backup file of a store, or restore a store from one (verified first).

python -m liaison.backup create --db data/liaison.duckdb --out backup.zip
python -m liaison.backup restore --db data/liaison.duckdb --from backup.zip
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from liaison import paths, store
from liaison.backup.archive import BackupError, create_backup, write_atomically
from liaison.backup.restore import restore_backup


def main(argv: list[str] | None = None) -> int:
    """Run `create` or `restore`; 0 on success, 1 with the reason on stderr."""
    parser = argparse.ArgumentParser(description="ストアの完全バックアップと、検証付きの復元。")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="バックアップ（ZIP）を作成する")
    create.add_argument("--db", type=Path, default=paths.default_db_path())
    create.add_argument("--out", type=Path, required=True)
    restore = commands.add_parser("restore", help="バックアップから復元する（検証に通った場合のみ置き換え）")
    restore.add_argument("--db", type=Path, default=paths.default_db_path())
    restore.add_argument("--from", dest="source", type=Path, required=True)
    args = parser.parse_args(argv)

    try:
        if args.command == "create":
            if not args.db.exists():
                raise BackupError(f"データベースがありません: {args.db}")
            try:
                con = store.connect(args.db)
            except duckdb.Error as error:
                raise BackupError(
                    f"データベースを開けません（起動中のダッシュボードを停止してください）: {error}"
                ) from error
            try:
                payload = create_backup(con)
            finally:
                con.close()
            write_atomically(args.out, payload)
            print(f"バックアップを作成しました: {args.out}（{len(payload):,} バイト）")
        else:
            report = restore_backup(args.source.read_bytes(), args.db)
            rows = sum(report.tables.values())
            print(
                f"復元しました: {report.target}（{len(report.tables)} テーブル、{rows:,} 行、"
                f"作成日時 {report.created_at}、スキーマ版 {report.schema_versions}"
                + (f"、追加で適用した版 {report.migrated}" if report.migrated else "")
                + "）"
            )
    except (BackupError, OSError) as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
