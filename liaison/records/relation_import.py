"""Engagements, LoGoチャット pushes and follow-ups as import kinds: their cells, checks, matching, commit, export.

- `engagements`: one row per engagement; 参加市町 in one cell 「豊岡市:首長、養父市:幹部」 (市町:立場), 出席リエゾン
  as names or ids joined by 「、」. A liaison who has left the roster may be named (old records name them).
- `pushes`: one row per push; 配信先 is 「すべて」 (every liaison target), one 圏域's name, or municipality
  names joined by 「、」 (stored as recipient_scope 'all', the region_id, or 'list').
- `followups`: one row per follow-up, keyed by its engagement's 管理番号 (関わりの管理番号): imported after
  the engagements, and matched by engagement, 内容, 約束した人 and 期限.

The checks are the write API's (records.check_engagements / check_chat_pushes and their children's,
engagements.liaison_ids and check_followups). A row is already present when its 管理番号 is stored with
the same values (a voided one's too, with a warning); with a blank 管理番号, when a stored record of the
same content key (or its -2, -3, …) holds the same values; a new row without one gets the next free key.
An import never changes a stored record. The generic steps (reading, headers, example rows, formulas,
parsing cells) are liaison.records.preview's.
"""

from __future__ import annotations

import json
import re
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from liaison import access, records
from liaison.i18n import in_lang, say
from liaison.queries import run_query_in
from liaison.records import Problem, Reference, Rows, ValidationError, engagements, source_keys, transactions
from liaison.records.corrected_imports import VOIDED_NOTE
from liaison.records.import_format import COLUMNS, HEADERS, TABLES
from liaison.records.problems import column_label
from liaison.records.writes import _child_rows, insert_engagement, insert_push

KINDS = ("engagements", "pushes", "followups")
SEPARATORS = re.compile(r"[、,，;；\n]+")
LEVEL_SEPARATOR = re.compile(r"[:：]")
ALL = "すべて"  # 配信先: every liaison-target municipality
ALL_WORDS = {"すべて", "全て", "全市町", "全部", "all"}
# What a stored record is compared on (beside its 管理番号), in the import format's internal columns.
_COMPARED = {
    "engagements": ("held_on", "kind", "title", "participants", "liaisons", "note"),
    "pushes": ("pushed_on", "field_id", "title", "body", "recipients"),
}
_CONTENT = {"engagements": ("held_on", "kind", "title"), "pushes": ("pushed_on", "field_id", "title")}
_UNFILTERED = {"fiscal_year": None, "region_id": None}


def _parts(text: object) -> list[str]:
    if records.is_blank(text):
        return []
    return [part.strip() for part in SEPARATORS.split(str(text)) if part.strip()]


def _child_reason(problem: Problem) -> str:
    """A child row's problem (a municipality, a level) as the reason of the one cell that holds them all."""
    english = column_label(problem.column, "en") if problem.column else ""
    return say(
        f"{problem.column}「{problem.value}」: {problem.reason}",
        f"has {english} “{problem.value}” that {in_lang(problem.reason, 'en')}",
    )


def _twice(names: list[str]) -> str:
    shown = "、".join(names)
    return say(f"同じ市町が二度入っています（{shown}）", f"names the same municipality twice ({shown})")


def parse_participants(text: object, ref: Reference) -> tuple[str | None, list[dict], str | None]:
    """(canonical 「豊岡市:首長、養父市:幹部」 by code, [{municipality_code, participant_level}], reason or None)."""
    parts = _parts(text)
    if not parts:
        return None, [], records.REQUIRED
    places, levels = [], []
    for part in parts:
        pieces = LEVEL_SEPARATOR.split(part, maxsplit=1)
        if len(pieces) != 2 or not pieces[0].strip() or not pieces[1].strip():
            return (
                None,
                [],
                say(
                    f"「{part}」の書き方が違います（「豊岡市:首長」のように市町:立場を「、」区切りで）",
                    f"has “{part}”, not written as municipality:level (豊岡市:首長)",
                ),
            )
        places.append(pieces[0].strip())
        levels.append(pieces[1].strip())
    children = _child_rows("engagements", {"municipality_code": places, "participant_level": levels}, ref)
    records.check_engagement_participants(children, ref)
    if children.problems:
        return None, [], _child_reason(children.problems[0])
    found = sorted(
        (
            {"municipality_code": str(code), "participant_level": str(level)}
            for code, level in zip(
                children.values["municipality_code"], children.values["participant_level"], strict=True
            )
        ),
        key=lambda row: row["municipality_code"],
    )
    codes = [row["municipality_code"] for row in found]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        return None, [], _twice([ref.municipality_name(code) for code in repeated])
    shown = "、".join(
        f"{ref.municipality_name(r['municipality_code'])}:{r['participant_level']}" for r in found
    )
    return shown, found, None


def parse_liaisons(text: object, ref: Reference) -> tuple[str | None, list[str], str | None]:
    """(canonical names or ids in id order, sorted ids, reason or None); retired people are accepted."""
    ids, problems = engagements.liaison_ids(_parts(text), ref, active=None)
    if problems:
        first = problems[0]
        return (
            None,
            [],
            say(
                f"「{first.value}」は{first.reason}",
                f"has “{first.value}”, which {in_lang(first.reason, 'en')}",
            ),
        )
    return "、".join(ref.liaison_label(liaison_id) for liaison_id in ids) or None, ids, None


def _regions(cursor) -> dict[str, str]:
    """Region names (normalised) and ids -> region_id."""
    regions = run_query_in(cursor, "regions_list")
    found = {
        records.normalize_key(name): rid
        for rid, name in zip(regions["region_id"], regions["name_ja"], strict=True)
    }
    found.update({records.normalize_key(rid): rid for rid in regions["region_id"]})
    return found


def parse_recipients(
    text: object, ref: Reference, regions: dict[str, str], region_names: dict[str, str]
) -> tuple[str | None, str | None, list[dict], str | None]:
    """(canonical 配信先, recipient_scope, [{municipality_code}], reason or None) of one 配信先 cell."""
    parts = _parts(text)
    if not parts:
        return None, None, [], records.REQUIRED
    if len(parts) == 1:
        key = records.normalize_key(parts[0]).lower()
        if key in ALL_WORDS:
            return ALL, "all", [{"municipality_code": m.code} for m in ref.targets], None
        if records.normalize_key(parts[0]) in regions:
            region_id = regions[records.normalize_key(parts[0])]
            codes = [m.code for m in ref.targets if m.region_id == region_id]
            if not codes:
                return (
                    None,
                    None,
                    [],
                    say(
                        "リエゾン対象の市町がない圏域です",
                        "is a region with no municipality in the programme",
                    ),
                )
            return region_names[region_id], region_id, [{"municipality_code": c} for c in codes], None
        code, _ = ref.resolve_municipality(parts[0])
        if code not in ref.municipalities:
            return (
                None,
                None,
                [],
                say(
                    "圏域または市町として見つかりません（「すべて」、圏域の名前、市町名の「、」区切りのどれかで）",
                    "is neither a region nor a municipality (give すべて, a region's name or municipalities)",
                ),
            )
    children = _child_rows("chat_pushes", {"municipality_code": parts}, ref)
    records.check_push_recipients(children, ref)
    if children.problems:
        return None, None, [], _child_reason(children.problems[0])
    codes = sorted(str(code) for code in children.values["municipality_code"])
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        return None, None, [], _twice([ref.municipality_name(code) for code in repeated])
    shown = "、".join(ref.municipality_name(code) for code in codes)
    return shown, "list", [{"municipality_code": code} for code in codes], None


# --------------------------------------------------------------------------- preview


def _cell(rows: Rows, column: str, position: int) -> object:
    return records.to_python(rows.values[column][position])


def _row_ok(rows: Rows, position: int) -> bool:
    return not any(position in bad for bad in rows.bad.values())


def _stored_records(cursor, kind: str, **filters) -> pd.DataFrame:
    """Stored engagements or pushes with their cells as the import format compares them."""
    given = _UNFILTERED | filters
    if kind == "engagements":
        stored = run_query_in(
            cursor, "engagements_records", fiscal_year=given["fiscal_year"], region_id=given["region_id"]
        )
        stored["liaisons"] = stored["liaison_ids"].map(lambda ids: tuple(sorted(ids)))
    else:
        stored = run_query_in(
            cursor, "chat_pushes_records", fiscal_year=given["fiscal_year"], region_id=given["region_id"]
        )
        stored["recipients"] = [
            ALL if scope == "all" else (region if scope != "list" else names)
            for scope, region, names in zip(
                stored["recipient_scope"], stored["region_name_ja"], stored["recipient_names"], strict=True
            )
        ]
    return stored


def _voided(cursor, table: str) -> dict[str, dict]:
    found = cursor.execute(
        "select source_key, record_json from voided_records where table_name = $table", {"table": table}
    ).fetchall()
    kept = {}
    for key, record_json in found:
        loaded = json.loads(record_json) if isinstance(record_json, str) else (record_json or {})
        row = loaded.get("row", {}) if isinstance(loaded, dict) else {}
        if key or row.get("source_key"):
            kept[key or row["source_key"]] = row
    return kept


def _plain(value: object) -> object:
    value = records.to_python(value)
    if records.is_blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(sorted(value)) or None
    return value


def _shown(value: object) -> str:
    value = _plain(value)
    if value is None:
        return "空欄"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "、".join(map(str, value))
    return str(value)


def _check_parents(kind: str, rows: Rows, ref: Reference, cursor, today: date) -> dict[str, list]:
    """The parent rules and each row's child cells; returns the parsed children by position."""
    if kind == "engagements":
        records.check_engagements(rows, ref, today)
    else:
        records.check_chat_pushes(rows, ref, today)
    rows.check("source_key", records.text_within(records.SHORT_TEXT_MAX))
    children: dict[str, list] = {"children": [None] * rows.size, "liaison_ids": [()] * rows.size}
    if kind == "pushes":
        children["recipient_scope"] = [None] * rows.size
        regions = _regions(cursor)
        names = run_query_in(cursor, "regions_list")
        region_names = dict(zip(names["region_id"], names["name_ja"], strict=True))
    cell = "participants" if kind == "engagements" else "recipients"
    canonical = np.empty(rows.size, dtype=object)
    liaison_texts = np.empty(rows.size, dtype=object)
    for position in range(rows.size):
        text = _cell(rows, cell, position)
        if kind == "engagements":
            shown, found, reason = parse_participants(text, ref)
        else:
            shown, scope, found, reason = parse_recipients(text, ref, regions, region_names)
            children["recipient_scope"][position] = scope
        canonical[position] = shown
        children["children"][position] = found
        if reason:
            rows.report([position], cell, reason, with_value=reason is not records.REQUIRED)
        if kind == "engagements":
            shown, ids, reason = parse_liaisons(_cell(rows, "liaisons", position), ref)
            liaison_texts[position] = shown
            children["liaison_ids"][position] = tuple(ids)
            if reason:
                rows.report([position], "liaisons", reason)
    rows.values[cell] = canonical
    if kind == "engagements":
        rows.values["liaisons"] = liaison_texts
    return children


def _conflict(key: str, differing: list[tuple[str, object, object]], rows: Rows, position: int) -> Problem:
    details = "、".join(
        f"{rows.headers[c]}: 登録 {_shown(a)}／ファイル {_shown(b)}" for c, a, b in differing[:4]
    )
    details_en = "; ".join(
        f"“{rows.headers[c]}”: stored “{_shown(a)}”, file “{_shown(b)}”" for c, a, b in differing[:4]
    )
    reason = say(
        f"管理番号「{key}」の記録は登録済みで、内容が異なります（{details}）。取込では上書きしません",
        f"holds the record “{key}”, already stored with other values ({details_en}). An import never overwrites",
    )
    return Problem(reason, None, rows.rows[position], None, rows.file)


def _match_records(
    kind: str, rows: Rows, cursor, children: dict, warnings: list[Problem]
) -> tuple[list, int]:
    """(positions of new rows with their 管理番号, count already present); problems go to rows."""
    table = TABLES[kind]
    stored = _stored_records(cursor, kind)
    compared = _COMPARED[kind]
    stored_rows = {
        key: {c: (tuple(v) if c == "liaisons" else v) for c, v in zip(compared, values, strict=True)}
        for key, *values in stored[["record_key", *compared]].itertuples(index=False, name=None)
    }
    voided = _voided(cursor, table)
    keys_in_file = {
        _cell(rows, "source_key", p)
        for p in range(rows.size)
        if not records.is_blank(_cell(rows, "source_key", p))
    }
    reserved = set(stored_rows) | set(voided) | keys_in_file
    seen_keys: dict[str, int] = {}
    seen_contents: dict[tuple, int] = {}
    fresh, already = [], 0
    for position in range(rows.size):
        if not _row_ok(rows, position):
            continue
        mine = {c: _cell(rows, c, position) for c in compared}
        if kind == "engagements":
            mine["liaisons"] = children["liaison_ids"][position]
        given = _cell(rows, "source_key", position)
        signature = tuple(_plain(mine[c]) for c in compared)
        if not records.is_blank(given):
            if given in seen_keys:
                first = seen_keys[given]
                rows.report(
                    [position],
                    "source_key",
                    say(
                        f"{first} 行目と同じ管理番号です（重複行）",
                        f"repeats the record number of row {first} (a duplicate row)",
                    ),
                )
                continue
            seen_keys[given] = rows.rows[position]
            if given in stored_rows:
                theirs = stored_rows[given]
                differing = [
                    (c, theirs[c], mine[c]) for c in compared if _plain(theirs[c]) != _plain(mine[c])
                ]
                if differing:
                    rows.problems.append(_conflict(given, differing, rows, position))
                else:
                    already += 1
                continue
            if given in voided:
                already += 1
                warnings.append(_voided_note(rows, position))
                continue
            fresh.append((position, given))
            continue
        if signature in seen_contents:
            first = seen_contents[signature]
            rows.problems.append(
                Problem(
                    say(
                        f"{first} 行目と同じ内容の行です（重複行）", f"repeats row {first} (a duplicate row)"
                    ),
                    None,
                    rows.rows[position],
                    None,
                    rows.file,
                )
            )
            continue
        seen_contents[signature] = rows.rows[position]
        content = source_keys.content_key(cursor, table, {c: mine.get(c) for c in _CONTENT[kind]})
        family = re.compile(re.escape(content) + r"(-\d+)?")
        if any(
            family.fullmatch(key) and all(_plain(theirs[c]) == _plain(mine[c]) for c in compared)
            for key, theirs in stored_rows.items()
        ):
            already += 1
            continue
        if any(
            family.fullmatch(key)
            and _plain(kept.get("note", kept.get("body"))) == _plain(mine.get("note", mine.get("body")))
            for key, kept in voided.items()
        ):
            already += 1
            warnings.append(_voided_note(rows, position))
            continue
        key, number = content, 1
        while key in reserved:
            number += 1
            key = f"{content}-{number}"
        reserved.add(key)
        fresh.append((position, key))
    return fresh, already


def _voided_note(rows: Rows, position: int) -> Problem:
    return Problem(VOIDED_NOTE, None, rows.rows[position], None, rows.file)


def _engagements_by_key(cursor) -> tuple[dict[str, tuple[int, date]], set[str]]:
    stored = run_query_in(cursor, "engagements_records", fiscal_year=None, region_id=None)
    found = {
        key: (int(eid), pd.Timestamp(held).date())
        for key, eid, held in zip(
            stored["record_key"], stored["engagement_id"], stored["held_on"], strict=True
        )
    }
    return found, set(_voided(cursor, "engagements"))


def _followup_signature(key, promise, promised_by, due_on) -> tuple:
    return (key, promise, promised_by, _plain(due_on))


def _match_followups(rows: Rows, cursor, today: date, warnings: list[Problem]) -> tuple[list, int]:
    """Each follow-up's engagement, its done day against it, and which rows are new."""
    parents, voided = _engagements_by_key(cursor)
    label = rows.headers["engagement_id"]
    for position in rows.usable("engagement_id").tolist():
        key = _cell(rows, "engagement_id", position)
        if key in parents:
            done = _cell(rows, "done_on", position)
            if done is not None and _row_ok(rows, position):
                problem = engagements.done_on_problem(done, parents[key][1], today)
                if problem is not None:
                    rows.report([position], "done_on", problem.reason)
            continue
        if key in voided:
            reason = say("取り消された関わり（会議・対話）です", "is an engagement that was voided")
        else:
            reason = say(
                f"{label}として見つかりません（先に関わり（会議・対話）を取り込んでください）",
                "is not the record number of a stored engagement (import the engagements first)",
            )
        rows.report([position], "engagement_id", reason)
    stored = run_query_in(cursor, "engagement_followups_records", fiscal_year=None, region_id=None)
    stored_done = {
        _followup_signature(k, p, b, d): _plain(done)
        for k, p, b, d, done in stored[
            ["engagement_key", "promise", "promised_by", "due_on", "done_on"]
        ].itertuples(index=False, name=None)
    }
    seen: dict[tuple, int] = {}
    fresh, already = [], 0
    for position in range(rows.size):
        if not _row_ok(rows, position):
            continue
        signature = _followup_signature(
            *(_cell(rows, c, position) for c in ("engagement_id", "promise", "promised_by", "due_on"))
        )
        if signature in seen:
            first = seen[signature]
            rows.problems.append(
                Problem(
                    say(
                        f"{first} 行目と同じフォローアップです（重複行）",
                        f"repeats the follow-up of row {first} (a duplicate row)",
                    ),
                    None,
                    rows.rows[position],
                    None,
                    rows.file,
                )
            )
            continue
        seen[signature] = rows.rows[position]
        if signature in stored_done:
            already += 1
            if stored_done[signature] != _plain(_cell(rows, "done_on", position)):
                warnings.append(
                    Problem(
                        say(
                            "登録済みのフォローアップと対応済みの日が違います。取り込みでは変更しません（関わりのページで対応済みにしてください）",
                            "is a stored follow-up with another done day; an import does not change it (mark it done on the relations page)",
                        ),
                        None,
                        rows.rows[position],
                        None,
                        rows.file,
                    )
                )
            continue
        fresh.append((position, parents[signature[0]][0]))
    return fresh, already


def _order(kind: str, header: str | None) -> int:
    return HEADERS[kind].index(header) if header in HEADERS[kind] else -1


def finish_preview(
    con,
    kind: str,
    rows: Rows,
    ref: Reference,
    file_name: str,
    digest: str,
    warnings: list,
    total: int,
    today: date,
) -> dict:
    """This module's part of liaison.records.preview: checks, then which rows are new (the Preview's fields)."""
    cursor = con.cursor()
    try:
        if kind == "followups":
            rows.require(["engagement_id"])
            engagements.check_followups(rows, today)
            fresh, already = _match_followups(rows, cursor, today, warnings)
            children = {}
        else:
            children = _check_parents(kind, rows, ref, cursor, today)
            fresh, already = _match_records(kind, rows, cursor, children, warnings)
    finally:
        cursor.close()
    problems = sorted(rows.problems, key=lambda p: (p.row or 0, _order(kind, p.column)))
    frame = _frame(kind, rows, fresh, children) if not problems else _frame(kind, rows, [], children)
    return {
        "kind": kind,
        "file_name": file_name,
        "rows": frame,
        "problems": problems,
        "new_rows": 0 if problems else len(fresh),
        "already_present": already,
        "warnings": warnings,
        "sha256": digest,
        "total_rows": total,
    }


def _frame(kind: str, rows: Rows, fresh: list, children: dict) -> pd.DataFrame:
    """The new rows: the format's columns (canonical cells) and, hidden, what commit inserts."""
    out: dict[str, list] = {c.name: [] for c in COLUMNS[kind]}
    extra = {"engagements": ("children", "liaison_ids"), "pushes": ("children", "recipient_scope")}.get(
        kind, ("engagement_pk",)
    )
    out.update({name: [] for name in extra})
    for position, key in fresh:
        for column in COLUMNS[kind]:
            value = _cell(rows, column.name, position)
            out[column.name].append(None if records.is_blank(value) else value)
        if kind == "followups":
            out["engagement_pk"].append(key)
        else:
            out["source_key"][-1] = key
            for name in extra:
                out[name].append(children[name][position])
    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in out.items()})
    default_blank = {"engagements": "note", "pushes": "body"}.get(kind)
    if default_blank:
        frame[default_blank] = frame[default_blank].map(lambda v: "" if v is None else v)
    return frame


# --------------------------------------------------------------------------- commit


def commit(con: duckdb.DuckDBPyConnection, preview, actor: access.Principal | str) -> int:
    """Add the preview's records and their child rows in one transaction with one audit 'import' row."""
    principal = access.as_principal(actor)
    access.require(principal, "import")
    actor = transactions.check_actor(principal)
    if preview.problems:
        raise ValidationError(preview.problems)
    if preview.rows.empty:
        return 0
    kind, table = preview.kind, TABLES[preview.kind]

    def write(cursor) -> int:
        ids, skipped = [], 0
        stored_followups = None
        if kind == "followups":
            stored = run_query_in(cursor, "engagement_followups_records", fiscal_year=None, region_id=None)
            stored_followups = {
                _followup_signature(k, p, b, d)
                for k, p, b, d in stored[["engagement_key", "promise", "promised_by", "due_on"]].itertuples(
                    index=False, name=None
                )
            }
        for row in preview.rows.to_dict("records"):
            if kind == "followups":
                signature = _followup_signature(
                    row["engagement_id"], row["promise"], row["promised_by"], row["due_on"]
                )
                if signature in stored_followups:
                    skipped += 1
                    continue
                new_id = cursor.execute(
                    "insert into engagement_followups (engagement_id, promise, promised_by, due_on, done_on)"
                    " values ($engagement_id, $promise, $promised_by, $due_on, $done_on) returning followup_id",
                    {
                        "engagement_id": row["engagement_pk"],
                        "promise": row["promise"],
                        "promised_by": row["promised_by"],
                        "due_on": row["due_on"],
                        "done_on": row["done_on"],
                    },
                ).fetchone()[0]
                ids.append(int(new_id))
                continue
            if source_keys.is_taken(cursor, table, row["source_key"]):  # another import added it meanwhile
                skipped += 1
                continue
            if kind == "engagements":
                record = {c: row[c] for c in ("held_on", "kind", "title", "note", "source_key")}
                ids.append(
                    insert_engagement(
                        cursor,
                        principal,
                        record,
                        row["children"],
                        list(row["liaison_ids"]),
                        [],
                        allow_duplicate=True,
                        audited=False,
                    )
                )
            else:
                record = {c: row[c] for c in ("pushed_on", "field_id", "title", "body", "source_key")}
                record["recipient_scope"] = row["recipient_scope"]
                ids.append(
                    insert_push(
                        cursor, principal, record, row["children"], allow_duplicate=True, audited=False
                    )
                )
        if not ids:
            return 0
        summary = {
            "file": preview.file_name,
            "kind": kind,
            "inserted": len(ids),
            "already_present": int(preview.already_present + skipped),
            "first_id": min(ids),
            "last_id": max(ids),
        }
        transactions.audit(cursor, actor, table, preview.sha256, "import", None, summary)
        return len(ids)

    return transactions.run_in_transaction(con, write)


# --------------------------------------------------------------------------- export


def records_frame(con: duckdb.DuckDBPyConnection, kind: str, ref: Reference, **filters) -> pd.DataFrame:
    """Stored records of `kind` in the import format (fiscal_year, region_id optional), so the file imports again."""
    unknown = set(filters) - set(_UNFILTERED)
    if unknown:
        raise TypeError(f"unknown filters for {kind}: {sorted(unknown)}")
    given = _UNFILTERED | filters
    cursor = con.cursor()
    try:
        if kind == "followups":
            stored = run_query_in(
                cursor,
                "engagement_followups_records",
                fiscal_year=given["fiscal_year"],
                region_id=given["region_id"],
            )
            stored = stored.rename(
                columns={"engagement_id": "engagement_pk", "engagement_key": "engagement_id"}
            )
        else:
            stored = _stored_records(cursor, kind, **given).rename(columns={"record_key": "source_key"})
            if kind == "engagements":
                stored["liaisons"] = stored["liaisons"].map(
                    lambda ids: "、".join(ref.liaison_label(i) for i in ids) or None
                )
            else:
                stored["field_id"] = stored["field_name_ja"]
    finally:
        cursor.close()
    return to_import_format(kind, stored)


def to_import_format(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Internal columns → the import format's Japanese headers (dates as dates, blanks as None)."""
    out = {}
    for column in COLUMNS[kind]:
        values = frame[column.name]
        if column.parse == "date":
            values = values.map(
                lambda v: None if records.is_blank(v) or pd.isna(v) else pd.Timestamp(v).date()
            )
        values = (
            values.astype(object).map(lambda v: None if records.is_blank(v) else v) if len(values) else values
        )
        out[column.header(kind)] = values
    return pd.DataFrame(out, columns=HEADERS[kind])


def shown_rows(kind: str, frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """A preview's new rows as the user wrote them (names, not ids), for display."""
    shown = frame.copy()
    if kind == "pushes" and len(shown):
        shown["field_id"] = shown["field_id"].map(lambda v: ref.fields.get(v, v))
    return to_import_format(kind, shown)
