"""The 市町カルテ's view-model and figures: one municipality's display-ready values, its radar and visits chart."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from liaison import safe_text
from liaison.charts import DEPARTMENT_COLORS, FONT, RADAR_BREAKS
from liaison.fiscal import date_label, fiscal_year_label
from liaison.i18n import READINESS_ITEMS, is_missing, localized, pick, step_text, t, term

YEAR_STYLES = [("#0072B2", "solid"), ("#999999", "dot")]  # the radar: this 年度, the previous one


@dataclass(frozen=True)
class ProfileView:
    title: str
    subtitle: str
    is_liaison_target: bool
    tiles: list[tuple[str, str]]
    step_caption: str
    has_readiness: bool
    answers: pd.DataFrame  # this 年度's hearing: item, score, answer in words (shown beside the radar)
    answers_text: str  # the same as escaped Markdown (answers_markdown), built once with the view
    talent_support: str  # the hearing's digital-talent support wish, in words ('' without a hearing)
    liaisons: str
    latest: pd.DataFrame
    has_visits: bool
    engagements: pd.DataFrame


def build(
    profile: pd.DataFrame,
    items: pd.DataFrame,
    liaisons: pd.DataFrame,
    latest: pd.DataFrame,
    visits: pd.DataFrame,
    engagements: pd.DataFrame,
    fiscal_year: int,
    lang: str,
) -> ProfileView:
    """Turn the profile queries' frames into what the page shows."""
    row = profile.iloc[0]
    en = lang == "en"
    name = row["name_en"] if en else row["name_ja"]
    region_name = row["region_name_en"] if en else row["region_name_ja"]
    # English has no name for the 県民局 / 県民センター: the region's English name stands for both.
    place = region_name if en else f"{region_name}・{row['office_ja']}"
    this_year = items[items["fiscal_year"] == fiscal_year]
    step = None if this_year.empty else int(this_year["step"].iloc[0])
    population, area = row["population_2020"], row["area_km2"]
    tiles = [
        (
            t("population", lang),
            "—" if pd.isna(population) else f"{int(population):,}" + ("" if en else "人"),
        ),
        (t("area", lang), "—" if pd.isna(area) else f"{float(area):,.2f} km²"),
        (t("region", lang), region_name),
        (t("kind", lang), term("municipalities", "kind", row["kind"], lang)),
    ]
    field_col = localized("field_name", lang)
    latest_table = pd.DataFrame(
        {
            "Received" if en else "受付日": [date_label(d) for d in latest["received_on"]],
            "Status" if en else "状況": [term("consultations", "status", s, lang) for s in latest["status"]],
            "Title" if en else "件名": latest["title"],
            "Field" if en else "分野": latest[field_col],
        }
    )
    engagement_table = pd.DataFrame(
        {
            "Date" if en else "日付": [date_label(d) for d in engagements["held_on"]],
            "Kind" if en else "種別": [term("engagements", "kind", k, lang) for k in engagements["kind"]],
            "Title" if en else "名称": engagements["title"],
            "Level" if en else "参加者": [
                term("engagement_participants", "participant_level", level, lang)
                for level in engagements["participant_level"]
            ],
        }
    )
    answers = hearing_answers(this_year, lang)
    return ProfileView(
        title=name if en else f"{name}（{row['name_kana']}）",
        subtitle=f"{place}　/　{t('fiscal_year', lang)}: {fiscal_year_label(fiscal_year, lang)}",
        is_liaison_target=bool(row["is_liaison_target"]),
        tiles=tiles,
        step_caption="" if step is None else step_text(step, lang),
        has_readiness=not items.empty,
        answers=answers,
        answers_text=answers_markdown(answers, lang),
        talent_support=talent_support_text(this_year, lang),
        liaisons=(", " if en else "、").join(liaisons["name_ja"]),  # people's names as they write them
        latest=latest_table,
        has_visits=not visits.empty,
        engagements=engagement_table,
    )


def hearing_answers(this_year: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The year's eight items in the radar's order: item, score and the answer as heard (plain text)."""
    rows = this_year.set_index("item")
    present = [item for item in READINESS_ITEMS if item in rows.index]
    answers = [rows.loc[item, "answer"] if "answer" in rows else None for item in present]
    return pd.DataFrame(
        {
            t("hearing_item", lang): [pick(READINESS_ITEMS[item], lang) for item in present],
            t("hearing_score", lang): [int(rows.loc[item, "score"]) for item in present],
            t("hearing_answer", lang): [
                t("hearing_not_recorded", lang) if is_missing(answer) else str(answer) for answer in answers
            ],
        }
    )


def answers_markdown(answers: pd.DataFrame, lang: str = "ja") -> str:
    """The year's answers as a Markdown list (item and score, then the words): the words are escaped."""
    item, score, answer = (t(key, lang) for key in ("hearing_item", "hearing_score", "hearing_answer"))
    return "\n".join(
        f"- **{safe_text.markdown(row[item])}**（{int(row[score])}）: {safe_text.markdown(row[answer])}"
        for row in answers.to_dict("records")
    )


def talent_support_text(this_year: pd.DataFrame, lang: str = "ja") -> str:
    """「希望する（外部人材の派遣、研修）」, 「希望しない」 or 「未確認」 for the year's hearing; '' without one."""
    if this_year.empty:
        return ""
    wanted, kinds = this_year["talent_support_wanted"].iloc[0], this_year["talent_support_kinds"].iloc[0]
    if is_missing(wanted):
        return t("hearing_talent_unknown", lang)
    if not bool(wanted):
        return t("hearing_talent_no", lang)
    names = [
        term("readiness_assessments", "talent_support_kinds", kind, lang)
        for kind in ([] if is_missing(kinds) else str(kinds).split("、"))
    ]
    return t("hearing_talent_yes", lang).format(kinds=(", " if lang == "en" else "、").join(names))


def readiness_radar(items: pd.DataFrame, fiscal_year: int, lang: str = "ja") -> go.Figure:
    """Radar of the eight hearing items: this 年度 against the previous one."""
    order = list(READINESS_ITEMS)
    labels = [pick(READINESS_ITEMS[k], lang) for k in order]
    labels = [RADAR_BREAKS.get(label, label) for label in labels]
    fig = go.Figure()
    for year, style in zip((fiscal_year, fiscal_year - 1), YEAR_STYLES, strict=True):
        rows = items[items["fiscal_year"] == year].set_index("item")
        if rows.empty:
            continue
        scores = [int(rows.loc[k, "score"]) for k in order]
        fig.add_trace(
            go.Scatterpolar(
                r=scores + scores[:1],
                theta=labels + labels[:1],
                name=fiscal_year_label(year, lang),
                line={"color": style[0], "dash": style[1], "width": 3 if year == fiscal_year else 2},
                fill="toself" if year == fiscal_year else "none",
                opacity=0.85,
            )
        )
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5]}},
        font={"family": FONT, "size": 13},
        margin={"l": 80, "r": 80, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.1},
        height=420,
    )
    return fig


MONTH_BAR_MS = 25 * 24 * 3600 * 1000  # a date axis measures bar widths in milliseconds


def visits_by_month(visits: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Stacked monthly bars of visits, one colour per department.

    Each bar is a month wide (plotly would stretch a lone month's bar over the whole axis), and a
    span of a year or less ticks once a month (else a lone month is ticked 「2026-11, 2026-11, 2026-12」).
    """
    fig = go.Figure()
    months = pd.to_datetime(visits["month_on"])
    span = (
        0
        if months.empty
        else (months.max().year - months.min().year) * 12 + months.max().month - months.min().month
    )
    for department, color in DEPARTMENT_COLORS.items():
        rows = visits[visits["department"] == department]
        fig.add_trace(
            go.Bar(
                x=rows["month_on"],
                y=rows["visits"],
                width=[MONTH_BAR_MS] * len(rows),
                marker_color=color,
                name=term("visits", "department", department, lang),
            )
        )
    fig.update_layout(
        barmode="stack",
        font={"family": FONT, "size": 13},
        height=320,
        margin={"l": 40, "r": 20, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.25},
        yaxis={"title": "件" if lang == "ja" else "visits", "dtick": 1},
        xaxis={"tickformat": "%Y-%m", "dtick": "M1" if span <= 12 else None},
    )
    return fig
