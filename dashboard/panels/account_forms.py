"""The アカウント page's forms: create an account, edit its role and name, reset its password, unlock it,
disable or enable it.

Each calls one write of liaison.accounts with the person logged in (`auth.principal()`) as the actor:
the change and its audit row (never a password or its hash) in one transaction, then exactly the caches
of liaison.accounts.TABLES_TOUCHED are cleared and the page reruns. A refused submit lists the problems
(or the permission error), escaped, and keeps what was typed. After a write the form empties (passwords
included), so a second click on the same button submits an empty form; creating the same login name
twice is refused by the write API (「このログイン名はもう使われています」).
The role is chosen outside each form, so the form shows the tie it needs: a roster person for the two
liaison roles, a department for 関係部署.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import auth, db, shell
from dashboard.panels.forms import FLASH, _reset_when_written
from dashboard.readers import referrals as referrals_readers
from dashboard.readers import roster as roster_readers
from liaison import access, accounts, records, safe_text
from liaison.access.rules import DEPARTMENT, LIAISON_ROLES, ROLES
from liaison.accounts import table as accounts_table
from liaison.i18n import in_lang, reason_of, t, term

NONE = ""  # a string, not None: a selectbox showing None shows its placeholder
PASSWORD_MAX = 200


def _write(key: str, write: Callable, message: str, *args, **fields) -> bool:
    """Run one write of liaison.accounts as the person logged in; on success clear caches, empty, rerun."""
    lang = shell.current().lang
    try:
        write(db.connection(), auth.principal(), *args, **fields)
    except records.ValidationError as error:
        for problem in error.problems:
            st.error(safe_text.markdown(problem.message(lang)))  # values are the user's own text
        return False
    except access.PermissionDenied as error:
        st.error(safe_text.markdown(in_lang(reason_of(error), lang)))
        return False
    db.after_write(*accounts.TABLES_TOUCHED)
    st.session_state[FLASH] = {"key": key, "message": message}  # show_flash escapes it
    st.session_state[f"{key}_written"] = True
    st.rerun()
    return True  # not reached: st.rerun() stops this run


def _role(key: str, lang: str, current: str = ROLES[0]) -> str:
    return st.selectbox(
        t("accounts_role", lang),
        list(ROLES),
        index=list(ROLES).index(current) if current in ROLES else 0,
        format_func=lambda r: term("accounts", "role", r, lang),
        key=key,
    )


def _tie(container, role: str, key: str, lang: str, liaison_id=None, department_id=None) -> dict:
    """The roster person (liaison roles) or the department (関係部署) the account is tied to."""
    if role in LIAISON_ROLES:
        people = roster_readers.people()
        shown = people[people["is_active"] | (people["liaison_id"] == liaison_id)]
        names = {
            row["liaison_id"]: f"{row['name_ja']}（{row['liaison_id']}）" for row in shown.to_dict("records")
        }
        options = [NONE, *names]
        chosen = container.selectbox(
            t("accounts_liaison", lang),
            options,
            index=options.index(liaison_id) if liaison_id in options else 0,
            format_func=lambda i: names.get(i, t("accounts_none", lang)),
            key=f"{key}_liaison",
        )
        return {"liaison_id": chosen or None, "department_id": None}
    if role == DEPARTMENT:
        departments = referrals_readers.departments()
        shown = departments[departments["is_active"] | (departments["department_id"] == department_id)]
        names = {int(row["department_id"]): row["name_ja"] for row in shown.to_dict("records")}
        options = [NONE, *names]
        current = int(department_id) if department_id is not None and not pd.isna(department_id) else None
        chosen = container.selectbox(
            t("accounts_department", lang),
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda i: names.get(i, t("accounts_none", lang)),
            key=f"{key}_department",
        )
        return {"liaison_id": None, "department_id": chosen if chosen != NONE else None}
    return {"liaison_id": None, "department_id": None}


def _passwords(container, key: str, lang: str, first_label: str) -> tuple[str, str]:
    cols = container.columns(2)
    first = cols[0].text_input(
        t(first_label, lang), type="password", max_chars=PASSWORD_MAX, key=f"{key}_password"
    )
    again = cols[1].text_input(
        t("accounts_password_2", lang), type="password", max_chars=PASSWORD_MAX, key=f"{key}_again"
    )
    return first, again


def add_account(key: str = "accounts_add") -> None:
    """A new account: login name, 氏名, role and its tie; an initial password twice, or directory only."""
    lang = shell.current().lang
    _reset_when_written(
        key,
        {
            "login": "",
            "name": "",
            "password": "",
            "again": "",
            "directory": False,
            "liaison": NONE,
            "department": NONE,
        },
    )
    st.caption(t("accounts_tie_hint", lang))
    role = _role(f"{key}_role", lang)
    with st.form(key, clear_on_submit=False):
        cols = st.columns(2)
        login_name = cols[0].text_input(
            t("accounts_login_name", lang),
            max_chars=accounts.LOGIN_NAME_MAX,
            help=t("accounts_login_help", lang),
            key=f"{key}_login",
        )
        display_name = cols[1].text_input(
            t("accounts_display_name", lang), max_chars=accounts.DISPLAY_NAME_MAX, key=f"{key}_name"
        )
        tie = _tie(st, role, key, lang)
        directory_only = st.checkbox(t("accounts_directory_check", lang), key=f"{key}_directory")
        password, again = _passwords(st, key, lang, "accounts_password_1")
        if st.form_submit_button(t("accounts_add_submit", lang)):
            if not directory_only and not password:
                st.error(t("accounts_password_missing", lang))
            elif not directory_only and password != again:
                st.error(t("accounts_password_mismatch", lang))
            else:
                _write(
                    key,
                    accounts.create_account,
                    t("accounts_add_done", lang).format(login=login_name.strip(), name=display_name.strip()),
                    login_name=login_name,
                    display_name=display_name,
                    role=role,
                    password=None if directory_only else password,
                    **tie,
                )


def _pick_account(frame: pd.DataFrame, key: str, lang: str) -> dict | None:
    """An account picker (widget `<key>_who`); the chosen account's row, or None when there is none."""
    labels = accounts_table.labels(frame, lang)
    if not labels:
        return None
    account_id = st.selectbox(
        t("accounts_pick", lang), list(labels), format_func=labels.get, key=f"{key}_who"
    )
    return frame.set_index("account_id").loc[account_id].to_dict() | {"account_id": int(account_id)}


def edit_account(frame: pd.DataFrame, key: str = "accounts_edit") -> None:
    """An account's role, 氏名 and tie (its login name stays)."""
    lang = shell.current().lang
    account = _pick_account(frame, key, lang)
    if account is None:
        return
    prefix = f"{key}_{account['account_id']}"  # each account's widgets start from its stored values
    role = _role(f"{prefix}_role", lang, account["role"])
    with st.form(f"{key}_form", clear_on_submit=False):
        display_name = st.text_input(
            t("accounts_display_name", lang),
            value=account["display_name"],
            max_chars=accounts.DISPLAY_NAME_MAX,
            key=f"{prefix}_name",
        )
        liaison_id = None if pd.isna(account["liaison_id"]) else account["liaison_id"]
        tie = _tie(st, role, prefix, lang, liaison_id, account["department_id"])
        if st.form_submit_button(t("accounts_edit_submit", lang)):
            _write(
                key,
                accounts.edit_account,
                t("accounts_edit_done", lang).format(login=account["login_name"]),
                account["account_id"],
                display_name=display_name,
                role=role,
                **tie,
            )


def reset_password(frame: pd.DataFrame, key: str = "accounts_password") -> None:
    """A new local password for an account, typed twice (ends its sessions, lifts a lock)."""
    lang = shell.current().lang
    _reset_when_written(key, {"password": "", "again": ""})
    st.caption(t("accounts_password_hint", lang))
    account = _pick_account(frame, key, lang)
    if account is None:
        return
    with st.form(f"{key}_form", clear_on_submit=False):
        password, again = _passwords(st, key, lang, "accounts_password_new")
        if st.form_submit_button(t("accounts_password_submit", lang)):
            if not password:
                st.error(t("accounts_password_missing", lang))
            elif password != again:
                st.error(t("accounts_password_mismatch", lang))
            else:
                _write(
                    key,
                    accounts.set_password,
                    t("accounts_password_done", lang).format(login=account["login_name"]),
                    account["account_id"],
                    password,
                )


def unlock_account(frame: pd.DataFrame, key: str = "accounts_unlock") -> None:
    """The locked accounts (and those with failed logins), and a button to unlock one."""
    lang = shell.current().lang
    now = accounts.utc_now()
    waiting = accounts_table.needing_unlock(frame, now)
    if waiting.empty:
        st.info(t("accounts_unlock_none", lang))
        return
    st.caption(t("accounts_unlock_hint", lang))
    st.dataframe(accounts_table.accounts_table(waiting, now, lang), hide_index=True, key=f"{key}_table")
    account = _pick_account(waiting, key, lang)
    if st.button(t("accounts_unlock_submit", lang), key=f"{key}_{account['account_id']}_submit"):
        _write(
            key,
            accounts.unlock,
            t("accounts_unlock_done", lang).format(login=account["login_name"]),
            account["account_id"],
        )


def set_activity(frame: pd.DataFrame, key: str = "accounts_activity") -> None:
    """Disable an active account (its sessions end at once) or enable a disabled one."""
    lang = shell.current().lang
    st.caption(t("accounts_activity_hint", lang))
    account = _pick_account(frame, key, lang)
    if account is None:
        return
    active = bool(account["is_active"])
    label = t("accounts_disable_submit" if active else "accounts_enable_submit", lang)
    # keyed by account and state: a second click that arrives after the change cannot undo it
    state = "disable" if active else "enable"
    if st.button(label, key=f"{key}_{account['account_id']}_{state}"):
        done = "accounts_disabled_done" if active else "accounts_enabled_done"
        _write(
            key,
            accounts.set_active,
            t(done, lang).format(login=account["login_name"]),
            account["account_id"],
            not active,
        )
