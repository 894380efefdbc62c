"""Figures and small summaries for the DX推進状況 page; plain builders over the query frames, no Streamlit."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from liaison.charts import FONT, RADAR_BREAKS
from liaison.figures import round_half_up
from liaison.i18n import READINESS_ITEMS, STEP_TEXT, localized, pick, t
from liaison.mapdeck import GOOD_HIGH, NO_DATA, STEPS

ITEMS = list(READINESS_ITEMS)  # the eight score_* columns, in hearing order
SORTS = ["region", "mean", *ITEMS]  # allow-list of the heatmap's sort keys
# Okabe–Ito: municipalities / consultations / visits stay distinct for colour-vision deficiencies.
GAP_COLORS = {"municipalities": "#0072B2", "consultations": "#E69F00", "visits": "#009E73"}
UP, DOWN = "#0072B2", "#D55E00"  # Okabe–Ito blue / vermilion for the change chart


def item_label(item: str, lang: str = "ja", wrap: bool = False) -> str:
    ja, en = READINESS_ITEMS[item]
    label = en if lang == "en" else ja
    return RADAR_BREAKS.get(label, label) if wrap else label


def short_step(step: int, lang: str = "ja") -> str:
    """'ステップ0<br>認識共有・機運醸成' for a category axis."""
    ja, en = STEP_TEXT[int(step)]
    head, _, rest = (en if lang == "en" else ja).partition(":" if lang == "en" else " ")
    return f"{head}<br>{rest.strip()}"


def _layout(fig: go.Figure, height: int, **extra) -> go.Figure:
    """The shared layout (Japanese font, compact margins, legend on top); `extra` overrides any of it."""
    layout = {
        "font": {"family": FONT, "size": 13},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    }
    fig.update_layout(**{**layout, **extra})
    return fig


# --------------------------------------------------------------------------- summaries (plain frames)


@dataclass(frozen=True)
class Headline:
    municipalities: int  # liaison targets in scope
    heard: int  # of which heard this 年度
    mean_score: float | None
    early: int  # heard and at steps 0–2
    consultations: int
    step3_consultations: int
    visits_without_step: int  # 定期巡回 and ヒアリング調査: not in the step gap, told as a note


def headline(heat: pd.DataFrame, gap: pd.DataFrame, visits: pd.DataFrame) -> Headline:
    """The page's headline figures from readiness_heatmap, step_gap and visits_by_purpose (same scope)."""
    mean = heat["mean_score"].mean()
    return Headline(
        municipalities=len(heat),
        heard=int(heat["step"].notna().sum()),
        mean_score=None if pd.isna(mean) else round_half_up(float(mean), 2),
        early=int(gap.loc[gap["step"] < 3, "municipalities"].sum()),
        consultations=int(gap["consultations"].sum()),
        step3_consultations=int(gap.loc[gap["step"] == 3, "consultations"].sum()),
        visits_without_step=int((visits["visits"] - visits["with_topic"]).sum()),
    )


def step_explanations(lang: str = "ja") -> str:
    """Markdown: each 手順書 step's name and its one-line plain explanation."""
    colon = ": " if lang == "en" else "："
    lines = [
        f"- **{STEP_TEXT[step][1 if lang == 'en' else 0]}**{colon}{t(f'readiness_step_explain_{step}', lang)}"
        for step in range(4)
    ]
    return f"**{t('readiness_steps_title', lang)}**\n\n" + "\n".join(lines)


def sort_label(key: str, lang: str = "ja") -> str:
    """The heatmap sort selector's label for one of SORTS."""
    if key in ("region", "mean"):
        return t(f"readiness_sort_{key}", lang)
    return t("readiness_sort_item", lang).format(item=item_label(key, lang))


def order_heatmap(heat: pd.DataFrame, sort_by: str, group_by_region: bool = True) -> pd.DataFrame:
    """Rows in the order shown: by region and code, or by a score (lowest first, not yet heard last).

    With `group_by_region` the chosen order applies within each region, regions in the usual order.
    """
    if sort_by not in SORTS:
        sort_by = "region"
    keys, ascending = [], []
    if group_by_region or sort_by == "region":
        keys, ascending = ["region_sort"], [True]
    if sort_by != "region":
        column = "mean_score" if sort_by == "mean" else sort_by
        keys.append(column)
        ascending.append(True)
    keys.append("code")
    ascending.append(True)
    return heat.sort_values(keys, ascending=ascending, na_position="last", kind="stable").reset_index(
        drop=True
    )


def score_distribution(heat: pd.DataFrame) -> pd.DataFrame:
    """Municipalities per (item, score 1–5) among those heard; zeros kept, items in hearing order."""
    heard = heat[heat["step"].notna()]
    rows = [
        {"item": item, "score": score, "municipalities": int((heard[item] == score).sum())}
        for item in ITEMS
        for score in range(1, 6)
    ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class StepChanges:
    compared: int
    up: int
    same: int
    down: int


def step_changes(heat: pd.DataFrame) -> StepChanges:
    """How many municipalities heard in both years moved up, stayed or moved down a step."""
    both = heat[heat["step"].notna() & heat["previous_step"].notna()]
    delta = both["step"].astype(int) - both["previous_step"].astype(int)
    return StepChanges(len(both), int((delta > 0).sum()), int((delta == 0).sum()), int((delta < 0).sum()))


def item_changes(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Per item, the mean score last year and this year over the municipalities heard in both, and the change.

    `current` and `previous` are readiness_heatmap.sql for the 年度 and the one before (same scope).
    """
    now = current[current["step"].notna()].set_index("code")
    before = previous[previous["step"].notna()].set_index("code")
    both = now.index.intersection(before.index)
    rows = []
    for item in ITEMS:
        this_year = float(now.loc[both, item].mean()) if len(both) else float("nan")
        last_year = float(before.loc[both, item].mean()) if len(both) else float("nan")
        rows.append(
            {
                "item": item,
                "previous_mean": round_half_up(last_year, 2),
                "mean": round_half_up(this_year, 2),
                "delta": round_half_up(this_year - last_year, 2),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures


def step_gap_chart(gap: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Side by side per step: share of municipalities there against share of consultations and visits."""
    x = [short_step(s, lang) for s in gap["step"]]
    fig = go.Figure()
    for column, key in (
        ("municipalities", "readiness_gap_municipalities"),
        ("consultations", "readiness_gap_consultations"),
        ("visits", "readiness_gap_visits"),
    ):
        counts = gap[column].astype(int)
        total = int(counts.sum())
        shares = [100.0 * c / total if total else 0.0 for c in counts]
        unit = "" if lang == "en" else ("市町" if column == "municipalities" else "件")
        fig.add_trace(
            go.Bar(
                x=x,
                y=shares,
                name=t(key, lang),
                marker_color=GAP_COLORS[column],
                text=[f"{s:.0f}%" for s in shares],
                textposition="outside",
                customdata=list(counts),
                hovertemplate="%{x}<br>"
                + html.escape(t(key, lang))
                + ": %{customdata}"
                + unit
                # total in the hover so a share never hides how small the number behind it is
                + f" / {total}{unit} (%{{y:.0f}}%)<extra></extra>",
            )
        )
    top = max([trace.y for trace in fig.data], key=max)
    return _layout(
        fig,
        400,
        barmode="group",
        yaxis={
            "title": t("readiness_gap_share", lang) + " (%)",
            "range": [0, max(100.0, max(top) + 10)],
            "ticksuffix": "%",
        },
        bargap=0.25,
    )


def item_distribution_chart(distribution: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Stacked horizontal bars: per hearing item, municipalities scoring 1 … 5 (YlGnBu)."""
    fig = go.Figure()
    labels = [item_label(item, lang) for item in ITEMS]
    unit = t("readiness_municipalities_unit", lang)
    for score, color in zip(range(1, 6), GOOD_HIGH, strict=True):
        counts = [
            int(
                distribution.loc[
                    (distribution["item"] == item) & (distribution["score"] == score), "municipalities"
                ].sum()
            )
            for item in ITEMS
        ]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=counts,
                orientation="h",
                name=f"{t('readiness_score', lang)} {score}",
                marker={"color": color, "line": {"color": "#ffffff", "width": 1}},
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#000000" if score <= 3 else "#ffffff"},
                hovertemplate="%{y}: "
                + f"{t('readiness_score', lang)} {score} = "
                + "%{x} "
                + unit
                + "<extra></extra>",
            )
        )
    return _layout(
        fig,
        380,
        barmode="stack",
        yaxis={"autorange": "reversed"},
        xaxis={"title": unit, "dtick": 5},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
    )


def heatmap_chart(ordered: pd.DataFrame, lang: str = "ja", group_by_region: bool = True) -> go.Figure:
    """Municipalities × the eight items and their mean, coloured 1–5 (YlGnBu); rows as given.

    With `group_by_region` the rows carry their region as a second axis level (a multicategory axis).
    """
    name_col = localized("name", lang)
    region_col = localized("region_name", lang)
    not_heard = t("readiness_not_heard", lang)
    names = [
        str(name) if pd.notna(step) else f"{name}（{not_heard}）" if lang == "ja" else f"{name} ({not_heard})"
        for name, step in zip(ordered[name_col], ordered["step"], strict=True)
    ]
    columns = [*ITEMS, "mean_score"]
    x = [item_label(item, lang, wrap=True) for item in ITEMS] + [t("readiness_mean", lang)]
    z = ordered[columns].astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
    text = [
        ["" if v != v else f"{v:.0f}" if j < len(ITEMS) else f"{v:.1f}" for j, v in enumerate(row)]
        for row in z
    ]
    y = [list(ordered[region_col].astype(str)), names] if group_by_region else names
    # five equal bands for the scores 1–5, the same classes as the map's readiness legend
    scale = []
    for i, color in enumerate(GOOD_HIGH):
        scale += [[i / 5, color], [(i + 1) / 5, color]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            colorscale=scale,
            zmin=0.5,
            zmax=5.5,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": t("readiness_score", lang)}, "tickvals": [1, 2, 3, 4, 5], "len": 0.5},
            hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
        )
    )
    return _layout(
        fig,
        max(320, 60 + 22 * len(ordered)),
        yaxis={"autorange": "reversed", "tickfont": {"size": 12}},
        xaxis={"side": "top", "tickangle": 0, "tickfont": {"size": 11}},
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        plot_bgcolor=NO_DATA,
    )


def steps_by_region_chart(distribution: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Stacked horizontal bars per region: municipalities at each step, and not yet heard (grey)."""
    region_col = localized("region_name", lang)
    regions = distribution.drop_duplicates("region_id").sort_values("region_sort")
    labels = list(regions[region_col].astype(str))
    fig = go.Figure()
    classes = [(s, pick(STEP_TEXT[s], lang), STEPS[s]) for s in range(4)]
    classes.append((None, t("readiness_not_heard", lang), NO_DATA))
    unit = t("readiness_municipalities_unit", lang)
    for step, name, color in classes:
        rows = (
            distribution[distribution["step"].isna()]
            if step is None
            else distribution[distribution["step"] == step]
        )
        counts = (
            rows.set_index("region_id")["municipalities"].reindex(regions["region_id"]).fillna(0).astype(int)
        )
        fig.add_trace(
            go.Bar(
                y=labels,
                x=list(counts),
                orientation="h",
                name=name,
                marker={"color": color, "line": {"color": "#ffffff", "width": 1}},
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#ffffff" if step == 3 else "#000000"},
                hovertemplate="%{y}: " + html.escape(name) + " %{x} " + unit + "<extra></extra>",
            )
        )
    return _layout(
        fig,
        max(260, 90 + 34 * len(labels)),
        barmode="stack",
        yaxis={"autorange": "reversed"},
        xaxis={"title": unit, "dtick": 1},
        legend={"orientation": "h", "y": -0.15, "yanchor": "top", "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )


def item_change_chart(changes: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Horizontal bars of each item's mean change, blue up and vermilion down."""
    labels = [item_label(item, lang) for item in changes["item"]]
    deltas = [0.0 if pd.isna(d) else float(d) for d in changes["delta"]]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=deltas,
            orientation="h",
            marker_color=[UP if d >= 0 else DOWN for d in deltas],
            text=[f"{d:+.2f}" for d in deltas],
            textposition="outside",
            customdata=list(zip(changes["previous_mean"], changes["mean"], strict=True)),
            hovertemplate="%{y}: %{customdata[0]:.2f} → %{customdata[1]:.2f} (%{x:+.2f})<extra></extra>",
        )
    )
    reach = max([abs(d) for d in deltas] + [0.5]) * 1.3
    return _layout(
        fig,
        340,
        yaxis={"autorange": "reversed"},
        xaxis={"range": [-reach, reach], "zeroline": True, "zerolinecolor": "#444444"},
        showlegend=False,
    )
