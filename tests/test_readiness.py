"""Readiness and top-management pages: the contract queries on a hand-checked store, then the pages."""

from __future__ import annotations

import map_shown
import pandas as pd
import planner_fixtures
import pytest

from liaison import store
from liaison.queries import run_query

HIMEJI, AMAGASAKI, NISHINOMIYA, TOYOOKA = "282014", "282022", "282049", "282090"
SUMOTO, MINAMIAWAJI, AWAJI = "282057", "282243", "282260"  # the three municipalities of 淡路
KOBE = "281000"  # outside the programme: its records must never count

# --------------------------------------------------------------------------- a small store, counted by hand
# Hearings (年度, step, eight scores in item order):
HEARINGS = [
    (HIMEJI, 2025, 3, (4, 4, 4, 4, 4, 4, 4, 4)),  # mean 4.00
    (HIMEJI, 2024, 2, (3, 3, 3, 3, 4, 4, 4, 4)),  # mean 3.50
    (TOYOOKA, 2025, 2, (3, 3, 3, 2, 2, 2, 3, 4)),  # mean 2.75
    (TOYOOKA, 2023, 1, (2, 2, 2, 2, 2, 2, 2, 2)),  # two years back: not "previous"
    (SUMOTO, 2025, 0, (1, 1, 1, 1, 1, 1, 1, 1)),
    (SUMOTO, 2024, 0, (1, 1, 1, 1, 1, 1, 1, 2)),
    (MINAMIAWAJI, 2025, 1, (2, 2, 1, 1, 1, 1, 2, 2)),  # mean 1.50
    (AWAJI, 2024, 0, (1, 2, 1, 2, 1, 2, 1, 2)),  # heard last year only
    (AMAGASAKI, 2025, 3, (5, 4, 4, 4, 3, 3, 4, 5)),
    (NISHINOMIYA, 2025, 1, (2, 3, 2, 2, 1, 2, 2, 3)),
    (KOBE, 2025, 3, (5, 5, 5, 5, 5, 5, 5, 5)),
]
# Consultations (municipality, received_on, field → its typical_step):
CONSULTATIONS = [
    (HIMEJI, "2025-05-10", "genai"),  # 3
    (HIMEJI, "2025-06-10", "genai"),  # 3
    (HIMEJI, "2025-12-01", "genai"),  # 3
    (HIMEJI, "2025-07-01", "policy"),  # 1
    (HIMEJI, "2025-03-31", "awareness"),  # 0, but 令和6年度: not counted for 2025
    (TOYOOKA, "2025-08-01", "structure"),  # 2
    (TOYOOKA, "2025-09-01", "structure"),  # 2
    (TOYOOKA, "2025-10-01", "talent"),  # 2
    (SUMOTO, "2025-04-01", "awareness"),  # 0, first day of the 年度
    (SUMOTO, "2026-03-31", "awareness"),  # 0, last day of the 年度
    (MINAMIAWAJI, "2025-11-11", "frontyard"),  # 3
    (KOBE, "2025-06-01", "genai"),  # outside the programme
    (KOBE, "2025-06-02", "genai"),
]
# Visits (municipality, visited_on, purpose, topic field or None):
VISITS = [
    (HIMEJI, "2025-05-01", "個別支援", "policy"),  # 1
    (HIMEJI, "2025-06-01", "定期巡回", None),
    (HIMEJI, "2025-07-01", "定期巡回", None),
    (HIMEJI, "2025-08-01", "ヒアリング調査", None),
    (TOYOOKA, "2025-09-01", "個別支援", "genai"),  # 3
    (TOYOOKA, "2025-10-01", "個別支援", "genai"),  # 3
    (SUMOTO, "2025-04-20", "個別支援", "awareness"),  # 0
    (SUMOTO, "2025-03-15", "個別支援", "structure"),  # 令和6年度: not counted for 2025
    (MINAMIAWAJI, "2025-06-15", "定期巡回", None),
    (KOBE, "2025-06-15", "個別支援", "awareness"),
]
SCORE_COLUMNS = planner_fixtures.ITEMS  # the eight hearing items, as stored


def _fill_small(con) -> None:
    con.execute(
        "insert into liaisons (liaison_id, name_ja, section) values ('R-test', 'テスト リエゾン', 'デジタル戦略課');"
        " insert into liaison_assignments (liaison_id, kind, region_id) values ('R-test', '地域', 'awaji')"
    )
    for code, year, step, scores in HEARINGS:
        con.execute(
            "insert into readiness_assessments (municipality_code, fiscal_year, assessed_on, step, "
            "score_vision, score_top_commitment, score_structure, score_staff_mindset, score_talent_profile, "
            "score_talent_policy, score_progress, score_issue_awareness) "
            "values ($code, $year, make_date($year, 8, 1), $step, $s1, $s2, $s3, $s4, $s5, $s6, $s7, $s8)",
            {"code": code, "year": year, "step": step, **{f"s{i + 1}": s for i, s in enumerate(scores)}},
        )
    for code, day, field in CONSULTATIONS:
        con.execute(
            "insert into consultations (received_on, municipality_code, field_id, channel, title, status) "
            "values ($day, $code, $field, 'メール', 'テスト相談', '受付')",
            {"day": day, "code": code, "field": field},
        )
    for code, day, purpose, topic in VISITS:
        con.execute(
            "insert into visits (visited_on, municipality_code, liaison_id, department, purpose, topic_field_id) "
            "values ($day, $code, 'R-test', '自治体DX担当', $purpose, $topic)",
            {"day": day, "code": code, "purpose": purpose, "topic": topic},
        )


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("small") / "small.duckdb", _fill_small)
    con = store.connect(path)
    yield con
    con.close()


def gap(con, fiscal_year=2025, region_id=None, codes=None) -> dict[str, list[int]]:
    frame = run_query("step_gap", con=con, fiscal_year=fiscal_year, region_id=region_id, codes=codes)
    assert list(frame.columns) == ["step", "municipalities", "consultations", "visits"]
    assert list(frame["step"]) == [0, 1, 2, 3]
    return {
        column: [int(v) for v in frame[column]] for column in ("municipalities", "consultations", "visits")
    }


def test_step_gap_whole_prefecture(small):
    assert gap(small) == {
        # 洲本 | 南あわじ, 西宮 | 豊岡 | 姫路, 尼崎 (神戸 not counted, 淡路市 not heard in 2025)
        "municipalities": [1, 2, 1, 2],
        # 洲本 ×2 | 姫路 policy | 豊岡 ×3 | 姫路 genai ×3, 南あわじ frontyard
        "consultations": [2, 1, 3, 4],
        # 洲本 awareness | 姫路 policy | — | 豊岡 genai ×2 (定期巡回・ヒアリング調査 have no step)
        "visits": [1, 1, 0, 2],
    }


def test_step_gap_one_region(small):
    assert gap(small, region_id="awaji") == {
        "municipalities": [1, 1, 0, 0],
        "consultations": [2, 0, 0, 1],
        "visits": [1, 0, 0, 0],
    }


def test_step_gap_codes(small):
    assert gap(small, codes=[HIMEJI, SUMOTO]) == {
        "municipalities": [1, 0, 0, 1],
        "consultations": [2, 1, 0, 3],
        "visits": [1, 1, 0, 0],
    }
    assert gap(small, region_id="awaji", codes=[HIMEJI]) == {
        "municipalities": [0, 0, 0, 0],
        "consultations": [0, 0, 0, 0],
        "visits": [0, 0, 0, 0],
    }


def test_step_gap_previous_year_and_empty_year(small):
    assert gap(small, fiscal_year=2024) == {
        "municipalities": [2, 0, 1, 0],  # 洲本, 淡路市 | — | 姫路
        "consultations": [1, 0, 0, 0],  # 姫路 2025-03-31
        "visits": [0, 0, 1, 0],  # 洲本 2025-03-15 structure
    }
    assert gap(small, fiscal_year=2030) == {
        "municipalities": [0, 0, 0, 0],
        "consultations": [0, 0, 0, 0],
        "visits": [0, 0, 0, 0],
    }


HEATMAP_COLUMNS = [
    "code",
    "name_ja",
    "name_en",
    "region_id",
    "region_name_ja",
    "region_name_en",
    "region_sort",
    "step",
    *SCORE_COLUMNS,
    "mean_score",
    "previous_step",
    "previous_mean_score",
]


def test_heatmap_rows_and_values(small):
    frame = run_query("readiness_heatmap", con=small, fiscal_year=2025, region_id=None, codes=None)
    assert list(frame.columns) == HEATMAP_COLUMNS
    assert len(frame) == 40 and KOBE not in set(frame["code"])
    assert list(frame["region_sort"]) == sorted(frame["region_sort"])
    rows = frame.set_index("code")
    assert rows.loc[HIMEJI, "mean_score"] == 4.0 and rows.loc[HIMEJI, "previous_mean_score"] == 3.5
    assert rows.loc[HIMEJI, "step"] == 3 and rows.loc[HIMEJI, "previous_step"] == 2
    assert rows.loc[TOYOOKA, "mean_score"] == 2.75 and pd.isna(rows.loc[TOYOOKA, "previous_step"])
    assert rows.loc[MINAMIAWAJI, "mean_score"] == 1.5
    assert rows.loc[MINAMIAWAJI, "score_structure"] == 1 and rows.loc[MINAMIAWAJI, "score_vision"] == 2
    assert pd.isna(rows.loc[AWAJI, "step"]) and rows.loc[AWAJI, "previous_step"] == 0
    assert rows.loc[AWAJI, "previous_mean_score"] == 1.5
    assert frame["step"].notna().sum() == 6


def test_heatmap_region_and_codes(small):
    awaji = run_query("readiness_heatmap", con=small, fiscal_year=2025, region_id="awaji", codes=None)
    assert list(awaji["code"]) == [SUMOTO, MINAMIAWAJI, AWAJI]
    assert list(awaji["region_name_ja"].unique()) == ["淡路"]
    two = run_query("readiness_heatmap", con=small, fiscal_year=2025, region_id=None, codes=[TOYOOKA, HIMEJI])
    assert list(two["code"]) == [HIMEJI, TOYOOKA]  # 中播磨 comes before 但馬


def test_step_distribution_by_region(small, con):
    frame = run_query("step_distribution_by_region", con=small, fiscal_year=2025)
    assert list(frame.columns) == [
        "region_id",
        "region_name_ja",
        "region_name_en",
        "region_sort",
        "step",
        "municipalities",
    ]
    assert len(frame) == 9 * 5  # nine liaison regions × (steps 0–3 and not yet heard)
    awaji = frame[frame["region_id"] == "awaji"]
    assert [None if pd.isna(s) else int(s) for s in awaji["step"]] == [0, 1, 2, 3, None]
    assert list(awaji["municipalities"]) == [1, 1, 0, 0, 1]
    targets = dict(
        con.execute(
            "select region_id, count(*) from municipalities where is_liaison_target group by 1"
        ).fetchall()
    )
    assert frame.groupby("region_id")["municipalities"].sum().to_dict() == targets
    assert frame.loc[frame["step"].notna(), "municipalities"].sum() == 6
    assert "kobe" not in set(frame["region_id"])


# --------------------------------------------------------------------------- the demo store


def test_demo_visit_topics_only_on_individual_support(con):
    rows = con.execute(
        "select purpose, count(*) filter (where topic_field_id is not null), count(*) from visits group by 1"
    ).fetchall()
    tied = {purpose: (with_topic, total) for purpose, with_topic, total in rows}
    assert tied["個別支援"][0] == tied["個別支援"][1] > 0
    assert tied["定期巡回"][0] == 0 and tied["ヒアリング調査"][0] == 0
    unknown = con.execute(
        "select count(*) from visits where topic_field_id is not null "
        "and topic_field_id not in (select field_id from dx_fields)"
    ).fetchone()[0]
    assert unknown == 0


def test_demo_step_gap_adds_up(con):
    frame = run_query("step_gap", con=con, fiscal_year=2025, region_id=None, codes=None)
    assert frame["municipalities"].sum() == 40
    assert frame["consultations"].sum() == 453  # every consultation of 令和7年度 has a field
    support = con.execute(
        "select count(*) from visits where purpose = '個別支援' and visited_on >= '2025-04-01'"
    ).fetchone()[0]
    assert frame["visits"].sum() == support
    # the programme's diagnosis, as the demo is shaped: most stand at 0–2, most consultations are on step 3
    assert frame["municipalities"][:3].sum() > frame["municipalities"][3]
    assert frame["consultations"][3] > frame["consultations"][:3].sum()


def test_demo_heatmap_matches_metrics(con, as_of):
    heat = run_query("readiness_heatmap", con=con, fiscal_year=2025, region_id=None, codes=None)
    metrics = run_query("municipality_metrics", con=con, fiscal_year=2025, as_of=as_of).set_index("code")
    assert len(heat) == 40
    for row in heat.itertuples():
        assert row.mean_score == metrics.loc[row.code, "readiness_index"]
        assert row.step == metrics.loc[row.code, "step"]
    assert heat["previous_step"].notna().all()


def test_wrappers_call_the_queries(app_env, con):
    from dashboard.readers import readiness as readiness_readers

    got = readiness_readers.step_gap(2025, "tajima", None)
    pd.testing.assert_frame_equal(
        got, run_query("step_gap", con=con, fiscal_year=2025, region_id="tajima", codes=None)
    )
    two = readiness_readers.readiness_heatmap(2025, None, (HIMEJI, TOYOOKA))
    assert list(two["code"]) == [HIMEJI, TOYOOKA]
    assert len(readiness_readers.step_distribution_by_region(2024)) == 45


# --------------------------------------------------------------------------- builders


def test_order_heatmap_sorts_within_regions(con):
    from liaison import readiness

    heat = run_query("readiness_heatmap", con=con, fiscal_year=2025, region_id=None, codes=None)
    by_mean = readiness.order_heatmap(heat, "mean", group_by_region=True)
    assert list(by_mean["region_sort"]) == sorted(by_mean["region_sort"])
    for _, rows in by_mean.groupby("region_sort"):
        assert rows["mean_score"].is_monotonic_increasing
    flat = readiness.order_heatmap(heat, "score_vision", group_by_region=False)
    assert flat["score_vision"].is_monotonic_increasing
    unknown = readiness.order_heatmap(heat, "not_a_column")  # falls back to region order
    assert list(unknown["code"]) == list(heat["code"])


def test_changes_against_previous_year(small):
    from liaison import readiness

    now = run_query("readiness_heatmap", con=small, fiscal_year=2025, region_id=None, codes=None)
    before = run_query("readiness_heatmap", con=small, fiscal_year=2024, region_id=None, codes=None)
    # heard both years: 姫路 (2 → 3) and 洲本 (0 → 0)
    assert readiness.step_changes(now) == readiness.StepChanges(compared=2, up=1, same=1, down=0)
    items = readiness.item_changes(now, before).set_index("item")
    # score_talent_profile: 姫路 4 → 4, 洲本 1 → 1; score_vision: 姫路 3 → 4, 洲本 1 → 1
    assert items.loc["score_vision", "delta"] == 0.5
    assert items.loc["score_talent_profile", "delta"] == 0.0
    assert items.loc["score_issue_awareness", "delta"] == -0.5  # 洲本 2 → 1, 姫路 4 → 4


def test_score_distribution_counts_heard_only(small):
    from liaison import readiness

    heat = run_query("readiness_heatmap", con=small, fiscal_year=2025, region_id="awaji", codes=None)
    dist = readiness.score_distribution(heat).set_index(["item", "score"])["municipalities"]
    assert dist.groupby(level="item").sum().eq(2).all()  # 洲本 and 南あわじ; 淡路市 not heard
    assert dist[("score_vision", 1)] == 1 and dist[("score_vision", 2)] == 1


def test_relationship_metric_classes():
    from liaison import mapdeck, relations

    metric = relations.relationship_metric()
    assert metric.format(2, "ja") == "首長対話済" and metric.format(1, "en") == "Executives reached"
    breaks, palette, legend = mapdeck.colour_scale(metric, pd.Series([0, 1, 2]), "ja")
    assert palette == relations.LEVEL_COLORS and [e.label for e in legend][0] == "接触なし"


def test_timeline_hover_escapes_names():
    from liaison import relations

    frame = pd.DataFrame(
        {
            "held_on": [pd.Timestamp(2025, 5, 1)],
            "kind": ["首長対話"],
            "title": ["<script>x</script>"],
            "participants": [1],
            "municipalities_ja": ["<b>町</b>"],
            "municipalities_en": ["<b>Town</b>"],
        }
    )
    figure = relations.timeline_chart(frame, "ja")
    title, _, names = figure.data[0].customdata[0]
    assert title == "&lt;script&gt;x&lt;/script&gt;" and names == "&lt;b&gt;町&lt;/b&gt;"


# --------------------------------------------------------------------------- the pages (AppTest)


def open_page(page: str, **query):
    from streamlit.testing.v1 import AppTest

    from liaison import paths

    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=30)
    at.switch_page(f"views/{page}.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def plotly_by_key(at, key: str) -> dict:
    import json

    (chart,) = [c for c in at.get("plotly_chart") if key in c.proto.id]
    return json.loads(chart.proto.spec)


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_readiness_page_headline_and_gap(app_env, con):
    at = open_page("readiness")
    assert not at.exception
    assert at.title[0].value.startswith("DX推進状況")
    gap_frame = run_query("step_gap", con=con, fiscal_year=2025, region_id=None, codes=None)
    early = int(gap_frame["municipalities"][:3].sum())
    got = tiles(at)
    assert got["年度内にヒアリングした市町"] == "40 / 40"
    assert got["ステップ0〜2の市町（年度のヒアリング）"] == f"{early} / 40"
    assert got["ステップ3の分野の相談（年度）"] == f"{gap_frame['consultations'][3]} / 453"
    gap_spec = plotly_by_key(at, "readiness_gap_chart")
    by_name = {trace["name"]: trace["customdata"] for trace in gap_spec["data"]}
    assert by_name["市町の現在地"] == list(gap_frame["municipalities"])
    assert by_name["相談"] == list(gap_frame["consultations"])
    assert by_name["訪問（個別支援）"] == list(gap_frame["visits"])
    assert "Noto Sans CJK JP" in gap_spec["layout"]["font"]["family"]
    untied = con.execute(
        "select count(*) from visits where purpose <> '個別支援' and visited_on >= '2025-04-01'"
    ).fetchone()[0]
    assert any(f"{untied} 件はステップに結び付けていません" in c.value for c in at.caption)
    assert any("認識共有" in m.value and "段階です" in m.value for m in at.markdown)


def test_readiness_heatmap_sort_and_grouping(app_env, con):
    at = open_page("readiness")
    before = plotly_by_key(at, "readiness_heatmap_chart")["data"][0]
    regions, names = before["y"]  # grouped: a two-level (region, municipality) axis
    assert regions[0] == "阪神南" and len(names) == 40
    at.selectbox(key="readiness_heatmap_sort").select("mean").run()
    assert not at.exception
    after = plotly_by_key(at, "readiness_heatmap_chart")["data"][0]
    assert after["y"][1] != names and sorted(after["y"][1]) == sorted(names)
    heat = run_query("readiness_heatmap", con=con, fiscal_year=2025, region_id=None, codes=None)
    first_region = heat[heat["region_sort"] == heat["region_sort"].min()]
    lowest = first_region.sort_values(["mean_score", "code"]).iloc[0]["name_ja"]
    assert after["y"][1][0] == lowest
    at.toggle(key="readiness_heatmap_group").set_value(False).run()
    flat = plotly_by_key(at, "readiness_heatmap_chart")["data"][0]
    assert isinstance(flat["y"][0], str)
    assert flat["y"][0] == heat.sort_values(["mean_score", "code"]).iloc[0]["name_ja"]


def test_readiness_views_and_region(app_env, con):
    at = open_page("readiness")
    at.segmented_control(key="readiness_view").set_value("regions").run()
    assert not at.exception
    spec = plotly_by_key(at, "readiness_regions_chart")
    assert len(spec["data"]) == 5 and spec["data"][-1]["name"] == "未ヒアリング"
    assert len(spec["data"][0]["y"]) == 9
    at.segmented_control(key="readiness_view").set_value("change").run()
    now = run_query("readiness_heatmap", con=con, fiscal_year=2025, region_id=None, codes=None)
    moved = (now["step"] - now["previous_step"]).astype(int)
    got = tiles(at)
    assert got["ステップが上がった"] == str(int((moved > 0).sum()))
    assert got["下がった"] == str(int((moved < 0).sum()))
    at.selectbox(key="sidebar_region").select("awaji").run()
    assert not at.exception
    assert tiles(at)["年度内にヒアリングした市町"] == "3 / 3"
    assert tiles(at)["比較できた市町"] == "3"
    at.segmented_control(key="readiness_view").set_value("distribution").run()
    bars = plotly_by_key(at, "readiness_distribution_chart")["data"]
    assert [sum(trace["x"][i] for trace in bars) for i in range(8)] == [3] * 8


def test_readiness_english_and_previous_year(app_env, con):
    at = open_page("readiness", lang="en")
    assert at.title[0].value.startswith("DX readiness")
    at.selectbox(key="sidebar_fiscal_year").select(2024).run()
    gap_frame = run_query("step_gap", con=con, fiscal_year=2024, region_id=None, codes=None)
    assert (
        tiles(at)["At steps 0–2 (this FY's hearing)"] == f"{int(gap_frame['municipalities'][:3].sum())} / 40"
    )


def test_relations_page_map_and_headline(app_env, con):

    at = open_page("relations")
    assert not at.exception
    levels = run_query("relationship_levels", con=con, fiscal_year=2025)
    targets = levels[levels["is_liaison_target"]]
    got = tiles(at)
    assert (
        got["首長対話を行った市町（年度）"]
        == f"{int((targets['relationship_level'] == 2).sum())} / 40"
        == "6 / 40"
    )
    assert got["LoGoチャット配信（年度・件）"] == str(
        len(run_query("chat_pushes_log", con=con, fiscal_year=2025, region_id=None, field_id=None))
    )
    fills = {code: fill[:3] for code, fill in map_shown.fills(map_shown.map_of(at)).items()}
    assert len(fills) == 41 and fills["281000"] == [158, 158, 158]  # 神戸市 grey
    assert fills["282014"] == [44, 127, 184]  # 姫路市: a mayor dialogue (darkest class)
    assert any("首長対話済" in m.value for m in at.markdown)  # the legend


def test_relations_timeline_and_pushes(app_env, con):
    at = open_page("relations")
    at.segmented_control(key="relations_view").set_value("timeline").run()
    assert not at.exception
    timeline = run_query("engagements_timeline", con=con, fiscal_year=2025, region_id=None)
    assert not at.dataframe  # the table is behind a toggle
    at.toggle(key="relations_timeline_table").set_value(True).run()
    assert len(at.dataframe[0].value) == len(timeline)
    assert len(plotly_by_key(at, "relations_timeline_chart")["data"]) == timeline["kind"].nunique()
    at.multiselect(key="relations_kinds").set_value(["首長対話"]).run()
    assert len(at.dataframe[0].value) == 6
    assert len(plotly_by_key(at, "relations_timeline_chart")["data"]) == 1

    at.segmented_control(key="relations_view").set_value("pushes").run()
    all_pushes = len(at.dataframe[0].value)
    at.selectbox(key="relations_field").select("genai").run()
    assert not at.exception
    genai = run_query("chat_pushes_log", con=con, fiscal_year=2025, region_id=None, field_id="genai")
    assert len(at.dataframe[0].value) == len(genai) < all_pushes
    assert list(at.dataframe[0].value["届いた市町数"]) == list(genai["municipalities"])
    at.selectbox(key="sidebar_region").select("awaji").run()
    assert tiles(at)["首長対話を行った市町（年度）"].endswith("/ 3")
    assert at.dataframe[0].value["届いた市町数"].max() <= 3


def test_frozen_figure_serialises_like_the_original():
    import json

    import plotly.graph_objects as go
    import plotly.io

    from liaison.frozen_figure import freeze

    original = go.Figure(go.Heatmap(z=[[1.0, float("nan")], [3.0, 4.0]], x=["a", "b"], y=["c", "d"]))
    original.update_layout(font={"family": "Noto Sans CJK JP"})
    frozen = freeze(original)
    as_sent = json.loads(plotly.io.to_json(frozen.to_dict(), validate=False))  # as st.plotly_chart does
    assert as_sent == json.loads(plotly.io.to_json(original, validate=False))
    assert frozen.to_dict() is frozen.to_dict()  # made once


@pytest.mark.parametrize("view", ["map", "timeline", "pushes"])
def test_relations_page_in_english(app_env, view):
    at = open_page("relations", lang="en")
    at.segmented_control(key="relations_view").set_value(view).run()
    assert not at.exception
    assert at.title[0].value == "Top management and information"
    assert "Mayor dialogues held (FY)" in tiles(at)
    if view == "timeline":
        at.toggle(key="relations_timeline_table").set_value(True).run()
        spec = plotly_by_key(at, "relations_timeline_chart")
        assert "Mayor dialogue" in {trace["name"] for trace in spec["data"]}
        assert "Date" in at.dataframe[0].value.columns
