"""The deck's readiness slide: the eight hearing items as a heatmap (prefecture, region) or a radar (1–5 municipalities)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from liaison import figures as catalogue
from liaison import mapdeck
from liaison.figures import round_half_up
from liaison.i18n import READINESS_ITEMS, pick, t
from liaison.seminar_model import (
    CHART_FONT_SIZE,
    Data,
    Number,
    Scope,
    Slide,
    label_px,
    name_col,
    region_col,
    style,
)

# Okabe–Ito: one colour per chosen municipality on the radar, distinguishable with colour-vision deficiencies.
SERIES_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"]
PREFECTURE_COLOR = "#7f7f7f"


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
    labels = [pick(READINESS_ITEMS[item], lang) for item in READINESS_ITEMS]
    if not wrap:
        return labels
    breaks = {**ITEM_BREAKS, **NARROW_BREAKS} if narrow else ITEM_BREAKS
    return [breaks.get(label, label) for label in labels]


def _means(frame: pd.DataFrame) -> dict[str, float | None]:
    """Mean of each item score over the municipalities heard (2 decimals), and of their mean_score."""
    out = {}
    for column in [*READINESS_ITEMS, "mean_score"]:
        mean = frame[column].astype("Float64").mean()
        out[column] = None if pd.isna(mean) else round_half_up(float(mean), 2)
    return out


def readiness_slide(scope: Scope, data: Data) -> Slide:
    lang = scope.lang
    if scope.kind == "municipalities":
        return _readiness_radar(scope, data)
    heard = data.heatmap[data.heatmap["mean_score"].notna()]
    means = _means(heard)
    figures: dict[str, Number] = {"readiness_fy_mean": means["mean_score"], "heard_fy": len(heard)}
    figures |= {f"item:{item}": means[item] for item in READINESS_ITEMS}
    items = list(READINESS_ITEMS)
    known = [item for item in items if means[item] is not None]
    tiles = [(key, catalogue.get(key).label(lang)) for key in ("readiness_fy_mean", "heard_fy")]
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
        for (_, region_name), group in heard.groupby(["region_sort", region_col(lang)], sort=True):
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
        labels = list(data.heatmap[name_col(lang)])
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
    style(fig, legend=False)
    column_size = CHART_FONT_SIZE - (6 if lang == "en" else 4)  # English item names have longer words
    lines = max(str(c).count("<br>") + 1 for c in columns)
    fig.update_layout(
        margin={"l": label_px(labels, CHART_FONT_SIZE - 2), "t": int(lines * column_size * 1.3) + 16}
    )
    fig.update_yaxes(autorange="reversed", tickfont={"size": CHART_FONT_SIZE - 2})
    fig.update_xaxes(side="top", tickangle=0, tickfont={"size": column_size})
    return fig


def _readiness_radar(scope: Scope, data: Data) -> Slide:
    lang = scope.lang
    labels = _item_labels(lang, wrap=True)
    heatmap = data.heatmap.set_index("code")
    prefecture = _means(data.heatmap_all[data.heatmap_all["mean_score"].notna()])
    figures: dict[str, Number] = {}
    tiles = []
    fig = go.Figure()
    for code, color in zip(scope.codes, SERIES_COLORS, strict=False):
        row = heatmap.loc[code]
        name = row[name_col(lang)]
        mean = None if pd.isna(row["mean_score"]) else float(row["mean_score"])
        figures[f"{code}:readiness_fy"] = mean
        tiles.append((f"{code}:readiness_fy", name))
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
    style(fig)
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
