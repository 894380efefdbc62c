"""The 監査ログ page's view-models: who changed what and when, and the logins, in 日本時間 and in words.

The store keeps both logs in UTC (audit_log.acted_at, login_events.occurred_at); Japan is UTC+9 with
no daylight saving time, so a day in Japan is a fixed UTC window and every time shown adds 9 hours.
A change reads as 「状況: 対応中 → 完了、完了日: （なし） → 2025-11-30」, with the field labels, names and
vocabulary of a record's own history (liaison.records.audit_view). The tables are plain text for
st.dataframe; the exports are the same columns for every matching row, with the JSON kept whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd

from liaison.i18n import is_missing, t
from liaison.records import audit_view
from liaison.records.labels import LABELS
from liaison.records.schema_lists import ENUMS

JST_OFFSET = timedelta(hours=9)  # Asia/Tokyo: no daylight saving time since 1951
SHOWN_ROWS = 1_000  # the newest rows a table shows; the export holds every matching row
ACTIONS: tuple[str, ...] = tuple(ENUMS[("audit_log", "action")])
OUTCOMES: tuple[str, ...] = tuple(ENUMS[("login_events", "outcome")])
METHODS: tuple[str, ...] = tuple(ENUMS[("login_events", "method")])
TABLES = (  # the tables the write API audits, in the order the table filter lists them
    "visits",
    "consultations",
    "support_actions",
    "readiness_assessments",
    "referrals",
    "engagements",
    "engagement_followups",
    "chat_pushes",
    "liaisons",
    "liaison_assignments",
    "departments",
    "accounts",
    "import_column_maps",
)


@dataclass(frozen=True)
class Filters:
    """What the reader chose: a person, a table, an action or outcome, and days in Japan (None: any)."""

    person: str | None = None
    table_name: str | None = None
    action: str | None = None
    from_on: date | None = None
    to_on: date | None = None

    def utc_window(self) -> tuple[datetime | None, datetime | None]:
        """The chosen days in Japan as UTC times: from (inclusive), to (exclusive, the day after to_on)."""
        return utc_window(self.from_on, self.to_on)


def utc_window(from_on: date | None, to_on: date | None) -> tuple[datetime | None, datetime | None]:
    """Days in Japan (both inclusive) as a UTC window [from_at, to_at) — None where open."""
    from_at = datetime.combine(from_on, time()) - JST_OFFSET if from_on else None
    to_at = datetime.combine(to_on + timedelta(days=1), time()) - JST_OFFSET if to_on else None
    return from_at, to_at


def in_japan(value) -> datetime | None:
    """A stored UTC time as 日本時間 (naive, as a spreadsheet shows it)."""
    if is_missing(value):
        return None
    return (pd.Timestamp(value) + JST_OFFSET).to_pydatetime()


def table_label(table: str, lang: str = "ja") -> str:
    """A table as a person calls it (訪問記録, アカウント, …); an unknown one by its own name."""
    key = f"audit_table_{table}"
    try:
        return t(key, lang)
    except KeyError:
        return str(table)


def action_label(action: str, lang: str = "ja") -> str:
    return t(f"audit_action_{action}", lang) if action in ACTIONS else str(action)


def outcome_label(outcome: str, lang: str = "ja") -> str:
    return t(f"audit_outcome_{outcome}", lang) if outcome in OUTCOMES else str(outcome)


def method_label(method: str, lang: str = "ja") -> str:
    return t(f"audit_method_{method}", lang) if method in METHODS else str(method)


UTC_TIMES = {("accounts", "locked_until")}  # times inside the JSON that are UTC (shown in 日本時間)


def field_label(table: str, column: str, lang: str = "ja") -> str:
    """A stored column as a person calls it: the write API's labels, or this page's (accounts)."""
    try:
        return t(f"audit_field_{table}_{column}", lang)
    except KeyError:
        return audit_view.label(table, column, lang)


def value_shown(
    table: str, column: str, value, lang: str = "ja", names: audit_view.Names | None = None
) -> str:
    """A value from the JSON as a person reads it: はい／いいえ, 日本時間, names, the record history's words."""
    if isinstance(value, bool):
        return t("audit_yes" if value else "audit_no", lang)
    if (table, column) in UTC_TIMES and isinstance(value, str) and value.strip():
        return in_japan(value).strftime("%Y-%m-%d %H:%M")
    return audit_view.shown(table, column, value, lang, names)


def _load(text) -> dict:
    if text is None or is_missing(text):
        return {}
    value = json.loads(text) if isinstance(text, str) else text
    return value if isinstance(value, dict) else {}


def _visible(table: str, column: str) -> bool:
    return column not in audit_view.HIDDEN and column != audit_view.OWN_IDS.get(table)


def _ordered(table: str, columns) -> list[str]:
    known = list(LABELS.get(table, {}))
    return sorted(columns, key=lambda c: (known.index(c) if c in known else len(known), c))


def field_changes(
    table: str, before, after, lang: str = "ja", names: audit_view.Names | None = None
) -> pd.DataFrame:
    """One row per field that differs between before and after: 項目, 変更前, 変更後 (readable values)."""
    old, new = _load(before), _load(after)
    changed = _ordered(
        table, [c for c in old.keys() | new.keys() if _visible(table, c) and old.get(c) != new.get(c)]
    )
    return pd.DataFrame(
        {
            t("audit_col_field", lang): [field_label(table, c, lang) for c in changed],
            t("audit_col_before", lang): [
                value_shown(table, c, old.get(c), lang, names) if c in old else "" for c in changed
            ],
            t("audit_col_after", lang): [
                value_shown(table, c, new.get(c), lang, names) if c in new else "" for c in changed
            ],
        }
    )


def change_summary(
    table: str, action: str, before, after, lang: str = "ja", names: audit_view.Names | None = None
) -> str:
    """What one audit row changed, in one line: 「項目: 前 → 後、…」 for an edit, the facts of an insert."""
    old, new = _load(before), _load(after)
    if action == "update":
        changes = field_changes(table, old, new, lang, names)
        if changes.empty:
            return t("audit_nothing_changed", lang)
        return t("audit_changes_joint", lang).join(
            t("audit_change", lang).format(label=label, old=was, new=now)
            for label, was, now in changes.itertuples(index=False, name=None)
        )
    if action == "import":
        added = new.get("inserted", "")  # an import's summary: the file and how many rows came in
        return t("audit_imported", lang).format(file=new.get("file", ""), count=added)
    if action == "void":
        return t("audit_voided", lang).format(reason=" ".join(str(new.get("reason", "")).split()))
    shown = new or old  # insert / restore: the record as it came in; delete: as it was
    facts = [
        t("audit_fact", lang).format(
            label=field_label(table, c, lang), value=value_shown(table, c, shown[c], lang, names)
        )
        for c in _ordered(table, shown)
        if _visible(table, c) and not _empty(shown[c])
    ]
    return t("audit_facts_joint", lang).join(facts)


def _empty(value) -> bool:
    if isinstance(value, list):
        return not value
    return is_missing(value) or not str(value).strip()


def _pretty(text) -> str:
    """The stored JSON indented (an export cell an auditor can read), empty when none."""
    value = _load(text)
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) if value else ""


def changes_table(
    rows: pd.DataFrame, lang: str = "ja", names: audit_view.Names | None = None, *, with_json: bool = False
) -> pd.DataFrame:
    """The 変更の記録 table: 日時（日本時間）, 操作者, 表, 記録, 操作, 変更内容 (+ the JSON for exports)."""
    columns = {
        t("audit_col_when", lang): [in_japan(v) for v in rows["acted_at"]],
        t("audit_col_actor", lang): list(rows["actor"]),
        t("audit_col_table", lang): [table_label(v, lang) for v in rows["table_name"]],
        t("audit_col_record", lang): list(rows["record_key"]),
        t("audit_col_action", lang): [action_label(v, lang) for v in rows["action"]],
        t("audit_col_changes", lang): [
            change_summary(table, action, before, after, lang, names)
            for table, action, before, after in zip(
                rows["table_name"], rows["action"], rows["before_json"], rows["after_json"], strict=True
            )
        ],
    }
    if with_json:
        columns[t("audit_col_before_json", lang)] = [_pretty(v) for v in rows["before_json"]]
        columns[t("audit_col_after_json", lang)] = [_pretty(v) for v in rows["after_json"]]
    return pd.DataFrame(columns)


def logins_table(rows: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The ログイン table: 日時（日本時間）, ログイン名, 氏名, 方法, 結果, 詳細."""
    return pd.DataFrame(
        {
            t("audit_col_when", lang): [in_japan(v) for v in rows["occurred_at"]],
            t("audit_col_login_name", lang): list(rows["login_name"]),
            t("audit_col_name", lang): ["" if is_missing(v) else str(v) for v in rows["display_name"]],
            t("audit_col_method", lang): [method_label(v, lang) for v in rows["method"]],
            t("audit_col_outcome", lang): [outcome_label(v, lang) for v in rows["outcome"]],
            t("audit_col_detail", lang): ["" if is_missing(v) else str(v) for v in rows["detail"]],
        }
    )


def total(rows: pd.DataFrame) -> int:
    """How many rows matched (the query's total_rows; 0 when none)."""
    return 0 if rows.empty else int(rows["total_rows"].iloc[0])


def detail(row: dict) -> dict:
    """One audit row opened: its before and after as JSON values (None when absent)."""
    before, after = _load(row.get("before_json")), _load(row.get("after_json"))
    return {"before": before or None, "after": after or None}
