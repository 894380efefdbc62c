"""Seeded generator of fictional demo data, shaped as the liaison programme describes itself.

Every figure it writes is invented. The store is marked `is_demo=true` and every page then
shows 「デモデータ（架空）」. Shape, not facts:
- 自治体DX departments are visited far more often than 地域社会DX departments;
- most municipalities sit at 手順書 steps 0–2 while consultations cluster on step-3 topics;
- a handful of model municipalities have strong relations with their mayors and executives.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import duckdb
import pandas as pd

DEFAULT_SEED = 20250401
AS_OF = date(2025, 11, 30)  # "today" of the demo: 令和7年度 to date
FISCAL_YEARS = (2024, 2025)
MODEL_MUNICIPALITIES = ("282014", "282049", "282103", "282090", "282197", "282227")
FIRST_DAY = date(FISCAL_YEARS[0], 4, 1)
ROSTER_START = date(2023, 4, 1)  # the first liaisons' start (before the records begin)
RETIRED_ID, SUCCESSOR_ID = "R-tajima-0", "R-tajima-2"  # the roster's one retired liaison and their successor
HANDOVER_DAY = date(2024, 10, 1)

SURNAMES = "田中 山本 中村 小林 松本 井上 木村 林 清水 山崎 森 池田 橋本 阿部 石川 前田 藤田 岡田 後藤 長谷川 村上 近藤 石井 坂本 遠藤 青木 藤井 西村 福田 太田".split()
GIVEN = "陽子 健太 美咲 大輔 直子 翔太 由美 拓也 恵 誠 彩 亮 智子 浩二 真理 悠斗".split()

TITLE_TEMPLATES = {
    "awareness": [
        "全庁向けDX研修の企画について",
        "管理職向けDX勉強会の講師について",
        "DXの必要性を庁内で共有する方法",
    ],
    "policy": ["DX推進計画の策定手順について", "DX推進方針の素案へのご意見", "計画の進捗指標(KPI)の設定方法"],
    "structure": ["DX推進本部の設置について", "CIO補佐官の任用方法", "推進体制の見直しに関する相談"],
    "talent": ["デジタル人材育成方針の策定", "DX推進リーダー研修の設計", "外部デジタル人材の確保について"],
    "frontyard": ["書かないワンストップ窓口の導入", "窓口予約システムの比較", "オンライン申請の拡充について"],
    "standardization": [
        "標準準拠システムへの移行スケジュール",
        "ガバメントクラウド移行費用の見積り",
        "標準化の特定移行支援システム該当性",
    ],
    "payments": ["eLTAXによる公金収納の対象拡大", "キャッシュレス決済の導入手順", "公金収納手数料の比較"],
    "mynumber": ["マイナンバーカード交付体制について", "マイナ保険証の周知方法", "カードの利活用施策の事例"],
    "security": ["セキュリティポリシーの改定", "標的型メール訓練の実施方法", "インシデント対応手順の整備"],
    "ai_rpa": ["RPA導入業務の選定", "AI-OCRの費用対効果", "RPAシナリオの内製化について"],
    "telework": ["テレワーク環境のセキュリティ", "テレワーク規程の整備", "Web会議環境の改善"],
    "genai": ["生成AIの利用ガイドライン策定", "生成AIの業務活用事例", "生成AI導入時のリスク整理"],
    "data_bi": ["BIツールによる庁内データ可視化", "オープンデータの公開手順", "EBPMのためのデータ整備"],
    "smartcity": ["スマートシティ構想の検討", "データ連携基盤の導入検討", "デジタル田園都市交付金の申請"],
    "transport": ["オンデマンド交通の実証", "公共交通の利用データ分析", "MaaS導入の事例"],
    "health": ["オンライン診療の導入支援", "介護DXの事例紹介", "母子健康手帳アプリの導入"],
    "disaster": ["防災情報の一斉配信", "避難所受付のデジタル化", "ドローンによる被災状況把握"],
    "tourism": ["観光データの分析", "地場産業のEC支援", "観光案内のデジタル化"],
}
# The prefecture's departments a case is handed over to (関係部署, migration 009; fictional), with
# their 所属部局. REFERRALS keeps its six: the generator draws one per 橋渡し済 case in the main
# stream, so the other figures stay as they were before departments were a list of their own.
DEPARTMENTS = (
    ("情報政策課", "企画部", "内線 2201（デモ）"),
    ("市町振興課", "企画部", "内線 2310（デモ）"),
    ("防災企画課", "危機管理部", "内線 3105（デモ）"),
    ("観光振興課", "産業労働部", "内線 4420（デモ）"),
    ("行政改革課", "総務部", "内線 1802（デモ）"),
    ("医療政策課", "保健医療部", "内線 5530（デモ）"),
    ("産業振興課", "産業労働部", ""),
)
REFERRALS = [name for name, _, _ in DEPARTMENTS[:6]]
REQUESTS = (
    "制度面の確認と市町への助言をお願いします",
    "県の補助事業の対象になるか確認をお願いします",
    "所管部署として市町との打合せへの同席をお願いします",
    "県内の先行事例の情報提供をお願いします",
)
RESPONSES = {
    "回答あり": ("市町に回答済み（デモ）", "要件を整理して返信（デモ）"),
    "対応完了": ("打合せに同席し対応を完了（デモ）", "補助事業の案内を送付済み（デモ）"),
    "対応不可": ("所管外のため対応できないとの回答（デモ）",),
}
ENGAGEMENT_TITLES = {
    "トップマネジメントセミナー": "トップマネジメントセミナー（{n}回）",
    "首長対話": "首長とのDX対話",
    "DX推進懇談会": "{region}地域DX推進懇談会",
    "リエゾン研修": "市町DX担当者向けリエゾン研修",
    "町村会": "兵庫県町村会 DX意見交換",
    "圏域市町デジタル部門担当者会議": "{region}圏域 市町デジタル部門担当者会議（{n}）",
}
FOLLOWUP_PROMISES = [
    ("生成AI利用ガイドラインのひな形を送る", "県デジタル戦略課"),
    ("先行市町の窓口DX事例を紹介する", "担当リエゾン"),
    ("庁内DX推進体制の案を共有する", "市町 企画課"),
    ("研修講師の候補を調整する", "県デジタル改革課"),
    ("国の補助金の公募情報を知らせる", "担当リエゾン"),
    ("次回の意見交換の日程を決める", "市町 総務課"),
]
PUSH_BODY = "詳しくは添付資料と https://www.example.jp/dx/{n} をご覧ください。"


def _random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Append rows to one of this module's tables (names are constants, not user input)."""
    if not rows:
        return
    frame = pd.DataFrame(rows)  # noqa: F841 - read by name in the statement below
    statements = {
        "liaisons": (
            "insert into liaisons (liaison_id, name_ja, section, contact, active_from, active_to, is_active)"
            " select liaison_id, name_ja, section, contact, active_from, active_to, active_to is null from frame;"
            " insert into liaison_assignments (liaison_id, kind, region_id, field_id, started_on, ended_on)"
            " select liaison_id, kind, region_id, field_id, active_from, active_to from frame"
        ),
        "visits": "insert into visits by name select * from frame",
        "consultations": "insert into consultations by name select * from frame",
        "support_actions": "insert into support_actions by name select * from frame",
        "readiness_assessments": "insert into readiness_assessments by name select * from frame",
        "engagements": "insert into engagements by name select * from frame",
        "engagement_participants": "insert into engagement_participants by name select * from frame",
        "chat_pushes": "insert into chat_pushes by name select * from frame",
        "chat_push_recipients": "insert into chat_push_recipients by name select * from frame",
        "departments": "insert into departments by name select * from frame",
    }
    con.execute(statements[table])


def _advance(con: duckdb.DuckDBPyConnection, sequence: str, to: int) -> None:
    """Move a sequence past ids this module wrote explicitly (DuckDB has no setval)."""
    statements = {
        "consultations_seq": "select max(nextval('consultations_seq')) from range($n)",
        "engagements_seq": "select max(nextval('engagements_seq')) from range($n)",
        "chat_pushes_seq": "select max(nextval('chat_pushes_seq')) from range($n)",
        "departments_seq": "select max(nextval('departments_seq')) from range($n)",
    }
    if to:
        con.execute(statements[sequence], {"n": to}).fetchall()


def _liaisons(rng: random.Random, regions: list[str], fields: list[str]) -> list[dict]:
    names = rng.sample([s + " " + g for s in SURNAMES for g in GIVEN], 60)
    rows = []
    for region_id in regions:
        for n in range(2):
            rows.append(
                {
                    "liaison_id": f"R-{region_id}-{n + 1}",
                    "name_ja": names.pop(),
                    "kind": "地域",
                    "section": "デジタル戦略課",
                    "region_id": region_id,
                    "field_id": None,
                }
            )
    for field_id in fields:
        rows.append(
            {
                "liaison_id": f"F-{field_id}",
                "name_ja": names.pop(),
                "kind": "分野",
                "section": "デジタル改革課",
                "region_id": None,
                "field_id": field_id,
            }
        )
    for extension, row in enumerate(rows, start=3101):  # invented extensions; the first team in 2023
        first = row["liaison_id"].endswith("-1")
        row |= {
            "contact": f"内線 {extension}",
            "active_from": ROSTER_START if first else FIRST_DAY,
            "active_to": None,
        }
    # the one who retired: 但馬's second liaison until HANDOVER_DAY (liaison.records.roster's rules:
    # their assignment ended that day, their open consultations went to the successor)
    rows.append(
        {
            "liaison_id": RETIRED_ID,
            "name_ja": names.pop(),
            "kind": "地域",
            "section": "デジタル戦略課",
            "region_id": "tajima",
            "field_id": None,
            "contact": "",
            "active_from": date(2022, 4, 1),
            "active_to": HANDOVER_DAY - timedelta(days=1),
        }
    )
    for row in rows:
        if row["liaison_id"] == SUCCESSOR_ID:
            row["active_from"] = HANDOVER_DAY
    return rows


def _before_the_handover(visits: list[dict], consultations: list[dict], actions: list[dict]) -> None:
    """What the successor did before HANDOVER_DAY was their predecessor's: visits, support given and the
    consultations closed by then. Consultations still open on the day stay with the successor (handed over)."""
    for visit in visits:
        if visit["liaison_id"] == SUCCESSOR_ID and visit["visited_on"] < HANDOVER_DAY:
            visit["liaison_id"] = RETIRED_ID
    for consultation in consultations:
        closed = consultation["closed_on"]
        if consultation["owner_liaison_id"] == SUCCESSOR_ID and closed is not None and closed < HANDOVER_DAY:
            consultation["owner_liaison_id"] = RETIRED_ID
    for action in actions:
        if action["liaison_id"] == SUCCESSOR_ID and action["acted_on"] < HANDOVER_DAY:
            action["liaison_id"] = RETIRED_ID


def generate(con: duckdb.DuckDBPyConnection, seed: int = DEFAULT_SEED) -> None:
    """Fill an empty, migrated store (reference data loaded) with fictional records."""
    rng = random.Random(seed)
    munis = con.execute(
        "select code, name_ja, kind, region_id, coalesce(population_2020, 30000) as population"
        " from municipalities where is_liaison_target order by code"
    ).fetchall()
    regions = [
        r[0]
        for r in con.execute(
            "select region_id from regions where is_liaison_region order by sort_order"
        ).fetchall()
    ]
    region_names = dict(con.execute("select region_id, name_ja from regions").fetchall())
    fields = con.execute(
        "select field_id, domain, typical_step from dx_fields order by sort_order"
    ).fetchall()
    field_ids = [f[0] for f in fields]
    liaisons = _liaisons(
        rng, regions, [f for f, domain, _ in fields if domain == "自治体DX" and f not in ("awareness",)]
    )
    _insert(con, "liaisons", liaisons)
    team = {
        r: [x["liaison_id"] for x in liaisons if x["region_id"] == r and x["active_to"] is None]
        for r in regions
    }
    field_owners = {x["liaison_id"] for x in liaisons if x["kind"] == "分野"}

    # Consultation topics lean to step-3 fields, whatever the municipality's own step.
    field_weights = [1 if step == 0 else 2 if step in (1, 2) else 6 for _, _, step in fields]
    field_weights = [
        w * (0.5 if domain == "地域社会DX" else 1)
        for w, (_, domain, _) in zip(field_weights, fields, strict=True)
    ]

    visits, consultations, actions, assessments = [], [], [], []
    referred: dict[int, str] = {}  # 橋渡し済 case -> the department it went to
    consultation_id = 0
    for code, _name, _kind, region_id, population in munis:
        is_model = code in MODEL_MUNICIPALITIES
        size = min(1.0, (population / 200_000) ** 0.5)
        step = min(3, max(0, round(rng.gauss(1.0 + 1.2 * size + (1.0 if is_model else 0), 0.7))))
        neglect = rng.random() < 0.15 and not is_model  # a few get left behind
        for fy in FISCAL_YEARS:
            start = date(fy, 4, 1)
            end = min(date(fy + 1, 3, 31), AS_OF)
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            # Visits: 自治体DX every ~1.5 months, 地域社会DX two or three times a year.
            plan = [
                ("自治体DX担当", 0.65),
                ("地域社会DX担当", 0.18),
                ("首長・幹部", 0.25 if is_model else 0.04),
            ]
            for department, per_month in plan:
                for m in range(months):
                    month_start = date(
                        start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 1
                    )
                    if neglect and fy == FISCAL_YEARS[-1] and m >= 2:
                        break
                    if rng.random() < per_month:
                        day = min(_random_day(rng, month_start, month_start + timedelta(days=27)), end)
                        purpose = "定期巡回" if department != "首長・幹部" else "個別支援"
                        if fy == FISCAL_YEARS[-1] and m in (4, 5) and department == "自治体DX担当":
                            purpose = "ヒアリング調査"
                        visits.append(
                            {
                                "visited_on": day,
                                "municipality_code": code,
                                "liaison_id": rng.choice(team[region_id]),
                                "department": department,
                                "purpose": purpose,
                                "summary": f"{department}と意見交換（デモ）",
                            }
                        )
            # Consultations: roughly proportional to size, more for model municipalities.
            n = max(1, round(rng.gauss((6 + 18 * size) * (months / 12) * (1.4 if is_model else 1), 3)))
            for _ in range(n):
                consultation_id += 1
                received = _random_day(rng, start, end)
                field_id = rng.choices(field_ids, weights=field_weights)[0]
                age = (AS_OF - received).days
                roll = rng.random()
                if age > 120:
                    status = "完了" if roll < 0.72 else "橋渡し済" if roll < 0.9 else "保留"
                elif age > 30:
                    status = (
                        "完了"
                        if roll < 0.35
                        else "橋渡し済"
                        if roll < 0.5
                        else "対応中"
                        if roll < 0.9
                        else "保留"
                    )
                else:
                    status = "受付" if roll < 0.5 else "対応中" if roll < 0.9 else "完了"
                closed = None
                if status in ("完了", "橋渡し済"):
                    closed = min(received + timedelta(days=rng.randint(3, 90)), AS_OF)
                # 6 in 10 go to the region's team, the rest to the field's liaison where there is one
                from_team = rng.random() < 0.6
                owner = f"F-{field_id}" if not from_team and f"F-{field_id}" in field_owners else None
                owner = owner or rng.choice(team[region_id])
                consultations.append(
                    {
                        "consultation_id": consultation_id,
                        "received_on": received,
                        "municipality_code": code,
                        "field_id": field_id,
                        "channel": rng.choices(
                            ["訪問", "電話", "メール", "LoGoチャット", "オンライン会議", "その他"],
                            [3, 2, 3, 4, 2, 1],
                        )[0],
                        "title": rng.choice(TITLE_TEMPLATES[field_id]),
                        "detail": "（デモ用の架空の相談内容です）",
                        "status": status,
                        "owner_liaison_id": owner,
                        "closed_on": closed,
                    }
                )
                if status == "橋渡し済":  # drawn after the channel and title, as it always was: no draw moves
                    referred[consultation_id] = rng.choice(REFERRALS)
                given: set[str] = set()
                for support_type in rng.sample(
                    ["専門的な助言", "関係部署への橋渡し", "事例紹介", "事業者紹介"],
                    k=rng.choices([1, 2, 3], [5, 3, 1])[0],
                ):
                    if support_type == "関係部署への橋渡し" and status != "橋渡し済" and rng.random() < 0.7:
                        support_type = "専門的な助言"  # a bridge only where the case was handed over, mostly
                    if support_type in given:
                        continue
                    given.add(support_type)
                    actions.append(
                        {
                            "consultation_id": consultation_id,
                            "acted_on": min(received + timedelta(days=rng.randint(0, 20)), AS_OF),
                            "support_type": support_type,
                            "liaison_id": owner,
                            "note": "",
                        }
                    )
            # Readiness: one hearing per 年度; scores follow the step, with noise.
            fy_step = step if fy == FISCAL_YEARS[-1] else max(0, step - (1 if rng.random() < 0.35 else 0))
            base = 1.3 + fy_step * 0.9 + (0.4 if is_model else 0)
            scores = {
                key: min(5, max(1, round(rng.gauss(base + bias, 0.6))))
                for key, bias in (
                    ("score_vision", 0.2),
                    ("score_top_commitment", 0.4 if is_model else -0.1),
                    ("score_structure", 0.0),
                    ("score_staff_mindset", -0.3),
                    ("score_talent_profile", -0.5),
                    ("score_talent_policy", -0.4),
                    ("score_progress", 0.1),
                    ("score_issue_awareness", 0.5),
                )
            }
            assessments.append(
                {
                    "municipality_code": code,
                    "fiscal_year": fy,
                    "assessed_on": date(fy, 8, 1) + timedelta(days=rng.randrange(40)),
                    "step": fy_step,
                    "note": "",
                    **scores,
                }
            )

    visits.sort(key=lambda v: (v["visited_on"], v["municipality_code"], v["department"]))
    _visit_topics(visits, fields, seed)
    _before_the_handover(visits, consultations, actions)
    _hearing_answers(assessments, seed)
    _insert(con, "visits", visits)
    _insert(con, "consultations", consultations)
    _advance(con, "consultations_seq", consultation_id)
    _insert(con, "support_actions", actions)
    _insert(con, "readiness_assessments", assessments)
    _referrals(con, consultations, actions, referred, seed)
    _engagements(con, rng, munis, regions, region_names)
    _chat_pushes(con, rng, munis, fields)
    _engagement_details(con, munis, regions, region_names, seed)
    _push_details(con, munis, regions, seed)
    con.execute(
        "insert or replace into store_meta values ('is_demo', 'true'), ('as_of', $as_of), ('seed', $seed)",
        {"as_of": AS_OF.isoformat(), "seed": str(seed)},
    )


def _visit_topics(visits: list[dict], fields, seed: int) -> None:
    """Give each 個別支援 visit the DX field it was about (migration 002); other visits get none.

    Drawn from its own generator (seed + 2), so every figure drawn from the main one stays as it was.
    Topics lean to step-3 fields less than consultations do: these are visits to mayors and executives.
    """
    rng = random.Random(seed + 2)
    field_ids = [f[0] for f in fields]
    weights = [
        (3 if step <= 1 else 2 if step == 2 else 1) * (0.5 if domain == "地域社会DX" else 1)
        for _, domain, step in fields
    ]
    for visit in visits:
        is_support = visit["purpose"] == "個別支援"
        visit["topic_field_id"] = rng.choices(field_ids, weights=weights)[0] if is_support else None


# Fictional answers of a readiness hearing, per item and score band (1–2, 3, 4–5).
HEARING_ANSWERS = {
    "vision": (
        ("目指す姿はまだ言葉になっていない。", "総合計画にDXの記述がない。"),
        ("DX推進方針の素案を庁内で検討中。", "目指す姿は担当課の中では共有されている。"),
        ("DX推進計画に目指す姿を明記し、住民にも公表済み。", "目指す姿を全庁の研修で説明している。"),
    ),
    "top_commitment": (
        ("首長の関心は高くない。", "幹部会でDXが議題になったことはない。"),
        ("首長は必要性を認めているが、発信はまだ少ない。", "副市町長が本部長を務める予定。"),
        ("首長が年頭あいさつでDXを掲げた。", "首長自らが推進本部で進捗を確認している。"),
    ),
    "structure": (
        ("担当は企画課の兼務1名のみ。", "推進体制はこれから。"),
        ("推進本部は設置済みだが、実務の担い手が不足。", "各課にDX推進員を置く準備中。"),
        ("専任の担当課があり、各課の推進員と月1回会議。", "CIO補佐官を外部から迎えている。"),
    ),
    "staff_mindset": (
        ("職員には「業務が増える」との受け止めが多い。", "紙の決裁に慣れている職員が多い。"),
        ("若手を中心に関心が高まりつつある。", "研修への参加者が少しずつ増えている。"),
        ("業務改善の提案が各課から上がってくる。", "職員アンケートで前向きな回答が多数。"),
    ),
    "talent_profile": (
        ("求める人材像は検討していない。", "どんな人材が必要か分からない。"),
        ("情報担当に必要な知識は整理し始めた。", "外部人材に期待する役割を検討中。"),
        ("求める人材像を職層別に定めている。", "人材像をもとに採用区分を設けた。"),
    ),
    "talent_policy": (
        ("人材育成の方針はない。", "研修は県や国のものに頼っている。"),
        ("育成方針の策定を来年度に予定。", "年数回の庁内研修を始めた。"),
        ("育成方針と数値目標があり、毎年見直している。", "資格取得の支援制度がある。"),
    ),
    "progress": (
        ("取組はまだ始まっていない。", "手続のオンライン化は数件のみ。"),
        ("書かない窓口の試行を始めた。", "主な手続のオンライン化を進めている。"),
        ("標準化・オンライン化とも計画どおり進んでいる。", "庁内の業務改善が定着している。"),
    ),
    "issue_awareness": (
        ("何が課題かを整理できていない。", "予算と人手が足りないとの声のみ。"),
        ("人材不足と費用が主な課題との認識。", "ベンダー任せになっている点を課題視。"),
        ("課題を一覧にして優先順位を付けている。", "課題ごとに担当と期限を決めている。"),
    ),
}


def _hearing_answers(assessments: list[dict], seed: int) -> None:
    """Give each hearing (migration 007) its answers in words and its digital-talent support wish.

    Drawn from its own generator (seed + 3), so every figure drawn from the main one stays as it was.
    Lower steps want support more often; the words follow each item's score.
    """
    rng = random.Random(seed + 3)
    kinds = ["外部人材の派遣", "共同採用・共同利用", "研修", "その他"]
    for hearing in assessments:
        for item, bands in HEARING_ANSWERS.items():
            score = hearing["score_" + item]
            hearing["answer_" + item] = rng.choice(bands[0 if score <= 2 else 1 if score == 3 else 2])
        wanted = rng.random() < (0.75 if hearing["step"] <= 1 else 0.45)
        hearing["talent_support_wanted"] = wanted
        picked = set(rng.sample(kinds[:3], k=rng.choice([1, 1, 2]))) if wanted else set()
        if wanted and rng.random() < 0.1:
            picked.add("その他")
        hearing["talent_support_kinds"] = "、".join(k for k in kinds if k in picked) or None


def _engagements(con, rng: random.Random, munis, regions, region_names) -> None:
    engagements, participants = [], []
    codes = [m[0] for m in munis]
    towns = [m[0] for m in munis if m[2] == "町"]
    eid = 0

    def add(kind: str, held_on: date, members: list[str], level_for, region: str = "") -> None:
        nonlocal eid
        eid += 1
        title = ENGAGEMENT_TITLES[kind].format(n=eid, region=region)
        engagements.append(
            {"engagement_id": eid, "held_on": held_on, "kind": kind, "title": title, "note": ""}
        )
        for code in sorted(set(members)):
            participants.append(
                {"engagement_id": eid, "municipality_code": code, "participant_level": level_for(code)}
            )

    for fy in FISCAL_YEARS:
        start, end = date(fy, 4, 1), min(date(fy + 1, 3, 31), AS_OF)
        for _ in range(2):
            held = _random_day(rng, start, end)
            members = [c for c in codes if c in MODEL_MUNICIPALITIES or rng.random() < 0.45]
            add(
                "トップマネジメントセミナー",
                held,
                members,
                lambda c: "首長" if c in MODEL_MUNICIPALITIES and rng.random() < 0.7 else "幹部",
            )
        for code in MODEL_MUNICIPALITIES:
            add("首長対話", _random_day(rng, start, end), [code], lambda c: "首長")
        for region_id in regions:
            if rng.random() < 0.6:
                members = [m[0] for m in munis if m[3] == region_id]
                held = _random_day(rng, start, end)
                add("DX推進懇談会", held, members, lambda c: "幹部", region=region_names[region_id])
        add(
            "リエゾン研修",
            _random_day(rng, start, end),
            [c for c in codes if rng.random() < 0.7],
            lambda c: "職員",
        )
        add("町村会", _random_day(rng, start, end), towns, lambda c: "首長" if rng.random() < 0.3 else "幹部")
    engagements.sort(key=lambda e: e["engagement_id"])
    _insert(con, "engagements", engagements)
    _advance(con, "engagements_seq", eid)
    _insert(con, "engagement_participants", participants)


def _chat_pushes(con, rng: random.Random, munis, fields) -> None:
    pushes, recipients = [], []
    codes = [m[0] for m in munis]
    day, pid = date(FISCAL_YEARS[0], 4, 1), 0
    while day <= AS_OF:
        pid += 1
        field_id = rng.choice([f[0] for f in fields])
        pushes.append(
            {
                "push_id": pid,
                "pushed_on": day,
                "field_id": field_id,
                "title": f"{rng.choice(TITLE_TEMPLATES[field_id])}（情報提供）",
            }
        )
        for code in codes if rng.random() < 0.6 else rng.sample(codes, rng.randint(5, 30)):
            recipients.append({"push_id": pid, "municipality_code": code})
        day += timedelta(days=rng.randint(5, 14))
    _insert(con, "chat_pushes", pushes)
    _advance(con, "chat_pushes_seq", pid)
    _insert(con, "chat_push_recipients", recipients)


def _engagement_details(con, munis, regions, region_names, seed: int) -> None:
    """Migration 008's details, from their own generator (seed + 5) so the figures above stay as they were:
    each 圏域's 市町デジタル部門担当者会議 (staff, so no relationship level changes), the liaisons present
    at every engagement (the 圏域's liaisons), follow-ups (done, open and overdue) and every 管理番号."""
    rng = random.Random(seed + 5)
    by_region = {
        region_id: [row[0] for row in rows]
        for region_id, rows in pd.DataFrame(
            con.execute(
                "select region_id, liaison_id from liaison_assignments where kind = '地域' order by liaison_id"
            ).fetchall(),
            columns=["region_id", "liaison_id"],
        )
        .groupby("region_id")[["liaison_id"]]
        .apply(lambda f: f.values.tolist())
        .items()
    }
    eid = con.execute("select max(engagement_id) from engagements").fetchone()[0] or 0
    meetings, participants = [], []
    for fy in FISCAL_YEARS:
        start, end = date(fy, 4, 1), min(date(fy + 1, 3, 31), AS_OF)
        for region_id in regions:
            eid += 1
            title = ENGAGEMENT_TITLES["圏域市町デジタル部門担当者会議"].format(
                region=region_names[region_id], n=fy
            )
            meetings.append(
                {
                    "engagement_id": eid,
                    "held_on": _random_day(rng, start, end),
                    "kind": "圏域市町デジタル部門担当者会議",
                    "title": title,
                    "note": "",
                }
            )
            for code in sorted(m[0] for m in munis if m[3] == region_id):
                participants.append(
                    {"engagement_id": eid, "municipality_code": code, "participant_level": "職員"}
                )
    _insert(con, "engagements", meetings)
    _advance(con, "engagements_seq", len(meetings))
    _insert(con, "engagement_participants", participants)

    held = con.execute(
        "select engagements.engagement_id, engagements.held_on, engagements.kind,"
        " list(distinct municipalities.region_id order by municipalities.region_id)"
        " from engagements inner join engagement_participants using (engagement_id)"
        " inner join municipalities on engagement_participants.municipality_code = municipalities.code"
        " group by all order by engagement_id"
    ).fetchall()
    present, followups = [], []
    for engagement_id, held_on, kind, region_ids in held:
        people = sorted({p for r in region_ids for p in by_region.get(r, [])})
        for liaison_id in rng.sample(people, min(len(people), rng.randint(1, 3))):
            present.append({"engagement_id": engagement_id, "liaison_id": liaison_id})
        if kind in ("首長対話", "DX推進懇談会", "圏域市町デジタル部門担当者会議") and rng.random() < 0.7:
            for promise, promised_by in rng.sample(FOLLOWUP_PROMISES, rng.randint(1, 2)):
                due_on = held_on + timedelta(days=rng.randint(14, 75))
                done_on = None
                if due_on <= AS_OF and rng.random() < 0.75:
                    done_on = min(AS_OF, due_on + timedelta(days=rng.randint(-10, 12)))
                followups.append(
                    {
                        "engagement_id": engagement_id,
                        "promise": promise,
                        "promised_by": promised_by,
                        "due_on": due_on,
                        "done_on": max(done_on, held_on) if done_on else None,
                    }
                )
    if present:
        frame = pd.DataFrame(present)  # noqa: F841 - read by name below
        con.execute("insert into engagement_liaisons by name select * from frame")
    if followups:
        frame = pd.DataFrame(followups)  # noqa: F841 - read by name below
        con.execute("insert into engagement_followups by name select * from frame")
    con.execute(
        "update engagements set source_key = keyed.new_key from ("
        " select engagement_id, engagement_content_key(held_on, kind, title) || case when row_number() over"
        " (partition by engagement_content_key(held_on, kind, title) order by engagement_id) = 1 then ''"
        " else '-' || row_number() over (partition by engagement_content_key(held_on, kind, title)"
        " order by engagement_id) end as new_key from engagements) as keyed"
        " where engagements.engagement_id = keyed.engagement_id"
    )


def _push_details(con, munis, regions, seed: int) -> None:
    """Pushes' bodies (half with a link), their scope ('all' when every target got one, else 'list'), a few
    pushes to one 圏域 (seed + 6, their own generator) and every 管理番号."""
    rng = random.Random(seed + 6)
    targets = len(munis)
    con.execute(
        "update chat_pushes set recipient_scope = case when counted.recipients = $targets then 'all' else 'list' end"
        " from (select push_id, count(*) as recipients from chat_push_recipients group by push_id) as counted"
        " where chat_pushes.push_id = counted.push_id",
        {"targets": targets},
    )
    pushes = con.execute("select push_id from chat_pushes order by push_id").fetchall()
    bodies = [
        {
            "push_id": push_id,
            "body": PUSH_BODY.format(n=push_id) if rng.random() < 0.5 else "資料を共有します。",
        }
        for (push_id,) in pushes
    ]
    frame = pd.DataFrame(bodies)  # noqa: F841 - read by name below
    con.execute(
        "update chat_pushes set body = frame.body from frame where chat_pushes.push_id = frame.push_id"
    )
    pid = con.execute("select max(push_id) from chat_pushes").fetchone()[0] or 0
    field_ids = [
        row[0] for row in con.execute("select field_id from dx_fields order by sort_order").fetchall()
    ]
    regional, recipients = [], []
    for region_id in rng.sample(list(regions), 3):
        pid += 1
        regional.append(
            {
                "push_id": pid,
                "pushed_on": AS_OF - timedelta(days=rng.randint(5, 120)),
                "field_id": rng.choice(field_ids),
                "title": "圏域の市町向け 研修のご案内（情報提供）",
                "body": PUSH_BODY.format(n=pid),
                "recipient_scope": region_id,
            }
        )
        recipients += [{"push_id": pid, "municipality_code": m[0]} for m in munis if m[3] == region_id]
    _insert(con, "chat_pushes", regional)
    _advance(con, "chat_pushes_seq", len(regional))
    _insert(con, "chat_push_recipients", recipients)
    con.execute(
        "update chat_pushes set source_key = keyed.new_key from ("
        " select push_id, push_content_key(pushed_on, field_id, title) || case when row_number() over"
        " (partition by push_content_key(pushed_on, field_id, title) order by push_id) = 1 then ''"
        " else '-' || row_number() over (partition by push_content_key(pushed_on, field_id, title)"
        " order by push_id) end as new_key from chat_pushes) as keyed"
        " where chat_pushes.push_id = keyed.push_id"
    )


def _referrals(
    con, consultations: list[dict], actions: list[dict], referred: dict[int, str], seed: int
) -> None:
    """Departments (migration 009) and the referrals of the cases handed over: each 橋渡し済 case to the
    department drawn for it, plus a second department or an open case's referral now and then.

    Dated by the case's first 関係部署への橋渡し action, else its closed_on. Every outcome occurs; the
    ones still 依頼中 are partly past their due day (or a month old without one): the overdue ones.
    Drawn from their own Random, so no other figure of the demo moves.
    """
    rng = random.Random(seed + 9)
    _insert(
        con,
        "departments",
        [
            {"department_id": i, "name_ja": name, "section": section, "contact": contact, "is_active": i <= 6}
            for i, (name, section, contact) in enumerate(DEPARTMENTS, start=1)
        ],
    )
    _advance(con, "departments_seq", len(DEPARTMENTS))
    department_ids = {name: i for i, (name, _, _) in enumerate(DEPARTMENTS, start=1)}
    first_bridge: dict[int, date] = {}
    for action in actions:
        if action["support_type"] == "関係部署への橋渡し":
            day = action["acted_on"]
            first_bridge[action["consultation_id"]] = min(
                first_bridge.get(action["consultation_id"], day), day
            )
    cases = {c["consultation_id"]: c for c in consultations}
    wanted: list[tuple[int, str]] = list(referred.items())
    for case_id, case in cases.items():  # open cases already handed over: the referral awaits an answer
        if case["status"] == "対応中" and case_id in first_bridge and rng.random() < 0.5:
            wanted.append((case_id, rng.choice(REFERRALS)))
    for case_id, name in list(referred.items()):
        if rng.random() < 0.08:  # a second department on the same case
            other = rng.choice([n for n in REFERRALS if n != name])
            wanted.append((case_id, other))
    rows = []
    for case_id, name in wanted:
        case = cases[case_id]
        referred_on = first_bridge.get(case_id, case["closed_on"] or case["received_on"])
        due_on = referred_on + timedelta(days=rng.choice((14, 21, 30, 45))) if rng.random() < 0.7 else None
        waited = (AS_OF - referred_on).days
        roll = rng.random()
        outcome = "依頼中"
        if waited > 7 and roll < min(0.9, 0.3 + waited / 200):
            outcome = rng.choices(["回答あり", "対応完了", "対応不可"], [4, 5, 1])[0]
        responded_on = None
        if outcome != "依頼中":
            responded_on = min(referred_on + timedelta(days=rng.randint(3, 40)), AS_OF)
        rows.append(
            {
                "consultation_id": case_id,
                "department_id": department_ids[name],
                "referred_on": referred_on,
                "request": rng.choice(REQUESTS),
                "due_on": due_on,
                "response": rng.choice(RESPONSES[outcome]) if outcome != "依頼中" else "",
                "responded_on": responded_on,
                "outcome": outcome,
                "department_name": name,
            }
        )
    frame = pd.DataFrame(rows).sort_values(["referred_on", "consultation_id", "department_id"])
    for column in ("referred_on", "due_on", "responded_on"):
        frame[column] = pd.to_datetime(frame[column])
    con.register("referral_frame", frame)
    try:
        # each referral's 管理番号 from its consultation's (the content key, as exports show it)
        con.execute(
            "insert into referrals (consultation_id, department_id, referred_on, request, due_on, response,"
            " responded_on, outcome, source_key)"
            " select referral_frame.consultation_id, department_id, referred_on::date, request, due_on::date,"
            " response, responded_on::date, outcome,"
            " referral_content_key(consultation_keys.record_key, department_name, referred_on::date)"
            " from referral_frame inner join consultation_record_keys() as consultation_keys"
            " using (consultation_id)"
            " order by referred_on, referral_frame.consultation_id, department_id"
        )
    finally:
        con.unregister("referral_frame")
