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
REFERRALS = [
    "県 情報政策課",
    "県 市町振興課",
    "県 防災企画課",
    "県 観光振興課",
    "ひょうご情報公開支援センター",
    "県 医療政策課",
]
ENGAGEMENT_TITLES = {
    "トップマネジメントセミナー": "トップマネジメントセミナー（{n}回）",
    "首長対話": "首長とのDX対話",
    "DX推進懇談会": "{region}地域DX推進懇談会",
    "リエゾン研修": "市町DX担当者向けリエゾン研修",
    "町村会": "兵庫県町村会 DX意見交換",
}


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
    }
    con.execute(statements[table])


def _advance(con: duckdb.DuckDBPyConnection, sequence: str, to: int) -> None:
    """Move a sequence past ids this module wrote explicitly (DuckDB has no setval)."""
    statements = {
        "consultations_seq": "select max(nextval('consultations_seq')) from range($n)",
        "engagements_seq": "select max(nextval('engagements_seq')) from range($n)",
        "chat_pushes_seq": "select max(nextval('chat_pushes_seq')) from range($n)",
    }
    if to:
        con.execute(statements[sequence], {"n": to})


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
                        "referred_department": rng.choice(REFERRALS) if status == "橋渡し済" else None,
                        "closed_on": closed,
                    }
                )
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
    _engagements(con, rng, munis, regions, region_names)
    _chat_pushes(con, rng, munis, fields)
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
