"""UI text in Japanese (default) and English, looked up by key."""

from __future__ import annotations

import importlib
import pkgutil

import pandas as pd

from liaison import texts
from liaison.texts.vocabulary import VOCABULARY

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("兵庫県 DX推進リエゾン ダッシュボード", "Hyogo DX Liaison Dashboard"),
    "page_map": ("県内マップ", "Prefecture map"),
    "page_municipality": ("市町カルテ", "Municipality profile"),
    "nav_overview": ("概況", "Overview"),
    "nav_work": ("リエゾン業務", "Liaison work"),
    "nav_analysis": ("分析・発表", "Analysis and presenting"),
    "nav_admin": ("管理", "Administration"),
    "fiscal_year": ("年度", "Fiscal year"),
    "region": ("圏域", "Region"),
    "all_regions": ("県内全域", "All regions"),
    "metric": ("地図の指標", "Map metric"),
    "demo_notice": (
        "デモデータ（架空）：市町名は実在しますが、相談・訪問・DX推進度などの数値はすべて架空です。事実として引用しないでください。",
        "Demo data (fictional): municipality names are real, but every consultation, visit and readiness figure is invented. Do not quote it as fact.",
    ),
    "as_of": ("基準日", "As of"),
    "as_of_line": ("基準日: {date}（{which}）", "As of: {date} ({which})"),
    "as_of_demo": ("デモの基準日", "the demo's reference date"),
    "as_of_today": ("今日・日本時間", "today, Japan time"),
    "map_hint": (
        "市町をクリックすると市町カルテを開きます。神戸市（灰色）はリエゾンの対象外です。",
        "Click a municipality to open its profile. Kobe (grey) is outside the liaison programme.",
    ),
    "version_line": ("版 {version}", "Version {version}"),
    "footer": (
        "境界: 気象庁 予報区等GISデータ（市町村等）を reversejp（MIT）経由で取得し加工（修復・座標丸め・圏域の融合）。人口: 令和2年国勢調査。詳細は data/SOURCES.md。",
        "Boundaries: Japan Meteorological Agency warning-area polygons via reversejp (MIT), repaired, rounded and dissolved into regions. Population: 2020 Census. See data/SOURCES.md.",
    ),
    "back_to_map": ("← 県内マップに戻る", "← Back to the map"),
    "unknown_code": ("市町コードが見つかりません", "Unknown municipality code"),
    "unknown_code_hint": (
        "（6桁・検査数字付きのコードを指定してください）",
        " (give the 6-digit code with its check digit)",
    ),
    "choose_municipality": ("市町を選択", "Choose a municipality"),
    "population": ("人口（令和2年国勢調査）", "Population (2020 Census)"),
    "area": ("面積", "Area"),
    "kind": ("区分", "Kind"),
    "liaisons": ("担当リエゾン", "Liaisons"),
    "step": ("手順書ステップ", "Procedure step"),
    "readiness_radar": ("DX推進度（ヒアリング8項目）", "Readiness (eight hearing items)"),
    "latest_consultations": ("最近の相談", "Latest consultations"),
    "profile_text_restricted": (
        "相談の件名は、閲覧の権限では表示されません（件数は上の数字のとおりです）。",
        "Consultation titles are not shown to viewers (the counts above include them).",
    ),
    "visits_over_time": ("訪問の推移（部署別）", "Visits over time by department"),
    "engagements": ("トップ層との関わり", "Engagements with top management"),
    "none_yet": ("まだありません", "None yet"),
    "outside_programme": (
        "神戸市はDX推進リエゾンの対象外です。",
        "Kobe City is outside the DX liaison programme.",
    ),
}

STEP_TEXT = {
    0: ("ステップ0 認識共有・機運醸成", "Step 0: shared awareness and momentum"),
    1: ("ステップ1 全体方針の決定", "Step 1: an overall policy"),
    2: ("ステップ2 推進体制の整備", "Step 2: a structure to drive DX"),
    3: ("ステップ3 DXの取組の実行", "Step 3: executing DX"),
}

READINESS_ITEMS = {
    "score_vision": ("目指す姿", "Vision"),
    "score_top_commitment": ("トップのコミットメント", "Top commitment"),
    "score_structure": ("推進体制", "Structure"),
    "score_staff_mindset": ("職員のマインド", "Staff mindset"),
    "score_talent_profile": ("求めるデジタル人材像", "Talent profile"),
    "score_talent_policy": ("人材育成方針・目標", "Talent policy"),
    "score_progress": ("現在の推進状況", "Current progress"),
    "score_issue_awareness": ("課題認識", "Issue awareness"),
}


def _merge_area_texts() -> None:
    """Add every liaison/texts/<area>.py TEXT to TEXT; a key defined twice is a bug."""
    for module_info in sorted(pkgutil.iter_modules(texts.__path__), key=lambda m: m.name):
        area = importlib.import_module(f"liaison.texts.{module_info.name}")
        clash = TEXT.keys() & area.TEXT.keys()
        if clash:
            raise KeyError(f"liaison/texts/{module_info.name}.py redefines {sorted(clash)}")
        TEXT.update(area.TEXT)


_merge_area_texts()


class Bilingual(str):
    """A message that is its Japanese text (so it compares, joins and stores as before) and knows its English.

    The record layer's problem reasons are these: a form or an import preview shows `.en` when English
    is chosen. Made by say(); read with in_lang().
    """

    en: str

    def __new__(cls, ja: str, en: str):
        self = super().__new__(cls, ja)
        self.en = en
        return self

    def __reduce__(self):  # cached results are pickled; keep the English
        return (Bilingual, (str(self), self.en))


def say(ja: str, en: str) -> Bilingual:
    """A message in both languages (see Bilingual)."""
    return Bilingual(ja, en)


def in_lang(text, lang: str = "ja") -> str:
    """A Bilingual message in the chosen language; any other text as it is."""
    if lang == "en" and isinstance(text, Bilingual):
        return text.en
    return "" if text is None else str(text)


def reason_of(error: Exception) -> str:
    """An exception's message, keeping a Bilingual one (str(error) would drop its English)."""
    first = error.args[0] if error.args else ""
    return first if isinstance(first, Bilingual) else str(error)


def t(key: str, lang: str = "ja") -> str:
    """The text for a key in the chosen language."""
    return pick(TEXT[key], lang)


def pick(pair: tuple, lang: str = "ja"):
    """The member of a (Japanese, English, …) tuple for the chosen language."""
    return pair[1] if lang == "en" else pair[0]


def localized(column: str, lang: str = "ja") -> str:
    """The column holding `column` in the chosen language: "name" → "name_en" or "name_ja"."""
    return f"{column}_en" if lang == "en" else f"{column}_ja"


def is_missing(value) -> bool:
    """None, nan, NaT or pd.NA: a value a person must never read as such."""
    if isinstance(value, (list, tuple, dict)):
        return False
    return value is None or bool(pd.isna(value))


def term(table: str, column: str, value, lang: str = "ja") -> str:
    """A stored vocabulary value (a schema CHECK value, stored in Japanese) as shown in the chosen language.

    Japanese shows the stored value itself; English its entry in liaison/texts/vocabulary.py
    (an unknown value is shown as stored). Missing values (None, nan, NaT) show "—".
    """
    if is_missing(value):
        return "—"
    if lang != "en":
        return str(value)
    return VOCABULARY[(table, column)].get(value, str(value))


def step_text(step, lang: str = "ja") -> str:
    if step is None or step != step:
        return "—"
    return pick(STEP_TEXT[int(step)], lang)
