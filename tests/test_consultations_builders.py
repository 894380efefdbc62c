"""相談案件 builders on hand-made data: the 経過日数 filter, the monthly trend's axis, the line naming the
filters, blanks in the table and the export."""

from datetime import date

import pandas as pd
import pytest

from liaison import consultations, store
from liaison.consultations import Filters
from liaison.queries import run_query
from liaison.records import exporting

AS_OF = date(2025, 11, 30)
FY2025 = Filters(date_from=date(2025, 4, 1), date_to=AS_OF, trend_from=date(2024, 4, 1))
# id: (received_on, status, closed_on); ages at AS_OF for the open ones
CASES = {
    1: (date(2025, 9, 1), "受付", None),  # exactly 90 days: not "over 90"
    2: (date(2025, 8, 31), "対応中", None),  # 91 days
    3: (date(2025, 5, 1), "保留", None),  # 213 days
    4: (date(2025, 4, 10), "完了", date(2025, 6, 1)),  # closed: no age, never "over" anything
    5: (date(2025, 11, 20), "受付", None),  # 10 days
    6: (date(2024, 6, 1), "対応中", None),  # 547 days, but received before the period
}


def _fill(con) -> None:
    for consultation_id, (received, status, closed) in CASES.items():
        con.execute(
            "insert into consultations (consultation_id, received_on, municipality_code, field_id, channel,"
            " title, detail, status, closed_on) values ($id, $received, '282014', 'genai', 'メール', $title, '',"
            " $status, $closed)",
            {"id": consultation_id, "received": received, "title": f"相談{consultation_id}", "status": status,
             "closed": closed},
        )  # fmt: skip


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("consultations") / "small.duckdb", _fill)
    connection = store.connect(path)
    yield connection
    connection.close()


def _params(filters: Filters) -> dict:
    return {
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "as_of": AS_OF,
        "region_id": filters.region_id,
        "codes": list(filters.codes) or None,
        "field_ids": list(filters.field_ids) or None,
        "statuses": list(filters.statuses) or None,
        "support_types": list(filters.support_types) or None,
        "owner_id": filters.owner_id,
        "text": filters.text,
        "min_age_days": filters.min_age_days,
    }


def _view(con, filters: Filters, lang: str = "ja"):
    rows = run_query("consultations_filtered", con, **_params(filters), limit=None)
    facets = run_query("consultation_facets", con, **_params(filters), trend_from=filters.trend_from)
    return consultations.build(facets, rows, {"genai": "生成AI"}, AS_OF, lang, filters.trend_from), rows


@pytest.mark.parametrize(
    ("days", "ids"), [(None, [5, 1, 2, 3, 4]), (30, [1, 2, 3]), (90, [2, 3]), (180, [3])]
)
def test_age_filter_lists_exactly_the_open_cases_older_than_n_days(small, days, ids):
    view, rows = _view(small, Filters(**{**FY2025.__dict__, "min_age_days": days}))
    assert list(view.ids) == ids  # newest first; case 6 lies before the period, case 4 is closed
    assert view.table.num_rows == view.total == len(consultations.export_frame(rows)) == len(ids)
    if days:
        assert view.open == view.total and view.closed == 0


def test_age_90_lists_what_the_over_90_tile_counts(small):
    unfiltered, _ = _view(small, FY2025)
    over_90, rows = _view(small, Filters(**{**FY2025.__dict__, "min_age_days": 90}))
    assert unfiltered.open_over_90 == over_90.open_over_90 == over_90.total == over_90.table.num_rows == 2
    assert len(exporting.to_csv(consultations.export_frame(rows)).decode("utf-8-sig").splitlines()) == 1 + 2


def test_blanks_stay_blank_in_the_table_and_the_export(small):
    view, rows = _view(small, FY2025)
    table = view.table.to_pandas()
    closed = table[table["consultation_id"] == 4].iloc[0]
    assert pd.isna(closed["age_days"]) and pd.isna(closed["owner_name"])  # drawn with the table's "—"
    text = exporting.to_csv(consultations.export_frame(rows)).decode("utf-8-sig")
    for word in ("None", "nan", "NaT", ".0,"):
        assert word not in text, word
    lines = {line.split(",")[0]: line.split(",") for line in text.splitlines()[1:]}
    headers = list(consultations.EXPORT_COLUMNS.values())
    age, owner = headers.index("経過日数"), headers.index("担当リエゾン")
    assert (lines["4"][age], lines["4"][owner]) == ("", "")
    assert (lines["2"][age], lines["3"][age]) == ("91", "213")


def _months(rows: list[tuple[int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"facet": "month", "key": str(year), "key2": str(month), "n": n} for year, month, n in rows]
    )


APR_MAR_EN = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
APR_MAR_JA = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"]


@pytest.mark.parametrize(("lang", "labels"), [("en", APR_MAR_EN), ("ja", APR_MAR_JA)])
def test_trend_runs_april_to_march_for_a_fiscal_year(lang, labels):
    facets = _months([(2025, 4, 3), (2025, 12, 5), (2024, 1, 7), (2024, 3, 2)])  # Dec 2025: after as_of
    fig = consultations.monthly_trend(facets, lang, as_of=date(2025, 11, 30), start=date(2024, 4, 1))
    axis = fig.layout.xaxis
    assert axis.type == "category" and list(axis.categoryarray) == labels
    this_year, last_year = fig.data
    assert list(this_year.x) == list(last_year.x) == labels
    assert list(this_year.y) == [3, 0, 0, 0, 0, 0, 0, 0, None, None, None, None]  # Dec… after as_of: blank
    assert list(last_year.y) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 2]


def test_trend_of_a_custom_period_across_a_year_end_keeps_the_fiscal_axis():
    """2025-11-01 … 2026-05-31 spans a calendar and a fiscal year end: two 年度 lines on one April → March axis."""
    facets = _months([(2025, 11, 1), (2025, 12, 2), (2025, 1, 3), (2025, 3, 4), (2026, 4, 5), (2026, 5, 6)])
    fig = consultations.monthly_trend(facets, "en", as_of=date(2026, 5, 31), start=date(2025, 11, 1))
    assert list(fig.layout.xaxis.categoryarray) == APR_MAR_EN
    fy2026, fy2025 = fig.data
    assert (fy2026.name, fy2025.name) == ("FY2026", "FY2025")
    assert list(fy2025.x) == APR_MAR_EN
    assert list(fy2025.y) == [None] * 7 + [1, 2, 3, 0, 4]  # months before the period are not zeros
    assert list(fy2026.y) == [5, 6] + [None] * 10


def test_scope_names_the_period_and_every_active_filter():
    plain = consultations.describe_scope(FY2025, AS_OF, "ja", fiscal_year=2025)
    assert plain == "集計範囲：令和7年度（2025）に受付（2025-04-01〜2025-11-30）（2025-11-30 時点）"
    every = Filters(
        date_from=date(2025, 10, 1),
        date_to=date(2026, 1, 31),
        trend_from=date(2025, 10, 1),
        region_id="tajima",
        codes=("282090",),
        field_ids=("genai",),
        statuses=("受付", "保留"),
        support_types=("事例紹介",),
        owner_id="R-tajima-1",
        text="RPA",
        min_age_days=90,
    )
    names = {"region": "但馬", "municipalities": ("豊岡市",), "fields": ("生成AI",), "owner": "但馬 一郎"}
    assert consultations.describe_scope(every, date(2026, 2, 1), "ja", **names) == (
        "集計範囲：2025-10-01〜2026-01-31に受付／圏域：但馬／市町：豊岡市／分野：生成AI／状況：受付、保留"
        "／支援の種類：事例紹介／担当リエゾン：但馬 一郎／検索語：「RPA」／経過日数：90日超（未完了）"
        "（2026-02-01 時点）"
    )
    names_en = {**names, "region": "Tajima", "municipalities": ("Toyooka",), "fields": ("Generative AI",)}
    assert consultations.describe_scope(every, date(2026, 2, 1), "en", **names_en) == (
        "Counted: received 2025-10-01 to 2026-01-31 · Region: Tajima · Municipality: Toyooka"
        " · Field: Generative AI · Status: Received, On hold · Support type: Case introduction"
        ' · Owner: 但馬 一郎 · Search: "RPA" · Age: open over 90 days (as of 2026-02-01)'
    )


def test_each_tile_says_what_it_counts():
    helps = consultations.tile_help(AS_OF, "en")
    assert set(helps) == {"count", "open", "over_90", "closed"}
    assert "Received, In progress, On hold on 2025-11-30" in helps["open"]
    assert "Referred, Done" in helps["closed"]
    assert all("2025-11-30" in text for text in helps.values())
    assert "受付・対応中・保留" in consultations.tile_help(AS_OF, "ja")["open"]


SCOPE_CASES = [
    {},
    {"region_id": "tajima"},
    {"codes": ["282014", "282090"]},
    {"field_ids": ["awareness", "policy"]},
    {"statuses": ["受付", "完了"]},
    {"support_types": ["関係部署への橋渡し"]},
    {"support_types": ["関係部署への橋渡し", "事例紹介"], "region_id": "awaji"},
    {"owner_id": "R-naka_harima-2"},
    {"text": "ガバ"},
    {"date_from": date(2000, 1, 1)},
]


@pytest.mark.parametrize("case", SCOPE_CASES)
def test_the_lean_filter_selects_what_the_schemas_filter_selects(con, as_of, case):
    """consultations_matching (queries/macros.sql) and the listed rows' lists give what the schema's
    consultations_in_scope (migration 009) gives: the same consultations, the same support and departments."""
    p = {
        "date_from": date(as_of.year - 1, 4, 1),
        "date_to": as_of,
        "as_of": as_of,
        "region_id": None,
        "codes": None,
        "field_ids": None,
        "statuses": None,
        "support_types": None,
        "owner_id": None,
        "text": None,
        **case,
    }
    reference = con.execute(
        """select consultation_id, array_to_string(support_types, ' / ') as support,
               array_to_string(referred_departments, '、') as referred_departments, support_actions,
               is_open, age_days, fiscal_year
           from consultations_in_scope($date_from, $date_to, $as_of, $region_id, $codes, $field_ids,
               $statuses, $support_types, $owner_id, $text)
           order by received_on desc, consultation_id desc""",
        p,
    ).df()
    listed = run_query("consultations_filtered", con=con, min_age_days=None, limit=None, **p)
    columns = list(reference.columns)
    assert len(reference) > 0 or case.get("text")
    assert listed[columns].reset_index(drop=True).equals(reference)
    facets = run_query("consultation_facets", con=con, min_age_days=None, trend_from=p["date_from"], **p)
    for facet, column, sep in (("support", "support", " / "), ("referral", "referred_departments", "、")):
        counted = facets[facets["facet"] == facet].set_index("key")["n"].to_dict()
        expected = reference[column].str.split(sep).explode().loc[lambda s: s != ""].value_counts().to_dict()
        assert counted == expected, facet
