"""Figures, tables and the map of the トップ層・情報提供 page; plain builders, no Streamlit."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from liaison import mapdeck
from liaison.charts import FONT
from liaison.fiscal import date_label
from liaison.i18n import localized, t
from liaison.map import Metric
from liaison.records.schema_lists import ENUMS
from liaison.texts.vocabulary import VOCABULARY

KINDS = list(ENUMS[("engagements", "kind")])  # the schema's list (migration 008 added the 担当者会議)
KIND_EN = VOCABULARY[("engagements", "kind")]
# Okabe–Ito, one colour per kind of engagement.
KIND_COLORS = dict(
    zip(KINDS, ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"], strict=True)
)
LEVEL_COLORS = ["#edf8b1", "#7fcdbb", "#2c7fb8"]  # ColorBrewer YlGnBu, 3 ordered classes
PUSH_COLORS = {"自治体DX": "#0072B2", "地域社会DX": "#E69F00"}


@dataclass(frozen=True)
class Headline:
    municipalities: int  # liaison targets in scope
    mayor_dialogues: int  # of which held a 首長対話 in the 年度
    executives_reached: int  # of which reached the mayor or executives in any way (includes the above)
    engagements: int
    pushes: int


def headline(
    levels: pd.DataFrame, engagements: pd.DataFrame, pushes: pd.DataFrame, region_id: str | None = None
) -> Headline:
    """The page's headline figures from relationship_levels, engagements_timeline and chat_pushes_log."""
    targets = levels[levels["is_liaison_target"]]
    if region_id is not None:
        targets = targets[targets["region_id"] == region_id]
    return Headline(
        municipalities=len(targets),
        mayor_dialogues=int((targets["relationship_level"] == 2).sum()),
        executives_reached=int((targets["relationship_level"] >= 1).sum()),
        engagements=len(engagements),
        pushes=len(pushes),
    )


def kind_label(kind: str, lang: str = "ja") -> str:
    return KIND_EN.get(kind, kind) if lang == "en" else kind


def relationship_metric() -> Metric:
    """The map's categorical metric: 0 none, 1 executives reached, 2 mayor dialogue held."""
    return Metric(
        "relationship_level",
        "relationship_level",
        "",
        "",
        "categorical",
        True,
        categories=tuple(
            (color, t(f"relations_level_{level}", "ja"), t(f"relations_level_{level}", "en"))
            for level, color in enumerate(LEVEL_COLORS)
        ),
    )


def relationship_map(
    levels: pd.DataFrame, lang: str = "ja", region_id: str | None = None
) -> tuple[pdk.Deck, list[mapdeck.LegendEntry]]:
    """The municipality map coloured by relationship level (relationship_levels.sql); 神戸市 grey."""
    return mapdeck.build_map(levels, relationship_metric(), lang, region_id)


def wrap_names(names: str, per_line: int = 6, sep: str = "、") -> str:
    """An escaped, line-broken list of participant names for a hover label."""
    parts = [html.escape(p) for p in names.split(sep) if p]
    return "<br>".join(sep.join(parts[i : i + per_line]) for i in range(0, len(parts), per_line))


def timeline_chart(engagements: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Engagements over the 年度, one row per kind; marker size = participating municipalities."""
    names_col, sep = ("municipalities_en", ", ") if lang == "en" else ("municipalities_ja", "、")
    unit = "" if lang == "en" else "市町"
    fig = go.Figure()
    for kind in KINDS:
        rows = engagements[engagements["kind"] == kind]
        if rows.empty:
            continue
        label = kind_label(kind, lang)
        fig.add_trace(
            go.Scatter(
                x=rows["held_on"],
                y=[label] * len(rows),
                mode="markers",
                name=label,
                marker={
                    "size": [10 + 1.2 * min(n, 40) for n in rows["participants"]],
                    "color": KIND_COLORS[kind],
                    "line": {"color": "#333333", "width": 1},
                    "opacity": 0.85,
                },
                customdata=[
                    [html.escape(str(title)), n, wrap_names(str(names), 6, sep)]
                    for title, n, names in zip(
                        rows["title"], rows["participants"], rows[names_col], strict=True
                    )
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{x|%Y-%m-%d}<br>"
                    + html.escape(t("relations_col_participants", lang))
                    + ": %{customdata[1]}"
                    + unit
                    + "<br>%{customdata[2]}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        font={"family": FONT, "size": 13},
        height=320,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        showlegend=False,
        xaxis={"tickformat": "%Y-%m", "dtick": "M1", "showgrid": True},
        yaxis={"categoryorder": "array", "categoryarray": [kind_label(k, lang) for k in reversed(KINDS)]},
        hoverlabel={"align": "left"},
    )
    return fig


def timeline_table(engagements: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The engagements as a display table (st.dataframe escapes its cells)."""
    names_col = localized("municipalities", lang)
    return pd.DataFrame(
        {
            t("relations_col_date", lang): [date_label(d) for d in engagements["held_on"]],
            t("relations_col_kind", lang): [kind_label(k, lang) for k in engagements["kind"]],
            t("relations_col_title", lang): engagements["title"],
            t("relations_col_participants", lang): engagements["participants"],
            t("relations_col_mayors", lang): engagements["mayors"],
            t("relations_col_names", lang): engagements[names_col],
        }
    )


def pushes_by_field_chart(by_field: pd.DataFrame, lang: str = "ja", field_id: str | None = None) -> go.Figure:
    """Per DX field: pushes (bars) and distinct municipalities reached (text and hover); chosen field stands out."""
    name_col = localized("field_name", lang)
    labels = list(by_field[name_col].astype(str))
    colors = [
        PUSH_COLORS.get(domain, "#999999") if field_id in (None, f) else "#d9d9d9"
        for domain, f in zip(by_field["domain"], by_field["field_id"], strict=True)
    ]
    reached = t("relations_reached", lang)
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=by_field["pushes"],
            orientation="h",
            marker_color=colors,
            text=[
                f"{p}（{r}市町）" if lang == "ja" else f"{p} ({r} reached)"
                for p, r in zip(by_field["pushes"], by_field["municipalities_reached"], strict=True)
            ],
            textposition="outside",
            customdata=list(zip(by_field["municipalities_reached"], by_field["deliveries"], strict=True)),
            hovertemplate="%{y}: %{x} "
            + html.escape(t("relations_pushes_count", lang))
            + "<br>"
            + html.escape(reached)
            + ": %{customdata[0]}<extra></extra>",
        )
    )
    top = int(by_field["pushes"].max()) if len(by_field) else 1
    fig.update_layout(
        font={"family": FONT, "size": 13},
        height=max(300, 40 + 24 * len(labels)),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"autorange": "reversed"},
        xaxis={"title": t("relations_pushes_count", lang), "range": [0, top * 1.45 + 1], "dtick": 1},
        showlegend=False,
    )
    return fig


def push_log_table(log: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The push log as a display table."""
    name_col = localized("field_name", lang)
    return pd.DataFrame(
        {
            t("relations_col_date", lang): [date_label(d) for d in log["pushed_on"]],
            t("relations_field", lang): log[name_col],
            t("relations_col_title", lang): log["title"],
            t("relations_col_reach", lang): log["municipalities"],
        }
    )


# --------------------------------------------------------------------------- follow-ups (issue 11)


@dataclass(frozen=True)
class FollowupCounts:
    open: int  # not done yet, of any 年度
    overdue: int  # of which due before the reference day


def followup_counts(followups: pd.DataFrame) -> FollowupCounts:
    """How many follow-ups (relations_followups rows) are open, and how many of those overdue."""
    return FollowupCounts(int((~followups["is_done"]).sum()), int(followups["is_overdue"].sum()))


def followup_state(row, lang: str = "ja") -> str:
    key = "overdue" if row["is_overdue"] else "done" if row["is_done"] else "open"
    return t(f"relations_state_{key}", lang)


def followup_table(followups: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The follow-ups as the page lists them: state, due, promise, by whom, the engagement, done day."""

    def day(value) -> str:
        return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()

    return pd.DataFrame(
        {
            t("relations_col_state", lang): [followup_state(row, lang) for _, row in followups.iterrows()],
            t("relations_col_due", lang): followups["due_on"].map(day),
            t("relations_col_promise", lang): followups["promise"],
            t("relations_col_promised_by", lang): followups["promised_by"],
            t("relations_col_engagement", lang): [
                f"{day(held)} {kind_label(kind, lang)}「{title}」"
                for held, kind, title in zip(
                    followups["held_on"], followups["kind"], followups["title"], strict=True
                )
            ],
            t("relations_col_done", lang): followups["done_on"].map(day),
        }
    )


def followup_choices(followups: pd.DataFrame, lang: str = "ja") -> dict[int, str]:
    """Open follow-ups for the 「完了にする」 picker: id → 「期限 2025-11-30｜内容（約束した人）」."""
    open_ones = followups[~followups["is_done"]]
    due = t("relations_col_due", lang)
    return {
        int(row["followup_id"]): (
            (
                f"{due} {pd.Timestamp(row['due_on']).date().isoformat()}｜"
                if not pd.isna(row["due_on"])
                else ""
            )
            + f"{row['promise']}（{row['promised_by']}）"
        )
        for _, row in open_ones.iterrows()
    }
