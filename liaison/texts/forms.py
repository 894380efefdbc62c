"""Texts of the record forms (a new visit, a new consultation, a status change, a support action).

The Japanese field names are the write API's LABELS (liaison/records/labels.py: the stored vocabulary
that import files and problem messages use); FIELD_EN gives each its English name, in the same shape.
"""

FIELD_EN: dict[str, dict[str, str]] = {
    "visits": {
        "source_key": "Record number",
        "visited_on": "Visit date",
        "municipality_code": "Municipality",
        "department": "Department visited",
        "purpose": "Purpose",
        "topic_field_id": "Field",
        "liaison_id": "Liaison",
        "summary": "Summary",
    },
    "consultations": {
        "source_key": "Record number",
        "received_on": "Received on",
        "municipality_code": "Municipality",
        "field_id": "Field",
        "channel": "Channel",
        "title": "Title",
        "detail": "Details",
        "status": "Status",
        "owner_liaison_id": "Liaison in charge",
        "referred_department": "Referred to",
        "closed_on": "Closed on",
    },
    "support_actions": {
        "consultation_id": "Consultation number",
        "acted_on": "Date given",
        "support_type": "Kind of support",
        "liaison_id": "Liaison",
        "note": "Note",
    },
    "readiness_assessments": {
        "municipality_code": "Municipality",
        "fiscal_year": "Fiscal year",
        "assessed_on": "Hearing date",
        "step": "Step",
        "score_vision": "Vision",
        "score_top_commitment": "Top commitment",
        "score_structure": "Structure",
        "score_staff_mindset": "Staff mindset",
        "score_talent_profile": "Talent profile",
        "score_talent_policy": "Talent policy",
        "score_progress": "Current progress",
        "score_issue_awareness": "Issue awareness",
        "note": "Remarks",
    },
}

TEXT = {
    "forms_visit_topic": ("話題の分野（個別支援のとき）", "Topic field (for individual support)"),
    "forms_visit_topic_help": (
        "個別支援の訪問で話した分野。定期巡回・ヒアリング調査では空欄のままにします。",
        "The field an individual-support visit was about. Leave it empty for regular rounds and hearings.",
    ),
    "forms_none": ("（なし）", "(none)"),
    "forms_undecided": ("（未定）", "(not decided)"),
    "forms_visit_submit": ("訪問を記録する", "Record the visit"),
    "forms_visit_done": (
        "{municipality}への訪問（{day}）を記録しました。",
        "Recorded the visit to {municipality} ({day}).",
    ),
    "forms_referred_optional": ("橋渡し先（任意）", "Referred to (optional)"),
    "forms_closed_on": ("完了日（橋渡し済・完了のとき）", "Closed on (when referred or done)"),
    "forms_closed_on_help": (
        "状況が橋渡し済・完了のときだけ入力します。",
        "Give it only when the status is Referred or Done.",
    ),
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
    "forms_duplicate_hint": (
        "。重複でなければ「それでも登録する」を押してください",
        ". If it is not a duplicate, press “Record it anyway”.",
    ),
    "forms_duplicate_confirm": ("それでも登録する", "Record it anyway"),
    "forms_liaison_label": ("{name}（{kind}・{assignment}）", "{name} ({kind}, {assignment})"),
}
