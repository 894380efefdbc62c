"""The figure catalogue: every number the dashboard shows, once — its name in both languages, its definition in
one plain sentence, the query it comes from, its format and its rounding.

Pages, the deck and the exports take a figure's name, definition and text from here and never recompute or
re-round it. Two definitions always get two names (未完了の相談（全期間） and 未完了の相談（年度受付分）).
A figure shown on screen is also recorded as a Reading (figure, subject, text), so a test can walk every page
and the deck and check that one name never shows two values for one subject (tests/test_figures.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from liaison.i18n import pick

PREFECTURE = "prefecture"  # the subject of a figure over every liaison target (Kobe is outside)


def region_subject(region_id: str) -> str:
    return f"region:{region_id}"


def municipality_subject(code: str) -> str:
    return f"municipality:{code}"


def round_half_up(value: float, decimals: int) -> float:
    """Round as a person does (4.125 → 4.13), never as binary floats do (round(4.125, 2) == 4.12).
    NaN and infinities come back as they are."""
    if not math.isfinite(value):
        return float(value)
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def is_missing(value) -> bool:
    """None, NaN, pd.NA and NaT: a figure with no value (shown as —)."""
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except TypeError:  # pd.NA compares to NA
        return True


@dataclass(frozen=True)
class Figure:
    """One figure of the catalogue. `name` and `definition` may hold {days} (the overdue threshold N)."""

    key: str
    name: tuple[str, str]
    definition: tuple[str, str]
    query: str  # the named query (queries/<query>.sql) whose rows it is counted or read from
    kind: str  # "count", "index" (1–5 scores), "days", "share" (0–1 shown as %), "rate", "step", "level" (0, 1, 2…)
    decimals: int = 0
    short: tuple[str, str] | None = None  # a table heading where the name is too long (unique as well)

    def label(self, lang: str = "ja", **params) -> str:
        return pick(self.name, lang).format(**params)

    def help(self, lang: str = "ja", **params) -> str:
        return pick(self.definition, lang).format(**params)

    def heading(self, lang: str = "ja", **params) -> str:
        """A table column's heading: the short name if it has one (the tooltip gives name and definition)."""
        return pick(self.short, lang).format(**params) if self.short else self.label(lang, **params)

    def tooltip(self, lang: str = "ja", **params) -> str:
        return f"{self.label(lang, **params)}: {self.help(lang, **params)}"

    def value(self, value):
        """The value as shown, rounded half up to the figure's decimals (None when missing)."""
        if is_missing(value):
            return None
        if self.kind in ("count", "days", "step", "level"):
            return int(round_half_up(float(value), 0))  # a mean of days reads as whole days, half up
        return round_half_up(float(value), 2 if self.kind == "share" else self.decimals)

    def text(self, value, lang: str = "ja") -> str:
        """How the figure reads on screen, in the deck and in exports: 1,234 / 4.13 / 50% / — ."""
        shown = self.value(value)
        if shown is None:
            return "—"
        if self.kind == "share":
            return f"{round_half_up(shown * 100, 0):.0f}%"
        if self.kind == "step":
            return f"ステップ{shown}" if lang == "ja" else f"Step {shown}"
        if self.decimals:
            return f"{shown:,.{self.decimals}f}"
        return f"{shown:,}"


@dataclass(frozen=True)
class Reading:
    """A figure as it was shown: which figure, about whom (PREFECTURE, region:…, municipality:…), its text,
    and where (page, slide or export) — what the one-truth test compares."""

    figure: str
    subject: str
    text: str
    where: str


_OPEN = ("受付・対応中・保留", "received, in progress or on hold")

FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure(
            "municipalities",
            ("対象市町数", "Municipalities"),
            (
                "DX推進リエゾンの対象市町（神戸市を除く）のうち、表示範囲（県内全域・圏域・選んだ市町）にある数。",
                "Municipalities in the liaison programme (Kobe is outside) within the scope shown.",
            ),
            "municipality_metrics",
            "count",
        ),
        Figure(
            "consultations_fy",
            ("相談件数（年度受付分）", "Consultations received (FY)"),
            (
                "年度の4月1日から基準日（過去の年度は3月31日）までに受け付けた相談の件数。状況は問わない。",
                "Consultations received from 1 April of the FY to the reference date (31 March for a past FY), any status.",
            ),
            "municipality_metrics",
            "count",
            short=("相談（年度）", "Received (FY)"),
        ),
        Figure(
            "open_all",
            ("未完了の相談（全期間）", "Open consultations (all years)"),
            (
                f"基準日までに受け付けた相談のうち、今の状況が{_OPEN[0]}のものの件数。受付の年度は問わない。",
                f"Consultations received by the reference date whose status now is {_OPEN[1]}, received in any FY.",
            ),
            "municipality_metrics",
            "count",
            short=("未完了（全期間）", "Open (all years)"),
        ),
        Figure(
            "open_fy",
            ("未完了の相談（年度受付分）", "Open consultations (received this FY)"),
            (
                f"年度の4月1日から基準日までに受け付けた相談のうち、今の状況が{_OPEN[0]}のものの件数。",
                f"Consultations received from 1 April of the FY to the reference date whose status now is {_OPEN[1]}.",
            ),
            "consultations_filtered",
            "count",
        ),
        Figure(
            "open_fy_over_90",
            ("うち90日超（年度受付分）", "Of which over 90 days (received this FY)"),
            (
                "未完了の相談（年度受付分）のうち、受付から基準日まで90日を超えたものの件数。年度より前に受け付けた案件は含まない。",
                "Open consultations received this FY more than 90 days before the reference date; cases received "
                "before the FY are not included.",
            ),
            "consultation_facets",
            "count",
        ),
        Figure(
            "closed_fy",
            ("完了・橋渡し済（年度受付分）", "Done or referred (received this FY)"),
            (
                "年度の4月1日から基準日までに受け付けた相談のうち、今の状況が完了か橋渡し済のものの件数。",
                "Consultations received from 1 April of the FY to the reference date whose status now is done or referred.",
            ),
            "consultation_facets",
            "count",
        ),
        Figure(
            "visits_fy",
            ("訪問件数（年度）", "Visits (FY)"),
            (
                "年度の4月1日から基準日までの訪問の件数（全部署、定期巡回・ヒアリング・個別支援を含む）。",
                "Visits from 1 April of the FY to the reference date, all departments and purposes.",
            ),
            "municipality_metrics",
            "count",
            short=("訪問（年度）", "Visits (FY)"),
        ),
        Figure(
            "municipalities_visited_fy",
            ("年度内に訪問した市町", "Municipalities visited this FY"),
            (
                "年度の4月1日から基準日までに、どれかの部署を1回以上訪問した市町の数。",
                "Municipalities with at least one visit to any department from 1 April of the FY to the reference date.",
            ),
            "visit_coverage_by_municipality",
            "count",
        ),
        Figure(
            "both_departments_visited_fy",
            ("両部署を訪問した市町", "Both departments visited"),
            (
                "年度の4月1日から基準日までに、自治体DX担当と地域社会DX担当の両方を訪問した市町の数。",
                "Municipalities whose municipal DX and community DX departments were both visited in the FY so far.",
            ),
            "visit_coverage_by_municipality",
            "count",
        ),
        Figure(
            "municipalities_due",
            ("要訪問の市町（{days}日超）", "Due a visit ({days}+ days)"),
            (
                "自治体DX担当・地域社会DX担当のどちらかが、最終訪問から基準日まで{days}日を超えた（または未訪問の）市町の数。",
                "Municipalities where the municipal DX or the community DX department was last visited more than "
                "{days} days before the reference date, or never.",
            ),
            "municipality_metrics",
            "count",
        ),
        Figure(
            "departments_due",
            ("要訪問の部署（{days}日超）", "Departments due a visit ({days}+ days)"),
            (
                "自治体DX担当・地域社会DX担当の各部署のうち、最終訪問から基準日まで{days}日を超えた（または未訪問の）部署の数。",
                "Municipal DX and community DX departments last visited more than {days} days before the "
                "reference date, or never.",
            ),
            "region_municipalities",
            "count",
        ),
        Figure(
            "readiness_latest",
            ("DX推進度（最新）", "Readiness (latest)"),
            (
                "その年度か、それより前で最も新しいヒアリングの8項目（各1〜5）の平均。小数第2位に四捨五入。",
                "The mean of the eight items (1–5 each) of the FY's hearing, or the latest one before it; "
                "rounded half up to 2 decimals.",
            ),
            "municipality_metrics",
            "index",
            decimals=2,
            short=("推進度", "Readiness"),
        ),
        Figure(
            "readiness_latest_mean",
            ("DX推進度の平均（最新）", "Mean readiness (latest)"),
            (
                "表示範囲の市町のDX推進度（最新のヒアリング、表示どおり小数第2位）の平均。ヒアリングのない市町は除く。小数第2位に四捨五入。",
                "The mean of the scope's readiness values (latest hearing, as shown to 2 decimals), leaving out "
                "municipalities never heard; rounded half up to 2 decimals.",
            ),
            "municipality_metrics",
            "index",
            decimals=2,
        ),
        Figure(
            "readiness_fy",
            ("DX推進度（年度実施分）", "Readiness (this FY's hearing)"),
            (
                "その年度のヒアリングの8項目（各1〜5）の平均。年度のヒアリングがなければ空欄。小数第2位に四捨五入。",
                "The mean of the eight items (1–5 each) of this FY's hearing; empty without one; rounded half up "
                "to 2 decimals.",
            ),
            "readiness_heatmap",
            "index",
            decimals=2,
        ),
        Figure(
            "readiness_fy_mean",
            ("DX推進度の平均（年度実施分）", "Mean readiness (this FY's hearings)"),
            (
                "表示範囲でその年度にヒアリングした市町のDX推進度（表示どおり小数第2位）の平均。小数第2位に四捨五入。",
                "The mean of the readiness (as shown, 2 decimals) of the scope's municipalities heard this FY; "
                "rounded half up to 2 decimals.",
            ),
            "readiness_heatmap",
            "index",
            decimals=2,
        ),
        Figure(
            "heard_fy",
            ("年度内にヒアリングした市町", "Municipalities heard this FY"),
            (
                "表示範囲の市町のうち、その年度のヒアリングが記録された市町の数。",
                "Municipalities in scope with a hearing recorded for the FY.",
            ),
            "readiness_heatmap",
            "count",
        ),
        Figure(
            "early_steps_fy",
            ("ステップ0〜2の市町（年度のヒアリング）", "At steps 0–2 (this FY's hearing)"),
            (
                "その年度のヒアリングで自治体DX全体手順書のステップ0〜2とされた市町の数（年度にヒアリングした市町のうち）。",
                "Municipalities placed at step 0, 1 or 2 by this FY's hearing, of those heard this FY.",
            ),
            "step_gap",
            "count",
        ),
        Figure(
            "step3_consultations_fy",
            ("ステップ3の分野の相談（年度）", "Consultations in step-3 fields (FY)"),
            (
                "年度に受け付けた相談のうち、分野の典型的なステップが3（取組の実行）のものの件数（年度の全相談のうち）。",
                "Consultations received in the FY whose field typically belongs to step 3 (executing DX), of all the FY's.",
            ),
            "step_gap",
            "count",
        ),
        Figure(
            "step_latest",
            ("手順書のステップ（最新）", "Step (latest)"),
            (
                "自治体DX全体手順書のステップ（0〜3）。その年度か、それより前で最も新しいヒアリングによる。",
                "The step (0–3) of the national DX procedure, from the FY's hearing or the latest one before it.",
            ),
            "municipality_metrics",
            "step",
            short=("ステップ", "Step"),
        ),
        Figure(
            "days_since_last_visit",
            ("最終訪問からの日数", "Days since the last visit"),
            (
                "どの部署かを問わず、最後の訪問から基準日（過去の年度は3月31日）までの日数。",
                "Days from the last visit to any department to the reference date (31 March for a past FY).",
            ),
            "municipality_metrics",
            "days",
            short=("最終訪問から（日）", "Days since visit"),
        ),
        Figure(
            "oldest_open_days",
            ("最古の未完了相談の経過日数", "Age of the oldest open consultation"),
            (
                "未完了の相談（全期間）のうち最も古いものの、受付から基準日までの日数。",
                "Days from receipt to the reference date of the oldest open consultation (all years).",
            ),
            "region_municipalities",
            "days",
            short=("最古（日）", "Oldest (d)"),
        ),
        Figure(
            "days_since_last_visit_mean",
            ("最終訪問からの日数（平均）", "Days since the last visit (mean)"),
            (
                "表示範囲の市町の「最終訪問からの日数」の平均（一度も訪問のない市町は除く）。整数に四捨五入。",
                "The mean of the scope's days since the last visit, leaving out municipalities never visited; "
                "rounded half up to whole days.",
            ),
            "municipality_metrics",
            "days",
        ),
        Figure(
            "step_median",
            ("手順書のステップ（中央値）", "Procedure step (median)"),
            (
                "表示範囲でヒアリングのある市町のステップ（最新のヒアリング）の中央値。偶数個なら小さい方。",
                "The median step (latest hearing) of the scope's municipalities heard; the lower one of two.",
            ),
            "municipality_metrics",
            "step",
        ),
        Figure(
            "department_coverage_mean",
            ("両部署の訪問率（年度・平均）", "Both departments visited (FY, mean)"),
            (
                "表示範囲の市町の「両部署の訪問率（年度）」の平均。",
                "The mean of the scope's shares of the two departments visited in the FY.",
            ),
            "municipality_metrics",
            "share",
        ),
        Figure(
            "mayor_dialogue_municipalities",
            ("首長対話を行った市町（年度）", "Mayor dialogues held (FY)"),
            (
                "表示範囲の市町のうち、その年度（4月〜3月）に首長対話を行った市町の数。",
                "Municipalities in scope with a 首長対話 (mayor dialogue) in the FY (April to March).",
            ),
            "relationship_levels",
            "count",
        ),
        Figure(
            "top_reached_municipalities",
            ("首長・幹部に接触（年度）", "Mayor or executives reached (FY)"),
            (
                "表示範囲の市町のうち、その年度に首長対話、首長・幹部が参加した場、首長・幹部への訪問のどれかがあった市町の数。",
                "Municipalities in scope whose mayor or executives were reached in the FY: a mayor dialogue, an "
                "engagement they attended, or a visit to them.",
            ),
            "relationship_levels",
            "count",
        ),
        Figure(
            "engagements_fy",
            ("トップ層向けの場（年度・件）", "Engagements held (FY)"),
            (
                "その年度に開いた首長対話・トップマネジメントセミナー・DX推進懇談会・リエゾン研修・町村会・圏域市町デジタル部門担当者会議の件数"
                "（圏域を選ぶと、その圏域の市町が参加したもの）。",
                "Engagements (mayor dialogues, seminars, round tables, trainings, the town-and-village association, "
                "regional meetings of municipal digital staff) held "
                "in the FY; with a region chosen, those its municipalities attended.",
            ),
            "engagements_timeline",
            "count",
        ),
        Figure(
            "pushes_fy",
            ("LoGoチャット配信（年度・件）", "LoGo chat pushes (FY)"),
            (
                "その年度にLoGoチャットで送った情報提供の件数（圏域を選ぶと、その圏域の市町に届いたもの）。",
                "Information pushed over LoGo chat in the FY; with a region chosen, those that reached its "
                "municipalities.",
            ),
            "chat_pushes_log",
            "count",
        ),
        Figure(
            "open_followups",
            ("未完了のフォローアップ", "Open follow-ups"),
            (
                "関わりの場で約束したこと（フォローアップ）のうち、対応済みの日がまだないものの件数（年度を問わない。"
                "圏域を選ぶと、その圏域の市町が参加した関わりのもの）。",
                "Follow-ups promised at engagements that have no done day yet, of any FY; with a region chosen, "
                "those of engagements its municipalities attended.",
            ),
            "relations_followups",
            "count",
        ),
        Figure(
            "overdue_followups",
            ("期限切れのフォローアップ", "Overdue follow-ups"),
            (
                "未完了のフォローアップのうち、期限が基準日より前のものの件数。",
                "Open follow-ups whose due day is before the reference day.",
            ),
            "relations_followups",
            "count",
        ),
        Figure(
            "relationship_level",
            ("トップ層との関係（年度）", "Relations with top management (FY)"),
            (
                "その年度に首長対話があれば「首長対話済」、首長・幹部に会えた（関わりか訪問）なら「幹部に接触」、どちらもなければ「接触なし」。",
                "Mayor dialogue held if there was a 首長対話 in the FY; executives reached if the mayor or executives "
                "were met (an engagement or a visit); else none.",
            ),
            "relationship_levels",
            "level",
        ),
        Figure(
            "department_coverage",
            ("両部署の訪問率（年度）", "Both departments visited (FY)"),
            (
                "自治体DX担当・地域社会DX担当のうち、年度内に訪問した部署の割合（0%・50%・100%）。",
                "The share of the two departments (municipal DX, community DX) visited in the FY: 0%, 50% or 100%.",
            ),
            "municipality_metrics",
            "share",
        ),
        Figure(
            "consultations_per_10k",
            ("人口1万人あたり相談件数（年度受付分）", "Consultations per 10,000 residents (FY)"),
            (
                "相談件数（年度受付分）を令和2年国勢調査の人口で割り、1万を掛けた値。小数第2位に四捨五入。",
                "Consultations received in the FY per 10,000 residents (2020 Census); rounded half up to 2 decimals.",
            ),
            "municipality_metrics",
            "rate",
            decimals=2,
        ),
        # migration 009: the 関係部署's half of a 橋渡し (the room `referrals`)
        Figure(
            "referrals_open",
            ("回答待ちの橋渡し", "Referrals awaiting the department"),
            (
                "関係部署へ橋渡しした依頼のうち、基準日までに結果が記録されていない（依頼中の）件数。橋渡しの日付は問わない。",
                "Referrals to the prefecture's departments with no outcome recorded yet (awaiting the department), "
                "referred on any day up to the reference date.",
            ),
            "referrals_open",
            "count",
            short=("回答待ち", "Awaiting"),
        ),
        Figure(
            "referrals_overdue",
            ("期限超過の橋渡し", "Overdue referrals"),
            (
                "回答待ちの橋渡しのうち、回答期限を基準日までに過ぎたもの、または期限がなく橋渡しから{days}日を超えたものの件数。",
                "Referrals awaiting the department whose answer was due before the reference date, or, without a due "
                "date, referred more than {days} days before it.",
            ),
            "referrals_open",
            "count",
            short=("期限超過", "Overdue"),
        ),
        Figure(
            "talent_support_wish",
            ("人材支援の希望（年度のヒアリング）", "Digital-talent support wish (FY hearing)"),
            (
                "その年度のヒアリングで、デジタル人材による支援を希望する・希望しない・未確認のどれと答えたか"
                "（ヒアリングがなければ空欄）。",
                "Whether the FY's hearing recorded that the municipality wants support through digital talent, does "
                "not, or was not asked (blank without a hearing).",
            ),
            "talent_wishes",
            "level",
        ),
        Figure(
            "talent_support_wanted",
            ("人材支援を希望する市町（年度）", "Wanting digital-talent support (FY)"),
            (
                "表示範囲の対象市町のうち、その年度のヒアリングでデジタル人材による支援を「希望する」と答えた市町の数。",
                "Liaison-target municipalities in scope whose FY hearing recorded that they want support through "
                "digital talent.",
            ),
            "talent_wishes",
            "count",
        ),
    )
}
REFERRAL_OVERDUE_DAYS = 30
"""A referral without a due date is overdue once it has waited longer than this (referrals_overdue)."""


def get(key: str) -> Figure:
    return FIGURES[key]


def reading(key: str, subject: str, value, lang: str, where: str) -> Reading:
    return Reading(key, subject, FIGURES[key].text(value, lang), where)
