"""UI text of the 対話の組み立て (dialogue planning) page: dialogue_*."""

TEXT = {
    "dialogue_page": ("対話の組み立て", "Dialogue planning"),
    "dialogue_caption": (
        "トップ層との対話に向く1〜4市町の組み合わせを、共通の未完了分野・ステップの近さ・トップ層との関係・同じ圏域か隣接かで"
        "点数にして並べます（満点 1.00: 共通の分野 0.40・ステップ 0.20・トップ層との関係 0.20・圏域・隣接 0.20）。選ぶと、その市町で発表モードを開きます。",
        "Groups of one to four municipalities for a dialogue with their top layers, scored on shared open fields, "
        "similar steps, relations with the top and being in one region or bordering (out of 1.00: shared fields "
        "0.40, steps 0.20, top relations 0.20, place 0.20). Choosing one opens the seminar deck for it.",
    ),
    "dialogue_sizes": ("市町の数", "Members"),
    "dialogue_part_fields": ("共通の分野", "Shared fields"),
    "dialogue_part_steps": ("ステップの近さ", "Similar steps"),
    "dialogue_part_relation": ("トップ層との関係", "Top relations"),
    "dialogue_part_place": ("圏域・隣接", "Same region / bordering"),
    "dialogue_col_rank": ("順位", "Rank"),
    "dialogue_col_members": ("市町", "Municipalities"),
    "dialogue_col_score": ("点数", "Score"),
    "dialogue_col_reasons": ("理由", "Reasons"),
    "dialogue_reason_fields": ("共通の未完了分野: {fields}", "Shared open fields: {fields}"),
    "dialogue_reason_fields_one": ("未完了の分野: {fields}", "Open fields: {fields}"),
    "dialogue_reason_no_fields": ("共通の未完了分野なし", "No shared open field"),
    "dialogue_field_count": ("{field}（{n}）", "{field} ({n})"),
    "dialogue_reason_step_same": ("どこもステップ{step}", "All at step {step}"),
    "dialogue_reason_steps": ("ステップ{low}〜{high}", "Steps {low}–{high}"),
    "dialogue_reason_not_heard": ("ヒアリング未実施 {n}", "{n} not heard"),
    "dialogue_reason_same_region": ("同じ圏域（{regions}）", "Same region ({regions})"),
    "dialogue_reason_neighbours": ("隣接（{regions}）", "Bordering ({regions})"),
    "dialogue_agenda": ("議題案", "Draft agenda"),
    "dialogue_agenda_where": ("各市町の現在地: {places}", "Where each stands: {places}"),
    "dialogue_agenda_field": (
        "{field}の取組と課題の共有（未完了の相談 {n} 件）",
        "{field}: work and issues ({n} open)",
    ),
    "dialogue_agenda_weakest": (
        "ヒアリングで共通して弱い「{item}」（平均 {mean}）の底上げ",
        "Lifting “{item}”, weakest across the group (mean {mean})",
    ),
    "dialogue_agenda_next_mayor": ("次の一歩: 首長対話の提案", "Next step: propose a mayor dialogue"),
    "dialogue_agenda_next_followup": (
        "次の一歩: 前回の対話のフォローアップ",
        "Next step: follow up the last dialogue",
    ),
    "dialogue_open_seminar": ("この組み合わせで発表モードを開く", "Open the seminar deck for this group"),
    "dialogue_towns": (
        "町村会（12町）で発表モードを開く",
        "Open the seminar deck for the towns association (12 towns)",
    ),
    "dialogue_none": ("条件に合う組み合わせがありません。", "No group matches."),
}
