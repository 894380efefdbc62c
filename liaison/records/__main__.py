"""Import and export records from the command line, on the データ管理 page's rules.

    python -m liaison.records import --db PATH --kind visits|consultations|readiness|liaisons|departments|referrals|engagements|pushes|followups FILE [--commit] [--actor NAME]
                                    [--map "日付=訪問日,市町村名=市町"]
    python -m liaison.records export --db PATH --kind KIND --out FILE [--encoding …]

`import` checks the file with liaison.records.preview and prints every problem and warning, one per
line; it writes only with --commit and when there is no problem (liaison.records.commit: all rows and one
audit_log row in one transaction). A file whose headers are not ours is read through a header mapping:
--map "file header=our header,…" (columns not named keep our header if they have one, else are not
imported), else the mapping saved for the same headers; without either the suggested --map is printed
and nothing is read. The mapping used is printed, and saved with --commit. `export` writes every record of the kind in the import format
(liaison.records.exporting.records_frame), so the file imports again. Exit codes: 0 done (or preview only),
1 the file has problems (nothing written), 2 usage, file or store errors. Messages are Japanese, for
the prefecture's staff; errors go to stderr.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb

from liaison import store
from liaison.records import (
    CONTROL_CHARACTERS,
    Problem,
    ValidationError,
    column_maps,
    exporting,
    header_map,
    import_format,
    transactions,
)
from liaison.records.commit import commit
from liaison.records.preview import preview as preview_file
from liaison.records.reading import read_header

OK, PROBLEMS, FAILED = 0, 1, 2
ENCODINGS = {"utf-8-sig": "UTF-8（BOM付き）", "cp932": "Shift_JIS（CP932）"}
SUFFIXES = (".csv", ".xlsx")
_VISIBLE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})
_C1_CONTROLS = re.compile(r"[\x80-\x9f]")


class _Parser(argparse.ArgumentParser):
    """argparse with its usual errors said in Japanese (exit code 2, as argparse's own)."""

    TRANSLATIONS = (
        (r"the following arguments are required: (.*)", r"必要な引数がありません: \1"),
        (
            r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
            r"\1 に \2 は指定できません（選択肢: \3）",
        ),
        (r"argument (\S+): expected one argument", r"\1 には値を指定してください"),
        (r"unrecognized arguments: (.*)", r"使えない引数です: \1"),
    )

    def error(self, message: str):
        for pattern, japanese in self.TRANSLATIONS:
            message = re.sub(pattern, japanese, message)
        self.print_usage(sys.stderr)
        self.exit(FAILED, f"エラー: {message}\n")


def _command(commands, name: str, summary: str, description: str) -> argparse._ArgumentGroup:
    """A subcommand whose arguments are listed under a Japanese heading, -h included."""
    command = commands.add_parser(name, help=summary, description=description, add_help=False)
    group = command.add_argument_group("引数")
    group.add_argument("-h", "--help", action="help", help="この説明を表示して終了する")
    group.add_argument("--db", type=Path, required=True, help="データベース（.duckdb）のパス")
    kinds = " / ".join(f"{kind}（{label}）" for kind, label in import_format.KIND_LABELS.items())
    group.add_argument("--kind", choices=import_format.KINDS, required=True, help=f"記録の種類: {kinds}")
    return group


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m liaison.records",
        description="訪問記録・相談記録・DX推進度・名簿・関わり・LoGoチャット配信・フォローアップをファイルから取り込む／ファイルに出力する"
        "（データ管理ページと同じ規則）。",
        epilog="終了コード: 0 = 問題なし（登録した、または確認のみ）、1 = ファイルに問題あり"
        "（何も登録していない）、2 = 引数・ファイル・データベースのエラー",
        add_help=False,
    )
    parser.add_argument_group("引数").add_argument(
        "-h", "--help", action="help", help="この説明を表示して終了する"
    )
    commands = parser.add_subparsers(
        title="コマンド", dest="command", required=True, metavar="{import,export}", parser_class=_Parser
    )

    reader = _command(
        commands,
        "import",
        "ファイル（.csv / .xlsx）を確認し、--commit があれば登録する",
        "ファイルを確認して問題をすべて表示します。--commit を付け、問題がないときだけ登録します。",
    )
    reader.add_argument("file", type=Path, metavar="FILE", help="取り込むファイル（.csv / .xlsx）")
    reader.add_argument("--commit", action="store_true", help="問題がなければ登録する（ないと確認のみ）")
    reader.add_argument(
        "--actor", help="監査ログに残す記録者（既定: 環境変数 LIAISON_ACTOR、なければ CLI:<OSのユーザー名>）"
    )
    reader.add_argument(
        "--map",
        metavar="対応",
        help="独自の見出しのファイル: 「ファイルの見出し=取り込みの見出し」をコンマ区切りで（例: "
        "日付=訪問日,市町村名=市町,天気=取り込まない）。ないときは同じ見出しで保存済みの対応を使う",
    )

    writer = _command(
        commands,
        "export",
        "記録を取り込みと同じ列のファイルに出力する",
        "記録をすべて、取り込みと同じ列のファイルに出力します（.csv または .xlsx）。",
    )
    writer.add_argument("--out", type=Path, required=True, help="出力先（.csv または .xlsx）")
    writer.add_argument(
        "--encoding",
        choices=list(ENCODINGS),
        help="CSV の文字コード: utf-8-sig（UTF-8 BOM付き、既定）または cp932（Shift_JIS）",
    )
    writer.add_argument(
        "--unencodable",
        choices=["error", "replace"],
        default="error",
        help="cp932 で表せない文字: error（出力しない、既定）または replace（〓に置き換える）",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (0, 1 or 2)."""
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a character shows its code
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # --help (0) or a usage error (2, already printed): a code, not an exit
        return stop.code if isinstance(stop.code, int) else FAILED
    try:
        return _import(args) if args.command == "import" else _export(args)
    except store.StoreError as error:
        return _fail(str(error))
    except duckdb.Error as error:
        return _fail(f"データベースの操作に失敗しました: {error}")


# --------------------------------------------------------------------------- import


def _import(args: argparse.Namespace) -> int:
    try:
        actor = transactions.check_actor(_actor(args.actor))
    except ValidationError as error:
        return _fail(f"記録者（--actor）が正しくありません: {error}")
    try:
        payload = args.file.read_bytes()
    except FileNotFoundError:
        return _fail(f"取り込むファイルがありません: {args.file}")
    except OSError as error:
        return _fail(f"取り込むファイルを読めません: {args.file}（{error.strerror or error}）")

    con = store.open_for_command(args.db)
    try:
        today = store.as_of(store.read_meta(con))
        try:
            mapping, suggested = _mapping(con, args, payload)
        except ValueError as error:
            return _fail(f"--map が正しくありません: {error}")
        preview = preview_file(con, args.kind, args.file.name, payload, today=today, column_map=mapping)
        label = import_format.KIND_LABELS[args.kind]
        for warning in preview.warnings:
            _say(f"注意: {_line(warning)}")
        for problem in preview.problems:
            _say(_line(problem), error=True)
        _say(
            f"{args.file.name}（{label}）: {preview.total_rows:,} 行を確認しました。"
            f"新規 {preview.new_rows:,} 件 / 登録済み {preview.already_present:,} 件"
        )
        if suggested is not None:
            _suggest(suggested)
        if preview.problems:
            _say(
                f"問題が {len(preview.problems):,} 件あります。何も登録していません"
                "（ファイルを直してから、もう一度実行してください）。",
                error=True,
            )
            return PROBLEMS
        if preview.new_rows == 0:
            _say("すべての行が登録済みです。新しく登録する行はありません。")
            return OK
        if not args.commit:
            _say(
                "確認のみです。何も登録していません。登録するには、同じコマンドに --commit を付けて実行してください。"
            )
            return OK
        inserted = commit(con, preview, actor)
    finally:
        con.close()
    skipped = preview.new_rows - inserted
    meanwhile = f"（確認の後に別の取込で登録された {skipped:,} 件は除きました）" if skipped else ""
    _say(f"{inserted:,} 件を登録しました{meanwhile}。記録者: {actor}")
    if preview.column_map is not None and inserted:
        _say("見出しの対応を保存しました（同じ見出しの次のファイルはこの対応で読みます）。")
    return OK


def _mapping(con, args: argparse.Namespace, payload: bytes):
    """(header mapping to read the file with or None, suggested mapping to print or None).

    --map first, else the mapping saved for the same headers; a file in its own format without
    either is previewed as is (its header problems are listed) and the suggested --map is printed.
    """
    header = read_header(args.kind, args.file.name, payload)
    if header is None:
        return None, None  # unreadable: the preview says why
    if args.map is not None:
        mapping = header_map.parse_pairs(args.kind, header, args.map)
        _say("見出しの対応（--map の指定）:")
    elif header_map.is_ours(args.kind, header):
        return None, None
    else:
        saved = column_maps.remembered(con, args.kind, header)
        if saved is None:
            return None, header_map.suggest(args.kind, header)
        mapping = saved.mapping
        when = saved.saved_at.strftime("%Y-%m-%d %H:%M")
        _say(f"見出しの対応（同じ見出しで保存済みの対応: {when}、{_visible(saved.saved_by)}）:")
    _show_pairs(mapping)
    return mapping, None


def _suggest(suggested: header_map.HeaderMap) -> None:
    """The mapping we would suggest for a file in its own format, and the --map that uses it."""
    pairs = ",".join(f"{theirs}={ours}" for theirs, ours in suggested.pairs())
    _say("このファイルの見出しは取り込み用の見出しと違います。名前から提案する対応:", error=True)
    _show_pairs(suggested, error=True)
    _say(f'この対応で読むには --map "{_visible(pairs)}" を付けてください（直して指定できます）。', error=True)


def _show_pairs(mapping: header_map.HeaderMap, *, error: bool = False) -> None:
    for theirs, ours in mapping.pairs():
        _say(f"  {_visible(theirs)} → {ours}", error=error)


def _actor(given: str | None) -> str:
    """--actor, else $LIAISON_ACTOR, else CLI:<OS user name> (a scheduled job has no login)."""
    if given is not None:
        return given
    from_environment = os.environ.get("LIAISON_ACTOR", "").strip()
    if from_environment:
        return from_environment
    try:
        user = getpass.getuser()
    except Exception:  # no login name and no passwd entry (some containers): KeyError or OSError
        user = "不明"
    return f"CLI:{user}"


# --------------------------------------------------------------------------- export


def _export(args: argparse.Namespace) -> int:
    out: Path = args.out
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        shown = f"「{out.suffix}」" if out.suffix else "拡張子なし"
        return _fail(f"出力先の拡張子は .csv か .xlsx にしてください（{shown}）: {out}")
    if suffix == ".xlsx" and args.encoding:
        return _fail("--encoding は .csv に出力するときだけ指定できます（.xlsx に文字コードはありません）")
    encoding = args.encoding or "utf-8-sig"

    con = store.open_for_command(args.db)
    try:
        frame = exporting.records_frame(con, args.kind)
    finally:
        con.close()
    try:
        if suffix == ".csv":
            payload = exporting.to_csv(frame, encoding, unencodable=args.unencodable)
        else:
            payload = exporting.to_xlsx(frame)
    except exporting.ExportEncodingError as error:
        return _fail(f"{error}（--encoding utf-8-sig か --unencodable replace を指定できます）")
    except ValueError as error:  # more rows than an Excel sheet holds
        return _fail(str(error))
    try:
        _write_atomically(out, payload)
    except OSError as error:
        return _fail(f"出力先に書き込めません: {out}（{error.strerror or error}）")
    form = ENCODINGS[encoding] if suffix == ".csv" else "Excel"
    _say(
        f"{import_format.KIND_LABELS[args.kind]} {len(frame):,} 件を出力しました: {out}"
        f"（{form}、{len(payload):,} バイト）"
    )
    return OK


def _write_atomically(path: Path, payload: bytes) -> None:
    """A temporary file in the same folder, renamed over `path`: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; an export is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------------- output


def _line(problem: Problem) -> str:
    """A problem on one line: the user's own newlines, tabs and control characters made visible."""
    return _visible(problem.message())


def _visible(text: str) -> str:
    """The user's own text on one line: newlines, tabs and control characters made visible."""
    text = text.translate(_VISIBLE)
    text = CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _C1_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _say(text: str, *, error: bool = False) -> None:
    # flushed at once, so a job's log that takes both streams keeps the lines in order
    print(text, file=sys.stderr if error else sys.stdout, flush=True)


def _fail(message: str) -> int:
    _say(f"エラー: {message}", error=True)
    return FAILED


if __name__ == "__main__":
    sys.exit(main())
