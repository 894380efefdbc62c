"""De-duplication of imported rows: each row's stable key, against the other rows and the store.

- Visits and consultations: the 管理番号 column. Blank → the record's content key (migration 003:
  'V-'/'C-' + 20 hex of SHA-256 over date, municipality, and the other identifying fields; a
  consultation's status, closing date, owner and referral are left out because they change). The
  key is stored in source_key. Exports write coalesce(source_key, content key) as 管理番号, so an
  export re-imported into the same store adds nothing, and into a fresh store recreates the records.
- Readiness: (municipality, 年度).
- A key already in the store with identical values counts as already present; with different values
  it is a Problem (an import never overwrites). Two rows of one file with one key are a Problem naming
  both rows.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from liaison import records
from liaison.i18n import say
from liaison.records import Problem, Reference, Rows, corrected_imports, talent
from liaison.records.import_format import COLUMNS
from liaison.records.stored import records_of

KEY_MACROS = {  # the content-key macros of migration 003, applied to a registered frame
    "visits": (
        "select visit_content_key(visited_on, municipality_code, liaison_id, department, purpose, summary)"
        " as content_key from import_keys order by position"
    ),
    "consultations": (
        "select consultation_content_key(received_on, municipality_code, field_id, channel, title, detail)"
        " as content_key from import_keys order by position"
    ),
}


def _content_keys(cursor, kind: str, values: dict[str, np.ndarray], usable: np.ndarray) -> np.ndarray:
    """The migration-003 content key of each usable row (None elsewhere), computed by DuckDB."""
    keys = np.full(len(usable), None, dtype=object)
    positions = np.flatnonzero(usable)
    if not positions.size:
        return keys
    identity = {
        "visits": ["visited_on", "municipality_code", "liaison_id", "department", "purpose", "summary"],
        "consultations": ["received_on", "municipality_code", "field_id", "channel", "title", "detail"],
    }[kind]
    frame = pd.DataFrame(
        {
            column: (
                values[column][positions].astype("datetime64[s]")
                if values[column].dtype.kind == "M"
                else pd.Series(values[column][positions], dtype=object)
            )
            for column in identity
        }
    )
    frame["position"] = np.arange(len(positions))
    cursor.register("import_keys", frame)
    try:
        keys[positions] = cursor.execute(KEY_MACROS[kind]).fetchnumpy()["content_key"].astype(object)
    finally:
        cursor.unregister("import_keys")
    return keys


def _compare_columns(kind: str, present: set[str]) -> list[str]:
    """Columns compared with a stored record: those the file has (a left-out column is not news)."""
    return [c.name for c in COLUMNS[kind] if c.name != "source_key" and c.name in present]


def _plain(value: object) -> object:
    value = records.to_python(value)
    if records.is_blank(value):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return pd.Timestamp(value).date()
    return None if records.is_blank(value) else value


def _same(stored: object, incoming: object) -> bool:
    return _plain(stored) == _plain(incoming)


def _shown(column: str, value: object, ref: Reference, lang: str = "ja") -> str:
    value = _plain(value)
    if value is None:
        return "(blank)" if lang == "en" else "空欄"
    if isinstance(value, (pd.Timestamp, datetime)):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if column == "talent_support_wanted":
        return talent.wanted_text(value)
    if column == "municipality_code":
        return ref.municipality_name(str(value))
    if column in ("liaison_id", "owner_liaison_id"):
        return ref.liaison_label(str(value)) or str(value)
    if column == "field_id":
        return ref.fields.get(str(value), str(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return records.cell_text(value)


def _same_as_kept(kept: object, incoming: object) -> bool:
    """A value kept as JSON (a voided row, an earlier version: dates as ISO text) equals the file's."""
    incoming = _plain(incoming)
    if isinstance(incoming, date):
        incoming = incoming.isoformat()
    return _plain(kept) == incoming


def match_store(
    cursor, kind: str, rows: Rows, ref: Reference, notes: list[Problem] | None = None
) -> tuple[np.ndarray, int]:
    """Keys of the rows; duplicates inside the file and conflicts with stored records are reported.

    Returns (mask of rows to add, count already present). A row of a voided record, or of an earlier
    version of an edited one (liaison.records.corrected_imports), counts as already present, with a
    warning appended to `notes`.
    """
    notes = [] if notes is None else notes
    values = rows.values
    bad_rows = np.zeros(rows.size, dtype=bool)
    for positions in rows.bad.values():
        if positions:
            bad_rows[list(positions)] = True
    stored = records_of(cursor, kind)
    compare = _compare_columns(kind, set(rows.raw))

    if kind == "readiness":
        usable = ~bad_rows
        keys = np.array(
            [
                f"{c}|{y}" if ok else None
                for c, y, ok in zip(values["municipality_code"], values["fiscal_year"], usable, strict=True)
            ],
            dtype=object,
        )
        stored_keys = stored["municipality_code"].astype(str) + "|" + stored["fiscal_year"].astype(str)
        key_column = "fiscal_year"
    else:
        explicit = values["source_key"]
        has_explicit = ~(pd.isna(explicit) | (explicit == ""))
        content = _content_keys(cursor, kind, values, ~bad_rows & ~has_explicit)
        keys = np.where(has_explicit, explicit, content)
        keys[bad_rows & ~has_explicit] = None
        values["source_key"] = keys.copy()
        stored_keys = stored["record_key"]
        key_column = "source_key"

    # duplicates inside the file
    series = pd.Series(keys, dtype=object)
    present = series.notna()
    duplicated = series[present].duplicated(keep="first")
    if duplicated.any():
        first_row = {}
        for position in series[present].index:
            first_row.setdefault(series[position], rows.rows[position])
        for position in duplicated[duplicated].index:
            first = first_row[series[position]]
            if kind == "readiness":
                name = ref.municipality_name(values["municipality_code"][position])
                year = values["fiscal_year"][position]
                reason = say(
                    f"{first} 行目と同じ市町・年度です（{name} {year}年度。重複行）",
                    f"repeats the municipality and year of row {first} (“{name}”, FY{year}; a duplicate row)",
                )
                rows.report([position], key_column, reason)
            elif has_explicit[position]:
                rows.report(
                    [position],
                    key_column,
                    say(
                        f"{first} 行目と同じ管理番号です（重複行）",
                        f"repeats the record number of row {first} (a duplicate row)",
                    ),
                )
            else:
                rows.problems.append(
                    Problem(
                        say(
                            f"{first} 行目と同じ内容の行です（重複行）",
                            f"repeats row {first} (a duplicate row)",
                        ),
                        None,
                        rows.rows[position],
                        None,
                        rows.file,
                    )
                )
            bad_rows[position] = True

    # what the store already holds
    where: dict[object, int] = {}
    for location, key in enumerate(stored_keys.tolist()):
        where.setdefault(key, location)
    locations = np.array([where.get(key, -1) if key is not None else -1 for key in keys], dtype=np.int64)
    candidates = ~bad_rows & series.notna().to_numpy()
    new_mask = candidates & (locations < 0)
    already = 0
    voided = corrected_imports.voided_rows(cursor, kind)
    for position in np.flatnonzero(new_mask).tolist() if voided else []:
        kept = voided.get(keys[position])
        if kept is None:
            continue
        if kind == "readiness" and any(not _same_as_kept(kept.get(c), values[c][position]) for c in compare):
            continue  # a new hearing of a voided one's municipality and 年度: it may be entered
        new_mask[position] = False
        already += 1
        reason = (
            corrected_imports.VOIDED_HEARING_NOTE if kind == "readiness" else corrected_imports.VOIDED_NOTE
        )
        notes.append(corrected_imports.note(reason, rows.rows[position], rows.file))
    stored_values = {column: stored[column].to_numpy(dtype=object) for column in compare if column in stored}
    for position in np.flatnonzero(candidates & (locations >= 0)).tolist():
        location = locations[position]
        differing = [
            column
            for column in compare
            if not _same(stored_values[column][location], values[column][position])
        ]
        if not differing:
            already += 1
            continue
        record_id = stored[corrected_imports.ID_COLUMNS[kind]].iloc[location]
        if any(
            all(_same_as_kept(version.get(c), values[c][position]) for c in compare if c in version)
            for version in corrected_imports.earlier_versions(cursor, kind, record_id)
        ):
            already += 1
            notes.append(
                corrected_imports.note(corrected_imports.EDITED_NOTE, rows.rows[position], rows.file)
            )
            continue
        shown = [
            (c, (stored_values[c][location], values[c][position])) for c in differing[:4]
        ]  # (column, (stored, in the file))
        details = "、".join(
            f"{rows.headers[c]}: 登録 {_shown(c, old, ref)}／ファイル {_shown(c, new, ref)}"
            for c, (old, new) in shown
        )
        details_en = "; ".join(
            f"“{rows.headers[c]}”: stored “{_shown(c, old, ref, 'en')}”, file “{_shown(c, new, ref, 'en')}”"
            for c, (old, new) in shown
        )
        if kind == "readiness":
            name = ref.municipality_name(values["municipality_code"][position])
            year = values["fiscal_year"][position]
            what = f"{name}の{year}年度のDX推進度は登録済みで、内容が異なります"
            what_en = f"holds the readiness of “{name}” for FY{year}, already stored with other values"
        else:
            what = f"管理番号「{keys[position]}」の記録は登録済みで、内容が異なります"
            what_en = f"holds the record “{keys[position]}”, already stored with other values"
        reason = say(
            f"{what}（{details}）。取込では上書きしません",
            f"{what_en} ({details_en}). An import never overwrites",
        )
        rows.problems.append(Problem(reason, None, rows.rows[position], None, rows.file))
    return new_mask, already
