"""関係部署への共有: a digest of a period (default: the week ending on the reference day) for the departments.

Events (queries/digest_events.sql): consultations received (new) and changed (an audit_log update or a support
action on an older one), visits with their summaries (the findings), referrals made, departments' answers, and
referrals overdue at the period's end (the 期限超過の橋渡し rule of liaison/figures.py). Counted by 圏域, by DX
field and by department. A department's part: its referrals, and the consultations and visits in its fields
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
    events: pd.DataFrame
    department_fields: pd.DataFrame


def load_frames(con: duckdb.DuckDBPyConnection, date_from: date, date_to: date) -> Frames:
    return Frames(
        events=run_query(
            "digest_events",
            con=con,
            date_from=date_from,
            date_to=date_to,
            overdue_days=figures.REFERRAL_OVERDUE_DAYS,
        ),
        department_fields=run_query("digest_department_fields", con=con),
    )


def department_part(frames: Frames, department_id: int) -> pd.DataFrame:
    """The events that concern one department: its referrals (made, answered, overdue), and the consultations
    and visits in its fields."""
    events = frames.events
    fields = set(
        frames.department_fields.loc[frames.department_fields["department_id"] == department_id, "field_id"]
    )
    mine = events["department_id"] == department_id
    in_fields = events["department_id"].isna() & events["field_id"].isin(fields)
    return events[mine | in_fields].reset_index(drop=True)


def counts(events: pd.DataFrame) -> dict[str, int]:
    """Events per kind (KINDS order); a consultation changed counts once, as the query gives it."""
    return {kind: int((events["kind"] == kind).sum()) for kind in KINDS}


def counts_by(events: pd.DataFrame, dimension: str, lang: str = "ja") -> pd.DataFrame:
    """Events per kind for each 圏域 ("region"), field ("field") or department ("department")."""
    column = {
        "region": localized("region_name", lang),
        "field": localized("field_name", lang),
        "department": "department_name",
    }[dimension]
    frame = events[events[column].notna()] if dimension == "department" else events
    labels = frame[column].fillna(t("digest_no_field", lang))
    table = pd.crosstab(labels, frame["kind"]).reindex(columns=list(KINDS), fill_value=0)
    table.columns = [t(f"digest_kind_{kind}", lang) for kind in KINDS]
    table.index.name = t(f"digest_by_{dimension}", lang)
    return table.reset_index()


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
    )


@dataclass(frozen=True)
class DigestView:
    counts: dict[str, int]
    by_region: pd.DataFrame
    by_field: pd.DataFrame
    by_department: pd.DataFrame
    events: pd.DataFrame
    restricted: bool = False


def view(events: pd.DataFrame, lang: str = "ja", with_text: bool | pd.Series = True) -> DigestView:
    return DigestView(
        counts=counts(events),
        by_region=counts_by(events, "region", lang),
        by_field=counts_by(events, "field", lang),
        by_department=counts_by(events, "department", lang),
        events=event_table(events, lang, with_text),
        restricted=with_text is not True,
    )
