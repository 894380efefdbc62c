"""The seminar deck: slides per scope, their numbers against the queries, the PPTX/PNG/PDF exports."""

from __future__ import annotations

import io
import os
from datetime import date

import numpy as np
import pandas as pd
import planner_fixtures
import pytest
from demo_pins import DUE_2025
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches
from seminar_titles import DECK_TITLES

from liaison import map as map_builders
from liaison import mapdeck, seminar, seminar_export, seminar_pptx, store
from liaison.figures import round_half_up
from liaison.i18n import READINESS_ITEMS
from liaison.queries import run_query
from liaison.seminar import Scope, format_figure
from liaison.seminar_slides import HEADLINE

FY = 2025
HIMEJI, TOYOOKA = "282014", "282090"
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"  # CI: the export tools must be there


def needs(tool_missing: bool, reason: str):
    """Skip without the tool on a user's machine; in CI (REQUIRE_BROWSER=1) run and fail instead."""
    if tool_missing and REQUIRED:
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1)")
    if tool_missing:
        pytest.skip(reason)


def needs_chromium():
    needs(
        seminar_export.browser_path() is None,
        "Chromium not installed: apt-get install -y chromium fonts-noto-cjk",
    )


def needs_soffice():
    needs(
        seminar_export.soffice_path() is None,
        "LibreOffice not installed: apt-get install -y libreoffice-impress-nogui",
    )


SCOPES = {
    "prefecture": dict(kind="prefecture"),
    "region": dict(kind="region", region_id="tajima"),
    "municipalities": dict(kind="municipalities", codes=(HIMEJI, TOYOOKA)),
}


def scope_of(name: str, as_of: date, **extra) -> Scope:
    return Scope(fiscal_year=FY, as_of=as_of, **SCOPES[name], **extra)


def build(con, scope: Scope) -> list[seminar.Slide]:
    """The deck as the page's reader builds it: the deck's named queries on `con`, their frames to the builder."""
    frames = seminar.load_frames(con, scope, is_demo=store.is_demo(store.read_meta(con)))
    return seminar.build_slides(frames, scope)


@pytest.fixture(scope="module")
def decks(con, as_of) -> dict[str, list[seminar.Slide]]:
    return {name: build(con, scope_of(name, as_of)) for name in SCOPES}


@pytest.fixture(scope="module")
def pptx_files(decks) -> dict[str, bytes]:
    return {name: seminar_pptx.to_pptx(slides) for name, slides in decks.items()}


def by_key(slides) -> dict[str, seminar.Slide]:
    return {slide.key: slide for slide in slides}


def in_scope(con, as_of, name) -> pd.DataFrame:
    frame = run_query("municipality_metrics", con=con, fiscal_year=FY, as_of=as_of)
    frame = frame[frame["is_liaison_target"]]
    if name == "region":
        return frame[frame["region_id"] == "tajima"]
    if name == "municipalities":
        return frame[frame["code"].isin([HIMEJI, TOYOOKA])]
    return frame


def query_scope(name: str) -> dict:
    return {
        "region_id": "tajima" if name == "region" else None,
        "codes": [HIMEJI, TOYOOKA] if name == "municipalities" else None,
    }


# --------------------------------------------------------------------------- the slides


@pytest.mark.parametrize("name", SCOPES)
def test_slide_count_keys_and_titles(decks, name):
    slides = decks[name]
    assert [s.title for s in slides] == DECK_TITLES[name]
    assert [s.key for s in slides] == seminar.slide_keys(scope_of(name, date(2025, 11, 30)))
    assert len({s.key for s in slides}) == len(slides)  # keys are unique: each is a deep link


def test_scope_names_in_subtitles(decks):
    assert by_key(decks["prefecture"])["title"].subtitle.startswith("兵庫県（40市町）\n令和7年度（2025）")
    assert by_key(decks["region"])["headline"].subtitle.startswith("但馬圏域（5市町）")
    assert by_key(decks["municipalities"])["headline"].subtitle.startswith("姫路市・豊岡市")


def test_prefecture_headline_matches_the_map_page(decks):
    """The same numbers the map page's KPI tiles show (tests/test_app_pages.py pins them)."""
    figures = by_key(decks["prefecture"])["headline"].figures
    assert figures["consultations_fy"] == 453
    assert figures["visits_fy"] == 259
    assert figures["municipalities_due"] == DUE_2025
    assert figures["municipalities"] == 40
    assert figures["readiness_latest_mean"] == 2.78


@pytest.mark.parametrize("name", SCOPES)
def test_headline_equals_the_query(decks, con, as_of, name):
    rows = in_scope(con, as_of, name)
    figures = by_key(decks[name])["headline"].figures
    assert figures["municipalities"] == len(rows)
    assert figures["consultations_fy"] == rows["consultations_fy"].sum()
    assert figures["open_all"] == rows["open_consultations"].sum()
    assert figures["visits_fy"] == rows["visits_fy"].sum()
    due = [
        pd.isna(a) or a > 90 or pd.isna(b) or b > 90
        for a, b in zip(rows["days_since_municipal_dx"], rows["days_since_community_dx"], strict=True)
    ]
    assert figures["municipalities_due"] == sum(due)
    assert figures["readiness_latest_mean"] == round_half_up(float(rows["readiness_index"].mean()), 2)
    summary = vars(map_builders.summarize(rows))
    assert figures == {**figures, **{key: summary[key] for key in HEADLINE}}


def test_municipality_headline_table(decks, con, as_of):
    slide = by_key(decks["municipalities"])["headline"]
    rows = in_scope(con, as_of, "municipalities").set_index("code")
    assert list(slide.table["市町"]) == ["姫路市", "豊岡市"]
    for code, row in zip((HIMEJI, TOYOOKA), slide.table.itertuples(index=False), strict=True):
        assert row[1] == format_figure(int(rows.loc[code, "consultations_fy"]))
        assert row[2] == format_figure(int(rows.loc[code, "open_consultations"]))
        assert slide.figures[f"{code}:visits_fy"] == rows.loc[code, "visits_fy"]


@pytest.mark.parametrize("name", ["prefecture", "region"])
def test_readiness_means_equal_the_query(decks, con, name):
    heat = run_query("readiness_heatmap", con=con, fiscal_year=FY, **query_scope(name))
    heard = heat[heat["mean_score"].notna()]
    figures = by_key(decks[name])["readiness"].figures
    assert figures["heard_fy"] == len(heard)
    for item in READINESS_ITEMS:
        assert figures[f"item:{item}"] == round_half_up(float(heard[item].mean()), 2)
    assert figures["readiness_fy_mean"] == round_half_up(float(heard["mean_score"].mean()), 2)


def test_radar_for_a_few_municipalities(decks, con):
    slide = by_key(decks["municipalities"])["readiness"]
    heat = run_query("readiness_heatmap", con=con, fiscal_year=FY, region_id=None, codes=None).set_index(
        "code"
    )
    assert slide.figures[f"{HIMEJI}:readiness_fy"] == heat.loc[HIMEJI, "mean_score"]
    assert slide.figures["prefecture_mean"] == round_half_up(float(heat["mean_score"].mean()), 2)
    names = [trace.name for trace in slide.chart.data]
    assert names == ["姫路市", "豊岡市", "県平均"]
    himeji = slide.chart.data[0]
    assert list(himeji.r[:8]) == [int(heat.loc[HIMEJI, item]) for item in READINESS_ITEMS]


@pytest.mark.parametrize("name", ["prefecture", "region"])
def test_steps_equal_the_query(decks, con, name):
    frame = run_query("step_distribution_by_region", con=con, fiscal_year=FY)
    if name == "region":
        frame = frame[frame["region_id"] == "tajima"]
    figures = by_key(decks[name])["steps"].figures
    for step in range(4):
        assert figures[f"step_{step}"] == frame.loc[frame["step"] == step, "municipalities"].sum()
    assert sum(figures[f"step_{s}"] for s in range(4)) + figures.get("not_heard", 0) == (
        40 if name == "prefecture" else 5
    )


@pytest.mark.parametrize("name", SCOPES)
def test_step_gap_equals_the_query(decks, con, name):
    gap = run_query("step_gap", con=con, fiscal_year=FY, **query_scope(name))
    slide = by_key(decks[name])["step_gap"]
    for row in gap.itertuples():
        for column in ("municipalities", "consultations", "visits"):
            assert slide.figures[f"{column}_step_{row.step}"] == getattr(row, column)
    assert list(slide.table.iloc[:, 2]) == [format_figure(int(v)) for v in gap["consultations"]]


@pytest.mark.parametrize("name", SCOPES)
def test_issues_equal_the_query(decks, con, as_of, name):
    issues = run_query("top_issues", con=con, fiscal_year=FY, as_of=as_of, **query_scope(name))
    slide = by_key(decks[name])["issues"]
    headline = by_key(decks[name])["headline"]
    assert slide.figures["open_all"] == issues["open_consultations"].sum()
    assert slide.figures["open_all"] == headline.figures["open_all"]  # same count as the map's
    top = issues[issues["open_consultations"] > 0].head(seminar.TOP_FIELDS)
    assert list(slide.table["分野"]) == list(top["field_name_ja"])
    for row in top.itertuples():
        assert slide.figures[f"open:{row.field_id}"] == row.open_consultations
        assert slide.figures[f"fy:{row.field_id}"] == row.consultations_fy


def test_issues_pinned(decks):
    figures = by_key(decks["prefecture"])["issues"].figures
    assert figures["open_all"] == 234
    assert figures["open:ai_rpa"] == 24


@pytest.mark.parametrize("name", SCOPES)
def test_next_actions_equal_the_planner(decks, con, as_of, name):
    ranked = planner_fixtures.rank_next_visits(
        con, fiscal_year=FY, as_of=as_of, limit=seminar.NEXT_VISITS, **query_scope(name)
    )
    slide = by_key(decks[name])["next_actions"]
    assert list(slide.table["市町"]) == list(ranked["name_ja"])
    assert list(slide.table["理由"]) == list(ranked["reasons_ja"])
    assert list(slide.table["優先度"]) == [f"{v:.2f}" for v in ranked["score"]]


@pytest.mark.parametrize("name", SCOPES)
def test_map_counts_and_colours(decks, con, as_of, name):
    slide = by_key(decks[name])["map"]
    rows = in_scope(con, as_of, name)
    # readiness_index classes (fixed breaks of the map page), counted independently of mapdeck
    classes = pd.cut(rows["readiness_index"], [-np.inf, 1.8, 2.6, 3.4, 4.2, 5.0]).value_counts(sort=False)
    assert [slide.figures[f"class_{i}"] for i in range(5)] == list(classes)
    assert slide.figures["class_5"] is None  # リエゾン対象外 has no count
    assert [e.color for e in slide.legend[:5]] == mapdeck.GOOD_HIGH
    # the export figure fills exactly the deck's polygons with the deck's colours
    features = next(layer for layer in slide.deck.layers if layer.id == "municipalities").data["features"]
    deck_fills = {tuple(f["properties"]["fill"]) for f in features}
    figure_fills = {trace.fillcolor for trace in slide.chart.data if trace.fill == "toself"}
    assert figure_fills == {f"rgba({r},{g},{b},{a / 255:.3f})" for r, g, b, a in deck_fills}
    legend = [trace.name for trace in slide.chart.data if trace.showlegend]
    assert legend == [e.label for e in slide.legend]


def test_map_faded_outside_the_scope(decks):
    features = {
        f["properties"]["code"]: f["properties"]["fill"]
        for f in by_key(decks["municipalities"])["map"].deck.layers[0].data["features"]
    }
    assert features[HIMEJI][3] == 235 and features[TOYOOKA][3] == 235
    assert features["282022"][3] == 70  # 尼崎市: not chosen


@pytest.mark.parametrize("name", SCOPES)
def test_demo_notice_on_every_slide(decks, name):
    for slide in decks[name]:
        assert slide.demo_notice.startswith("デモデータ（架空）")
        assert slide.demo_notice in slide.notes
        assert any(note.startswith("基準日：2025-11-30") for note in slide.notes)


def test_english_deck(con, as_of):
    slides = build(con, scope_of("region", as_of, lang="en"))
    assert [s.title for s in slides][:3] == [
        "DX liaison activity report",
        "Map: Readiness (latest)",
        "Headline figures",
    ]
    assert slides[0].subtitle.startswith("Tajima region (5 municipalities)")
    assert slides[0].demo_notice.startswith("Demo data (fictional)")


def test_scope_validation(as_of):
    with pytest.raises(ValueError):
        Scope(kind="region", fiscal_year=FY, as_of=as_of)
    with pytest.raises(ValueError):
        Scope(kind="municipalities", codes=(), fiscal_year=FY, as_of=as_of)
    with pytest.raises(ValueError):
        Scope(kind="municipalities", codes=tuple(str(i) for i in range(6)), fiscal_year=FY, as_of=as_of)
    with pytest.raises(ValueError):
        Scope(kind="country", fiscal_year=FY, as_of=as_of)


def test_format_figure():
    assert format_figure(1234) == "1,234"
    assert format_figure(2.849) == "2.85"
    assert format_figure(None) == "—"
    assert format_figure(float("nan")) == "—"


# --------------------------------------------------------------------------- PPTX


def runs(prs):
    """Every a:r run of every slide (shapes, table cells) and of every notes page."""
    for slide in prs.slides:
        yield from slide._element.iter(qn("a:r"))
        if slide.has_notes_slide:
            yield from slide.notes_slide._element.iter(qn("a:r"))


def shape_text(page, name: str) -> str:
    return next(shape for shape in page.shapes if shape.name == name).text_frame.text


@pytest.mark.parametrize("name", SCOPES)
def test_pptx_slides_titles_and_size(pptx_files, decks, name):
    prs = Presentation(io.BytesIO(pptx_files[name]))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    assert len(prs.slides) == len(decks[name])
    assert [shape_text(page, "title") for page in prs.slides] == DECK_TITLES[name]


@pytest.mark.parametrize("name", SCOPES)
def test_pptx_table_labels_never_break_inside_a_word(pptx_files, name):
    """A short label (ステップ0, a header) sits in a column wide enough for it, with PowerPoint's
    East Asian word breaking off, so it never wraps as 「ステッ / プ0」."""
    prs = Presentation(io.BytesIO(pptx_files[name]))
    checked = 0
    for page in prs.slides:
        for shape in page.shapes:
            if not shape.has_table:
                continue
            table = shape.table
            for row in table.rows:
                for column, cell in zip(table.columns, row.cells, strict=True):
                    text = cell.text_frame.text
                    if not text or len(text) > seminar_pptx.SHORT_LABEL:
                        continue
                    size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
                    room = (column.width - cell.margin_left - cell.margin_right) / 914400
                    assert room >= seminar_pptx.text_width(text, size) * 1.05, (text, room)
                    for paragraph in cell.text_frame.paragraphs:
                        assert paragraph._p.pPr.get("eaLnBrk") == "0", text
                    checked += 1
    assert checked > 10


@pytest.mark.parametrize("name", SCOPES)
def test_pptx_every_run_has_the_east_asian_font(pptx_files, name):
    prs = Presentation(io.BytesIO(pptx_files[name]))
    count = 0
    for run in runs(prs):
        r_pr = run.find(qn("a:rPr"))
        assert r_pr is not None, run.findtext(qn("a:t"))
        assert r_pr.find(qn("a:ea")).get("typeface") == seminar_export.FONT
        assert r_pr.find(qn("a:latin")).get("typeface") == seminar_export.FONT
        assert r_pr.get("lang") == "ja-JP"
        count += 1
    assert count > 100


@pytest.mark.parametrize("name", SCOPES)
def test_pptx_numbers_equal_the_slides(pptx_files, decks, name):
    """Every tile and every table cell in the PPTX reads exactly as the slide (and so the page) shows it."""
    prs = Presentation(io.BytesIO(pptx_files[name]))
    for page, slide in zip(prs.slides, decks[name], strict=True):
        for key, label in slide.tiles:
            assert shape_text(page, f"figure:{key}") == format_figure(slide.figures[key])
            assert shape_text(page, f"label:{key}") == label
        if slide.table is not None:
            table = next(shape for shape in page.shapes if shape.name == "table").table
            offset = 1 if slide.table_colors else 0
            header = [table.cell(0, c + offset).text for c in range(len(slide.table.columns))]
            assert header == list(slide.table.columns)
            for r, row in enumerate(slide.table.itertuples(index=False), start=1):
                assert [table.cell(r, c + offset).text for c in range(len(row))] == list(row)


def test_pptx_numbers_equal_the_queries(pptx_files, con, as_of):
    """Read back from the file and compare with the queries directly."""
    prs = Presentation(io.BytesIO(pptx_files["prefecture"]))
    pages = {shape_text(page, "title"): page for page in prs.slides}
    headline = pages["主な数字"]
    rows = in_scope(con, as_of, "prefecture")
    assert shape_text(headline, "figure:consultations_fy") == f"{rows['consultations_fy'].sum():,}"
    assert shape_text(headline, "figure:open_all") == f"{rows['open_consultations'].sum():,}"
    assert shape_text(headline, "figure:visits_fy") == f"{rows['visits_fy'].sum():,}"
    mean = round_half_up(float(rows["readiness_index"].mean()), 2)
    assert shape_text(headline, "figure:readiness_latest_mean") == f"{mean:.2f}"
    gap = run_query("step_gap", con=con, fiscal_year=FY, region_id=None, codes=None)
    table = next(s for s in pages["ステップと相談内容のずれ"].shapes if s.name == "table").table
    assert [int(table.cell(r, 1).text) for r in range(1, 5)] == list(gap["municipalities"])
    assert [int(table.cell(r, 2).text.replace(",", "")) for r in range(1, 5)] == list(gap["consultations"])
    steps = run_query("step_distribution_by_region", con=con, fiscal_year=FY)
    page = pages["自治体DX全体手順書のステップ分布"]
    for step in range(4):
        expected = steps.loc[steps["step"] == step, "municipalities"].sum()
        assert int(shape_text(page, f"figure:step_{step}")) == expected


@pytest.mark.parametrize("name", SCOPES)
def test_pptx_demo_notice_and_notes(pptx_files, name):
    prs = Presentation(io.BytesIO(pptx_files[name]))
    for page in prs.slides:
        assert shape_text(page, "demo").startswith("デモデータ（架空）")
        notes = page.notes_slide.notes_text_frame.text
        assert "基準日：2025-11-30" in notes and "デモデータ（架空）" in notes


def test_pptx_has_chart_pictures(pptx_files):
    needs_chromium()
    prs = Presentation(io.BytesIO(pptx_files["prefecture"]))
    pictures = [s for page in prs.slides for s in page.shapes if s.name == "chart"]
    assert len(pictures) == 5  # map, readiness, steps, step gap, issues
    for picture in pictures:
        image = Image.open(io.BytesIO(picture.image.blob))
        assert image.width >= 1000 and len(image.convert("RGB").getcolors(1 << 20)) > 50


def test_pptx_without_chromium_says_what_to_install(decks, monkeypatch):
    monkeypatch.setattr(seminar_export, "browser_path", lambda: None)
    monkeypatch.setattr(seminar_export, "_kaleido_started", False)
    prs = Presentation(io.BytesIO(seminar_pptx.to_pptx(decks["municipalities"][:2])))
    messages = [s.text_frame.text for s in prs.slides[1].shapes if s.name == "chart_missing"]
    assert messages and "apt-get install chromium fonts-noto-cjk" in messages[0]


def test_pptx_progress_reaches_one(decks):
    seen = []
    seminar_pptx.to_pptx(decks["municipalities"][:3], progress=lambda f, label: seen.append((f, label)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and fractions[0] == 0.0
    assert "主な数字" in seen[2][1]


def test_english_pptx_runs_are_english(con, as_of):
    slides = build(con, scope_of("municipalities", as_of, lang="en"))[:1]
    prs = Presentation(io.BytesIO(seminar_pptx.to_pptx(slides, lang="en")))
    assert {run.find(qn("a:rPr")).get("lang") for run in runs(prs)} == {"en-US"}


# --------------------------------------------------------------------------- PNG


def colours(png: bytes) -> int:
    return len(Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 22))


def test_chart_png_is_not_blank(decks):
    needs_chromium()
    png = seminar_export.chart_png(by_key(decks["prefecture"])["steps"].chart, 1000, 600)
    image = Image.open(io.BytesIO(png))
    assert image.size == (2000, 1200)  # scale 2
    assert colours(png) > 100


def test_map_png_has_the_map_colours(decks):
    needs_chromium()
    png = seminar_export.chart_png(by_key(decks["prefecture"])["map"].chart, 1000, 640, scale=1)
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    assert colours(png) > 200
    for colour in ("#41b6c4", "#9e9e9e"):  # a class colour and 神戸市's grey, as on the map page
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        share = (np.abs(pixels - rgb).max(axis=-1) <= 14).mean()
        assert share > 0.003, f"{colour} covers {share:.2%}"


def _glyph(text: str) -> np.ndarray:
    """One line of text rendered by kaleido (Noto Sans CJK JP), cropped to its ink."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_annotation(
        text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 80}
    )
    fig.update_layout(
        xaxis={"visible": False}, yaxis={"visible": False}, paper_bgcolor="white", plot_bgcolor="white"
    )
    png = seminar_export.chart_png(fig, 300, 200, scale=1)
    ink = np.asarray(Image.open(io.BytesIO(png)).convert("L")) < 128
    ys, xs = np.nonzero(ink)
    assert len(ys), f"nothing drawn for {text!r}"
    return ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def test_japanese_renders_without_tofu():
    """Each kanji draws its own glyph; a missing glyph would draw the same box (tofu) for every one."""
    needs_chromium()
    tofu = _glyph("\ue000")  # a private-use code point no installed font has: what a missing glyph looks like
    glyphs = [_glyph(ch) for ch in "兵庫県推進"]
    for glyph in glyphs:
        assert glyph.shape != tofu.shape or (glyph != tofu).mean() > 0.05
    shapes = {(g.shape, g.tobytes()) for g in glyphs}
    assert len(shapes) == len(glyphs), "two different kanji rendered identically: a fallback box"
    assert all(g.mean() > 0.1 for g in glyphs)  # strokes, not an outline


def test_png_without_chromium_raises_a_clear_error(monkeypatch, decks):
    monkeypatch.setattr(seminar_export, "browser_path", lambda: None)
    monkeypatch.setattr(seminar_export, "_kaleido_started", False)
    with pytest.raises(seminar_export.ExportUnavailable, match="chromium fonts-noto-cjk"):
        seminar_export.chart_png(by_key(decks["prefecture"])["steps"].chart)


# --------------------------------------------------------------------------- PDF


def test_pdf_has_one_page_per_slide(pptx_files, decks):
    needs_soffice()
    pdf = seminar_export.to_pdf(pptx_files["municipalities"])
    assert pdf.startswith(b"%PDF")
    assert seminar_export.pdf_page_count(pdf) == len(decks["municipalities"]) == 7


def test_pdf_without_libreoffice_says_what_to_install(monkeypatch):
    monkeypatch.setattr(seminar_export, "soffice_path", lambda: None)
    with pytest.raises(seminar_export.ExportUnavailable) as raised:
        seminar_export.to_pdf(b"PK")
    assert (
        str(raised.value)
        == "PDF出力には LibreOffice が必要です: sudo apt-get install libreoffice-impress-nogui"
    )


@pytest.mark.parametrize("name", SCOPES)
def test_pptx_shapes_stay_on_the_slide(pptx_files, name):
    prs = Presentation(io.BytesIO(pptx_files[name]))
    for number, page in enumerate(prs.slides, start=1):
        for shape in page.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= prs.slide_width + Inches(0.01), (number, shape.name)
            assert shape.top + shape.height <= prs.slide_height + Inches(0.01), (number, shape.name)
