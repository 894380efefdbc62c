"""The import format: the kinds of records a file may hold, their columns, Japanese headers and limits.

Headers are the Japanese HEADERS of the kind; 市町 also as 市町名/市町村/市町コード (HEADER_ALIASES).
Optional columns may be left out; visits may carry 分野 (topic_field_id, migration 002: the DX field a
個別支援 visit was about); readiness may carry each item's answer in words and the digital-talent
support wish (migration 007, liaison.records.talent). Exports write this format, templates lay it out, imports read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison import records
from liaison.records.labels import LABELS

KINDS = ("visits", "consultations", "readiness")
TABLES = {"visits": "visits", "consultations": "consultations", "readiness": "readiness_assessments"}
TABLES_TOUCHED = {kind: (table, "audit_log") for kind, table in TABLES.items()}
SHEET_NAMES = {"visits": "訪問", "consultations": "相談", "readiness": "DX推進度"}
KIND_LABELS = {"visits": "訪問記録", "consultations": "相談記録", "readiness": "DX推進度（ヒアリング）"}

MAX_BYTES = 32 * 1024 * 1024  # 32 MiB: about 180,000 consultation rows in UTF-8; split larger files
MAX_ROWS = 200_000
EXAMPLE_NOTE = "（記入例：この行は取り込まれません）"


@dataclass(frozen=True)
class Column:
    name: str  # internal column
    parse: str  # key, date, fiscal_year, municipality, liaison, field, enum, text, int, yes_no, kinds
    required: bool = False  # the column must be present
    default: object = None  # stored for a blank cell
    help: str = ""  # for the template's 説明 sheet

    def header(self, kind: str) -> str:
        return LABELS[TABLES[kind]][self.name]


_KEY_HELP = "任意。同じ管理番号の行は二度取り込まれません。空欄なら内容から自動で決まります"
COLUMNS: dict[str, tuple[Column, ...]] = {
    "visits": (
        Column("source_key", "key", help=_KEY_HELP),
        Column("visited_on", "date", True, help="訪問した日"),
        Column("municipality_code", "municipality", True, help="市町名または団体コード（5桁・6桁）"),
        Column("department", "enum", True, help="訪問先の部署"),
        Column("purpose", "enum", True, help="訪問の目的"),
        Column("topic_field_id", "field", help="任意。個別支援の訪問で扱ったDX分野の名前"),
        Column("liaison_id", "liaison", True, help="訪問したリエゾンの氏名またはID"),
        Column("summary", "text", default="", help="任意。訪問の概要"),
    ),
    "consultations": (
        Column("source_key", "key", help=_KEY_HELP),
        Column("received_on", "date", True, help="相談を受け付けた日"),
        Column("municipality_code", "municipality", True, help="市町名または団体コード（5桁・6桁）"),
        Column("field_id", "field", True, help="DX分野の名前"),
        Column("channel", "enum", True, help="相談の受付方法"),
        Column("title", "text", True, help="相談の件名（200文字まで）"),
        Column("detail", "text", default="", help="任意。相談の内容"),
        Column("status", "enum", default="受付", help="任意。空欄なら「受付」"),
        Column("owner_liaison_id", "liaison", help="任意。担当リエゾンの氏名またはID"),
        Column("closed_on", "date", help="状況が「完了」「橋渡し済」のときだけ入力（完了・橋渡しした日）"),
    ),
    "readiness": (
        Column("municipality_code", "municipality", True, help="市町名または団体コード（5桁・6桁）"),
        Column("fiscal_year", "fiscal_year", True, help="2025 または 令和7年度。市町ごとに1年度1件"),
        Column("assessed_on", "date", True, help="ヒアリングの実施日（その年度の中の日）"),
        Column("step", "int", True, help="自治体DX全体手順書のステップ（0〜3）"),
        *(Column(score, "int", True, help="1〜5 の整数") for score in records.SCORE_COLUMNS),
        *(
            Column(answer, "text", help="任意。その項目の回答（聞き取った言葉）")
            for answer in records.ANSWER_COLUMNS
        ),
        Column(
            "talent_support_wanted",
            "yes_no",
            help="任意。デジタル人材（外部人材の派遣など）による支援を希望するか：はい／いいえ（未確認なら空欄）",
        ),
        Column(
            "talent_support_kinds",
            "kinds",
            help="希望が「はい」のときに1つ以上（「、」区切り）：" + "、".join(records.TALENT_SUPPORT_KINDS),
        ),
        Column("note", "text", default="", help="任意。備考"),
    ),
}
HEADERS: dict[str, list[str]] = {kind: [c.header(kind) for c in columns] for kind, columns in COLUMNS.items()}
ENUM_SOURCES = {
    "department": records.DEPARTMENTS,
    "purpose": records.PURPOSES,
    "channel": records.CHANNELS,
    "status": records.STATUSES,
}
HEADER_ALIASES = {
    "市町名": "市町",
    "市町村": "市町",
    "市町村名": "市町",
    "市町コード": "市町",
    "団体コード": "市町",
}
NOTE_COLUMN = {"visits": "summary", "consultations": "detail", "readiness": "note"}
INT_COLUMNS = {"fiscal_year", "step", *records.SCORE_COLUMNS}
BOOL_COLUMNS = {"talent_support_wanted"}

# issue 11: the roster (liaison.records.roster_import): one row per person, 担当 as one cell
# 「地域:但馬、分野:生成AI」 (their current assignments; a retired person has none and a 退任日).
KINDS = (*KINDS, "liaisons")
TABLES["liaisons"] = "liaisons"
TABLES_TOUCHED["liaisons"] = ("liaisons", "liaison_assignments", "audit_log")
SHEET_NAMES["liaisons"] = "リエゾン名簿"
KIND_LABELS["liaisons"] = "リエゾン名簿"
COLUMNS["liaisons"] = (
    Column(
        "liaison_id",
        "key",
        help="任意。空欄なら L-0001 のように自動で付きます。登録済みのIDの行は取り込まれません",
    ),
    Column("name_ja", "text", True, help="氏名（100文字まで）"),
    Column(
        "section",
        "enum",
        True,
        help="所属：デジタル戦略課（地域リエゾン）またはデジタル改革課（分野リエゾン）",
    ),
    Column(
        "assignments",
        "assignments",
        help="任意。「地域:但馬、分野:生成AI」のように種類:担当先を「、」区切りで（地域はデジタル戦略課、分野はデジタル改革課）",
    ),
    Column("contact", "text", default="", help="任意。内線・メールなどの連絡先"),
    Column("active_from", "date", help="任意。着任した日"),
    Column("active_to", "date", help="退任した人だけ入力（担当は空欄に）"),
)
HEADERS["liaisons"] = [c.header("liaisons") for c in COLUMNS["liaisons"]]
ENUM_SOURCES["section"] = records.ENUMS[("liaisons", "section")]
NOTE_COLUMN["liaisons"] = "contact"

# issue 11: engagements with the top layers, LoGoチャット pushes and the follow-ups promised at an
# engagement (liaison.records.relation_import). An engagement's 参加市町 and 出席リエゾン, and a push's
# 配信先, are one cell each; follow-ups are their own kind, one row each, keyed by the engagement's 管理番号.
KINDS = (*KINDS, "engagements", "pushes", "followups")
TABLES.update({"engagements": "engagements", "pushes": "chat_pushes", "followups": "engagement_followups"})
TABLES_TOUCHED["engagements"] = ("engagements", "engagement_participants", "engagement_liaisons", "audit_log")
TABLES_TOUCHED["pushes"] = ("chat_pushes", "chat_push_recipients", "audit_log")
TABLES_TOUCHED["followups"] = ("engagement_followups", "audit_log")
SHEET_NAMES.update({"engagements": "関わり", "pushes": "LoGoチャット配信", "followups": "フォローアップ"})
KIND_LABELS.update(
    {"engagements": "トップ層との関わり", "pushes": "LoGoチャット配信", "followups": "関わりのフォローアップ"}
)
COLUMNS["engagements"] = (
    Column("source_key", "key", help=_KEY_HELP + "（会議・対話の日・種類・名称から）"),
    Column("held_on", "date", True, help="会議・対話の開催日"),
    Column("kind", "enum", True, help="会議・対話の種類"),
    Column("title", "text", True, help=f"会議・対話の名称（{records.SHORT_TEXT_MAX}文字まで）"),
    Column(
        "participants",
        "participants",
        True,
        help="「豊岡市:首長、養父市:幹部」のように市町:参加者の立場（首長・幹部・職員）を「、」区切りで",
    ),
    Column(
        "liaisons",
        "liaisons",
        help="任意。出席したリエゾンの氏名またはIDを「、」区切りで（その後退任した人も書けます）",
    ),
    Column("note", "text", default="", help="任意。メモ"),
)
COLUMNS["pushes"] = (
    Column("source_key", "key", help=_KEY_HELP + "（配信日・分野・件名から）"),
    Column("pushed_on", "date", True, help="LoGoチャットで配信した日"),
    Column("field_id", "field", True, help="DX分野の名前"),
    Column("title", "text", True, help=f"配信の件名（{records.SHORT_TEXT_MAX}文字まで）"),
    Column("body", "text", default="", help="任意。送った本文か、資料のリンク（URL）"),
    Column(
        "recipients",
        "recipients",
        True,
        help="「すべて」（リエゾン対象の全市町）、圏域の名前（例: 但馬）、または市町名を「、」区切りで",
    ),
)
COLUMNS["followups"] = (
    Column(
        "engagement_id",
        "key",
        True,
        help="フォローアップを約束した会議・対話の管理番号（関わりの出力にあります）",
    ),
    Column("promise", "text", True, help="約束したこと（500文字まで）"),
    Column("promised_by", "text", True, help="約束した人（100文字まで）"),
    Column("due_on", "date", help="任意。期限"),
    Column("done_on", "date", help="対応が済んだときだけ入力（会議・対話の日より前にはできません）"),
)
for _kind in ("engagements", "pushes", "followups"):
    HEADERS[_kind] = [c.header(_kind) for c in COLUMNS[_kind]]
ENUM_SOURCES["kind"] = records.ENUMS[("engagements", "kind")]
NOTE_COLUMN.update({"engagements": "note", "pushes": "body", "followups": "promise"})
# Headers a kind also reads (its usual words in other offices' lists), beside HEADER_ALIASES.
KIND_HEADER_ALIASES = {
    "engagements": {
        "実施日": "開催日",
        "種別": "種類",
        "件名": "名称",
        "概要": "メモ",
        "出席者": "出席リエゾン",
    },
    "pushes": {"配信先市町": "配信先", "本文": "本文・リンク"},
    "followups": {"管理番号": "関わりの管理番号", "内容": "フォローアップの内容"},
}

# issue 11: 関係部署 and 橋渡し (liaison.records.referral_import): one row per department, matched by its
# name (an import never changes a stored one); one row per referral, its consultation by the 管理番号
# the consultation export shows and its department by name.
KINDS = (*KINDS, "departments", "referrals")
TABLES["departments"], TABLES["referrals"] = "departments", "referrals"
TABLES_TOUCHED["departments"] = ("departments", "audit_log")
TABLES_TOUCHED["referrals"] = ("referrals", "audit_log")
SHEET_NAMES["departments"], SHEET_NAMES["referrals"] = "関係部署", "橋渡し"
KIND_LABELS["departments"], KIND_LABELS["referrals"] = "関係部署", "橋渡し"
COLUMNS["departments"] = (
    Column(
        "name_ja", "text", True, help="部署名（100文字まで）。登録済みの部署と同じ名前の行は取り込まれません"
    ),
    Column("section", "text", default="", help="任意。所属部局（企画部など）"),
    Column("contact", "text", default="", help="任意。内線・メールなどの連絡先"),
    Column("is_active", "yes_no", help="任意。新しい橋渡しに選べるか：はい／いいえ（空欄なら「はい」）"),
)
COLUMNS["referrals"] = (
    Column(
        "source_key",
        "key",
        help="任意。同じ管理番号の行は二度取り込まれません。空欄なら相談・部署・橋渡し日から自動で決まります",
    ),
    Column("consultation_id", "key", True, help="相談の管理番号（相談記録の出力の「管理番号」）"),
    Column("department_id", "text", True, help="橋渡し先の部署名（関係部署の一覧にあり利用中の部署）"),
    Column("referred_on", "date", True, help="橋渡しした日（相談の受付日より後）"),
    Column("request", "text", default="", help="任意。部署に依頼した内容"),
    Column("due_on", "date", help="任意。回答期限（橋渡し日より後）"),
    Column("outcome", "enum", default="依頼中", help="任意。空欄なら「依頼中」"),
    Column("response", "text", default="", help="任意。部署の回答・対応"),
    Column("responded_on", "date", help="結果が「依頼中」以外のときだけ入力（回答のあった日）"),
)
for _kind in ("departments", "referrals"):
    HEADERS[_kind] = [c.header(_kind) for c in COLUMNS[_kind]]
ENUM_SOURCES["outcome"] = records.ENUMS[("referrals", "outcome")]
NOTE_COLUMN["departments"], NOTE_COLUMN["referrals"] = "contact", "response"
