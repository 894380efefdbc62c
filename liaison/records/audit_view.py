"""Audit-log rows made readable: one sentence each, with field labels, names instead of ids, dates ISO.

「2025-11-30 14:05 テスト担当が 状況 を 対応中 から 完了 に、完了日 を （なし） から 2025-11-30 に変更しました」;
in English "2025-11-30 14:05 テスト担当 changed Status from In progress to Done, …". The sentences are
plain text for st.dataframe (user text in them is never interpreted as markup).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from liaison.i18n import VOCABULARY, is_missing, t, term
from liaison.records.labels import LABELS
from liaison.texts.forms import FIELD_EN

OWN_IDS = {
    "visits": "visit_id",
    "consultations": "consultation_id",
    "support_actions": "action_id",
    "readiness_assessments": "assessment_id",
    "engagements": "engagement_id",
    "chat_pushes": "push_id",
    "engagement_followups": "followup_id",
    "referrals": "referral_id",
}
# An engagement's and a push's child rows, listed in their insert's (and an edit's) audit row.
CHILD_LISTS = ("participants", "liaisons", "followups", "recipients")
HIDDEN = {"source_key", "children"}  # children: a void's child rows (the void's sentence names the reason)
OTHER_ACTIONS = ("delete", "build")  # no write of the app makes them; named should an admin's tool
# Which name list turns a stored id into what a person reads (keys of readable()'s `names`).
NAMED = {
    "liaison_id": "liaisons",
    "owner_liaison_id": "liaisons",
    "municipality_code": "municipalities",
    "field_id": "fields",
    "topic_field_id": "fields",
}
TEXT_LIMIT = 40  # a long free text is cut in a sentence; the record itself shows it whole

Names = Mapping[str, Mapping[str, str]]


def _load(text) -> dict:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return {}
    value = json.loads(text) if isinstance(text, str) else text
    return value if isinstance(value, dict) else {}


def label(table: str, column: str, lang: str = "ja") -> str:
    """A stored column as a person calls it (the write API's LABELS, or their English)."""
    if column in CHILD_LISTS:
        return t(f"history_{column}", lang)
    labels = FIELD_EN if lang == "en" else LABELS
    return labels.get(table, {}).get(column, column)


def shown(table: str, column: str, value, lang: str = "ja", names: Names | None = None) -> str:
    """A stored value as a person reads it: a name for an id, the vocabulary's word, ISO dates, 「（なし）」."""
    if column in CHILD_LISTS and isinstance(value, list) and value:
        return _children(column, value, lang, names)
    if isinstance(value, list):
        return _listed(value, lang, names)
    if value is None or is_missing(value) or (isinstance(value, str) and not value.strip()):
        return t("history_none", lang)
    if column in NAMED:
        return str((names or {}).get(NAMED[column], {}).get(value, value))
    if (table, column) in VOCABULARY:
        return term(table, column, value, lang)
    text = str(value)
    if len(text) == 19 and text[10] == "T":  # an ISO timestamp from the JSON: the date and time
        text = text.replace("T", " ")[:16]
    text = " ".join(text.split())  # one line in a table cell
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _listed(rows: list, lang: str, names: Names | None) -> str:
    """Child rows of an edit (participants, recipients) as 「姫路市（首長）、明石市」."""
    if not rows:
        return t("history_none", lang)
    municipalities = (names or {}).get("municipalities", {})
    parts = []
    for row in rows:
        row = row if isinstance(row, dict) else {"municipality_code": row}
        said = str(municipalities.get(row.get("municipality_code"), row.get("municipality_code")))
        if row.get("participant_level"):
            level = term("engagement_participants", "participant_level", row["participant_level"], lang)
            said += t("history_level", lang).format(level=level)
        parts.append(said)
    return t("history_facts_joint", lang).join(parts)


def _children(column: str, rows: list, lang: str, names: Names | None) -> str:
    """An engagement's or a push's child rows as one readable list (names, levels, promises)."""
    named = names or {}
    if column == "participants":
        parts = [
            t("history_participant", lang).format(
                name=named.get("municipalities", {}).get(
                    row.get("municipality_code"), row.get("municipality_code")
                ),
                level=term(
                    "engagement_participants", "participant_level", row.get("participant_level"), lang
                ),
            )
            for row in rows
        ]
    elif column == "liaisons":
        parts = [
            str(named.get("liaisons", {}).get(row.get("liaison_id"), row.get("liaison_id"))) for row in rows
        ]
    elif column == "recipients":
        parts = [
            str(
                named.get("municipalities", {}).get(
                    row.get("municipality_code"), row.get("municipality_code")
                )
            )
            for row in rows
        ]
        if len(parts) > 5:
            return (
                t("history_facts_joint", lang).join(parts[:5])
                + ("…ほか" if lang != "en" else ", …")
                + (f"{len(parts) - 5}" + ("市町" if lang != "en" else " more"))
            )
    else:
        parts = [
            t("history_followup", lang).format(
                promise=row.get("promise", ""),
                by=row.get("promised_by", ""),
                due=row.get("due_on") or t("history_none", lang),
            )
            for row in rows
        ]
    return (
        t("history_list_joint", lang).join(parts)
        if column == "followups"
        else t("history_facts_joint", lang).join(parts)
    )


def _visible(table: str, column: str) -> bool:
    return column not in HIDDEN and column != OWN_IDS.get(table)


def _ordered(table: str, columns) -> list[str]:
    known = list(LABELS.get(table, {}))
    return sorted(columns, key=lambda c: (known.index(c) if c in known else len(known), c))


def sentence(
    when: str,
    actor: str,
    table: str,
    action: str,
    before,
    after,
    lang: str = "ja",
    names: Names | None = None,
) -> str:
    """One audit-log row as a sentence (see the module's docstring)."""
    old, new = _load(before), _load(after)
    subject = t(f"history_subject_{table}", lang) if table in OWN_IDS else table
    common = {"when": when, "actor": actor, "subject": subject}
    if action == "update":
        changed = _ordered(
            table, [c for c in new.keys() | old.keys() if _visible(table, c) and old.get(c) != new.get(c)]
        )
        if not changed:
            return t("history_nothing_changed", lang).format(**common)
        parts = [
            t("history_change", lang).format(
                label=label(table, c, lang),
                old=shown(table, c, old.get(c), lang, names),
                new=shown(table, c, new.get(c), lang, names),
            )
            for c in changed
        ]
        return t("history_updated", lang).format(
            changes=t("history_changes_joint", lang).join(parts), **common
        )
    if action == "insert":
        facts = [
            t("history_fact", lang).format(
                label=label(table, c, lang), value=shown(table, c, new[c], lang, names)
            )
            for c in _ordered(table, new)
            if _visible(table, c) and not _empty(new[c])
        ]
        said = t("history_inserted", lang).format(**common)
        if facts:
            said += t("history_facts", lang).format(facts=t("history_facts_joint", lang).join(facts))
        return said
    if action == "import":
        return t("history_imported", lang).format(
            file=new.get("file", ""), count=new.get("inserted", ""), **common
        )
    if action == "void":
        return t("history_voided", lang).format(reason=" ".join(str(new.get("reason", "")).split()), **common)
    if action == "restore":
        return t("history_restored", lang).format(**common)
    named = t(f"history_action_{action}", lang) if action in OTHER_ACTIONS else action
    return t("history_other", lang).format(action=named, **common)


def _empty(value) -> bool:
    if isinstance(value, list):
        return not value
    return is_missing(value) or not str(value).strip()


def _when(value) -> str:
    """An audit time as 「2025-11-30 14:05」."""
    if is_missing(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def readable(
    history: pd.DataFrame, lang: str = "ja", names: Names | None = None, table_name: str | None = None
) -> pd.DataFrame:
    """One column, 履歴 / History: a sentence per audit row, oldest first, for st.dataframe (plain text).

    `history` has acted_at, actor, action, before_json, after_json and either table_name or the
    `table_name` argument; `names` maps "liaisons", "municipalities" and "fields" to id → name.
    """
    tables = history["table_name"] if "table_name" in history else [table_name] * len(history)
    sentences = [
        sentence(_when(when), actor, table, action, before, after, lang, names)
        for when, actor, table, action, before, after in zip(
            history["acted_at"],
            history["actor"],
            tables,
            history["action"],
            history["before_json"],
            history["after_json"],
            strict=True,
        )
    ]
    return pd.DataFrame({t("history_column", lang): sentences})
