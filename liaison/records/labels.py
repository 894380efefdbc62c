"""The Japanese names of the record fields, as forms, problem messages and import files call them."""

from __future__ import annotations

from liaison.i18n import READINESS_ITEMS

# The forms, the write API's problems and the import format (import_format.HEADERS) all use these.
LABELS: dict[str, dict[str, str]] = {
    "visits": {
        "source_key": "管理番号",
        "visited_on": "訪問日",
        "municipality_code": "市町",
        "department": "訪問先部署",
        "purpose": "目的",
        "topic_field_id": "分野",
        "liaison_id": "リエゾン",
        "summary": "概要",
    },
    "consultations": {
        "source_key": "管理番号",
        "received_on": "受付日",
        "municipality_code": "市町",
        "field_id": "分野",
        "channel": "受付方法",
        "title": "件名",
        "detail": "内容",
        "status": "状況",
        "owner_liaison_id": "担当リエゾン",
        "closed_on": "完了日",
    },
    "support_actions": {
        "consultation_id": "相談番号",
        "acted_on": "対応日",
        "support_type": "支援の種類",
        "liaison_id": "リエゾン",
        "note": "メモ",
    },
    "readiness_assessments": {
        "municipality_code": "市町",
        "fiscal_year": "年度",
        "assessed_on": "実施日",
        "step": "ステップ",
        **{column: ja for column, (ja, _en) in READINESS_ITEMS.items()},
        # migration 007: each item's answer in words, and the digital-talent support wish
        **{
            "answer_" + column.removeprefix("score_"): f"{ja}（回答）"
            for column, (ja, _en) in READINESS_ITEMS.items()
        },
        "talent_support_wanted": "デジタル人材による支援の希望",
        "talent_support_kinds": "希望する支援の種類",
        "note": "備考",
    },
    # issue 11: engagements with the top layers and LoGoチャット pushes (the write API's own fields:
    # participants and recipients are the child rows, named here for their problems)
    "engagements": {
        "source_key": "管理番号",
        "held_on": "開催日",
        "kind": "種類",
        "title": "名称",
        "note": "メモ",
        "municipality_code": "参加市町",
        "participant_level": "参加者の立場",
        "participants": "参加市町",
        "liaison_id": "出席リエゾン",
        "liaisons": "出席リエゾン",
        "followups": "フォローアップ",
    },
    # migration 008: what was promised at an engagement, by whom, by when; done when done_on is set
    "engagement_followups": {
        "engagement_id": "関わりの管理番号",
        "promise": "フォローアップの内容",
        "promised_by": "約束した人",
        "due_on": "期限",
        "done_on": "対応済みの日",
    },
    "chat_pushes": {
        "source_key": "管理番号",
        "pushed_on": "配信日",
        "field_id": "分野",
        "title": "件名",
        "body": "本文・リンク",
        "recipients": "配信先",
        "recipient_scope": "配信先の指定",
        "municipality_code": "配信先の市町",
    },
    # migration 009: 関係部署 and 橋渡し (liaison.records.referrals); also the import headers
    "departments": {
        "name_ja": "部署名",
        "section": "所属部局",
        "contact": "連絡先",
        "is_active": "利用中",
    },
    "referrals": {
        "source_key": "管理番号",
        "consultation_id": "相談の管理番号",
        "department_id": "橋渡し先の部署",
        "referred_on": "橋渡し日",
        "request": "依頼内容",
        "due_on": "回答期限",
        "outcome": "結果",
        "response": "部署の回答・対応",
        "responded_on": "回答日",
    },
    # issue 11: the roster (a person and their assignments; the write API and the liaisons import kind)
    "liaisons": {
        "liaison_id": "リエゾンID",
        "name_ja": "氏名",
        "section": "所属",
        "assignments": "担当",
        "contact": "連絡先",
        "active_from": "着任日",
        "active_to": "退任日",
        "kind": "担当の種類",
        "target": "担当先",
        "started_on": "担当開始日",
        "ended_on": "担当終了日",
        "reassign_to": "引き継ぎ先",
    },
}
