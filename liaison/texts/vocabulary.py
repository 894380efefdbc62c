"""English for the stored vocabulary: the schema's CHECK values (stored in Japanese) as a person reads them.

Keys are (table, column) as in liaison.records.schema_lists.ENUMS; stored values stay Japanese,
only what is shown changes. liaison.i18n.term() looks a value up.
"""

TEXT: dict[str, tuple[str, str]] = {}  # no keyed texts here, only the vocabulary below

VOCABULARY: dict[tuple[str, str], dict[str, str]] = {
    ("municipalities", "kind"): {"市": "City", "町": "Town"},
    ("dx_fields", "domain"): {"自治体DX": "Municipal DX", "地域社会DX": "Community DX"},
    ("accounts", "role"): {
        "閲覧": "Viewer",
        "地域リエゾン": "Regional liaison",
        "分野リエゾン": "Field liaison",
        "関係部署": "Department contact",
        "管理者": "Administrator",
    },
    ("login_sessions", "method"): {
        "local": "Local account",
        "oidc": "Directory (OIDC)",
        "header": "Proxy header",
    },
    ("login_sessions", "end_reason"): {
        "logout": "Logged out",
        "expired": "8 hours passed",
        "idle": "30 minutes idle",
        "disabled": "Account disabled",
    },
    ("login_events", "method"): {
        "local": "Local account",
        "oidc": "Directory (OIDC)",
        "header": "Proxy header",
    },
    ("login_events", "outcome"): {
        "success": "Logged in",
        "failure": "Wrong password",
        "locked": "Locked",
        "unknown": "Unknown login name",
        "disabled": "Account disabled",
        "logout": "Logged out",
        "expired": "Session expired (8 hours)",
        "idle": "Session ended (30 minutes idle)",
    },
    ("liaisons", "kind"): {"地域": "Regional", "分野": "Field"},  # a picker shows a person's current kind
    ("liaison_assignments", "kind"): {"地域": "Regional", "分野": "Field"},
    ("liaisons", "section"): {
        "デジタル戦略課": "Digital Strategy Division",
        "デジタル改革課": "Digital Reform Division",
    },
    ("visits", "department"): {
        "自治体DX担当": "Municipal DX dept.",
        "地域社会DX担当": "Community DX dept.",
        "首長・幹部": "Mayor / executives",
    },
    ("visits", "purpose"): {
        "定期巡回": "Regular round",
        "個別支援": "Individual support",
        "ヒアリング調査": "Hearing survey",
    },
    ("consultations", "channel"): {
        "訪問": "Visit",
        "電話": "Phone",
        "メール": "Email",
        "LoGoチャット": "LoGo Chat",
        "オンライン会議": "Online meeting",
        "その他": "Other",
    },
    ("consultations", "status"): {
        "受付": "Received",
        "対応中": "In progress",
        "保留": "On hold",
        "橋渡し済": "Referred",
        "完了": "Done",
    },
    ("support_actions", "support_type"): {
        "専門的な助言": "Expert advice",
        "関係部署への橋渡し": "Referral to a department",
        "事例紹介": "Case introduction",
        "事業者紹介": "Vendor introduction",
    },
    ("referrals", "outcome"): {
        "依頼中": "Awaiting the department",
        "回答あり": "Answered",
        "対応完了": "Done by the department",
        "対応不可": "Department could not act",
    },
    ("engagements", "kind"): {
        "首長対話": "Mayor dialogue",
        "トップマネジメントセミナー": "Top management seminar",
        "DX推進懇談会": "Regional DX round table",
        "リエゾン研修": "Liaison training",
        "町村会": "Town association",
        "圏域市町デジタル部門担当者会議": "Regional meeting of municipal digital staff",
    },
    ("engagement_participants", "participant_level"): {
        "首長": "Mayor",
        "幹部": "Executives",
        "職員": "Staff",
    },
    # migration 007: the kinds of support through digital talent (a list macro, not a CHECK)
    ("readiness_assessments", "talent_support_kinds"): {
        "外部人材の派遣": "Dispatch of outside experts",
        "共同採用・共同利用": "Joint hiring / shared staff",
        "研修": "Training",
        "その他": "Other",
    },
}
