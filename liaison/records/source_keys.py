"""Fixed 管理番号 (source_key): given once when a record is created, never changed by an edit.

A record's key is its content key (migration 003/008 macros over what identifies it); when that key
is already held, by a stored record of the table or by one voided from it, the next free of key-2,
key-3, … is used, as migration 008 numbered identical records.
"""

from __future__ import annotations

from liaison.queries import run_query_in

# Each keyed table: its content-key statement over the new record's values (bound, never built).
CONTENT_KEYS = {
    "visits": (
        "select visit_content_key($visited_on, $municipality_code, $liaison_id, $department, $purpose,"
        " $summary)"
    ),
    "consultations": (
        "select consultation_content_key($received_on, $municipality_code, $field_id, $channel, $title,"
        " $detail)"
    ),
    "engagements": "select engagement_content_key($held_on, $kind, $title)",
    "chat_pushes": "select push_content_key($pushed_on, $field_id, $title)",
}
CONTENT_COLUMNS = {
    "visits": ("visited_on", "municipality_code", "liaison_id", "department", "purpose", "summary"),
    "consultations": ("received_on", "municipality_code", "field_id", "channel", "title", "detail"),
    "engagements": ("held_on", "kind", "title"),
    "chat_pushes": ("pushed_on", "field_id", "title"),
}
TAKEN = {  # is a key held in the table (constant statements: no SQL is built from a table name)
    "visits": "select count(*) from visits where source_key = $key",
    "consultations": "select count(*) from consultations where source_key = $key",
    "engagements": "select count(*) from engagements where source_key = $key",
    "chat_pushes": "select count(*) from chat_pushes where source_key = $key",
}
VOIDED = "select count(*) from voided_records where table_name = $table and source_key = $key"


def is_taken(cursor, table: str, key: str) -> bool:
    """True when `key` is the 管理番号 of a record of `table`, stored or voided."""
    held = cursor.execute(TAKEN[table], {"key": key}).fetchall()[0][0]
    voided = cursor.execute(VOIDED, {"table": table, "key": key}).fetchall()[0][0]
    return bool(held or voided)


def content_key(cursor, table: str, record: dict) -> str:
    """The content key of a new record of `table` (its identifying values in `record`)."""
    values = {column: record.get(column) for column in CONTENT_COLUMNS[table]}
    return str(cursor.execute(CONTENT_KEYS[table], values).fetchall()[0][0])


def assign(cursor, table: str, content_key: str) -> str:
    """The first of content_key, content_key-2, -3, … held by no record of `table`, stored or voided."""
    key, position = content_key, 1
    while is_taken(cursor, table, key):
        position += 1
        key = f"{content_key}-{position}"
    return key


def for_record(cursor, table: str, record: dict) -> str:
    """A new record's 管理番号: assign() of its content key (inside the caller's transaction)."""
    return assign(cursor, table, content_key(cursor, table, record))


RECORD_QUERIES = {"visits": "visits_records", "consultations": "consultations_records"}
ID_COLUMNS = {"visits": "visit_id", "consultations": "consultation_id"}


def current(cursor, table: str, record_id: int) -> str:
    """The 管理番号 an export shows for a stored record: its source_key, else its numbered content key."""
    if table in RECORD_QUERIES:
        unfiltered = {
            "region_id": None,
            "codes": None,
            "fiscal_year": None,
            "date_from": None,
            "date_to": None,
        }
        if table == "consultations":
            unfiltered["status"] = None
        stored = run_query_in(cursor, RECORD_QUERIES[table], **unfiltered)
        found = stored.loc[stored[ID_COLUMNS[table]] == record_id, "record_key"]
        return str(found.iloc[0])
    row = cursor.execute(SOURCE_KEY_OF[table], {"id": record_id}).fetchall()
    return str(row[0][0])


SOURCE_KEY_OF = {  # engagements and pushes: the key migration 008 gave, else the content key
    "engagements": (
        "select coalesce(source_key, engagement_content_key(held_on, kind, title)) from engagements"
        " where engagement_id = $id"
    ),
    "chat_pushes": (
        "select coalesce(source_key, push_content_key(pushed_on, field_id, title)) from chat_pushes"
        " where push_id = $id"
    ),
}
