"""UI text of the 次回訪問プランナー (visit planner) page: planner_*."""

TEXT = {
    # ------------------------------------------------------------------ visit planner: reasons
    "planner_reason_overdue_days": (
        "{department}は{days}日未訪問",
        "{department} not visited for {days} days",
    ),
    "planner_reason_never_visited": ("{department}は訪問記録なし", "{department} never visited"),
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
    # ------------------------------------------------------------------ visit planner: page
    "planner_title": ("次回訪問プランナー", "Visit planner"),
    "planner_caption": (
        "次に訪問すべき市町を、理由とともに優先度の高い順に並べます。行をクリックすると市町カルテを開きます。",
        "Municipalities ranked for the next visit, with the reasons. Click a row to open the profile.",
    ),
    "planner_scope": ("対象の選び方", "Choose by"),
    "planner_scope_region": ("圏域で", "Region"),
    "planner_scope_liaison": ("リエゾンで", "Liaison"),
    "planner_region": ("圏域", "Region"),
    "planner_liaison": ("リエゾン", "Liaison"),
    "planner_liaison_kind_region": ("地域", "regional"),
    "planner_liaison_kind_field": ("分野", "field"),
    "planner_overdue_days": ("未訪問とみなす日数", "Overdue after (days)"),
    "planner_needing_visit": ("訪問の理由がある市町", "With a reason to visit"),
    "planner_top": ("最優先", "First to visit"),
    "planner_col_rank": ("順位", "Rank"),
    "planner_col_name": ("市町", "Municipality"),
    "planner_col_score": ("優先度", "Priority"),
    "planner_col_reasons": ("理由", "Reasons"),
    "planner_col_municipal_dx": ("自治体DX訪問", "Municipal DX visit"),
    "planner_col_community_dx": ("地域社会DX訪問", "Community DX visit"),
    "planner_none": ("対象の市町がありません", "No municipalities in scope"),
    "planner_weights": (
        "優先度の計算: 自治体DX担当の未訪問 3.0×(日数÷基準日数、最大2)、地域社会DX担当の未訪問 1.5×(同)、"
        "DX推進度が低い（ステップ1以下か平均2.5未満）2.0、前年度より低下 2.0、ヒアリング記録なし 1.0、"
        "90日超の未完了相談 1件1.0（最大3件）＋最長180日超で1.0、今年度トップ層との接点なし 1.5。"
        "分野リエゾンは、担当分野の相談（今年度受付または未完了）がある市町が対象です。",
        "Priority: municipal DX dept. overdue 3.0×(days÷threshold, at most 2), community DX dept. 1.5×(same), "
        "low readiness (step ≤1 or mean <2.5) 2.0, falling since last FY 2.0, no hearing 1.0, "
        "open consultations older than 90 days 1.0 each (up to 3) plus 1.0 if the oldest is over 180 days, "
        "no top-layer contact this FY 1.5. A field liaison covers municipalities with a consultation in their "
        "field received this FY or still open.",
    ),
}
