"""監査ログ (administrators): who changed what and when, before → after; every login and failed login.

Filters (person, table, action or outcome, days in 日本時間) narrow both views; the table shows the newest
1,000 matching rows with the count of all, the export holds every matching row. Selecting a change
opens its fields before and after and the stored JSON.
"""

import streamlit as st

from dashboard import shell
from dashboard.panels import downloads
from dashboard.panels.forms import DATE_FORMAT
from dashboard.readers import audit as audit_readers
from dashboard.readers import consultations as consultations_readers
from liaison import audit, safe_text
from liaison.i18n import t

ALL = ""  # a string, not None: a selectbox showing None shows its placeholder
WHEN = "YYYY-MM-DD HH:mm:ss"

context = shell.current()
lang = context.lang
st.title(t("audit_page", lang))
st.caption(t("audit_caption", lang))
facets = audit_readers.facets()
view = shell.view_switch("audit", ["changes", "logins"], lang)


def pick(column, label_key: str, options, key: str, label=str):
    """A selectbox of `options` with 「すべて」 first; None when すべて is chosen."""
    shell.seed(key, ALL)
    if st.session_state[key] not in (ALL, *options):
        st.session_state[key] = ALL
    chosen = column.selectbox(
        t(label_key, lang),
        [ALL, *options],
        format_func=lambda v: t("audit_all", lang) if v == ALL else label(v),
        key=key,
    )
    shell.save(key)
    return chosen or None


def days(column, label_key: str, key: str):
    return column.date_input(t(label_key, lang), value=None, format=DATE_FORMAT, key=key)


cols = st.columns(5 if view == "changes" else 4)
if view == "changes":
    person = pick(cols[0], "audit_person", facets.get("actor", []), "audit_person")
    tables = [name for name in audit.TABLES if name in facets.get("table_name", [])]
    tables += [name for name in facets.get("table_name", []) if name not in tables]
    table_name = pick(cols[1], "audit_table", tables, "audit_table", lambda v: audit.table_label(v, lang))
    action = pick(
        cols[2], "audit_action", audit.ACTIONS, "audit_action", lambda v: audit.action_label(v, lang)
    )
else:
    person = pick(cols[0], "audit_login_person", facets.get("login_name", []), "audit_login_person")
    table_name = None
    action = pick(
        cols[1], "audit_outcome", audit.OUTCOMES, "audit_outcome", lambda v: audit.outcome_label(v, lang)
    )
from_on = days(cols[-2], "audit_from", "audit_from")
to_on = days(cols[-1], "audit_to", "audit_to")
filters = audit.Filters(person, table_name, action, from_on, to_on)

if view == "changes":
    names = consultations_readers.history_names(lang)
    rows = audit_readers.changes(filters)
    shown = audit.changes_table(rows, lang, names)
    export, stem = audit_readers.changes_export(filters, lang, names), "audit_changes"
else:
    rows = audit_readers.logins(filters)
    shown = audit.logins_table(rows, lang)
    export, stem = audit_readers.logins_export(filters, lang), "audit_logins"


def opened_change(row: dict, said) -> None:
    """The selected change: its heading, the fields before → after, and the stored JSON."""
    st.subheader(
        safe_text.markdown(  # the actor and the record key come from the store
            t("audit_detail", lang).format(
                when=said[when].strftime("%Y-%m-%d %H:%M:%S"),
                actor=said[t("audit_col_actor", lang)],
                table=said[t("audit_col_table", lang)],
                record=said[t("audit_col_record", lang)],
                action=said[t("audit_col_action", lang)],
            )
        )
    )
    fields = audit.field_changes(row["table_name"], row["before_json"], row["after_json"], lang, names)
    if not fields.empty:
        st.dataframe(fields, hide_index=True, width="stretch", key="audit_detail_fields")
    opened = audit.detail(row)
    for column, side in zip(st.columns(2), ("before", "after"), strict=True):
        column.markdown(f"**{t(f'audit_detail_{side}', lang)}**")
        if opened[side] is None:
            column.caption(t("audit_detail_empty", lang))
        else:
            column.json(opened[side], expanded=True)


total = audit.total(rows)
when = t("audit_col_when", lang)
if total == 0:
    st.info(t("audit_none", lang))
else:
    st.caption(t("audit_count", lang).format(total=total, shown=len(shown)))
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        placeholder="—",
        on_select="rerun" if view == "changes" else "ignore",
        selection_mode="single-row",
        key=f"audit_{view}_table",
        column_config={when: st.column_config.DatetimeColumn(when, format=WHEN)},
    )
    downloads.export_buttons(export, stem, f"audit_{view}_export", lang)
    if view == "changes":
        selected = (event or {}).get("selection", {}).get("rows", [])
        if selected:
            opened_change(rows.iloc[selected[0]].to_dict(), shown.iloc[selected[0]])
        else:
            st.caption(t("audit_select_hint", lang))
