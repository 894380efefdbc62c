"""UI text of the visit planner (planner_*) and the 事例紹介 matcher (matcher_*)."""

TEXT = {
    # ------------------------------------------------------------------ visit planner: reasons
    "planner_reason_overdue_days": (
        "{department} 未訪問{days}日",
        "{department} not visited for {days} days",
    ),
    "planner_reason_never_visited": ("{department} 訪問記録なし", "{department} never visited"),
    "planner_reason_readiness_low": (
        "DX推進度が低い（ステップ{step}・平均{mean}）",
        "Low readiness (step {step}, mean {mean})",
    ),
    "planner_reason_readiness_falling": ("DX推進度が低下（{change}）", "Readiness falling ({change})"),
    "planner_change_mean": ("平均{before}→{after}", "mean {before}→{after}"),
    "planner_change_step": ("ステップ{before}→{after}", "step {before}→{after}"),
    "planner_reason_no_readiness": ("DX推進度のヒアリング記録なし", "No readiness hearing on record"),
    "planner_reason_open_ageing": (
        "{ageing}日超の未完了相談{count}件（最長{oldest}日）",
        "{count} open consultation(s) older than {ageing} days (oldest {oldest} days)",
    ),
    "planner_reason_no_top_contact": ("今年度トップ層との接点なし", "No top-layer contact this FY"),
    "planner_department_municipal_dx": ("自治体DX担当", "Municipal DX dept."),
    "planner_department_community_dx": ("地域社会DX担当", "Community DX dept."),
}
