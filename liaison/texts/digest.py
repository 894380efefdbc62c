"""UI text of the 関係部署への共有 (digest for the prefecture's departments) page: digest_*."""

TEXT = {
    "digest_page": ("関係部署への共有", "Digest for departments"),
    "digest_caption": (
        "期間内の新しい相談・更新された相談・訪問（概要）・橋渡しと部署の回答・期間末に期限超過の橋渡しを、圏域・分野・部署ごとに"
        "まとめます。部署の分は、その部署への橋渡しと、その部署に橋渡しされたことのある分野の相談・訪問です。",
        "New and changed consultations, visits (with their summaries), referrals and answers, and referrals overdue at "
        "the period's end, by region, field and department. A department's part: its referrals, and consultations "
        "and visits in the fields ever referred to it.",
    ),
    "digest_from": ("期間の初日", "From"),
    "digest_to": ("期間の末日", "To"),
    "digest_department": ("部署", "Department"),
    "digest_all_departments": ("すべての部署", "All departments"),
    "digest_bad_order": (
        "期間の初日（{date_from}）が末日（{date_to}）より後です",
        "The first day ({date_from}) is after the last ({date_to})",
    ),
    "digest_future": (
        "期間の末日（{date_to}）が基準日（{as_of}）より後です",
        "The last day ({date_to}) is after the reference date ({as_of})",
    ),
    "digest_kind_new": ("新しい相談", "New consultations"),
    "digest_kind_changed": ("更新された相談", "Changed consultations"),
    "digest_kind_visit": ("訪問", "Visits"),
    "digest_kind_referral": ("橋渡し", "Referrals made"),
    "digest_kind_answer": ("部署の回答", "Answers"),
    "digest_kind_overdue": ("期限超過の橋渡し", "Overdue referrals"),
    "digest_by_region": ("圏域", "Region"),
    "digest_by_field": ("分野", "Field"),
    "digest_by_department": ("部署", "Department"),
    "digest_no_field": ("（分野なし）", "(no field)"),
    "digest_col_kind": ("種類", "Kind"),
    "digest_col_date": ("日付", "Date"),
    "digest_col_municipality": ("市町", "Municipality"),
    "digest_col_state": ("状況", "State"),
    "digest_col_title": ("件名", "Title"),
    "digest_col_detail": ("内容・概要", "Details"),
    "digest_events": ("出来事の一覧", "Events"),
    "digest_overdue_listed": (
        "期限超過の橋渡し {total:,} 件のうち、待ちの長い {listed:,} 件を一覧に載せています（Excel にはすべて）。",
        "The list holds the {listed:,} longest-waiting of {total:,} overdue referrals (the Excel holds them all).",
    ),
    "digest_download_xlsx": ("Excel をダウンロード", "Download Excel"),
    "digest_make_pdf": ("PDF を作成", "Make the PDF"),
    "digest_download_pdf": ("PDF をダウンロード", "Download the PDF"),
    "digest_restricted": (
        "件名と内容は、この役割では表示されません（関係部署は自部署あての橋渡しのみ）。",
        "Titles and details are not shown for this role (a department sees those of its own referrals only).",
    ),
    "digest_own_department": ("{name} の分", "The part for {name}"),
    "digest_no_department": (
        "このアカウントには部署が結び付けられていません。管理者に連絡してください。",
        "This account has no department. Ask an administrator.",
    ),
}
