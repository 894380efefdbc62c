"""UI text of the 人材支援の希望 (digital-talent support wishes) page: talent_*."""

TEXT = {
    "talent_page": ("人材支援の希望", "Talent support wishes"),
    "talent_caption": (
        "年度のヒアリングで、デジタル人材による支援を希望した市町（推進体制の検討用）。ステップと未完了の相談の分野、"
        "ヒアリングの「課題認識」の回答を並べます。",
        "Municipalities whose FY hearing asked for support through digital talent (for the structure study), with "
        "their step, the fields of their open consultations and the hearing's issue awareness in words.",
    ),
    "talent_wish_0": ("未確認", "Not asked"),
    "talent_wish_1": ("希望しない", "Does not want it"),
    "talent_wish_2": ("希望する", "Wants it"),
    "talent_heard": ("年度内にヒアリングした市町", "Heard this FY"),
    "talent_show_all": ("ヒアリングしたすべての市町を表示", "Show every municipality"),
    "talent_col_municipality": ("市町", "Municipality"),
    "talent_col_region": ("圏域", "Region"),
    "talent_col_kinds": ("希望する支援の種類", "Kinds of support"),
    "talent_col_open_fields": ("未完了の相談の分野", "Fields of open consultations"),
    "talent_col_issues": ("課題認識（回答）", "Issue awareness (answer)"),
    "talent_none": ("該当する市町はありません。", "No municipality."),
}
