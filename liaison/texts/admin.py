"""Texts of the データ管理 page (import, export, backup)."""

TEXT = {
    "page_data_admin": ("データ管理", "Data"),
    "admin_import": ("取り込み（Excel / CSV）", "Import (Excel / CSV)"),
    "admin_kind": ("データの種類", "Kind of records"),
    "admin_kind_visits": ("訪問記録", "Visits"),
    "admin_kind_consultations": ("相談案件", "Consultations"),
    "admin_kind_readiness": ("DX推進度ヒアリング", "Readiness hearings"),
    # issue 11: the top layers and LoGoチャット (liaison.records.relation_import)
    "admin_kind_engagements": ("トップ層との関わり", "Engagements"),
    "admin_kind_pushes": ("LoGoチャット配信", "LoGo chat pushes"),
    "admin_kind_followups": ("関わりのフォローアップ", "Engagement follow-ups"),
    "admin_template": ("テンプレート（Excel）をダウンロード", "Download the Excel template"),
    "admin_upload": (
        "ファイルを選択（.xlsx / .csv：UTF-8・BOM付き・Shift_JIS に対応）",
        "Choose a file (.xlsx / .csv)",
    ),
    "admin_problems": (
        "{n} 件の問題があります。修正して再度アップロードしてください。何も登録していません。",
        "{n} problem(s) found. Fix the file and upload it again. Nothing was written.",
    ),
    "admin_ready": (
        "新規 {new:,} 件を登録できます（登録済みと同じ行 {present:,} 件は取り込みません）。",
        "{new:,} new rows can be added ({present:,} rows are already in the store and will be skipped).",
    ),
    "admin_nothing_new": (
        "すべての行が登録済みです（{present:,} 件）。新たに登録するものはありません。",
        "Every row is already in the store ({present:,}). Nothing new to add.",
    ),
    "admin_commit": ("この内容で登録する", "Add these rows"),
    "admin_committed": ("{n:,} 件を登録しました（{file}）。", "Added {n:,} rows ({file})."),
    "admin_preview_rows": ("取り込む内容（先頭 20 行）", "Rows to add (first 20)"),
    "admin_export": ("出力（CSV / Excel）", "Export (CSV / Excel)"),
    "admin_export_note": (
        "取り込み用と同じ列で出力します（そのまま再取り込みできます）。= + - @ で始まるセルは数式として実行されないよう先頭に ' を付けます。",
        "Exports use the import columns, so a file can be imported again. Cells starting with = + - @ get a leading ' so no formula runs.",
    ),
    "admin_csv_bom": ("CSV（UTF-8 BOM付き）", "CSV (UTF-8 with BOM)"),
    "admin_csv_cp932": ("CSV（Shift_JIS）", "CSV (Shift_JIS)"),
    "admin_cp932_help": (
        "Shift_JIS で表せない文字（一部の異体字・絵文字など）は 〓 に置き換えます。",
        "Characters Shift_JIS cannot hold (some variant kanji, emoji) become 〓.",
    ),
    "admin_warnings": ("注意（取り込みは止めません）", "Notes (they do not stop the import)"),
    "admin_xlsx": ("Excel", "Excel"),
    "admin_backup": ("バックアップと復元", "Backup and restore"),
    "admin_backup_download": (
        "バックアップ（zip）を作成してダウンロード",
        "Create and download a backup (zip)",
    ),
    "admin_restore_upload": ("復元するバックアップ（zip）", "Backup to restore (zip)"),
    "admin_restore_confirm": (
        "現在のデータをこのバックアップで置き換えることを確認しました",
        "I confirm the current data will be replaced by this backup",
    ),
    "admin_restore": ("復元する", "Restore"),
    "admin_restored": (
        "復元しました（{tables} 表・{rows:,} 行を確認済み）。",
        "Restored ({tables} tables, {rows:,} rows verified).",
    ),
    "admin_restore_note": (
        "復元は件数を検証してから置き換えます。検証に失敗した場合、現在のデータは変更されません。",
        "Restore verifies row counts before replacing anything; if verification fails the current data is untouched.",
    ),
    "visits_log_visit": ("＋ 訪問を記録する", "+ Log a visit"),
    "admin_rows": ("件数", "Rows"),
    "export_show": ("この表を出力（CSV・Excel）", "Export this table (CSV / Excel)"),
    "admin_actor": ("記録者", "Recorded as"),
    "admin_map_title": ("見出しの対応（このファイル独自の見出し）", "Match the file's own headers"),
    "admin_map_note": (
        "このファイルの見出しは取り込み用の見出しと違います。列ごとに、取り込み用のどの列にあたるかを選んでください（名前の似た列を提案しています）。対応は登録したときに保存され、同じ見出しの次のファイルで使われます。",
        "This file's headers are not the import format's. For each column choose which of ours it is (the closest by name is suggested). The choice is saved when the rows are added and used for the next file with the same headers.",
    ),
    "admin_map_remembered": (
        "前回保存した対応を使っています（{saved_at}、{saved_by}）。必要なら変更できます。",
        "Using the mapping saved for these headers ({saved_at}, {saved_by}). You can change it.",
    ),
    "admin_map_skip": ("取り込まない", "Do not import"),
    "admin_map_column": ("ファイルの列「{header}」", "File column “{header}”"),
    "admin_map_unmapped": ("取り込まない列: {columns}", "Columns not imported: {columns}"),
    "admin_map_all_mapped": ("ファイルのすべての列を取り込みます。", "Every column of the file is imported."),
    "admin_map_missing": (
        "必須の列に対応するファイルの列がありません: {columns}",
        "Required columns with no file column: {columns}",
    ),
}
