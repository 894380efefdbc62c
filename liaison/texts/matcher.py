"""UI text of the 事例紹介 (matcher) panel on the profile and the consultation detail: matcher_*."""

TEXT = {
    "matcher_heading": ("事例紹介の候補（同じ分野で解決した市町）", "Who has solved this (same field)"),
    "matcher_field": ("分野", "Field"),
    "matcher_none": (
        "この分野で相談を完了し、関連項目でこの市町以上の推進度の市町はまだありません。",
        "No municipality has completed a case in this field with at least this municipality's readiness in the related items.",
    ),
    "matcher_caption": (
        "類似度 = 人口規模 0.35・区分 0.15・圏域 0.20・ステップ（同じか1つ先）0.30。関連項目（{items}）が同等以上の市町のみ。",
        "Similarity = population band 0.35, kind 0.15, region 0.20, step (same or one ahead) 0.30. Only municipalities at least as strong in the related items ({items}).",
    ),
    "matcher_col_rank": ("順位", "Rank"),
    "matcher_col_name": ("市町", "Municipality"),
    "matcher_col_similarity": ("類似度", "Similarity"),
    "matcher_col_reasons": ("この順位の理由", "Why ranked here"),
    "matcher_col_cases": ("解決した相談（新しい順）", "Completed cases (newest first)"),
    "matcher_reason_band_same": ("人口規模が同じ（{band}）", "same population band ({band})"),
    "matcher_reason_band_other": ("人口規模が異なる（{band}）", "different population band ({band})"),
    "matcher_reason_band_unknown": (
        "人口が不明のため人口規模は比較せず",
        "population unknown: band not compared",
    ),
    "matcher_reason_kind_same": ("同じ区分（{kind}）", "same kind ({kind})"),
    "matcher_reason_kind_other": ("区分が異なる（{kind}）", "different kind ({kind})"),
    "matcher_reason_region_same": ("同じ圏域（{region}）", "same region ({region})"),
    "matcher_reason_region_other": ("別の圏域（{region}）", "other region ({region})"),
    "matcher_reason_step_same": ("同じステップ（{step}）", "same step ({step})"),
    "matcher_reason_step_next": ("1つ先のステップ（{asker}→{step}）", "one step ahead ({asker}→{step})"),
    "matcher_reason_step_near": ("ステップが近い（{asker}→{step}）", "step close ({asker}→{step})"),
    "matcher_reason_step_far": ("ステップが離れている（{asker}→{step}）", "step far apart ({asker}→{step})"),
    "matcher_reason_step_unknown": ("ステップ不明のため比較せず", "step unknown: not compared"),
    "matcher_reason_stronger": ("関連項目（{items}）が+{diff}高い", "related items ({items}) +{diff} higher"),
    "matcher_reason_equal": ("関連項目（{items}）は同等", "related items ({items}) equal"),
    "matcher_reason_no_baseline": (
        "この市町のヒアリング記録がないため関連項目は比較せず",
        "no hearing for this municipality: related items not compared",
    ),
    "matcher_show": ("候補を表示する", "Show the candidates"),
}
