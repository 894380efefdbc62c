"""UI text of the 圏域 (region_*) and 巡回記録 (visits_*) pages; the visits page reuses region_* column and overdue texts."""

TEXT = {
    # 圏域 page
    "region_page": ("圏域", "Region"),
    "region_choose": ("表示する圏域", "Region shown"),
    "region_overdue_days": ("要訪問とする日数（N）", "Days before a visit is due (N)"),
    "region_overdue_help": (
        "自治体DX担当・地域社会DX担当のそれぞれについて、最終訪問から N 日を超えた（または未訪問の）部署を「要訪問」とします。",
        "A department (municipal DX or community DX) is due when its last visit is more than N days ago, or it was never visited.",
    ),
    "region_table": ("圏域の市町", "Municipalities of the region"),
    "region_table_hint": (
        "自治体DX・地域社会DX・首長・幹部の列は各部署への最終訪問日です。列の見出しで並べ替え、行を選ぶと市町カルテを開きます。"
        "神戸市はリエゾンの対象外のため地図にのみ灰色で表示します。",
        "The Municipal DX, Community DX and Mayor / executives columns are each department's last visit. Sort by a heading; "
        "select a row to open the municipality's profile. Kobe is outside the programme and only shown grey on the map.",
    ),
    "region_liaisons": ("圏域のリエゾン", "Liaisons of the region"),
    "region_liaisons_regional": ("地域リエゾン", "Regional liaison"),
    "region_role_field": ("分野リエゾン", "Field liaison"),
    "region_liaisons_hint": (
        "地域リエゾンと、この年度に圏域の市町で相談・支援・訪問のあった分野リエゾンです。",
        "The region's liaisons, and the field liaisons who handled a consultation, support or visit here this FY.",
    ),
    "region_map": ("圏域の地図（最終訪問からの日数）", "Map of the region (days since the last visit)"),
    "region_map_hint": (
        "市町をクリックすると市町カルテを開きます。",
        "Click a municipality to open its profile.",
    ),
    "region_col_municipality": ("市町", "Municipality"),
    "region_col_last": ("最終訪問", "last visit"),
    "region_col_visits": ("訪問（年度）", "Visits (FY)"),
    "region_col_last_help": (
        "最終訪問日（年度末または基準日まで）",
        "Last visit (up to the FY's end or the reference date)",
    ),
    "region_col_overdue": ("要訪問", "Visit due"),
    "region_col_liaison": ("氏名", "Name"),
    "region_col_role": ("役割", "Role"),
    "region_col_consultations": ("担当相談（年度）", "Consultations owned (FY)"),
    "region_col_actions": ("支援（年度）", "Support actions (FY)"),
    "region_none": ("リエゾンの対象となる圏域がありません。", "There is no region in the liaison programme."),
    # 巡回記録 page
    "visits_page": ("巡回記録", "Visits"),
    "visits_overdue_days": ("要訪問とする日数（N）", "Days before a visit is due (N)"),
    "visits_scope_all": (
        "県内全域（神戸市を除く40市町）",
        "All regions (40 municipalities; Kobe is outside)",
    ),
    "visits_matrix": ("訪問カバレッジ（市町 × 部署）", "Coverage (municipality × department)"),
    "visits_matrix_hint": (
        "件数は選択した年度の訪問、最終訪問は年度末（今年度は基準日）までの直近の訪問です。"
        "⚠ は最終訪問から N 日を超えた（または未訪問の）自治体DX担当・地域社会DX担当です。首長・幹部は定期巡回の対象外のため判定しません。",
        "Counts are visits in the chosen FY; the last visit is the latest up to the FY's end (the reference date this FY). "
        "⚠ marks a municipal-DX or community-DX department last visited more than N days ago, or never. "
        "Mayors and executives are not on the regular round and are not flagged.",
    ),
    "visits_col_region": ("圏域", "Region"),
    "visits_col_count": ("件数", "visits"),
    "visits_col_department": ("部署", "Department"),
    "visits_col_days": ("経過日数", "Days since"),
    "visits_by_month": ("月別の訪問件数（年度：4月〜3月）", "Visits by month (April to March)"),
    "visits_month_table": ("月別の件数を表で表示", "Show the monthly counts as a table"),
    "visits_total": ("合計", "Total"),
    "visits_overdue_list": ("要訪問の一覧", "Departments due a visit"),
    "visits_overdue_none": ("要訪問の部署はありません。", "No department is due a visit."),
    "visits_never": ("未訪問", "never"),
}
