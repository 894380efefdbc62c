"""アカウント (administrators): who may log in and as what — create, edit, reset a password, unlock,
disable or enable an account, each through liaison.accounts with the person logged in as the actor."""

import streamlit as st

from dashboard import shell
from dashboard.panels import account_forms, forms
from dashboard.readers import accounts as accounts_readers
from liaison import accounts
from liaison.accounts import table as accounts_table
from liaison.i18n import t

context = shell.current()
lang = context.lang

st.title(t("accounts_page", lang))
listing = accounts_readers.listing()
now = accounts.utc_now()
locked = sum(accounts_table.is_locked(row, now) for row in listing.to_dict("records"))
active = int(listing["is_active"].sum())
st.caption(t("accounts_caption", lang).format(active=active, disabled=len(listing) - active, locked=locked))
forms.show_flash()
when = t("accounts_col_created", lang)
st.dataframe(
    accounts_table.accounts_table(listing, now, lang),
    hide_index=True,
    width="stretch",
    placeholder="—",
    key="accounts_table",
    column_config={when: st.column_config.DatetimeColumn(when, format="YYYY-MM-DD HH:mm")},
)

add_tab, edit_tab, password_tab, unlock_tab, activity_tab = st.tabs(
    [
        t("accounts_add", lang),
        t("accounts_edit", lang),
        t("accounts_password", lang),
        t("accounts_unlock", lang),
        t("accounts_activity", lang),
    ]
)
with add_tab:
    account_forms.add_account("accounts_add")
with edit_tab:
    account_forms.edit_account(listing, "accounts_edit")
with password_tab:
    account_forms.reset_password(listing, "accounts_password")
with unlock_tab:
    account_forms.unlock_account(listing, "accounts_unlock")
with activity_tab:
    account_forms.set_activity(listing, "accounts_activity")
