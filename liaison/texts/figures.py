"""UI text of the 数字の定義 page (the figure catalogue itself lives in liaison/figures.py)."""

TEXT = {
    "figures_page": ("数字の定義", "What the figures mean"),
    "figures_intro": (
        "ダッシュボード・発表資料・出力に出てくる数字は、すべてこの表の定義で数えています。"
        "同じ名前の数字はどのページでも同じ値です。定義が違う数字には違う名前を付けています。"
        "各ページの数字にマウスを重ねると、ここと同じ定義が表示されます。",
        "Every number on the dashboard, in the deck and in the exports is counted as defined here. A name "
        "shows the same value on every page; different definitions have different names. Hover over a "
        "number on any page to see the same definition.",
    ),
    "figures_col_name": ("名前", "Name"),
    "figures_col_definition": ("定義", "Definition"),
    "figures_col_query": ("集計するSQL", "Query"),
}
