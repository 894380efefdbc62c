"""The write API's guard against a double submission: the same insert by the same person moments ago.

A new visit, consultation or support action identical in every field the person gave to one the same
actor inserted in the last WINDOW_MINUTES minutes is refused with DuplicateError, unless the caller
confirms (allow_duplicate=True). Imports keep their own de-duplication (liaison.records.deduplication).
"""

from __future__ import annotations

import json

from liaison import store
from liaison.i18n import say
from liaison.queries import run_query_in
from liaison.records.problems import Problem, ValidationError
from liaison.records.transactions import to_json

WINDOW_MINUTES = 10

# The fields a person gives (ids and generated columns such as source_key are not compared).
FIELDS: dict[str, tuple[str, ...]] = {
    "visits": (
        "visited_on",
        "municipality_code",
        "liaison_id",
        "department",
        "purpose",
        "summary",
        "topic_field_id",
    ),
    "consultations": (
        "received_on",
        "municipality_code",
        "field_id",
        "channel",
        "title",
        "detail",
        "status",
        "owner_liaison_id",
        "closed_on",
    ),
    "support_actions": ("consultation_id", "acted_on", "support_type", "liaison_id", "note"),
    # issue 11: the child rows (as the audit row's `after` lists them) are compared too
    "engagements": ("held_on", "kind", "title", "note", "participants"),
    "chat_pushes": ("pushed_on", "field_id", "title", "recipients"),
}
NOUNS = {
    "visits": ("訪問", "visit"),
    "consultations": ("相談", "consultation"),
    "support_actions": ("支援", "support action"),
    "engagements": ("トップ層との関わり", "engagement"),
    "chat_pushes": ("情報提供", "push"),
    "liaisons": ("リエゾン", "liaison"),  # the roster (liaison.records.roster checks its own fields)
}


class DuplicateError(ValidationError):
    """An insert refused as a likely duplicate of record `record_id`, written `seconds_ago` seconds ago."""

    def __init__(self, table: str, record_id: int, seconds_ago: int):
        self.table, self.record_id, self.seconds_ago = table, record_id, seconds_ago
        super().__init__([Problem(duplicate_reason(table, record_id, seconds_ago))])


def duplicate_reason(table: str, record_id: int, seconds_ago: int):
    """「同じ内容の訪問が 2 分前に登録されています（ID 123）」 and its English."""
    ja_noun, en_noun = NOUNS[table]
    minutes = seconds_ago // 60
    ja_when = "1 分以内" if minutes < 1 else f"{minutes} 分前"
    en_when = "less than a minute ago" if minutes < 1 else f"{minutes} min ago"
    return say(
        f"同じ内容の{ja_noun}が {ja_when}に登録されています（ID {record_id}）",
        f"an identical {en_noun} was recorded {en_when} (ID {record_id})",
    )


def _comparable(value: object) -> object:
    """A value as the audit log's JSON holds it (dates ISO, Decimals as floats)."""
    return json.loads(to_json({"value": value}))["value"]


def refuse_recent(cursor, actor: str, table: str, record: dict) -> None:
    """Raise DuplicateError when `actor` inserted the same `record` into `table` in the last WINDOW_MINUTES."""
    wanted = {field: _comparable(record.get(field)) for field in FIELDS[table]}
    recent = run_query_in(
        cursor,
        "recent_inserts_by_actor",
        actor=actor,
        table_name=table,
        minutes=WINDOW_MINUTES,
        now=store.utc_now(),
    )
    for key, after, seconds_ago in recent.itertuples(index=False):
        stored = json.loads(after) if after else {}
        if all(stored.get(field) == value for field, value in wanted.items()):
            raise DuplicateError(table, int(key), max(0, int(seconds_ago)))
