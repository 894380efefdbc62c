"""Texts of 発表モード (seminar mode) and its deck exports."""

TEXT = {
    "seminar_page": ("発表モード", "Seminar mode"),
    "seminar_deck_title": ("DX推進リエゾン 活動報告", "DX liaison activity report"),
    "seminar_scope": ("対象", "Scope"),
    "seminar_scope_prefecture": ("県全体", "Whole prefecture"),
    "seminar_scope_region": ("圏域", "One region"),
    "seminar_scope_municipalities": ("市町（1〜5）", "Municipalities (1–5)"),
    "seminar_choose_region": ("圏域を選択", "Choose a region"),
    "seminar_choose_municipalities": ("市町を選択（最大5）", "Choose municipalities (up to 5)"),
    "seminar_need_municipality": (
        "市町を1つ以上選んでください。",
        "Choose at least one municipality.",
    ),
    "seminar_prefecture_name": ("兵庫県", "Hyogo Prefecture"),
    "seminar_region_suffix": ("圏域", " region"),
    "seminar_munis_count": ("{n}市町", "{n} municipalities"),
    "seminar_as_of_line": ("{date}現在", "as of {date}"),
    "seminar_prev": ("← 前へ", "← Previous"),
    "seminar_next": ("次へ →", "Next →"),
    "seminar_counter": ("{i} / {n}", "{i} / {n}"),
    "seminar_hide_sidebar": ("サイドバーを隠す（発表用）", "Hide the sidebar (presenting)"),
    "seminar_link": ("このスライドへのリンク", "Link to this slide"),
    "seminar_jump": ("スライド", "Slide"),
    "seminar_export": ("書き出し", "Export"),
    "seminar_make_pptx": ("PowerPoint（PPTX）を作成", "Build PowerPoint (PPTX)"),
    "seminar_make_pdf": ("PDFを作成", "Build PDF"),
    "seminar_make_png": ("このスライドの図をPNGで作成", "Build this slide's chart as PNG"),
    "seminar_download_pptx": ("PPTXをダウンロード", "Download PPTX"),
    "seminar_download_pdf": ("PDFをダウンロード", "Download PDF"),
    "seminar_download_png": ("PNGをダウンロード", "Download PNG"),
    "seminar_building": ("作成中…", "Building…"),
    "seminar_built": ("作成しました（{seconds:.1f}秒）", "Built in {seconds:.1f} s"),
    "seminar_no_chart": ("このスライドには図がありません。", "This slide has no chart."),
    "seminar_export_failed": ("書き出しに失敗しました", "The export failed"),
    # slide titles
    "seminar_title_map": ("地図：{metric}", "Map: {metric}"),
    "seminar_title_headline": ("主な数字", "Headline figures"),
    "seminar_title_readiness_regions": (
        "DX推進度：圏域別のヒアリング8項目",
        "Readiness by region: the eight hearing items",
    ),
    "seminar_title_readiness_municipalities": (
        "DX推進度：市町別のヒアリング8項目",
        "Readiness by municipality: the eight hearing items",
    ),
    "seminar_title_readiness_radar": (
        "DX推進度：ヒアリング8項目",
        "Readiness: the eight hearing items",
    ),
    "seminar_title_steps": (
        "自治体DX全体手順書のステップ分布",
        "Where municipalities are on the DX procedure",
    ),
    "seminar_title_step_gap": (
        "ステップと相談内容のずれ",
        "Step gap: where municipalities are and what they ask about",
    ),
    "seminar_title_issues": ("未完了の相談が多い分野", "Open consultations by DX field"),
    "seminar_title_next_actions": ("次の訪問先（優先順）", "Next visits, by priority"),
    # figure labels
    "seminar_fig_step_n": ("ステップ{step}の市町", "At step {step}"),
    # table columns
    "seminar_col_municipality": ("市町", "Municipality"),
    "seminar_col_region": ("圏域", "Region"),
    "seminar_col_field": ("分野", "Field"),
    "seminar_col_open": ("未完了", "Open"),
    "seminar_col_fy": ("年度の相談", "FY consultations"),
    "seminar_col_step": ("ステップ", "Step"),
    "seminar_col_municipalities": ("市町数", "Municipalities"),
    "seminar_col_consultations": ("相談件数（年度）", "Consultations (FY)"),
    "seminar_col_rank": ("順位", "Rank"),
    "seminar_col_score": ("優先度", "Score"),
    "seminar_col_reasons": ("理由", "Reasons"),
    # chart labels
    "seminar_share_municipalities": ("市町の割合", "Share of municipalities"),
    "seminar_share_consultations": ("相談の割合（年度）", "Share of consultations (FY)"),
    "seminar_axis_share": ("割合（%）", "Share (%)"),
    "seminar_axis_municipalities": ("市町数", "Municipalities"),
    "seminar_axis_open": ("未完了の相談（件）", "Open consultations"),
    "seminar_mean": ("平均", "Mean"),
    "seminar_lowest_item": ("最も低い項目：{item}", "Lowest: {item}"),
    "seminar_highest_item": ("最も高い項目：{item}", "Highest: {item}"),
    "seminar_prefecture_mean": ("県平均", "Prefecture mean"),
    "seminar_not_heard": ("未実施", "Not heard"),
    "seminar_col_topic_visits": ("個別支援の訪問（年度）", "Topic visits (FY)"),
    # notes
    "seminar_note_sources": (
        "出典：DX推進リエゾンの相談・訪問記録、DX推進度ヒアリング（{fy}）",
        "Sources: the liaisons' consultation and visit records, readiness hearings ({fy})",
    ),
    "seminar_note_as_of": ("基準日：{date}", "As of: {date}"),
    "seminar_note_demo": (
        "デモデータ（架空）：市町名のみ実在、数値はすべて架空です",
        "Demo data (fictional): municipality names are real, every figure is invented",
    ),
    "seminar_note_boundaries": (
        "境界：気象庁 予報区等GISデータ（reversejp 経由、加工）",
        "Boundaries: JMA warning-area polygons via reversejp (processed)",
    ),
    "seminar_note_step_gap": (
        "相談のステップは分野ごとの代表的なステップ（DX分野マスタ）によります",
        "A consultation's step is its field's typical step (DX field reference)",
    ),
    "seminar_note_readiness": (
        "各項目1〜5。今年度のヒアリング結果の平均",
        "Items scored 1–5; means of this FY's hearings",
    ),
    "seminar_note_planner": (
        "優先度：未訪問日数・未完了の相談・ステップの停滞などから算出",
        "Score: from days since the last visit, open consultations and stalled steps",
    ),
    "seminar_none": ("該当なし", "None"),
    # export errors
    "seminar_pdf_needs_libreoffice": (
        "PDF出力には LibreOffice が必要です: sudo apt-get install libreoffice-impress-nogui",
        "PDF export needs LibreOffice: sudo apt-get install libreoffice-impress-nogui",
    ),
    "seminar_png_needs_chromium": (
        "図の画像出力には Chromium と日本語フォントが必要です: sudo apt-get install chromium fonts-noto-cjk",
        "Chart images need Chromium and Japanese fonts: sudo apt-get install chromium fonts-noto-cjk",
    ),
}
