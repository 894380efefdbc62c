"""Audit-log rows made readable: what changed, in Japanese, without interpreting any user markup."""

from __future__ import annotations

import json

import pandas as pd

ACTIONS = {"insert": "登録", "update": "変更", "delete": "削除", "import": "取り込み", "build": "作成"}
TABLES = {
    "consultations": "相談",
    "support_actions": "支援",
    "visits": "訪問",
    "readiness_assessments": "ヒアリング",
}
HIDDEN = {"source_key"}


def _load(text) -> dict:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return {}
    value = json.loads(text) if isinstance(text, str) else text
    return value if isinstance(value, dict) else {}


def changes(before, after) -> str:
    """「status: 受付 → 完了」 for an update, the new values for an insert."""
    old, new = _load(before), _load(after)
    parts = []
    for key in new.keys() | old.keys():
        if key in HIDDEN or old.get(key) == new.get(key):
            continue
        if key in old:
            parts.append(f"{key}: {old.get(key)} → {new.get(key)}")
        else:
            parts.append(f"{key}: {new.get(key)}")
    return "、".join(sorted(parts))


def readable(history: pd.DataFrame) -> pd.DataFrame:
    """日時, 記録者, 対象, 操作, 内容 — for st.dataframe (plain text cells)."""
    return pd.DataFrame(
        {
            "日時": history["acted_at"],
            "記録者": history["actor"],
            "対象": [TABLES.get(name, name) for name in history["table_name"]],
            "操作": [ACTIONS.get(action, action) for action in history["action"]],
            "内容": [
                changes(b, a) for b, a in zip(history["before_json"], history["after_json"], strict=True)
            ],
        }
    )
