"""Texts of a record's history (liaison.records.audit_view): one sentence per audit-log row."""

TEXT = {
    "history_column": ("履歴", "History"),
    "history_none": ("（なし）", "(none)"),
    "history_change": ("{label} を {old} から {new}", "{label} from {old} to {new}"),
    "history_changes_joint": (" に、", ", "),
    "history_updated": ("{when} {actor}が {changes} に変更しました", "{when} {actor} changed {changes}"),
    "history_nothing_changed": (
        "{when} {actor}が {subject} を保存しました（変更なし）",
        "{when} {actor} saved the {subject} (nothing changed)",
    ),
    "history_inserted": (
        "{when} {actor}が {subject} を登録しました",
        "{when} {actor} recorded the {subject}",
    ),
    "history_fact": ("{label}: {value}", "{label}: {value}"),
    "history_facts": ("（{facts}）", " ({facts})"),
    "history_facts_joint": ("、", ", "),
    "history_imported": (
        "{when} {actor}が ファイル「{file}」から {subject} を {count} 件取り込みました",
        "{when} {actor} imported {count} {subject} record(s) from the file “{file}”",
    ),
    "history_other": (
        "{when} {actor}が {subject} を{action}しました",
        "{when} {actor}: {action} ({subject})",
    ),
    "history_subject_consultations": ("相談", "consultation"),
    "history_subject_support_actions": ("支援", "support action"),
    "history_subject_visits": ("訪問", "visit"),
    "history_subject_readiness_assessments": ("ヒアリング", "hearing"),
    "history_voided": (
        "{when} {actor}が {subject} を取り消しました（理由: {reason}）",
        "{when} {actor} voided the {subject} (reason: {reason})",
    ),
    "history_restored": (
        "{when} {actor}が {subject} を復元しました",
        "{when} {actor} restored the {subject}",
    ),
    "history_participants": ("参加市町", "Participating municipalities"),
    "history_recipients": ("配信先", "Recipients"),
    "history_liaisons": ("出席リエゾン", "Liaisons present"),
    "history_followups": ("フォローアップ", "Follow-ups"),
    "history_level": ("（{level}）", " ({level})"),
    "history_subject_engagements": ("トップ層との関わり", "engagement"),
    "history_subject_chat_pushes": ("LoGoチャットでの情報提供", "LoGo chat push"),
    "history_subject_engagement_followups": ("フォローアップ", "follow-up"),
    "history_subject_referrals": ("橋渡し", "referral"),
    "history_participant": ("{name}（{level}）", "{name} ({level})"),
    "history_followup": ("「{promise}」（{by}、期限 {due}）", "“{promise}” ({by}, due {due})"),
    "history_list_joint": ("・", "; "),
    "history_action_delete": ("削除", "deleted"),
    "history_action_build": ("作成", "built"),
}
