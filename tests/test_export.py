"""Exports: formula neutralising, CSV encodings and line ends, .xlsx cells, records in the import format."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
import pytest

from liaison.records import exporting, import_format
from tests.import_corpus import RECORD_KINDS

# --------------------------------------------------------------------------- neutralising


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://example.invalid","x")', '\'=HYPERLINK("http://example.invalid","x")'),
        ("+81-78-000-0000", "'+81-78-000-0000"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("\tplain", "'\tplain"),
        ("  =1+1", "'  =1+1"),
        ("＝１＋１", "'＝１＋１"),
        ("'=1+1", "''=1+1"),
        ("普通の文章", "普通の文章"),
        ("a=b", "a=b"),
        ("'quoted'", "'quoted'"),
        ("", ""),
    ],
)
def test_neutralize(value, written):
    assert exporting.neutralize(value) == written
    assert exporting.unneutralize(exporting.neutralize(value)) == value


@pytest.mark.parametrize("value", [-5, 3.5, 0, None, date(2025, 4, 1)])
def test_neutralize_leaves_non_text_alone(value):
    assert exporting.neutralize(value) is value


def test_unneutralize_is_an_exact_inverse_on_apostrophes():
    for value in ["'", "''", "'a", "''=x", "'\t", "x'"]:
        assert exporting.unneutralize(exporting.neutralize(value)) == value


# --------------------------------------------------------------------------- CSV

FRAME = pd.DataFrame(
    {
        "件名": ["=cmd|' /C calc'!A0", "<script>alert(1)</script>", "改行\nあり"],
        "日付": [date(2025, 4, 1), pd.NaT, pd.Timestamp("2025-05-02")],
        "点数": pd.array([3, None, -1], dtype="Int64"),
        "比率": [0.5, float("nan"), -1.25],
    }
)


def test_csv_is_utf8_with_bom_and_crlf():
    data = exporting.to_csv(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith("件名,日付,点数,比率\r\n")
    assert "'=cmd|' /C calc'!A0" in text
    assert "<script>alert(1)</script>" in text  # CSV is not HTML: kept verbatim
    assert '"改行\nあり"' in text
    assert ",2025-04-01,3,0.5\r\n" in text and ",,," in text and ",-1,-1.25\r\n" in text
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig").shape == (3, 4)


def test_csv_cp932_with_lookalikes():
    frame = pd.DataFrame({"件名": ["〜 − ‖ — ¢ £ ¬", "髙①"]})
    data = exporting.to_csv(frame, "cp932")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("cp932") == "件名\r\n～ － ∥ ― ￠ ￡ ￢\r\n髙①\r\n"


def test_csv_cp932_refuses_characters_it_cannot_hold():
    frame = pd.DataFrame({"件名": ["普通", "𠮷野家 🍜"], "内容": ["ok", "ok"]})
    with pytest.raises(exporting.ExportEncodingError) as raised:
        exporting.to_csv(frame, "cp932")
    assert "3 行目「件名」の「𠮷🍜」" in str(raised.value) and "UTF-8" in str(raised.value)
    assert raised.value.cells == [(3, "件名", "𠮷🍜")]
    replaced = exporting.to_csv(frame, "cp932", unencodable="replace").decode("cp932")
    assert "〓野家 〓" in replaced


def test_csv_unknown_encoding_is_refused():
    with pytest.raises(ValueError):
        exporting.to_csv(FRAME, "latin-1")


# --------------------------------------------------------------------------- xlsx


def test_xlsx_has_no_formulas_and_real_dates():
    from openpyxl import load_workbook

    frame = FRAME.assign(制御=["a\x07b", "x", "y"])
    workbook = load_workbook(io.BytesIO(exporting.to_xlsx(frame, sheet_name="相談[一覧]")))
    sheet = workbook.worksheets[0]
    assert sheet.title == "相談_一覧_"
    assert [c.value for c in sheet[1]] == ["件名", "日付", "点数", "比率", "制御"]
    cells = sheet[2]
    assert cells[0].value == "'=cmd|' /C calc'!A0" and cells[0].data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert cells[1].value == datetime(2025, 4, 1) and cells[1].number_format == "yyyy-mm-dd"
    assert (cells[2].value, cells[3].value, cells[4].value) == (3, 0.5, "a\ufffdb")
    assert sheet[3][1].value is None and sheet[3][2].value is None
    assert sheet.freeze_panes == "A2"


def test_xlsx_refuses_more_rows_than_a_sheet_holds(monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_ROWS_MAX", 3)
    with pytest.raises(ValueError, match="CSVで出力してください"):
        exporting.to_xlsx(FRAME)


def test_odd_values_never_crash_an_export():
    from openpyxl import load_workbook

    frame = pd.DataFrame(
        {
            "時刻": [pd.Timestamp("2025-04-01 10:30", tz="Asia/Tokyo"), pd.Timestamp("2025-04-02")],
            "値": [float("inf"), [1, 2]],
            "真偽": [True, None],
        }
    )
    text = exporting.to_csv(frame).decode("utf-8-sig")
    assert "2025-04-01 10:30:00,,TRUE\r\n" in text and '2025-04-02,"[1, 2]",\r\n' in text
    sheet = load_workbook(io.BytesIO(exporting.to_xlsx(frame))).worksheets[0]
    assert sheet["A2"].value == datetime(2025, 4, 1, 10, 30) and sheet["B3"].value == "[1, 2]"


# --------------------------------------------------------------------------- records in the import format


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_records_frame_has_the_import_headers(con, kind):
    frame = exporting.records_frame(con, kind)
    assert list(frame.columns) == import_format.HEADERS[kind]
    assert len(frame) == {"visits": 693, "consultations": 1112, "readiness": 80}[kind]
    assert "神戸市" not in set(frame["市町"])


def test_records_frame_filters(con):
    himeji = exporting.records_frame(con, "consultations", municipality_code="282014", fiscal_year=2025)
    assert set(himeji["市町"]) == {"姫路市"}
    assert himeji["受付日"].min() >= date(2025, 4, 1)
    done = exporting.records_frame(con, "consultations", status="完了", date_to=date(2024, 12, 31))
    assert set(done["状況"]) == {"完了"} and done["完了日"].notna().all()
    region = exporting.records_frame(con, "visits", region_id="naka_harima")
    assert 0 < len(region) < 693
    readiness = exporting.records_frame(con, "readiness", fiscal_year=2025, codes=["282014", "282022"])
    assert readiness["市町"].tolist() == ["姫路市", "尼崎市"]
    with pytest.raises(TypeError):
        exporting.records_frame(con, "visits", status="完了")
    with pytest.raises(TypeError):
        exporting.records_frame(con, "visits", colour="red")


def test_records_frame_keys_are_stable_content_keys(con):
    frame = exporting.records_frame(con, "visits")
    assert frame["管理番号"].str.fullmatch(r"V-[0-9a-f]{20}").all()
    assert frame["管理番号"].is_unique
    assert exporting.records_frame(con, "visits")["管理番号"].tolist() == frame["管理番号"].tolist()
