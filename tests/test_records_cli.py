"""The records command line (python -m liaison.records): import previews, commits once and reports every
problem of the bad-file corpus; export writes the import format atomically; exit codes 0 / 1 / 2."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from liaison import paths, store
from liaison.records import exporting, import_format
from liaison.records.__main__ import main
from liaison.records.template import template_xlsx
from tests import import_corpus as corpus
from tests.import_corpus import GOOD, RECORD_KINDS, csv_bytes, row, table
from tests.test_import import _fresh_store, _sorted
from tests.test_import import counts as counts_of

# three new rows of each kind against the demo store (FY2023 has no readiness assessment)
NEW_ROWS = {
    "visits": [row("visits", 概要=f"CLIの訪問{i}") for i in range(3)],
    "consultations": [row("consultations", 件名=f"CLIの相談{i}") for i in range(3)],
    "readiness": [row("readiness", 市町=name) for name in ("姫路市", "尼崎市", "明石市")],
}
HOLDER = "import duckdb, sys, time\ncon = duckdb.connect(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(60)\n"


def counts(path: Path) -> dict[str, int]:
    """Row counts of every record table and audit_log, on a connection opened and closed at once."""
    con = store.connect(path)
    try:
        return counts_of(con)
    finally:
        con.close()


def last_audit(path: Path) -> tuple:
    con = store.connect(path)
    try:
        return con.execute(
            "select actor, table_name, action from audit_log order by audit_id desc limit 1"
        ).fetchone()
    finally:
        con.close()


def run(capsys, *argv) -> tuple[int, str, str]:
    """main() in-process: (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_module(*argv, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m liaison.records …` from the repository root; a RuntimeWarning (a module run twice) fails."""
    return subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-m", "liaison.records", *map(str, argv)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        env={**os.environ, **(env or {})},
    )


def write(path: Path, payload: bytes) -> Path:
    path.write_bytes(payload)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.fixture
def good_file(tmp_path) -> Path:
    return write(tmp_path / "visits.csv", csv_bytes(table("visits", *NEW_ROWS["visits"])))


# --------------------------------------------------------------------------- import: preview and commit


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_preview_writes_nothing_commit_adds_rows_once(writable_store, tmp_path, capsys, kind):
    file = write(tmp_path / f"{kind}.csv", csv_bytes(table(kind, *NEW_ROWS[kind])))
    before = counts(writable_store)

    code, out, err = run(capsys, "import", "--db", writable_store, "--kind", kind, file)
    assert (code, err) == (0, "")
    assert (
        f"{file.name}（{import_format.KIND_LABELS[kind]}）: 3 行を確認しました。新規 3 件 / 登録済み 0 件"
        in out
    )
    assert "何も登録していません" in out and "--commit を付けて" in out
    assert counts(writable_store) == before

    code, out, err = run(
        capsys, "import", "--db", writable_store, "--kind", kind, file, "--commit", "--actor", "県 担当"
    )
    assert (code, err) == (0, "")
    assert "3 件を登録しました。記録者: 県 担当" in out
    table_name = import_format.TABLES[kind]
    added = counts(writable_store)
    assert added == {**before, table_name: before[table_name] + 3, "audit_log": before["audit_log"] + 1}
    assert last_audit(writable_store) == ("県 担当", table_name, "import")

    code, out, err = run(capsys, "import", "--db", writable_store, "--kind", kind, file, "--commit")
    assert (code, err) == (0, "")
    assert "新規 0 件 / 登録済み 3 件" in out and "すべての行が登録済みです" in out
    assert counts(writable_store) == added


def test_actor_from_environment_then_os_user(writable_store, good_file, capsys, monkeypatch):
    monkeypatch.setenv("LIAISON_ACTOR", "  環境 担当 ")
    assert run(capsys, "import", "--db", writable_store, "--kind", "visits", good_file, "--commit")[0] == 0
    assert last_audit(writable_store)[0] == "環境 担当"

    monkeypatch.delenv("LIAISON_ACTOR")
    monkeypatch.setattr("getpass.getuser", lambda: "yamada")
    other = write(good_file.with_name("more.csv"), csv_bytes(table("visits", row("visits", 概要="別の訪問"))))
    code, out, _ = run(capsys, "import", "--db", writable_store, "--kind", "visits", other, "--commit")
    assert code == 0 and "記録者: CLI:yamada" in out
    assert last_audit(writable_store)[0] == "CLI:yamada"


def test_unusable_actor_is_a_usage_error(writable_store, good_file, capsys):
    before = counts(writable_store)
    code, out, err = run(
        capsys, "import", "--db", writable_store, "--kind", "visits", good_file, "--commit", "--actor", " "
    )
    assert (code, out) == (2, "")
    assert err.startswith("エラー: 記録者（--actor）が正しくありません") and "操作者が空です" in err
    assert counts(writable_store) == before


def test_warnings_are_printed(writable_store, tmp_path, capsys):
    from openpyxl import load_workbook

    con = store.connect(writable_store)
    try:
        workbook = load_workbook(io.BytesIO(template_xlsx("visits", con)))
    finally:
        con.close()
    sheet = workbook[import_format.SHEET_NAMES["visits"]]
    for position, value in enumerate(GOOD["visits"], start=1):
        sheet.cell(row=3, column=position, value=value or None)
    file = tmp_path / "filled.xlsx"
    workbook.save(file)
    code, out, err = run(capsys, "import", "--db", writable_store, "--kind", "visits", file)
    assert (code, err) == (0, "")
    assert "注意: ファイル filled.xlsx の 2 行目: テンプレートの記入例の行なので読み飛ばしました" in out
    assert "新規 1 件" in out


def test_every_problem_on_its_own_line(writable_store, tmp_path, capsys):
    rows = [row("visits", 訪問日="来週\nか再来週"), row("visits", 市町="神戸市"), row("visits", 目的="雑談")]
    file = write(tmp_path / "v.csv", csv_bytes(table("visits", *rows)))
    code, out, err = run(capsys, "import", "--db", writable_store, "--kind", "visits", file, "--commit")
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 4  # three problems and the closing line
    assert lines[0].startswith(
        "ファイル v.csv の 2 行目「訪問日」: 値「来週\\nか再来週」は日付として読めません"
    )
    assert lines[1].startswith("ファイル v.csv の 3 行目「市町」: 値「神戸市」は")
    assert lines[2].startswith("ファイル v.csv の 4 行目「目的」: 値「雑談」は選べない値です")
    assert lines[3].startswith("問題が 3 件あります。何も登録していません")
    assert "3 行を確認しました" in out


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda case: case.name)
def test_bad_file_exits_1_with_its_problem_and_writes_nothing(writable_store, tmp_path, capsys, case):
    file = write(tmp_path / case.file_name, case.build())
    before = counts(writable_store)
    code, out, err = run(capsys, "import", "--db", writable_store, "--kind", case.kind, file, "--commit")
    assert code == 1
    place = f"ファイル {case.file_name}"
    place += f" の {case.row} 行目" if case.row is not None else ""
    place += f"「{case.column}」" if case.column else ""
    assert any(line.startswith(place + ": ") and case.reason in line for line in err.splitlines()), err
    assert "何も登録していません" in err and "登録しました" not in out
    assert counts(writable_store) == before


def test_missing_input_file_is_a_usage_error(writable_store, tmp_path, capsys):
    missing = tmp_path / "nothing.csv"
    code, out, err = run(capsys, "import", "--db", writable_store, "--kind", "visits", missing)
    assert (code, out) == (2, "") and err == f"エラー: 取り込むファイルがありません: {missing}\n"


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("kind", RECORD_KINDS)
@pytest.mark.parametrize("form", ["csv", "cp932", "xlsx"])
def test_export_import_round_trip_into_a_fresh_store(writable_store, tmp_path, capsys, kind, form):
    out = tmp_path / (f"{kind}.xlsx" if form == "xlsx" else f"{kind}.csv")
    encoding = ["--encoding", "cp932"] if form == "cp932" else []
    code, printed, err = run(
        capsys, "export", "--db", writable_store, "--kind", kind, "--out", out, *encoding
    )
    assert (code, err) == (0, "")

    source = store.connect(writable_store)
    try:
        original = exporting.records_frame(source, kind)
        fresh = _fresh_store(tmp_path / "fresh.duckdb", source)
    finally:
        source.close()
    assert f"{import_format.KIND_LABELS[kind]} {len(original):,} 件を出力しました: {out}" in printed
    payload = out.read_bytes()
    if form == "csv":  # the page's download, byte for byte: UTF-8 with BOM by default
        assert payload == exporting.to_csv(original) and payload.startswith(b"\xef\xbb\xbf")
    elif form == "cp932":
        assert payload == exporting.to_csv(original, "cp932")
    else:
        assert payload.startswith(b"PK")

    code, printed, err = run(capsys, "import", "--db", fresh, "--kind", kind, out, "--commit")
    assert (code, err) == (0, ""), err
    assert f"{len(original):,} 件を登録しました" in printed
    con = store.connect(fresh)
    try:
        recreated = exporting.records_frame(con, kind)
    finally:
        con.close()
    pd.testing.assert_frame_equal(_sorted(recreated, kind), _sorted(original, kind))

    for target in (fresh, writable_store):  # importing the export again adds nothing, to either store
        before = counts(target)
        code, printed, err = run(capsys, "import", "--db", target, "--kind", kind, out, "--commit")
        assert (code, err) == (0, "")
        assert (
            f"新規 0 件 / 登録済み {len(original):,} 件" in printed and "すべての行が登録済みです" in printed
        )
        assert counts(target) == before


def test_explicit_utf8_encoding(writable_store, tmp_path, capsys):
    out = tmp_path / "v.csv"
    code, printed, _ = run(
        capsys, "export", "--db", writable_store, "--kind", "visits", "--out", out, "--encoding", "utf-8-sig"
    )
    assert code == 0 and "UTF-8（BOM付き）" in printed and out.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("name", ["visits.txt", "visits", "visits.xls"])
def test_export_unknown_suffix_is_refused(writable_store, tmp_path, capsys, name):
    out = tmp_path / name
    code, printed, err = run(capsys, "export", "--db", writable_store, "--kind", "visits", "--out", out)
    assert (
        (code, printed) == (2, "")
        and "出力先の拡張子は .csv か .xlsx にしてください" in err
        and str(out) in err
    )
    assert not out.exists()


def test_export_encoding_only_for_csv(writable_store, tmp_path, capsys):
    out = tmp_path / "v.xlsx"
    code, _, err = run(
        capsys, "export", "--db", writable_store, "--kind", "visits", "--out", out, "--encoding", "cp932"
    )
    assert code == 2 and "--encoding は .csv" in err and not out.exists()


def test_cp932_export_of_an_unencodable_character(writable_store, tmp_path, capsys):
    file = write(tmp_path / "in.csv", csv_bytes(table("visits", row("visits", 概要="𠮷野さんと面談"))))
    assert run(capsys, "import", "--db", writable_store, "--kind", "visits", file, "--commit")[0] == 0
    folder = tmp_path / "exports"
    folder.mkdir()
    out = write(folder / "out.csv", b"previous export")
    code, printed, err = run(
        capsys, "export", "--db", writable_store, "--kind", "visits", "--out", out, "--encoding", "cp932"
    )
    assert (code, printed) == (2, "") and "CP932（Shift_JIS）で表せない文字があります" in err and "𠮷" in err
    assert out.read_bytes() == b"previous export"  # a failed export leaves the old file alone
    assert [p.name for p in folder.iterdir()] == ["out.csv"]

    args = ["export", "--db", writable_store, "--kind", "visits", "--out", out, "--encoding", "cp932"]
    code, _, _ = run(capsys, *args, "--unencodable", "replace")
    assert code == 0 and "〓野さんと面談" in out.read_bytes().decode("cp932")


def test_export_replaces_the_file_atomically(writable_store, tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = write(folder / "readiness.xlsx", b"old")
    code, _, _ = run(capsys, "export", "--db", writable_store, "--kind", "readiness", "--out", out)
    assert code == 0 and out.read_bytes().startswith(b"PK")
    assert [p.name for p in folder.iterdir()] == ["readiness.xlsx"]  # no temporary left behind
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())  # an ordinary file, not mkstemp's 0600


# --------------------------------------------------------------------------- store and usage errors


def test_missing_store_exits_2_naming_it(good_file, tmp_path, capsys):
    missing = tmp_path / "nowhere.duckdb"
    code, out, err = run(capsys, "import", "--db", missing, "--kind", "visits", good_file, "--commit")
    assert (code, out) == (2, "") and err.startswith("エラー: ") and str(missing) in err
    out_file = tmp_path / "out.csv"
    code, out, err = run(capsys, "export", "--db", missing, "--kind", "visits", "--out", out_file)
    assert (code, out) == (2, "") and str(missing) in err
    assert not missing.exists() and not out_file.exists()  # opening did not create an empty store


def test_store_held_by_another_process_exits_2_and_writes_nothing(
    writable_store, good_file, tmp_path, capsys
):
    before = counts(writable_store)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(writable_store)], stdout=subprocess.PIPE, text=True
    )
    try:
        ready, _, _ = select.select([holder.stdout], [], [], 60)
        assert ready and holder.stdout.readline().strip() == "ready"
        code, out, err = run(
            capsys, "import", "--db", writable_store, "--kind", "visits", good_file, "--commit"
        )
        assert code == 2 and "登録しました" not in out
        assert err.startswith("エラー: ") and str(holder.pid) in err  # names the process holding it
        out_file = tmp_path / "out.csv"
        code, _, err = run(capsys, "export", "--db", writable_store, "--kind", "visits", "--out", out_file)
        assert code == 2 and str(holder.pid) in err and not out_file.exists()
    finally:
        holder.kill()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert counts(writable_store) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "--db", "x.duckdb", "--kind", "visit", "f.csv"], "--kind に 'visit' は指定できません"),
        (
            ["export", "--db", "x.duckdb", "--kind", "support", "--out", "f.csv"],
            "--kind に 'support' は指定できません",
        ),
        (["import", "--db", "x.duckdb", "f.csv"], "必要な引数がありません: --kind"),
        ([], "必要な引数がありません"),
    ],
)
def test_usage_errors_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "") and "usage:" in err and f"エラー: {message}" in err


# --------------------------------------------------------------------------- as a real command


def test_runs_as_python_m(writable_store, tmp_path):
    file = write(tmp_path / "visits.csv", csv_bytes(table("visits", *NEW_ROWS["visits"])))
    result = run_module("import", "--db", writable_store, "--kind", "visits", file)
    assert result.returncode == 0, result.stderr
    assert "新規 3 件 / 登録済み 0 件" in result.stdout and "何も登録していません" in result.stdout

    before = counts(writable_store)
    result = run_module(
        "import",
        "--db",
        writable_store,
        "--kind",
        "visits",
        file,
        "--commit",
        env={"LIAISON_ACTOR": "夜間ジョブ"},
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert "3 件を登録しました。記録者: 夜間ジョブ" in result.stdout
    assert counts(writable_store)["visits"] == before["visits"] + 3

    bad = write(tmp_path / "bad.csv", csv_bytes(table("visits", row("visits", 市町="神戸市"))))
    result = run_module("import", "--db", writable_store, "--kind", "visits", bad, "--commit")
    assert result.returncode == 1
    assert (
        "ファイル bad.csv の 2 行目「市町」: 値「神戸市」はDX推進リエゾンの対象外の市町です" in result.stderr
    )

    out = tmp_path / "export" / "visits.xlsx"
    result = run_module("export", "--db", writable_store, "--kind", "visits", "--out", out)
    assert result.returncode == 0, result.stderr
    assert f"件を出力しました: {out}" in result.stdout and out.read_bytes().startswith(b"PK")

    result = run_module("export", "--db", writable_store, "--kind", "nothing", "--out", out)
    assert result.returncode == 2 and "エラー: --kind に 'nothing' は指定できません" in result.stderr


# --------------------------------------------------------------------------- your own Excel: --map

LAST_YEAR = ["日付", "市町村名", "担当課", "用務", "訪問者", "内容", "天気"]
MAPPED = "日付=訪問日,市町村名=市町,担当課=訪問先部署,用務=目的,訪問者=リエゾン,内容=概要"


def _last_year(tmp_path, name: str, day: str) -> Path:
    rows = [LAST_YEAR, [day, "姫路市", "自治体DX担当", "定期巡回", "山本 由美", f"{day} の記録", "晴れ"]]
    return write(tmp_path / name, "\r\n".join(",".join(r) for r in rows).encode("cp932"))


def test_own_headers_import_with_map_then_the_saved_mapping(writable_store, tmp_path, capsys):
    first = _last_year(tmp_path, "昨年度.csv", "2025/6/2")
    code, out, err = run(capsys, "import", "--db", writable_store, "--kind", "visits", first)
    assert code == 1  # not ours, nothing saved: the header problems and the suggested --map
    assert "必須の列「訪問日」がありません" in err
    assert "  日付 → 訪問日" in err and "  用務 → 取り込まない" in err
    assert '--map "日付=訪問日,市町村名=市町,担当課=訪問先部署,用務=取り込まない,' in err

    before = counts(writable_store)
    args = ("import", "--db", writable_store, "--kind", "visits", first, "--commit", "--actor", "CLI担当")
    code, out, err = run(capsys, *args, "--map", MAPPED)
    assert (code, err) == (0, ""), err
    assert out.startswith("見出しの対応（--map の指定）:\n  日付 → 訪問日\n")
    assert "  天気 → 取り込まない" in out and "注意: ファイル 昨年度.csv の 1 行目「天気」" in out
    assert "1 件を登録しました" in out and "見出しの対応を保存しました" in out
    after = counts(writable_store)
    assert after["visits"] == before["visits"] + 1 and after["import_column_maps"] == 1

    second = _last_year(tmp_path, "今年度.csv", "2025/7/1")
    code, out, err = run(capsys, "import", "--db", writable_store, "--kind", "visits", second, "--commit")
    assert (code, err) == (0, ""), err
    assert out.startswith("見出しの対応（同じ見出しで保存済みの対応: ") and "、CLI担当）:" in out
    assert "  用務 → 目的" in out and "1 件を登録しました" in out
    assert counts(writable_store)["visits"] == before["visits"] + 2

    code, out, err = run(
        capsys, "import", "--db", writable_store, "--kind", "visits", second, "--map", "曜日=訪問日"
    )
    assert code == 2 and "--map が正しくありません: ファイルに見出し「曜日」の列がありません" in err
