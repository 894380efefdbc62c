"""The deck's slides but the readiness one: title, map, headline figures, steps, step gap, issues, next visits.

Each builder takes the Scope and the Data (liaison.seminar_model) and returns one Slide, no Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from liaison import figures as catalogue
from liaison import map as map_builders
from liaison import mapdeck
from liaison.fiscal import date_label, fiscal_year_label
from liaison.i18n import localized, t
from liaison.mapfigure import map_figure
from liaison.seminar_model import (
    CHART_FONT_SIZE,
    TOP_FIELDS,
    Data,
    Number,
    Scope,
    Slide,
    format_figure,
    join,
    label_px,
    name_col,
    region_col,
    style,
)

STEP_COLORS = mapdeck.STEPS  # the map's step palette


def title_slide(scope: Scope, data: Data) -> Slide:
    lang = scope.lang
    when = t("seminar_as_of_line", lang).format(date=date_label(scope.as_of, lang))
    return Slide(
        key="title",
        title=t("seminar_deck_title", lang),
        subtitle=data.scope_name + "\n" + join([fiscal_year_label(scope.fiscal_year, lang), when], lang),
        figures={"municipalities": len(data.in_scope)},
    )


def map_slide(scope: Scope, data: Data) -> Slide:
    lang = scope.lang
    metric = map_builders.get(scope.metric)
    focus = frozenset(scope.codes) if scope.kind in ("municipalities", "towns") else None
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


HEADLINE = (  # figure catalogue keys, shown as tiles
    "municipalities",
    "consultations_fy",
    "open_all",
    "visits_fy",
    "municipalities_due",
    "readiness_latest_mean",
)
HEADLINE_COLUMNS = {  # figure catalogue key -> municipality_metrics column, for a few municipalities' table
    "consultations_fy": "consultations_fy",
    "open_all": "open_consultations",
    "visits_fy": "visits_fy",
    "days_since_last_visit": "days_since_last_visit",
    "readiness_latest": "readiness_index",
}


def headline_slide(scope: Scope, data: Data) -> Slide:
    lang = scope.lang
    summary = map_builders.summarize(data.in_scope)
    figures: dict[str, Number] = {key: getattr(summary, key) for key in HEADLINE}
    tiles = [(key, catalogue.get(key).label(lang, days=summary.overdue_days)) for key in HEADLINE]
    table = None
    if scope.kind == "municipalities":
        rows = data.in_scope.set_index("code").loc[list(scope.codes)]
        table = pd.DataFrame({t("seminar_col_municipality", lang): list(rows[name_col(lang)])})
        for key, column in HEADLINE_COLUMNS.items():
            figure = catalogue.get(key)
            texts = []
            for code, value in rows[column].items():
                number = figure.value(value)
                figures[f"{code}:{key}"] = number
                texts.append(format_figure(number))
            table[figure.label(lang)] = texts
    return Slide(
        key="headline",
        title=t("seminar_title_headline", lang),
        subtitle="",
        figures=figures,
        tiles=tiles,
        table=table,
    )


def _step_label(step, lang: str) -> str:
    if step is None or pd.isna(step):
        return t("seminar_not_heard", lang)
    return map_builders.get("step").format(int(step), lang)


def steps_slide(scope: Scope, data: Data) -> Slide:
    lang = scope.lang
    frame = data.steps_by_region
    if scope.kind == "region":
        frame = frame[frame["region_id"] == scope.region_id]
    totals = frame.groupby(frame["step"].fillna(-1).astype(int))["municipalities"].sum()
    if scope.kind == "towns":  # the towns lie in many regions: counted from their own hearings
        totals = data.heatmap.groupby(data.heatmap["step"].fillna(-1).astype(int))["code"].count()
    figures: dict[str, Number] = {f"step_{s}": int(totals.get(s, 0)) for s in range(4)}
    tiles = [(f"step_{s}", t("seminar_fig_step_n", lang).format(step=s)) for s in range(4)]
    if int(totals.get(-1, 0)):
        figures["not_heard"] = int(totals.get(-1, 0))
        tiles.append(("not_heard", _step_label(None, lang)))

    fig = go.Figure()
    if scope.kind == "prefecture":
        order = frame.sort_values("region_sort")[region_col(lang)].drop_duplicates().tolist()
        for step, color in [*enumerate(STEP_COLORS), (None, mapdeck.NO_DATA)]:
            rows = frame[frame["step"].isna()] if step is None else frame[frame["step"] == step]
            if step is None and not rows["municipalities"].sum():
                continue
            counts = rows.set_index(region_col(lang))["municipalities"].reindex(order).fillna(0).astype(int)
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
        style(fig)
        fig.update_layout(
            barmode="stack",
            legend={"traceorder": "normal"},
            margin={"l": label_px(order, CHART_FONT_SIZE), "b": 70},
        )
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(title={"text": t("seminar_axis_municipalities", lang)}, dtick=1, gridcolor="#e5e7eb")
    else:
        heard = data.heatmap
        names = ["<br>".join(heard.loc[heard["step"] == s, name_col(lang)].tolist()) for s in range(4)]
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
        style(fig, legend=False)
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


def step_gap_slide(scope: Scope, data: Data) -> Slide:
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
    style(fig)
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


def issues_slide(scope: Scope, data: Data) -> Slide:
    lang = scope.lang
    issues = data.issues
    top = issues[issues["open_consultations"] > 0].head(TOP_FIELDS)
    field_col = localized("field_name", lang)
    figures: dict[str, Number] = {"open_all": int(issues["open_consultations"].sum())}
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
    style(fig, legend=False)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title={"text": t("seminar_axis_open", lang)}, gridcolor="#e5e7eb")
    fig.update_layout(margin={"l": label_px(list(top[field_col]), CHART_FONT_SIZE), "r": 50, "b": 70})
    return Slide(
        key="issues",
        title=t("seminar_title_issues", lang),
        subtitle="",
        figures=figures,
        tiles=[("open_all", catalogue.get("open_all").label(lang))],
        chart=fig if not top.empty else None,
        table=table,
    )


def next_actions_slide(scope: Scope, data: Data) -> Slide:
    lang = scope.lang
    ranked = data.next_visits
    regions = data.metrics.set_index("code")[region_col(lang)]
    figures: dict[str, Number] = {}
    for _, row in ranked.iterrows():
        figures[f"rank:{row['code']}"] = int(row["rank"])
        figures[f"score:{row['code']}"] = float(row["score"])
    table = pd.DataFrame(
        {
            t("seminar_col_rank", lang): [format_figure(int(v)) for v in ranked["rank"]],
            t("seminar_col_municipality", lang): list(ranked[name_col(lang)]),
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
