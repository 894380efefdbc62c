"""Texts of corrections (修正と取り消し): the edit and void forms, the visits list, the voided records."""

TEXT = {
    "corrections_open": ("修正・取り消し", "Correct or void"),
    "corrections_edit": ("修正", "Edit"),
    "corrections_edit_submit": ("修正を保存する", "Save the correction"),
    "corrections_edited": ("{subject} #{id} を修正しました", "Corrected {subject} #{id}"),
    "corrections_void": ("取り消し", "Void"),
    "corrections_void_intro": (
        "取り消した記録は一覧・集計・出力から外れ、データ管理の「取り消した記録」に理由とともに残ります（管理者が復元できます）。",
        "A voided record leaves every list, figure and export and is kept, with its reason, under "
        "Voided records on the data page (an administrator can restore it).",
    ),
    "corrections_void_reason": ("取り消しの理由（必須）", "Reason for voiding (required)"),
    "corrections_void_confirm": ("この記録を取り消します", "I am voiding this record"),
    "corrections_void_unconfirmed": (
        "取り消すには「この記録を取り消します」にチェックを入れてください",
        "Tick “I am voiding this record” to void it",
    ),
    "corrections_void_submit": ("取り消す", "Void it"),
    "corrections_voided": (
        "{subject} #{id} を取り消しました（理由: {reason}）",
        "Voided {subject} #{id} (reason: {reason})",
    ),
    "corrections_gone": (
        "この記録は見つかりません（取り消されたか、番号が違います）",
        "This record is not stored (voided, or a wrong number)",
    ),
    "corrections_pick_action": ("修正する支援", "Support action to correct"),
    "corrections_pick_hearing": ("修正するヒアリング", "Hearing to correct"),
    "corrections_pick_engagement": ("修正する会議・対話", "Engagement to correct"),
    "corrections_pick_push": ("修正するLoGoチャット配信", "LoGoチャット push to correct"),
    "corrections_participants": ("参加した市町", "Participating municipalities"),
    "corrections_participants_help": (
        "新しく加えた市町の立場は「参加者の立場」になります（登録済みの市町は今の立場のまま）",
        "A municipality added takes the level chosen; those already listed keep theirs",
    ),
    "corrections_recipients": ("配信先の市町", "Recipient municipalities"),
    "corrections_hearing_section": ("ヒアリングの修正・取り消し", "Correct or void a hearing"),
    "corrections_relations_section": (
        "会議・対話／配信の修正・取り消し",
        "Correct or void an engagement or a push",
    ),
    "corrections_none": ("対象の記録がありません", "No records to correct"),
    # the visits page's list and dialog
    "corrections_visits_list": (
        "訪問記録の一覧（行を選ぶと詳細・修正）",
        "Visits (select a row to see or correct it)",
    ),
    "corrections_visit_detail": ("訪問記録", "Visit"),
    "corrections_history": ("履歴", "History"),
    # データ管理: the voided records
    "corrections_voided_title": ("取り消した記録", "Voided records"),
    "corrections_voided_note": (
        "復元すると同じ番号で元の表に戻ります。いまは誰でも復元できます（ログイン導入後は管理者のみ）。",
        "A restored record returns under the same number. Anyone can restore for now (administrators "
        "only once login exists).",
    ),
    "corrections_voided_none": ("取り消した記録はありません", "No voided records"),
    "corrections_col_table": ("種類", "Kind"),
    "corrections_col_id": ("番号", "No."),
    "corrections_col_key": ("管理番号", "Record number"),
    "corrections_col_reason": ("理由", "Reason"),
    "corrections_col_by": ("取り消した人", "Voided by"),
    "corrections_col_at": ("取り消した日時", "Voided at"),
    "corrections_col_what": ("内容", "Record"),
    "corrections_pick_voided": ("復元する記録", "Record to restore"),
    "corrections_restore": ("復元", "Restore"),
    "corrections_restored": ("{subject} #{id} を復元しました", "Restored {subject} #{id}"),
}
