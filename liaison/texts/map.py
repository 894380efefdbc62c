"""UI text of the 県内マップ page (map_*): the 市町別 / 圏域別 switch, the 圏域 ranking and the value table."""

TEXT = {
    "map_by": ("地図の単位", "Map by"),
    "map_by_municipality": ("市町別", "Municipality"),
    "map_by_region": ("圏域別", "Region"),
    "map_ranking": ("圏域のランキング", "Regions ranked"),
    "map_col_rank": ("順位", "Rank"),
    "map_col_region": ("圏域", "Region"),
    "map_col_municipality": ("市町", "Municipality"),
    "map_col_value": ("値", "Value"),
    "map_col_members": ("市町数", "Municipalities"),
    "map_col_counted": ("うちデータあり", "With data"),
    "map_col_note": ("備考", "Note"),
    "map_outside": ("対象外", "outside the programme"),
    "map_region_hint": (
        "圏域をクリックすると圏域のページを開きます。神戸市（灰色）はリエゾンの対象外で、圏域の値にも含めません。",
        "Click a region to open its page. Kobe (grey) is outside the liaison programme and not in any region's value.",
    ),
    # how a 圏域's value is made: one line per Metric.aggregate
    "map_aggregate_sum": (
        "圏域の値＝対象市町（神戸市を除く）の合計。",
        "A region's value is the total over its liaison-target municipalities (Kobe excluded).",
    ),
    "map_aggregate_rate_per_10k": (
        "圏域の値＝対象市町（神戸市を除く）の相談件数の合計 ÷ 人口の合計 × 10,000（人口で重み付け）。",
        "A region's value is its targets' consultations ÷ their population × 10,000 (population-weighted; Kobe excluded).",
    ),
    "map_aggregate_mean": (
        "圏域の値＝対象市町（神戸市を除く）のうちデータのある市町の平均。",
        "A region's value is the mean over its liaison-target municipalities with data (Kobe excluded).",
    ),
    "map_aggregate_median": (
        "圏域の値＝対象市町（神戸市を除く）のうちデータのある市町の中央値（偶数のときは小さい方）。",
        "A region's value is the median over its targets with data (the lower one when even; Kobe excluded).",
    ),
    "map_show_table": ("市町別の値を表で表示", "Show values as a table"),
    "map_table_note": (
        "見出しをクリックすると並べ替えます。神戸市はリエゾンの対象外のため値の欄を空けています。",
        "Click a heading to sort. Kobe is outside the liaison programme, so its value is left empty.",
    ),
}
