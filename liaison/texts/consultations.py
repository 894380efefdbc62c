"""Texts of the 相談案件 page."""

TEXT = {
    "page_consultations": ("相談案件", "Consultations"),
    "consultations_period": ("期間", "Period"),
    "consultations_custom_period": ("期間を指定", "Custom period"),
    "consultations_date_range": ("受付日の範囲", "Received between"),
    "consultations_municipality": ("市町", "Municipality"),
    "consultations_field": ("分野", "Field"),
    "consultations_status": ("状況", "Status"),
    "consultations_support": ("支援の種類", "Support type"),
    "consultations_owner": ("担当リエゾン", "Owner"),
    "consultations_text": ("件名・内容で検索", "Search title and detail"),
    "consultations_any": ("すべて", "Any"),
    # the tiles under a filter (with only the 年度 and the 圏域 chosen they are the catalogue's figures)
    "consultations_count": ("該当件数（絞り込み）", "Matching (filtered)"),
    "consultations_open": ("未完了（絞り込み）", "Open (filtered)"),
    "consultations_over_90": ("うち90日超（絞り込み）", "Open over 90 days (filtered)"),
    "consultations_closed": ("完了・橋渡し済（絞り込み）", "Done or referred (filtered)"),
    "consultations_count_help": (
        "期間内に受付けた相談のうち、下に示す条件すべてに合うものの件数（状況を問わない、{as_of} 時点の記録）。",
        "Consultations received in the period that match every filter named below, whatever their status"
        " (records as of {as_of}).",
    ),
    "consultations_open_help": (
        "該当件数のうち {as_of} 時点で状況が{open}の相談の件数で、期間より前に受付けた案件は含みません。",
        "Of the matching consultations, those {open} on {as_of}; cases received before the period are"
        " not included.",
    ),
    "consultations_over_90_help": (
        "未完了のうち受付日から {as_of} までの経過日数が90日を超える相談の件数で、期間より前に受付けた案件は"
        "含みません（期間を広げると数えます）。",
        "Of the open consultations, those received more than 90 days before {as_of}; cases received before"
        " the period are not counted (widen the period to include them).",
    ),
    "consultations_closed_help": (
        "該当件数のうち {as_of} 時点で状況が{closed}の相談の件数。",
        "Of the matching consultations, those {closed} on {as_of}.",
    ),
    "consultations_scope": ("集計範囲：{parts}（{as_of} 時点）", "Counted: {parts} (as of {as_of})"),
    "consultations_scope_fy": ("{fy}に受付（{start}〜{end}）", "received in {fy} ({start} to {end})"),
    "consultations_scope_custom": ("{start}〜{end}に受付", "received {start} to {end}"),
    "consultations_scope_part": ("{label}：{values}", "{label}: {values}"),
    "consultations_scope_region": ("圏域", "Region"),
    "consultations_scope_text": ("検索語", "Search"),
    "consultations_age": ("経過日数", "Age"),
    "consultations_age_over": ("{days}日超（未完了）", "open over {days} days"),
    "consultations_age_choice": ("{days}日超", "Over {days} days"),
    "consultations_age_help": (
        "受付日から基準日までの日数が選んだ日数を超える、未完了の相談だけに絞り込みます。",
        "Only open consultations received more than this many days before the reference day.",
    ),
    "consultations_table_note": (
        "行を選ぶと詳細・履歴を表示します。表示は新しい順に最大 {shown:,} 件（該当 {total:,} 件）。",
        "Select a row for its detail and history. Newest first, showing up to {shown:,} of {total:,}.",
    ),
    "consultations_more_filters": (
        "支援の種類・担当・文字列でも絞り込む",
        "More filters: support, owner, text",
    ),
    "consultations_charts": ("表示するグラフ", "Charts to show"),
    "consultations_chart_field": ("分野別（状況で色分け）", "By field and status"),
    "consultations_chart_trend": ("月別の推移（年度比較）", "Monthly trend by fiscal year"),
    "consultations_chart_ageing": ("未完了案件の経過日数", "Age of open items"),
    "consultations_chart_support": ("支援の種類（件数）", "Support given (consultations)"),
    "consultations_chart_referrals": ("橋渡し先の部署", "Referrals by department"),
    "consultations_none": ("条件に合う相談はありません。", "No consultation matches these filters."),
    "consultations_col_received": ("受付日", "Received"),
    "consultations_col_title": ("件名", "Title"),
    "consultations_col_age": ("経過日数", "Age (days)"),
    "consultations_col_support": ("支援", "Support"),
    "consultations_detail": ("相談の詳細", "Consultation detail"),
    "consultations_detail_missing": (
        "指定の相談（ID {id}）は見つかりません。",
        "Consultation {id} was not found.",
    ),
    "consultations_actions": ("支援の記録", "Support actions"),
    "consultations_history": ("変更履歴（監査ログ）", "History (audit log)"),
    "consultations_channel": ("受付方法", "Channel"),
    "consultations_referred": ("橋渡し先", "Referred to"),
    "consultations_closed_on": ("完了日", "Closed on"),
    "consultations_detail_text": ("内容", "Detail"),
    "consultations_acted_on": ("実施日", "Date"),
    "consultations_note": ("メモ", "Note"),
    "consultations_new": ("＋ 新しい相談を登録", "+ Register a consultation"),
    "consultations_update": ("状況の変更・支援の記録", "Change status / record support"),
    "consultations_no_history": (
        "変更履歴はありません（デモデータの作成時から変更されていません）。",
        "No history (unchanged since the store was built).",
    ),
    "consultations_matcher": (
        "事例紹介の候補（同じ分野で解決した市町）",
        "Who has solved this (municipalities with completed cases)",
    ),
}
