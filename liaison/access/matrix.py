"""The role × record-kind × action matrix as the README shows it, generated from liaison.access.rules.

`python -m liaison.access.matrix` prints the Markdown table; a test keeps the README's copy identical.
"""

from __future__ import annotations

from liaison.access.rules import (
    ADMIN,
    DEPARTMENT,
    FIELD,
    KINDS,
    PERMISSION_LABELS,
    PERMISSIONS,
    REGIONAL,
    ROLES,
)

YES, NO = "○", "—"

# What each record kind is called, and the action the rules govern on it (the write API's). The kinds
# only 管理者 writes (the roster, departments, accounts) are the permissions of the same names below.
RECORD_KINDS: dict[str, tuple[str, str]] = {
    "visits": ("巡回記録（訪問）", "登録・修正"),
    "consultations": ("相談", "登録・状況の変更・修正"),
    "support_actions": ("相談の対応記録", "登録・修正"),
    "referrals": ("橋渡し", "登録・修正"),
    "referral_responses": ("橋渡しへの回答", "回答の記録"),
    "readiness_assessments": ("ヒアリング（DX推進状況）", "登録・上書き・修正"),
    "engagements": ("トップ層との会議・対話", "登録・修正"),
    "engagement_followups": ("フォローアップ", "完了の記録"),
    "chat_pushes": ("LoGoチャット配信", "登録・修正"),
}
# The reach a role writes a record within (rules.may_write), as the table says it.
REACH = {
    REGIONAL: "担当圏域の市町のみ",
    FIELD: "担当分野か、自分が担当・訪問・同席したもののみ",
    DEPARTMENT: "自部署あてのみ",
}
# A permission a role holds only in part (the readers narrow it).
PARTLY = {("read_referrals", DEPARTMENT): "自部署あてのみ"}
# The record kinds the non-record permissions below are about (the rest: every record).
PERMISSION_SUBJECTS = {
    "read_aggregates": "地図・集計・プロフィール・DX推進状況",
    "read_text": "相談の内容・記録のメモ",
    "read_history": "記録の履歴（変更前・変更後）",
    "export_records": "記録の一覧",
    "seminar_deck": "セミナー資料",
    "read_referrals": "橋渡し",
    "import": "記録（Excel・CSV）",
    "void": "すべての記録",
    "restore": "取り消した記録",
    "roster": "リエゾン名簿",
    "departments": "関係部署の一覧",
    "accounts": "アカウント",
    "backup": "ストア全体",
    "audit": "監査ログ",
}


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _record_cell(kind: str, role: str) -> str:
    if role == ADMIN:
        return YES
    if role not in KINDS[kind]:
        return NO
    return REACH.get(role, YES)


def _permission_cell(permission: str, role: str) -> str:
    if role != ADMIN and role not in PERMISSIONS[permission]:
        return NO
    return PARTLY.get((permission, role), YES)


def record_kinds() -> list[str]:
    """The record kinds a role other than 管理者 may write (rules.KINDS), in the rules' order."""
    return [kind for kind, roles in KINDS.items() if roles]


def markdown_table() -> str:
    """The matrix: one row per record kind (writes) and per other permission, one column per role."""
    lines = [_row(["対象", "操作", *ROLES]), _row(["---"] * (2 + len(ROLES)))]
    for kind in record_kinds():
        name, action = RECORD_KINDS[kind]
        lines.append(_row([name, action, *(_record_cell(kind, role) for role in ROLES)]))
    for permission in PERMISSIONS:
        subject, action = PERMISSION_SUBJECTS[permission], PERMISSION_LABELS[permission]
        lines.append(_row([subject, action, *(_permission_cell(permission, role) for role in ROLES)]))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
