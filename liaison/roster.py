"""The roster page's view-models: the people table, and the choices its forms offer (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from liaison.fiscal import date_label
from liaison.i18n import t, term


def roster_table(people: pd.DataFrame, lang: str = "ja", *, show_retired: bool = True) -> pd.DataFrame:
    """One row per person (roster_people.sql): name, section, assignments, contact, active from/to, open owned."""
    shown = people if show_retired else people[people["is_active"]]
    en = lang == "en"

    def day(value) -> str:
        return "" if pd.isna(value) else date_label(pd.Timestamp(value).date(), lang)

    return pd.DataFrame(
        {
            t("roster_col_id", lang): list(shown["liaison_id"]),
            t("roster_col_name", lang): list(shown["name_ja"]),
            t("roster_col_section", lang): [term("liaisons", "section", s, lang) for s in shown["section"]],
            t("roster_col_assignments", lang): list(shown["assignments_en" if en else "assignments_ja"]),
            t("roster_col_contact", lang): list(shown["contact"]),
            t("roster_col_from", lang): [day(v) for v in shown["active_from"]],
            t("roster_col_to", lang): [day(v) for v in shown["active_to"]],
            t("roster_col_state", lang): [
                t("roster_active" if active else "roster_retired", lang) for active in shown["is_active"]
            ],
            t("roster_col_open", lang): [int(n) for n in shown["open_consultations"]],
        }
    )


def person_labels(people: pd.DataFrame, lang: str = "ja", *, active_only: bool = False) -> dict[str, str]:
    """id → 「氏名（ID）」 for the roster's own pickers (retired people marked), one per person."""
    chosen = people[people["is_active"]] if active_only else people
    retired = t("roster_retired", lang)
    return {
        row["liaison_id"]: f"{row['name_ja']}（{row['liaison_id']}）"
        + ("" if row["is_active"] else f" — {retired}")
        for row in chosen.to_dict("records")
    }


def assignment_label(row: dict, lang: str = "ja") -> str:
    """「地域・但馬（2025-04-01〜）」 / "Regional, Tajima (from 2025-04-01)" for one assignment."""
    kind = term("liaisons", "kind", row["kind"], lang)
    target = row["target_en" if lang == "en" else "target_ja"]
    started = "" if pd.isna(row["started_on"]) else date_label(pd.Timestamp(row["started_on"]).date(), lang)
    if lang == "en":
        return f"{kind}, {target}" + (f" (from {started})" if started else "")
    return f"{kind}・{target}" + (f"（{started}〜）" if started else "")


def consultation_label(row: dict, lang: str = "ja") -> str:
    """「#123 件名（養父市・保留）」 for the handover of one open consultation."""
    place = row["municipality_name_en" if lang == "en" else "municipality_name_ja"]
    status = term("consultations", "status", row["status"], lang)
    if lang == "en":
        return f"#{int(row['consultation_id'])} {row['title']} ({place}, {status})"
    return f"#{int(row['consultation_id'])} {row['title']}（{place}・{status}）"
