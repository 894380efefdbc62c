"""The アカウント page's view-models: the account list as people read it, and the pickers' labels.

Times in the account tables are UTC; the page shows 日本時間 (UTC+9, no daylight saving time).
Nothing here shows or holds a password or its hash (accounts_list has only has_password).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from liaison.audit import in_japan
from liaison.i18n import is_missing, t, term


def is_locked(row: dict, now: datetime) -> bool:
    """Whether the account refuses logins until its lock ends (UTC `now`)."""
    until = row.get("locked_until")
    return not is_missing(until) and pd.Timestamp(until).to_pydatetime() > now


def state(row: dict, now: datetime, lang: str = "ja") -> str:
    """有効 / 無効 / ロック中（日本時間 HH:MM まで）."""
    if not row["is_active"]:
        return t("accounts_state_disabled", lang)
    if is_locked(row, now):
        return t("accounts_state_locked", lang).format(until=in_japan(row["locked_until"]).strftime("%H:%M"))
    return t("accounts_state_active", lang)


def tie(row: dict) -> str:
    """The roster entry or department an account belongs to, as a name (empty when none)."""
    for name, key in (("liaison_name", "liaison_id"), ("department_name", "department_id")):
        if not is_missing(row.get(key)):
            named = row.get(name)
            return str(row[key]) if is_missing(named) else str(named)
    return ""


def accounts_table(frame: pd.DataFrame, now: datetime, lang: str = "ja") -> pd.DataFrame:
    """One row per account: ログイン名, 氏名, 役割, 名簿・部署, ログイン方法, 状態, 連続失敗, 作成日時, 作成者."""
    rows = frame.to_dict("records")
    return pd.DataFrame(
        {
            t("accounts_col_login", lang): [row["login_name"] for row in rows],
            t("accounts_col_name", lang): [row["display_name"] for row in rows],
            t("accounts_col_role", lang): [term("accounts", "role", row["role"], lang) for row in rows],
            t("accounts_col_tie", lang): [tie(row) for row in rows],
            t("accounts_col_method", lang): [
                t("accounts_with_password" if row["has_password"] else "accounts_directory_only", lang)
                for row in rows
            ],
            t("accounts_col_state", lang): [state(row, now, lang) for row in rows],
            t("accounts_col_failures", lang): [int(row["failed_logins"]) for row in rows],
            t("accounts_col_created", lang): [in_japan(row["created_at"]) for row in rows],
            t("accounts_col_created_by", lang): [row["created_by"] for row in rows],
        }
    )


def labels(frame: pd.DataFrame, lang: str = "ja") -> dict[int, str]:
    """account_id -> 「氏名（ログイン名・役割）」 for the forms' account pickers."""
    return {
        int(row["account_id"]): t("accounts_label", lang).format(
            name=row["display_name"],
            login=row["login_name"],
            role=term("accounts", "role", row["role"], lang),
        )
        for row in frame.to_dict("records")
    }


def needing_unlock(frame: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """The accounts locked now or with failed logins since their last success."""
    keep = [is_locked(row, now) or int(row["failed_logins"]) > 0 for row in frame.to_dict("records")]
    return frame[keep]
