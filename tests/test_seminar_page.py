"""発表モード page (AppTest): slides per scope, previous/next, deep links, the sidebar toggle, exports."""

from __future__ import annotations

import io

import map_shown
import pytest
from demo_pins import DUE_2025
from pptx import Presentation
from seminar_titles import DECK_TITLES
from streamlit.testing.v1 import AppTest

from liaison import paths, seminar_export

APP = str(paths.ROOT / "app.py")
PREFECTURE_TITLES = DECK_TITLES["prefecture"]


def open_seminar(**params: str) -> AppTest:
    """The page opened from its URL, /seminar?…"""
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/seminar.py")
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def title(at: AppTest) -> str:
    return at.title[0].value


def counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith('<div class="seminar-counter'))


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def seminar(app_env) -> AppTest:
    at = open_seminar()
    assert not at.exception
    return at


def test_opens_on_the_title_slide(seminar):
    at = seminar
    assert title(at) == "DX推進リエゾン 活動報告"
    assert "1 / 8" in counter(at)
    assert "デモデータ（架空）" in at.warning[0].value  # the page's notice (app.py)
    assert any("デモデータ（架空）" in c.value for c in at.caption)  # and the slide's own
    assert at.query_params["scope"] == "prefecture" and at.query_params["slide"] == "title"
    assert any("兵庫県（40市町）" in m.value for m in at.markdown)


def test_next_and_previous_step_through_every_slide(seminar):
    at = seminar
    seen = [title(at)]
    for _ in range(7):
        at.button(key="seminar_next").click().run()
        assert not at.exception
        seen.append(title(at))
    assert seen == PREFECTURE_TITLES
    assert at.button(key="seminar_next").disabled
    assert at.query_params["slide"] == "next_actions"
    at.button(key="seminar_prev").click().run()
    assert title(at) == "未完了の相談が多い分野"
    assert at.query_params["slide"] == "issues"
    assert "7 / 8" in counter(at)


def test_headline_slide_shows_the_map_pages_numbers(app_env):
    at = open_seminar(slide="headline")
    assert title(at) == "主な数字"
    shown = tiles(at)
    assert shown["相談件数（年度受付分）"] == "453"
    assert shown["訪問件数（年度）"] == "259"
    assert shown["要訪問の市町（90日超）"] == str(DUE_2025)
    assert shown["DX推進度の平均（最新）"] == "2.78"


def test_deep_link_opens_the_step_gap_slide(app_env):
    at = open_seminar(slide="step_gap")
    assert not at.exception
    assert title(at) == "ステップと相談内容のずれ"
    assert "6 / 8" in counter(at)
    (table,) = at.table
    assert list(table.value.iloc[:, 1]) == ["5", "13", "14", "8"]  # municipalities per step (step_gap.sql)
    assert len(at.get("plotly_chart")) == 1


def test_scope_change_changes_the_slides(seminar):
    at = seminar
    at.radio(key="seminar_scope").set_value("municipalities").run()
    assert "市町を1つ以上" in at.info[0].value
    at.multiselect(key="seminar_codes").select("282014").select("282090").run()
    assert not at.exception
    assert "1 / 7" in counter(at)
    assert at.query_params["codes"] == "282014,282090"
    assert any("姫路市・豊岡市" in m.value for m in at.markdown)
    at.selectbox(key="seminar_slide").select("readiness").run()
    assert title(at) == "DX推進度：ヒアリング8項目"  # a radar for a few municipalities
    assert set(tiles(at)) == {"姫路市", "豊岡市", "県平均"}

    at.radio(key="seminar_scope").set_value("region").run()
    at.selectbox(key="seminar_region").select("tajima").run()
    assert "8 / 8" not in counter(at) and "/ 8" in counter(at)
    assert title(at) == "DX推進度：市町別のヒアリング8項目"  # the same slide key, kept across the change
    assert at.query_params["region"] == "tajima" and "codes" not in at.query_params
    assert any("但馬圏域（5市町）" in m.value for m in at.markdown)


def test_deep_link_to_municipalities(app_env):
    at = open_seminar(scope="municipalities", codes="282014,282090,999999", slide="headline")
    assert title(at) == "主な数字"
    assert tiles(at)["対象市町数"] == "2"
    assert list(at.table[0].value.iloc[:, 0]) == ["姫路市", "豊岡市"]


def test_a_slide_missing_from_the_scope_falls_back_to_the_first(app_env):
    at = open_seminar(scope="municipalities", codes="282014", slide="steps")
    assert title(at) == "DX推進リエゾン 活動報告"


def test_map_slide_draws_the_map_pages_map(app_env):
    at = open_seminar(scope="region", region="tajima", slide="map")
    fills = map_shown.fills(map_shown.map_of(at))
    assert fills["282090"][3] == 235 and fills["282014"][3] == 70  # 豊岡市 in 但馬, 姫路市 faded
    assert list(at.table[0].value.iloc[:, 1]) == ["0", "2", "2", "1", "0", "—"]


def test_sidebar_hidden_while_presenting(seminar):
    at = seminar
    hidden = [m for m in at.markdown if 'data-testid="stSidebar"' in m.value]
    assert hidden
    at.toggle(key="seminar_hide_sidebar").set_value(False).run()
    assert not [m for m in at.markdown if 'data-testid="stSidebar"' in m.value]


def test_english(app_env):
    at = open_seminar(lang="en", slide="issues")
    assert title(at) == "Open consultations by DX field"
    assert tiles(at)["Open consultations (all years)"] == "234"


def test_pptx_export_from_the_page(app_env):
    at = open_seminar(scope="municipalities", codes="282014,282090")
    at.button(key="seminar_make_pptx").click().run()
    assert not at.exception and not at.error
    _stamp, payload, _seconds = at.session_state["seminar_export_pptx"]
    prs = Presentation(io.BytesIO(payload))
    assert len(prs.slides) == 7
    assert any("作成しました" in c.value for c in at.caption)


def test_pdf_without_libreoffice_shows_what_to_install(app_env, monkeypatch):
    monkeypatch.setattr(seminar_export, "soffice_path", lambda: None)
    at = open_seminar()
    at.button(key="seminar_make_pdf").click().run()
    assert (
        at.error[0].value
        == "PDF出力には LibreOffice が必要です: sudo apt-get install libreoffice-impress-nogui"
    )
