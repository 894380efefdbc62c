"""発表モード's deck as a view-model: slides built from the frames of a scope (the prefecture, one region,
1–5 municipalities).

Plain objects, no Streamlit. The page draws these slides and liaison.seminar_pptx writes the same
slides to PPTX (liaison.seminar_export to PDF/PNG), so every number in an export is the number on
screen: each slide carries its numbers in `figures` and every text shown is made from them by
`format_figure`. `load_frames` is the one list of the named queries a deck reads: the page's reader
(dashboard.readers.seminar) and the benchmark both call it.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from liaison import figures, planner
from liaison.fiscal import date_label, fiscal_year_label
from liaison.i18n import t
from liaison.queries import run_query
from liaison.seminar_model import (
    KINDS,
    MAX_MUNICIPALITIES,
    NEXT_VISITS,
    TOP_FIELDS,
    Data,
    Frames,
    Scope,
    Slide,
    bracket,
    format_figure,
    join,
    name_col,
    region_col,
    slide_keys,
)
from liaison.seminar_readiness import readiness_slide
from liaison.seminar_slides import (
    headline_slide,
    issues_slide,
    map_slide,
    next_actions_slide,
    step_gap_slide,
    steps_slide,
    title_slide,
)

__all__ = [
    "KINDS",
    "MAX_MUNICIPALITIES",
    "NEXT_VISITS",
    "TOP_FIELDS",
    "Frames",
    "Scope",
    "Slide",
    "build_slides",
    "catalogued",
    "format_figure",
    "load_frames",
    "readings",
    "slide_index",
    "slide_keys",
]

BUILDERS = {
    "title": title_slide,
    "map": map_slide,
    "headline": headline_slide,
    "readiness": readiness_slide,
    "steps": steps_slide,
    "step_gap": step_gap_slide,
    "issues": issues_slide,
    "next_actions": next_actions_slide,
}


def load_frames(con: duckdb.DuckDBPyConnection, scope: Scope, *, is_demo: bool) -> Frames:
    """The frames a scope's deck is built from: every named query the deck reads, run on `con`."""
    fy, as_of = scope.fiscal_year, scope.as_of
    region, codes = scope.query_region, scope.query_codes
    return Frames(
        metrics=run_query("municipality_metrics", con=con, fiscal_year=fy, as_of=as_of),
        heatmap=run_query("readiness_heatmap", con=con, fiscal_year=fy, region_id=region, codes=codes),
        heatmap_all=run_query("readiness_heatmap", con=con, fiscal_year=fy, region_id=None, codes=None),
        steps_by_region=run_query("step_distribution_by_region", con=con, fiscal_year=fy),
        step_gap=run_query("step_gap", con=con, fiscal_year=fy, region_id=region, codes=codes),
        issues=run_query("top_issues", con=con, fiscal_year=fy, as_of=as_of, region_id=region, codes=codes),
        visit_factors=run_query(
            "visit_priority_factors",
            con=con,
            fiscal_year=fy,
            as_of=as_of,
            region_id=region,
            liaison_id=None,
            codes=codes,
            ageing_days=planner.AGEING_DAYS,
        ),
        is_demo=is_demo,
    )


def build_slides(frames: Frames, scope: Scope) -> list[Slide]:
    """Every slide of the scope's deck, in order (see slide_keys)."""
    data = _prepare(frames, scope)
    lang = scope.lang
    common = [
        t("seminar_note_sources", lang).format(fy=fiscal_year_label(scope.fiscal_year, lang)),
        t("seminar_note_as_of", lang).format(date=date_label(scope.as_of, lang)),
    ]
    demo = t("seminar_note_demo", lang) if data.is_demo else ""
    subtitle = _subtitle(scope, data)
    slides = []
    for key in slide_keys(scope):
        slide = BUILDERS[key](scope, data)
        if not slide.subtitle and key != "title":
            slide.subtitle = subtitle
        slide.notes = [*slide.notes, *common] + ([demo] if demo else [])
        slide.demo_notice = demo
        slides.append(slide)
    return slides


def _prepare(frames: Frames, scope: Scope) -> Data:
    """The scope's liaison targets picked out of the metrics, and the planner's next visits ranked."""
    targets = frames.metrics[frames.metrics["is_liaison_target"]]
    if scope.kind == "region":
        in_scope = targets[targets["region_id"] == scope.region_id]
    elif scope.kind in ("municipalities", "towns"):
        in_scope = targets[targets["code"].isin(scope.codes)]
    else:
        in_scope = targets
    if in_scope.empty:
        raise ValueError("no liaison-target municipality in this scope")
    return Data(
        metrics=frames.metrics,
        in_scope=in_scope.reset_index(drop=True),
        heatmap=frames.heatmap,
        heatmap_all=frames.heatmap_all,
        steps_by_region=frames.steps_by_region,
        step_gap=frames.step_gap,
        issues=frames.issues,
        next_visits=planner.score_factors(frames.visit_factors, limit=NEXT_VISITS),
        is_demo=frames.is_demo,
        scope_name=_scope_name(scope, in_scope),
    )


def _scope_name(scope: Scope, in_scope: pd.DataFrame) -> str:
    lang = scope.lang
    count = t("seminar_munis_count", lang).format(n=len(in_scope))
    if scope.kind == "prefecture":
        return bracket(t("seminar_prefecture_name", lang) if lang == "ja" else "Hyogo", count, lang)
    if scope.kind == "region":
        region = in_scope[region_col(lang)].iloc[0]
        return bracket(f"{region}{t('seminar_region_suffix', lang)}", count, lang)
    if scope.kind == "towns":  # twelve towns, not 「12市町」
        return bracket(
            t("seminar_towns_name", lang), t("seminar_towns_count", lang).format(n=len(in_scope)), lang
        )
    names = in_scope.set_index("code").loc[list(scope.codes), name_col(lang)]
    return ("・" if lang == "ja" else ", ").join(names)


def _subtitle(scope: Scope, data: Data) -> str:
    lang = scope.lang
    when = t("seminar_as_of_line", lang).format(date=date_label(scope.as_of, lang))
    return join([data.scope_name, fiscal_year_label(scope.fiscal_year, lang), when], lang)


PREFECTURE_FIGURES = {"prefecture_mean": "readiness_fy_mean"}  # a slide's key for a prefecture-wide figure


def scope_subject(scope: Scope) -> str:
    """Whom a deck's scope-wide figures are about (a figures.Reading subject)."""
    if scope.kind == "prefecture":
        return figures.PREFECTURE
    if scope.kind == "region":
        return figures.region_subject(scope.region_id)
    if scope.kind == "towns":
        return "towns"
    if len(scope.codes) == 1:
        return figures.municipality_subject(scope.codes[0])
    return "municipalities:" + ",".join(sorted(scope.codes))


def catalogued(key: str, scope: Scope) -> tuple[str, str] | None:
    """The (catalogue figure, subject) a slide's `figures` key stands for, or None for the deck's own numbers:
    a catalogue key is about the scope, "<code>:<catalogue key>" about one municipality."""
    code, _, name = key.rpartition(":")
    if key in PREFECTURE_FIGURES:
        return PREFECTURE_FIGURES[key], figures.PREFECTURE
    if name in figures.FIGURES and code.isdigit():
        return name, figures.municipality_subject(code)
    if key in figures.FIGURES:
        return key, scope_subject(scope)
    return None


def readings(slides: Sequence[Slide], scope: Scope) -> list[figures.Reading]:
    """Every catalogued figure the deck shows, as the one-truth test compares it with the pages."""
    found = []
    for slide in slides:
        for key, value in slide.figures.items():
            if (named := catalogued(key, scope)) is not None:
                found.append(figures.Reading(*named, format_figure(value), f"slide:{slide.key}"))
    return found


def slide_index(slides: Sequence[Slide], key: str | None) -> int:
    """The position of slide `key`, or 0 when the deck has no such slide."""
    for i, slide in enumerate(slides):
        if slide.key == key:
            return i
    return 0
