"""One truth per figure: the catalogue's rounding and texts, and a walk over the pages, the deck and its PPTX
that fails when one catalogue name shows two values for one subject in one state of the sidebar."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

import pytest
from app_pages import open_page
from pptx import Presentation

from liaison import figures, paths, planner, seminar, seminar_pptx, store
from liaison import map as map_builders
from liaison.figures import round_half_up
from liaison.fiscal import fiscal_year_of
from liaison.queries import run_query
from liaison.visits import is_due

APP = str(paths.ROOT / "app.py")
REGION = "tajima"
MUNICIPALITY = "282090"  # 豊岡市 (但馬)
SECOND_SEED = 20261201


# --------------------------------------------------------------------------- the catalogue itself


def test_rounding_is_half_up():
    assert round_half_up(4.125, 2) == 4.13  # round(4.125, 2) == 4.12: binary floats round half to even
    assert round_half_up(2.775, 2) == 2.78
    assert round_half_up(0.5, 0) == 1.0
    assert figures.get("readiness_latest").text(4.125) == "4.13"
    assert figures.get("readiness_latest").text(None) == "—"
    assert figures.get("department_coverage").text(0.5) == "50%"
    assert figures.get("open_all").text(1234) == "1,234"


def test_every_figure_is_complete():
    for key, figure in figures.FIGURES.items():
        assert figure.key == key
        assert all(figure.name) and all(figure.definition), key
        assert (paths.QUERIES / f"{figure.query}.sql").is_file(), key
        assert figure.kind in {"count", "index", "days", "share", "rate", "step", "level"}, key
        for lang in ("ja", "en"):
            assert figure.label(lang, days=90) and "{" not in figure.help(lang, days=90)


def test_two_definitions_never_share_a_name():
    for lang in (0, 1):
        owner: dict[str, str] = {}
        for figure in figures.FIGURES.values():
            for name in {figure.name[lang], *([figure.short[lang]] if figure.short else [])}:
                assert owner.setdefault(name, figure.key) == figure.key, (name, owner[name], figure.key)


def test_planner_writes_readiness_as_the_map_does():
    """豊岡市 read 4.13 on the map and "4.38→4.12" on the planner: one rounding now."""
    assert planner._index(4.125) == figures.get("readiness_latest").text(4.125) == "4.13"


# --------------------------------------------------------------------------- the walk


def _shown(at) -> list[figures.Reading]:
    assert not at.exception, at.exception
    return list(at.session_state["figures_shown"])


def _deck(con, scope: seminar.Scope, export: bool) -> list[figures.Reading]:
    """The deck's figures, on its slides and (export) read back from its PPTX (shapes named figure:<key>)."""
    slides = seminar.build_slides(seminar.load_frames(con, scope, is_demo=True), scope)
    found = seminar.readings(slides, scope)
    if export:
        prs = Presentation(io.BytesIO(seminar_pptx.to_pptx(slides)))
        for number, page in enumerate(prs.slides, start=1):
            for shape in page.shapes:
                named = seminar.catalogued(shape.name.removeprefix("figure:"), scope)
                if shape.name.startswith("figure:") and named is not None:
                    found.append(figures.Reading(*named, shape.text_frame.text, f"pptx:{number}"))
    return found


def walk(con, as_of: date, fiscal_year: int) -> dict[tuple, list[figures.Reading]]:
    """Every catalogued figure shown for the prefecture, one 圏域 and one municipality, by sidebar state."""
    fy = str(fiscal_year)
    states: dict[tuple, list[figures.Reading]] = defaultdict(list)
    everywhere = (fy, None)
    states[everywhere] += _shown(open_page(None, fy=fy))
    for metric in (
        "readiness_index",
        "open_consultations",
        "consultations_fy",
        "step",
        "days_since_last_visit",
    ):
        at = open_page(None, fy=fy, by="region", metric=metric)
        states[everywhere] += _shown(at)
        at.toggle(key="map_show_table").set_value(True).run()
        states[everywhere] += _shown(at)
    states[(fy, REGION)] += _shown(open_page(None, fy=fy, region=REGION))
    states[(fy, REGION)] += _shown(
        open_page(None, fy=fy, region=REGION, by="region", metric="open_consultations")
    )
    states[(fy, REGION)] += _shown(open_page("views/region.py", fy=fy, region=REGION))
    for region in (None, REGION):
        params = {"fy": fy} | ({"region": region} if region else {})
        views = ("visits", "readiness", "consultations", "planner", "relations", "talent")
        for view in (f"views/{name}.py" for name in views):
            states[(fy, region)] += _shown(open_page(view, **params))
    states[everywhere] += _shown(open_page("views/profile.py", fy=fy, code=MUNICIPALITY))
    states[everywhere] += _shown(open_page("views/brief.py", fy=fy, code=MUNICIPALITY))
    for slide in ("headline", "readiness", "issues"):  # the deck on its page, as the presenter sees it
        states[everywhere] += _shown(open_page("views/seminar.py", timeout=120, fy=fy, slide=slide))
        states[(fy, REGION)] += _shown(
            open_page("views/seminar.py", timeout=120, fy=fy, scope="region", region=REGION, slide=slide)
        )
    for scope in (
        seminar.Scope(kind="prefecture", fiscal_year=fiscal_year, as_of=as_of),
        seminar.Scope(kind="region", region_id=REGION, fiscal_year=fiscal_year, as_of=as_of),
        seminar.Scope(kind="municipalities", codes=(MUNICIPALITY,), fiscal_year=fiscal_year, as_of=as_of),
    ):
        state = (fy, REGION) if scope.kind == "region" else everywhere
        states[state] += _deck(con, scope, export=scope.kind == "prefecture")
    return states


def disagreements(states: dict[tuple, list[figures.Reading]]) -> list[str]:
    problems = []
    for state, found in states.items():
        texts: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for reading in found:
            texts[(reading.figure, reading.subject)][reading.text].append(reading.where)
        for (figure, subject), by_text in texts.items():
            if len(by_text) > 1:
                problems.append(
                    f"{state} {figures.get(figure).label('ja', days=90)} of {subject}: {dict(by_text)}"
                )
    return problems


def _walk_and_check(path, monkeypatch) -> dict[tuple, list[figures.Reading]]:
    import streamlit as st

    monkeypatch.setenv("LIAISON_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    con = store.connect(path)  # read-write, as the app opens it: DuckDB wants one configuration per file
    try:
        as_of = store.as_of(store.read_meta(con))
        states = walk(con, as_of, fiscal_year_of(as_of))
    finally:
        con.close()
    assert not disagreements(states), "\n".join(disagreements(states))
    return states


def test_one_name_one_number_on_the_demo(store_path, monkeypatch):
    states = _walk_and_check(store_path, monkeypatch)
    seen = {reading.figure for found in states.values() for reading in found}
    pages = {reading.where.split(":")[0] for found in states.values() for reading in found}
    assert {
        "map",
        "map ranking",
        "map table",
        "region",
        "region table",
        "visits",
        "readiness",
        "consultations",
    } <= pages
    assert {"planner", "relations", "profile", "seminar", "slide", "pptx"} <= pages
    # the walk did reach the figures the issue found disagreeing
    assert {"open_all", "municipalities_due", "readiness_latest_mean", "consultations_fy"} <= seen


@pytest.fixture(scope="module")
def second_store(tmp_path_factory):
    return store.build(tmp_path_factory.mktemp("second") / "second.duckdb", seed=SECOND_SEED)


def test_one_name_one_number_on_a_second_seeded_store(second_store, monkeypatch):
    _walk_and_check(second_store, monkeypatch)


def test_the_walk_catches_a_disagreement():
    found = [
        figures.Reading("open_all", figures.PREFECTURE, "229", "map"),
        figures.Reading("open_all", figures.PREFECTURE, "162", "consultations"),
    ]
    assert disagreements({("2025", None): found})


def test_map_kpis_equal_the_region_rule(con, as_of):
    """要訪問 has one rule: the map's 要訪問の市町 counts the municipalities the 圏域 table flags."""
    metrics = run_query("municipality_metrics", con=con, fiscal_year=fiscal_year_of(as_of), as_of=as_of)
    rows = run_query(
        "region_municipalities", con=con, fiscal_year=fiscal_year_of(as_of), as_of=as_of, region_id=None
    )
    flagged = sum(
        is_due(row.days_since_municipal_dx, 90) or is_due(row.days_since_community_dx, 90)
        for row in rows.itertuples()
    )
    assert map_builders.summarize(metrics).municipalities_due == flagged


def test_the_definitions_page_lists_the_catalogue(app_env):
    at = open_page("views/figures.py", lang="en")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == len(figures.FIGURES)
    assert "Open consultations (all years)" in set(table["Name"])
