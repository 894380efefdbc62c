"""Texts of the record forms (a new visit, a new consultation, a status change, a support action)."""

TEXT = {
    "forms_visit_topic": ("話題の分野（個別支援のとき）", "Topic field (for individual support)"),
    "forms_none": ("（なし）", "(none)"),
    "forms_undecided": ("（未定）", "(not decided)"),
    "forms_visit_submit": ("訪問を記録する", "Record the visit"),
    "forms_visit_done": (
        "{municipality}への訪問（{day}）を記録しました。",
        "Recorded the visit to {municipality} ({day}).",
    ),
    "forms_referred_optional": ("橋渡し先（任意）", "Referred to (optional)"),
    "forms_closed_on": ("完了日（橋渡し済・完了のとき）", "Closed on (when referred or done)"),
    "forms_consultation_submit": ("相談を登録する", "Register the consultation"),
    "forms_consultation_done": ("相談「{title}」を登録しました。", "Registered the consultation “{title}”."),
    "forms_new_status": ("新しい状況", "New status"),
    "forms_status_submit": ("状況を変更する", "Change the status"),
    "forms_status_done": ("#{id} の状況を「{status}」にしました。", "#{id} is now “{status}”."),
    "forms_support_liaison": ("実施したリエゾン", "Liaison who gave it"),
    "forms_support_submit": ("支援を記録する", "Record the support"),
    "forms_support_done": (
        "#{id} に「{support_type}」を記録しました。",
        "Recorded “{support_type}” on #{id}.",
    ),
}
