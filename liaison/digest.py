"""関係部署への共有: a digest of a period (default: the week ending on the reference day) for the departments.

Events (queries/digest_events.sql): consultations received (new) and changed (an audit_log update or a support
action on an older one), visits with their summaries (the findings), referrals made, departments' answers, and
referrals overdue at the period's end (the 期限超過の橋渡し rule of liaison/figures.py). Counted by 圏域, by DX
field and by department. Overdue referrals pile up (57k at the large scale, bench/): they are counted in SQL
(queries/digest_overdue_counts.sql) and only the OVERDUE_LISTED that waited longest are listed; the Excel
reads every one when it is asked for (`load_frames(..., every_overdue=True)`). A department's part: its referrals, and the consultations and visits in its fields
(the fields of the consultations ever referred to it: departments have no fields of their own in the records).
Plain pandas, no Streamlit; `load_frames` is the one list of queries the page's reader and the tests run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from liaison import figures
from liaison.fiscal import date_label
from liaison.i18n import localized, t, term
from liaison.queries import run_query

KINDS = ("new", "changed", "visit", "referral", "answer", "overdue")
PERIOD_DAYS = 7
OVERDUE_LISTED = 50  # overdue referrals in the page's list and the PDF, the longest waiting first


def default_period(as_of: date) -> tuple[date, date]:
    """The last week: the seven days ending on the reference day."""
    return as_of - timedelta(days=PERIOD_DAYS - 1), as_of


def check_period(date_from: date, date_to: date, as_of: date) -> None:
    """A period runs forwards and ends by the reference day; else a clear error (nothing is read)."""
    if date_from > date_to:
        raise ValueError(
            t("digest_bad_order").format(date_from=date_label(date_from), date_to=date_label(date_to))
        )
    if date_to > as_of:
        raise ValueError(t("digest_future").format(date_to=date_label(date_to), as_of=date_label(as_of)))


@dataclass(frozen=True)
class Frames:
    events: pd.DataFrame  # every event but the overdue referrals, of which only the longest waiting
    overdue: pd.DataFrame  # overdue referrals counted per department, 圏域 and field (digest_overdue_counts)
    department_fields: pd.DataFrame


def load_frames(
    con: duckdb.DuckDBPyConnection, date_from: date, date_to: date, every_overdue: bool = False
) -> Frames:
    """The period's events with, of each department's overdue referrals, the OVERDUE_LISTED that waited
    longest (which is enough for `listed` to pick the longest waiting of all), or every one."""
    return Frames(
        events=run_query(
            "digest_events",
            con=con,
            date_from=date_from,
            date_to=date_to,
            overdue_days=figures.REFERRAL_OVERDUE_DAYS,
            overdue_listed=None if every_overdue else OVERDUE_LISTED,
        ),
        overdue=run_query(
            "digest_overdue_counts", con=con, date_to=date_to, overdue_days=figures.REFERRAL_OVERDUE_DAYS
        ),
        department_fields=run_query("digest_department_fields", con=con),
    )


def department_part(frames: Frames, department_id: int) -> Frames:
    """The events that concern one department: its referrals (made, answered, overdue), and the consultations
    and visits in its fields."""
    events = frames.events
    fields = set(
        frames.department_fields.loc[frames.department_fields["department_id"] == department_id, "field_id"]
    )
    mine = events["department_id"] == department_id
    in_fields = events["department_id"].isna() & events["field_id"].isin(fields)
    overdue = frames.overdue[frames.overdue["department_id"] == department_id]
    return Frames(
        events=events[mine | in_fields].reset_index(drop=True),
        overdue=overdue.reset_index(drop=True),
        department_fields=frames.department_fields,
    )


def _weighted(frames: Frames) -> pd.DataFrame:
    """One row per event with `events` 1, except the overdue referrals: one row per group with their number."""
    listed = frames.events[frames.events["kind"] != "overdue"].assign(events=1)
    overdue = frames.overdue.assign(kind="overdue").rename(columns={"overdue_count": "events"})
    return pd.concat(
        [listed, overdue[[c for c in overdue.columns if c in listed.columns]]], ignore_index=True
    )


def counts(frames: Frames) -> dict[str, int]:
    """Events per kind (KINDS order); a consultation changed counts once, as the query gives it."""
    per_kind = _weighted(frames).groupby("kind")["events"].sum()
    return {kind: int(per_kind.get(kind, 0)) for kind in KINDS}


def counts_by(frames: Frames, dimension: str, lang: str = "ja") -> pd.DataFrame:
    """Events per kind for each 圏域 ("region"), field ("field") or department ("department")."""
    column = {
        "region": localized("region_name", lang),
        "field": localized("field_name", lang),
        "department": "department_name",
    }[dimension]
    weighted = _weighted(frames)
    frame = weighted[weighted[column].notna()] if dimension == "department" else weighted
    labels = frame[column].fillna(t("digest_no_field", lang))
    table = (
        frame.groupby([labels, frame["kind"]])["events"]
        .sum()
        .unstack("kind")
        .reindex(columns=list(KINDS))
        .fillna(0)
        .astype(int)
    )
    table.columns = [t(f"digest_kind_{kind}", lang) for kind in KINDS]
    table.index.name = t(f"digest_by_{dimension}", lang)
    return table.reset_index()


def listed(events: pd.DataFrame) -> pd.DataFrame:
    """The events as listed: all but the overdue referrals, of which the first OVERDUE_LISTED (the query's
    order: the longest waiting first). Row labels are kept, so a per-row text mask still lines up."""
    overdue = events["kind"] == "overdue"
    return events[~overdue | (overdue.cumsum() <= OVERDUE_LISTED)]


def event_table(events: pd.DataFrame, lang: str = "ja", with_text: bool | pd.Series = True) -> pd.DataFrame:
    """The events as the page lists and the Excel holds them; `with_text` False (or a per-row mask) blanks the
    titles and details (restricted text)."""
    keep = pd.Series(with_text, index=events.index) if not isinstance(with_text, pd.Series) else with_text
    return pd.DataFrame(
        {
            t("digest_col_kind", lang): [t(f"digest_kind_{kind}", lang) for kind in events["kind"]],
            t("digest_col_date", lang): [date_label(d) for d in events["happened_on"]],
            t("digest_by_region", lang): events[localized("region_name", lang)],
            t("digest_col_municipality", lang): events[localized("municipality_name", lang)],
            t("digest_by_field", lang): events[localized("field_name", lang)].fillna("—"),
            t("digest_by_department", lang): events["department_name"].fillna("—"),
            t("digest_col_state", lang): [
                term("referrals", "outcome", s, lang)
                if kind in ("referral", "answer", "overdue")
                else term("consultations", "status", s, lang)
                if s
                else "—"
                for kind, s in zip(events["kind"], events["state"], strict=True)
            ],
            t("digest_col_title", lang): events["title"].where(keep, ""),
            t("digest_col_detail", lang): events["detail"].where(keep, ""),
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class DigestView:
    counts: dict[str, int]
    by_region: pd.DataFrame
    by_field: pd.DataFrame
    by_department: pd.DataFrame
    events: pd.DataFrame
    restricted: bool = False
    overdue_listed: int = 0  # the overdue referrals among `events` (counts["overdue"] is all of them)


def view(frames: Frames, lang: str = "ja", with_text: bool | pd.Series = True) -> DigestView:
    """The digest as shown and printed; `with_text` as in event_table, over frames.events' rows."""
    shown = listed(frames.events)
    keep = with_text if not isinstance(with_text, pd.Series) else with_text.loc[shown.index]
    return DigestView(
        counts=counts(frames),
        by_region=counts_by(frames, "region", lang),
        by_field=counts_by(frames, "field", lang),
        by_department=counts_by(frames, "department", lang),
        events=event_table(shown, lang, keep),
        restricted=with_text is not True,
        overdue_listed=int((shown["kind"] == "overdue").sum()),
    )


def overdue_note(made: DigestView, lang: str = "ja") -> str | None:
    """Under the list, when it holds only some of the overdue referrals: how many of how many; else None."""
    if made.counts["overdue"] <= made.overdue_listed:
        return None
    return t("digest_overdue_listed", lang).format(listed=made.overdue_listed, total=made.counts["overdue"])
