"""The seminar deck's vocabulary: what a deck is about (Scope), the frames it is built from, what a slide
holds (Slide), how a figure reads, and the look every slide's chart shares. Plain objects, no Streamlit."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from liaison import map as map_builders
from liaison import mapdeck
from liaison.charts import FONT
from liaison.figures import round_half_up
from liaison.i18n import localized

KINDS = ("prefecture", "region", "municipalities", "towns")  # towns: the 町村会 (its 12 towns)
CODE_KINDS = ("municipalities", "towns")  # scopes given by their codes
KEYS = ("title", "map", "headline", "readiness", "steps", "step_gap", "issues", "next_actions")
MAX_MUNICIPALITIES = 5
TOP_FIELDS = 8
NEXT_VISITS = 5
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
        if self.kind == "towns" and not self.codes:
            raise ValueError("a towns scope needs the towns' codes")
        if self.metric not in map_builders.METRICS:
            raise ValueError(f"unknown metric {self.metric!r}")

    @property
    def query_region(self) -> str | None:
        return self.region_id if self.kind == "region" else None

    @property
    def query_codes(self) -> list[str] | None:
        return list(self.codes) if self.kind in CODE_KINDS else None


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
        return f"{round_half_up(value, 2):,.2f}"  # 4.125 reads 4.13 here as in the catalogue and the SQL
    return f"{int(value):,}"


def slide_keys(scope: Scope) -> list[str]:
    """The slides a scope gets, in order (a few municipalities have no step distribution to show)."""
    return [key for key in KEYS if not (key == "steps" and scope.kind == "municipalities")]


@dataclass(frozen=True)
class Frames:
    """What a deck is built from: the named queries' frames for its scope (liaison.seminar.load_frames)."""

    metrics: pd.DataFrame  # municipality_metrics, all 41
    heatmap: pd.DataFrame  # readiness_heatmap in scope
    heatmap_all: pd.DataFrame  # readiness_heatmap, every target (the prefecture's means)
    steps_by_region: pd.DataFrame  # step_distribution_by_region
    step_gap: pd.DataFrame  # step_gap in scope
    issues: pd.DataFrame  # top_issues in scope
    visit_factors: pd.DataFrame  # visit_priority_factors in scope (the planner scores them)
    is_demo: bool  # the store says it is the demo: every slide says so


@dataclass(frozen=True)
class Data:
    """The frames as the slide builders read them: the scope's targets picked out, the next visits ranked."""

    metrics: pd.DataFrame  # municipality_metrics, all 41
    in_scope: pd.DataFrame  # the liaison targets in scope
    heatmap: pd.DataFrame
    heatmap_all: pd.DataFrame
    steps_by_region: pd.DataFrame
    step_gap: pd.DataFrame
    issues: pd.DataFrame
    next_visits: pd.DataFrame  # the planner's ranking, top NEXT_VISITS
    is_demo: bool
    scope_name: str


def name_col(lang: str) -> str:
    return localized("name", lang)


def region_col(lang: str) -> str:
    return localized("region_name", lang)


def bracket(text: str, inner: str, lang: str) -> str:
    return f"{text}（{inner}）" if lang == "ja" else f"{text} ({inner})"


def join(parts: list[str], lang: str) -> str:
    return ("　" if lang == "ja" else " · ").join(parts)


def style(fig: go.Figure, *, legend: bool = True) -> go.Figure:
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


def label_px(labels: Sequence[str], size: int) -> int:
    """Pixels the longest label needs: margins are set from it because Streamlit's plotly (theme=None)
    does not grow margins for tick labels as kaleido does, and a label must not be cut on either."""
    widest = 0.0
    for label in labels:
        for line in str(label).split("<br>"):
            widest = max(
                widest, sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.6 * size for ch in line)
            )
    return int(widest) + 16
