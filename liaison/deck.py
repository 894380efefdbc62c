"""発表モード's deck: slides built from live data for a scope (the prefecture, one region, 1–5 municipalities).

Plain objects, no Streamlit. The page draws these slides and liaison.deck_export writes the same
slides to PPTX/PDF/PNG, so every number in an export is the number on screen: each slide carries
its numbers in `figures` and every text shown is made from them by `format_figure`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from liaison import map as map_builders
from liaison import mapdeck, planner, store
from liaison.charts import FONT
from liaison.fiscal import date_label, fiscal_year_label
from liaison.i18n import READINESS_ITEMS, t
from liaison.mapfigure import map_figure
from liaison.queries import run_query

KINDS = ("prefecture", "region", "municipalities")
KEYS = ("title", "map", "headline", "readiness", "steps", "step_gap", "issues", "next_actions")
MAX_MUNICIPALITIES = 5
TOP_FIELDS = 8
NEXT_VISITS = 5
# Okabe–Ito: one colour per chosen municipality on the radar, distinguishable with colour-vision deficiencies.
SERIES_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"]
PREFECTURE_COLOR = "#7f7f7f"
STEP_COLORS = mapdeck.STEPS  # the map's step palette
CHART_FONT_SIZE = 18

Number = int | float | None


@dataclass(frozen=True, kw_only=True)
class Scope:
    """What a deck is about; `codes` only for kind="municipalities", `region_id` only for kind="region"."""

    kind: str = "prefecture"
    region_id: str | None = None
    codes: tuple[str, ...] = ()
    fiscal_year: int
    as_of: date
    lang: str = "ja"
    metric: str = map_builders.DEFAULT_METRIC

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown scope kind {self.kind!r}")
        if self.kind == "region" and not self.region_id:
            raise ValueError("a region scope needs region_id")
        if self.kind == "municipalities" and not 1 <= len(self.codes) <= MAX_MUNICIPALITIES:
            raise ValueError(f"choose 1–{MAX_MUNICIPALITIES} municipalities")
        if self.metric not in map_builders.METRICS:
            raise ValueError(f"unknown metric {self.metric!r}")

    @property
    def query_region(self) -> str | None:
        return self.region_id if self.kind == "region" else None

    @property
    def query_codes(self) -> list[str] | None:
        return list(self.codes) if self.kind == "municipalities" else None


@dataclass
class Slide:
    """One slide: what the page shows and what the PPTX writes.

    figures: every number shown on the slide, by a stable key; `tiles` lists the (key, label) pairs
    shown as big numbers and `table` (display-ready strings) is made from the same values.
    chart: a plotly figure (for the map slide, the map redrawn for export; the page shows `deck`).
    """

    key: str
    title: str
    subtitle: str
    figures: dict[str, Number] = field(default_factory=dict)
    tiles: list[tuple[str, str]] = field(default_factory=list)
    chart: go.Figure | None = None
    table: pd.DataFrame | None = None
    table_colors: list[str] | None = None  # a swatch colour per table row (the map legend)
    notes: list[str] = field(default_factory=list)
    demo_notice: str = ""
    deck: pdk.Deck | None = None
    legend: list[mapdeck.LegendEntry] = field(default_factory=list)

    def tile_text(self, key: str) -> str:
        return format_figure(self.figures[key])


def format_figure(value: Number) -> str:
    """How a figure reads on screen and in the PPTX: 1,234 / 2.85 / — ."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{int(value):,}"


def slide_keys(scope: Scope) -> list[str]:
    """The slides a scope gets, in order (a few municipalities have no step distribution to show)."""
    return [key for key in KEYS if not (key == "steps" and scope.kind == "municipalities")]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _Data:
    metrics: pd.DataFrame  # municipality_metrics, all 41
    in_scope: pd.DataFrame  # the liaison targets in scope
    heatmap: pd.DataFrame  # readiness_heatmap in scope
    heatmap_all: pd.DataFrame  # readiness_heatmap, every target (the prefecture's means)
    steps_by_region: pd.DataFrame
    step_gap: pd.DataFrame
    issues: pd.DataFrame
    next_visits: pd.DataFrame
    is_demo: bool
    scope_name: str


def _load(con: duckdb.DuckDBPyConnection, scope: Scope) -> _Data:
    fy, as_of = scope.fiscal_year, scope.as_of
    region, codes = scope.query_region, scope.query_codes
    frame = run_query("municipality_metrics", con=con, fiscal_year=fy, as_of=as_of)
    targets = frame[frame["is_liaison_target"]]
    if scope.kind == "region":
        in_scope = targets[targets["region_id"] == scope.region_id]
    elif scope.kind == "municipalities":
        in_scope = targets[targets["code"].isin(scope.codes)]
    else:
        in_scope = targets
    if in_scope.empty:
        raise ValueError("no liaison-target municipality in this scope")
    heatmap_all = run_query("readiness_heatmap", con=con, fiscal_year=fy, region_id=None, codes=None)
    cursor = con.cursor()
    try:
        is_demo = store.read_meta(cursor).get("is_demo") == "true"
    finally:
        cursor.close()
    return _Data(
        metrics=frame,
        in_scope=in_scope.reset_index(drop=True),
        heatmap=run_query("readiness_heatmap", con=con, fiscal_year=fy, region_id=region, codes=codes),
        heatmap_all=heatmap_all,
        steps_by_region=run_query("step_distribution_by_region", con=con, fiscal_year=fy),
        step_gap=run_query("step_gap", con=con, fiscal_year=fy, region_id=region, codes=codes),
        issues=run_query("top_issues", con=con, fiscal_year=fy, as_of=as_of, region_id=region, codes=codes),
        next_visits=planner.score_factors(
            run_query(
                "visit_priority_factors",
                con=con,
                fiscal_year=fy,
                as_of=as_of,
                region_id=region,
                liaison_id=None,
                codes=codes,
                ageing_days=planner.AGEING_DAYS,
            ),
            limit=NEXT_VISITS,
        ),
        is_demo=is_demo,
        scope_name=_scope_name(scope, in_scope),
    )


def _name_col(lang: str) -> str:
    return "name_en" if lang == "en" else "name_ja"


def _region_col(lang: str) -> str:
    return "region_name_en" if lang == "en" else "region_name_ja"


def _scope_name(scope: Scope, in_scope: pd.DataFrame) -> str:
    lang = scope.lang
    count = t("seminar_munis_count", lang).format(n=len(in_scope))
    if scope.kind == "prefecture":
        return _bracket(t("seminar_prefecture_name", lang) if lang == "ja" else "Hyogo", count, lang)
    if scope.kind == "region":
        region = in_scope[_region_col(lang)].iloc[0]
        return _bracket(f"{region}{t('seminar_region_suffix', lang)}", count, lang)
    names = in_scope.set_index("code").loc[list(scope.codes), _name_col(lang)]
    return ("・" if lang == "ja" else ", ").join(names)


def _bracket(text: str, inner: str, lang: str) -> str:
    return f"{text}（{inner}）" if lang == "ja" else f"{text} ({inner})"


def _join(parts: list[str], lang: str) -> str:
    return ("　" if lang == "ja" else " · ").join(parts)


# --------------------------------------------------------------------------- builders


def build_slides(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[Slide]:
    """Every slide of the scope's deck, in order (see slide_keys)."""
    data = _load(con, scope)
    builders = {
        "title": _title,
        "map": _map,
        "headline": _headline,
        "readiness": _readiness,
        "steps": _steps,
        "step_gap": _step_gap,
        "issues": _issues,
        "next_actions": _next_actions,
    }
    lang = scope.lang
    common = [
        t("seminar_note_sources", lang).format(fy=fiscal_year_label(scope.fiscal_year, lang)),
        t("seminar_note_as_of", lang).format(date=date_label(scope.as_of, lang)),
    ]
    demo = t("seminar_note_demo", lang) if data.is_demo else ""
    subtitle = _subtitle(scope, data)
    slides = []
    for key in slide_keys(scope):
        slide = builders[key](scope, data)
        if not slide.subtitle and key != "title":
            slide.subtitle = subtitle
        slide.notes = [*slide.notes, *common] + ([demo] if demo else [])
        slide.demo_notice = demo
        slides.append(slide)
    return slides


def _subtitle(scope: Scope, data: _Data) -> str:
    lang = scope.lang
    when = t("seminar_as_of_line", lang).format(date=date_label(scope.as_of, lang))
    return _join([data.scope_name, fiscal_year_label(scope.fiscal_year, lang), when], lang)


def _style(fig: go.Figure, *, legend: bool = True) -> go.Figure:
    fig.update_layout(
        font={"family": FONT, "size": CHART_FONT_SIZE, "color": "#1f2937"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 20, "r": 20, "t": 60 if legend else 20, "b": 40},  # a legend sits above the plot
        showlegend=legend,
        legend={
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "font": {"size": CHART_FONT_SIZE},
        },
    )
    return fig


def _label_px(labels: Sequence[str], size: int) -> int:
    """Pixels the longest label needs: margins are set from it because Streamlit's plotly (theme=None)
    does not grow margins for tick labels as kaleido does, and a label must not be cut on either."""
    widest = 0.0
    for label in labels:
        for line in str(label).split("<br>"):
            widest = max(
                widest, sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.6 * size for ch in line)
            )
    return int(widest) + 16


def _title(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    when = t("seminar_as_of_line", lang).format(date=date_label(scope.as_of, lang))
    return Slide(
        key="title",
        title=t("seminar_deck_title", lang),
        subtitle=data.scope_name + "\n" + _join([fiscal_year_label(scope.fiscal_year, lang), when], lang),
        figures={"municipalities": len(data.in_scope)},
    )


def _map(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    metric = map_builders.get(scope.metric)
    focus = frozenset(scope.codes) if scope.kind == "municipalities" else None
    deck, legend = mapdeck.build_map(data.metrics, metric, lang, scope.query_region, focus_codes=focus)
    # Municipalities in scope per legend class, coloured by the map's own functions.
    targets = data.metrics[data.metrics["is_liaison_target"]]
    breaks, palette, _ = mapdeck.colour_scale(metric, targets[metric.key], lang)
    counts: dict[str, int] = {}
    for value in data.in_scope[metric.key]:
        colour = mapdeck.colour_for(value, breaks, palette, metric.kind == "categorical")
        counts[colour] = counts.get(colour, 0) + 1
    # The table is the legend too (swatch, class, count in scope); 神戸市's class has no count.
    figures: dict[str, Number] = {}
    for i, entry in enumerate(legend):
        figures[f"class_{i}"] = None if entry.color == mapdeck.OUTSIDE else counts.get(entry.color, 0)
    table = pd.DataFrame(
        {
            _short(metric.label(lang)): [entry.label for entry in legend],
            t("seminar_axis_municipalities", lang): [format_figure(v) for v in figures.values()],
        }
    )
    chart = map_figure(deck, legend, list(data.in_scope["code"]), legend_title=_short(metric.label(lang)))
    return Slide(
        key="map",
        title=t("seminar_title_map", lang).format(metric=metric.label(lang)),
        subtitle="",
        figures=figures,
        chart=chart,
        table=table,
        table_colors=[entry.color for entry in legend],
        notes=[t("seminar_note_boundaries", lang)],
        deck=deck,
        legend=legend,
    )


def _short(label: str) -> str:
    """A metric label without its parenthesised explanation, for a legend title."""
    return label.split("（")[0].split(" (")[0]


HEADLINE = (
    "municipalities",
    "consultations_fy",
    "open_consultations",
    "visits_fy",
    "not_visited_90_days",
    "mean_readiness",
)


def _headline(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    summary = map_builders.summarize(data.in_scope)
    figures: dict[str, Number] = {key: getattr(summary, key) for key in HEADLINE}
    tiles = [(key, t(f"seminar_fig_{key}", lang)) for key in HEADLINE]
    table = None
    if scope.kind == "municipalities":
        rows = data.in_scope.set_index("code").loc[list(scope.codes)]
        columns = {
            "consultations_fy": "seminar_col_consultations",
            "open_consultations": "seminar_col_open",
            "visits_fy": "seminar_col_visits",
            "days_since_last_visit": "seminar_col_days",
            "readiness_index": "seminar_col_readiness",
        }
        table = pd.DataFrame({t("seminar_col_municipality", lang): list(rows[_name_col(lang)])})
        for column, label in columns.items():
            texts = []
            for code, value in rows[column].items():
                number = (
                    None if pd.isna(value) else float(value) if column == "readiness_index" else int(value)
                )
                figures[f"{code}:{column}"] = number
                texts.append(format_figure(number))
            table[t(label, lang)] = texts
    return Slide(
        key="headline",
        title=t("seminar_title_headline", lang),
        subtitle="",
        figures=figures,
        tiles=tiles,
        table=table,
    )


# Where the longer item names break in a chart's axis labels.
ITEM_BREAKS = {
    "トップのコミットメント": "トップの<br>コミットメント",
    "職員のマインド": "職員の<br>マインド",
    "求めるデジタル人材像": "求める<br>デジタル人材像",
    "人材育成方針・目標": "人材育成<br>方針・目標",
    "現在の推進状況": "現在の<br>推進状況",
    "Top commitment": "Top<br>commitment",
    "Staff mindset": "Staff<br>mindset",
    "Talent profile": "Talent<br>profile",
    "Talent policy": "Talent<br>policy",
    "Current progress": "Current<br>progress",
    "Issue awareness": "Issue<br>awareness",
}


# A heatmap column is narrower than a radar label's room: at most five characters a line.
NARROW_BREAKS = {
    "トップのコミットメント": "トップの<br>コミット<br>メント",
    "求めるデジタル人材像": "求める<br>デジタル<br>人材像",
}


def _item_labels(lang: str, wrap: bool = False, narrow: bool = False) -> list[str]:
    labels = [READINESS_ITEMS[item][1 if lang == "en" else 0] for item in READINESS_ITEMS]
    if not wrap:
        return labels
    breaks = {**ITEM_BREAKS, **NARROW_BREAKS} if narrow else ITEM_BREAKS
    return [breaks.get(label, label) for label in labels]


def _means(frame: pd.DataFrame) -> dict[str, float | None]:
    """Mean of each item score over the municipalities heard (2 decimals), and of their mean_score."""
    out = {}
    for column in [*READINESS_ITEMS, "mean_score"]:
        mean = frame[column].astype("Float64").mean()
        out[column] = None if pd.isna(mean) else round(float(mean), 2)
    return out


def _readiness(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    if scope.kind == "municipalities":
        return _readiness_radar(scope, data)
    heard = data.heatmap[data.heatmap["mean_score"].notna()]
    means = _means(heard)
    figures: dict[str, Number] = {"mean_score": means["mean_score"], "assessed": len(heard)}
    figures |= {f"item:{item}": means[item] for item in READINESS_ITEMS}
    items = list(READINESS_ITEMS)
    known = [item for item in items if means[item] is not None]
    tiles = [
        ("mean_score", _bracket(t("seminar_fig_mean_readiness", lang), t("seminar_eight_items", lang), lang))
    ]
    tiles.append(("assessed", t("seminar_fig_assessed", lang)))
    if known:
        low = min(known, key=lambda item: (means[item], items.index(item)))
        high = max(known, key=lambda item: (means[item], -items.index(item)))
        names = dict(zip(items, _item_labels(lang), strict=True))
        tiles += [
            (f"item:{low}", t("seminar_lowest_item", lang).format(item=names[low])),
            (f"item:{high}", t("seminar_highest_item", lang).format(item=names[high])),
        ]

    if scope.kind == "prefecture":
        rows, labels = [], []
        for (_, region_name), group in heard.groupby(["region_sort", _region_col(lang)], sort=True):
            region_means = _means(group)
            rows.append([region_means[item] for item in items])
            labels.append(region_name)
        title = t("seminar_title_readiness_regions", lang)
        total_label = t("seminar_prefecture_name", lang)
        decimals = 2
    else:
        rows = [
            [None if pd.isna(r[item]) else int(r[item]) for item in items] for _, r in data.heatmap.iterrows()
        ]
        labels = list(data.heatmap[_name_col(lang)])
        title = t("seminar_title_readiness_municipalities", lang)
        total_label = t("seminar_mean", lang)
        decimals = 0
    rows.append([means[item] for item in items])
    labels.append(total_label)
    chart = _heatmap(rows, labels, _item_labels(lang, wrap=True, narrow=True), decimals, lang)
    return Slide(
        key="readiness",
        title=title,
        subtitle="",
        figures=figures,
        tiles=tiles,
        chart=chart,
        notes=[t("seminar_note_readiness", lang)],
    )


def _heatmap(rows: list[list], labels: list[str], columns: list[str], decimals: int, lang: str) -> go.Figure:
    """Rows top to bottom; the last row (the scope's mean) always with 2 decimals."""
    text = []
    for i, row in enumerate(rows):
        places = 2 if i == len(rows) - 1 else decimals
        text.append(["" if v is None else f"{v:.{places}f}" for v in row])
    scale = [[i / (len(mapdeck.GOOD_HIGH) - 1), c] for i, c in enumerate(mapdeck.GOOD_HIGH)]
    fig = go.Figure(
        go.Heatmap(
            z=[[math.nan if v is None else v for v in row] for row in rows],
            x=columns,
            y=labels,
            text=text,
            texttemplate="%{text}",
            textfont={"size": CHART_FONT_SIZE - 2},
            colorscale=scale,
            zmin=1,
            zmax=5,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": ""}, "tickvals": [1, 2, 3, 4, 5], "thickness": 14},
            hoverinfo="skip",
        )
    )
    _style(fig, legend=False)
    column_size = CHART_FONT_SIZE - (6 if lang == "en" else 4)  # English item names have longer words
    lines = max(str(c).count("<br>") + 1 for c in columns)
    fig.update_layout(
        margin={"l": _label_px(labels, CHART_FONT_SIZE - 2), "t": int(lines * column_size * 1.3) + 16}
    )
    fig.update_yaxes(autorange="reversed", tickfont={"size": CHART_FONT_SIZE - 2})
    fig.update_xaxes(side="top", tickangle=0, tickfont={"size": column_size})
    return fig


def _readiness_radar(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    labels = _item_labels(lang, wrap=True)
    heatmap = data.heatmap.set_index("code")
    prefecture = _means(data.heatmap_all[data.heatmap_all["mean_score"].notna()])
    figures: dict[str, Number] = {}
    tiles = []
    fig = go.Figure()
    for code, color in zip(scope.codes, SERIES_COLORS, strict=False):
        row = heatmap.loc[code]
        name = row[_name_col(lang)]
        mean = None if pd.isna(row["mean_score"]) else float(row["mean_score"])
        figures[f"{code}:mean_score"] = mean
        tiles.append((f"{code}:mean_score", name))
        if mean is None:
            continue
        scores = [int(row[item]) for item in READINESS_ITEMS]
        fig.add_trace(
            go.Scatterpolar(
                r=scores + scores[:1],
                theta=labels + labels[:1],
                name=name,
                line={"color": color, "width": 3},
                fill="toself" if len(scope.codes) == 1 else "none",
                opacity=0.9,
            )
        )
    pref_scores = [prefecture[item] for item in READINESS_ITEMS]
    figures["prefecture_mean"] = prefecture["mean_score"]
    tiles.append(("prefecture_mean", t("seminar_prefecture_mean", lang)))
    if None not in pref_scores:
        fig.add_trace(
            go.Scatterpolar(
                r=pref_scores + pref_scores[:1],
                theta=labels + labels[:1],
                name=t("seminar_prefecture_mean", lang),
                line={"color": PREFECTURE_COLOR, "width": 2, "dash": "dot"},
            )
        )
    _style(fig)
    fig.update_layout(
        polar={
            # clockwise from the top, the radial ticks between the first two items
            "radialaxis": {
                "range": [0, 5],
                "tickvals": [1, 2, 3, 4, 5],
                "tickfont": {"size": 14},
                "angle": 67.5,
            },
            "angularaxis": {
                "tickfont": {"size": CHART_FONT_SIZE - 2},
                "rotation": 90,
                "direction": "clockwise",
            },
        },
        margin={"l": 110, "r": 110, "t": 60, "b": 60},
        legend={"orientation": "v", "x": 1.02, "y": 1.0},
    )
    return Slide(
        key="readiness",
        title=t("seminar_title_readiness_radar", lang),
        subtitle="",
        figures=figures,
        tiles=tiles,
        chart=fig,
        notes=[t("seminar_note_readiness", lang)],
    )


def _step_label(step, lang: str) -> str:
    if step is None or pd.isna(step):
        return t("seminar_not_heard", lang)
    return map_builders.get("step").format(int(step), lang)


def _steps(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    frame = data.steps_by_region
    if scope.kind == "region":
        frame = frame[frame["region_id"] == scope.region_id]
    totals = frame.groupby(frame["step"].fillna(-1).astype(int))["municipalities"].sum()
    figures: dict[str, Number] = {f"step_{s}": int(totals.get(s, 0)) for s in range(4)}
    tiles = [(f"step_{s}", t("seminar_fig_step_n", lang).format(step=s)) for s in range(4)]
    if int(totals.get(-1, 0)):
        figures["not_heard"] = int(totals.get(-1, 0))
        tiles.append(("not_heard", _step_label(None, lang)))

    fig = go.Figure()
    if scope.kind == "prefecture":
        order = frame.sort_values("region_sort")[_region_col(lang)].drop_duplicates().tolist()
        for step, color in [*enumerate(STEP_COLORS), (None, mapdeck.NO_DATA)]:
            rows = frame[frame["step"].isna()] if step is None else frame[frame["step"] == step]
            if step is None and not rows["municipalities"].sum():
                continue
            counts = rows.set_index(_region_col(lang))["municipalities"].reindex(order).fillna(0).astype(int)
            fig.add_trace(
                go.Bar(
                    y=order,
                    x=list(counts),
                    orientation="h",
                    name=_step_label(step, lang),
                    marker={"color": color, "line": {"color": "#666", "width": 0.5}},
                    text=[str(v) if v else "" for v in counts],
                    textposition="inside",
                    insidetextanchor="middle",
                    textfont={"color": "white" if step == 3 else "#111"},
                )
            )
        _style(fig)
        fig.update_layout(
            barmode="stack",
            legend={"traceorder": "normal"},
            margin={"l": _label_px(order, CHART_FONT_SIZE), "b": 70},
        )
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(title={"text": t("seminar_axis_municipalities", lang)}, dtick=1, gridcolor="#e5e7eb")
    else:
        heard = data.heatmap
        names = ["<br>".join(heard.loc[heard["step"] == s, _name_col(lang)].tolist()) for s in range(4)]
        fig.add_trace(
            go.Bar(
                x=[_step_label(s, lang) for s in range(4)],
                y=[figures[f"step_{s}"] for s in range(4)],
                marker={"color": STEP_COLORS, "line": {"color": "#666", "width": 0.5}},
                text=names,
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": CHART_FONT_SIZE - 2, "color": ["#111", "#111", "#111", "white"]},
                showlegend=False,
            )
        )
        _style(fig, legend=False)
        fig.update_layout(margin={"l": 90})
        fig.update_yaxes(title={"text": t("seminar_axis_municipalities", lang)}, dtick=1, gridcolor="#e5e7eb")
    return Slide(
        key="steps",
        title=t("seminar_title_steps", lang),
        subtitle="",
        figures=figures,
        tiles=tiles,
        chart=fig,
    )


def _step_gap(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    gap = data.step_gap.sort_values("step")
    figures: dict[str, Number] = {}
    for _, row in gap.iterrows():
        for column in ("municipalities", "consultations", "visits"):
            figures[f"{column}_step_{int(row['step'])}"] = int(row[column])
    steps = [_step_label(int(s), lang) for s in gap["step"]]
    table = pd.DataFrame(
        {
            t("seminar_col_step", lang): steps,
            t("seminar_col_municipalities", lang): [format_figure(int(v)) for v in gap["municipalities"]],
            t("seminar_col_consultations", lang): [format_figure(int(v)) for v in gap["consultations"]],
            t("seminar_col_topic_visits", lang): [format_figure(int(v)) for v in gap["visits"]],
        }
    )
    fig = go.Figure()
    for column, label, color in (
        ("municipalities", t("seminar_share_municipalities", lang), "#0072B2"),
        ("consultations", t("seminar_share_consultations", lang), "#E69F00"),
    ):
        total = int(gap[column].sum())
        shares = [0.0 if not total else 100 * int(v) / total for v in gap[column]]
        fig.add_trace(
            go.Bar(
                x=steps,
                y=shares,
                name=label,
                marker={"color": color},
                text=[f"{s:.0f}%" for s in shares],
                textposition="outside",
                cliponaxis=False,
            )
        )
    _style(fig)
    fig.update_layout(barmode="group", margin={"l": 90})  # room for the ticks and the axis title everywhere
    fig.update_yaxes(title={"text": t("seminar_axis_share", lang)}, range=[0, 110], gridcolor="#e5e7eb")
    return Slide(
        key="step_gap",
        title=t("seminar_title_step_gap", lang),
        subtitle="",
        figures=figures,
        chart=fig,
        table=table,
        notes=[t("seminar_note_step_gap", lang)],
    )


def _issues(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    issues = data.issues
    top = issues[issues["open_consultations"] > 0].head(TOP_FIELDS)
    field_col = "field_name_en" if lang == "en" else "field_name_ja"
    figures: dict[str, Number] = {"open_total": int(issues["open_consultations"].sum())}
    for _, row in top.iterrows():
        figures[f"open:{row['field_id']}"] = int(row["open_consultations"])
        figures[f"fy:{row['field_id']}"] = int(row["consultations_fy"])
    table = pd.DataFrame(
        {
            t("seminar_col_field", lang): list(top[field_col]),
            t("seminar_col_open", lang): [format_figure(int(v)) for v in top["open_consultations"]],
            t("seminar_col_fy", lang): [format_figure(int(v)) for v in top["consultations_fy"]],
        }
    )
    fig = go.Figure(
        go.Bar(
            y=list(top[field_col]),
            x=[int(v) for v in top["open_consultations"]],
            orientation="h",
            marker={"color": mapdeck.BAD_HIGH[3]},
            text=[str(int(v)) for v in top["open_consultations"]],
            textposition="outside",
            cliponaxis=False,
        )
    )
    _style(fig, legend=False)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title={"text": t("seminar_axis_open", lang)}, gridcolor="#e5e7eb")
    fig.update_layout(margin={"l": _label_px(list(top[field_col]), CHART_FONT_SIZE), "r": 50, "b": 70})
    return Slide(
        key="issues",
        title=t("seminar_title_issues", lang),
        subtitle="",
        figures=figures,
        tiles=[("open_total", t("seminar_fig_open_total", lang))],
        chart=fig if not top.empty else None,
        table=table,
    )


def _next_actions(scope: Scope, data: _Data) -> Slide:
    lang = scope.lang
    ranked = data.next_visits
    regions = data.metrics.set_index("code")[_region_col(lang)]
    figures: dict[str, Number] = {}
    for _, row in ranked.iterrows():
        figures[f"rank:{row['code']}"] = int(row["rank"])
        figures[f"score:{row['code']}"] = float(row["score"])
    table = pd.DataFrame(
        {
            t("seminar_col_rank", lang): [format_figure(int(v)) for v in ranked["rank"]],
            t("seminar_col_municipality", lang): list(ranked[_name_col(lang)]),
            t("seminar_col_region", lang): [regions[c] for c in ranked["code"]],
            t("seminar_col_score", lang): [format_figure(float(v)) for v in ranked["score"]],
            t("seminar_col_reasons", lang): list(ranked[f"reasons_{lang}"]),
        }
    )
    return Slide(
        key="next_actions",
        title=t("seminar_title_next_actions", lang),
        subtitle="",
        figures=figures,
        table=table,
        notes=[t("seminar_note_planner", lang)],
    )


def slide_index(slides: Sequence[Slide], key: str | None) -> int:
    """The position of slide `key`, or 0 when the deck has no such slide."""
    for i, slide in enumerate(slides):
        if slide.key == key:
            return i
    return 0
