"""The three download buttons every table offers: CSV (UTF-8 with BOM), CSV (Shift_JIS) and Excel.

Only for people who may export records (liaison.access "export_records"): a 閲覧 or 関係部署 login sees none.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import auth
from liaison import access
from liaison.i18n import t
from liaison.records import exporting

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_buttons(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    stem: str,
    key: str,
    lang: str = "ja",
    folded: bool = True,
) -> None:
    """Buttons that build the file only when clicked (formula-looking cells neutralised by exporting).

    `frame` may be a function returning the frame, so a large export is only queried when asked for.
    """
    if not access.can(auth.principal(), "export_records"):
        return
    rows = frame if callable(frame) else (lambda: frame)
    # Behind a toggle: three buttons on every table cost a noticeable share of each rerun.
    if folded and not st.toggle(t("export_show", lang), key=f"{key}_open"):
        return
    cols = st.columns(3)
    cols[0].download_button(
        t("admin_csv_bom", lang),
        data=lambda: exporting.to_csv(rows()),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )
    cols[1].download_button(
        t("admin_csv_cp932", lang),
        # Shift_JIS cannot hold every character (e.g. some 異体字, emoji): those become 〓, as Excel users expect.
        data=lambda: exporting.to_csv(rows(), encoding="cp932", unencodable="replace"),
        file_name=f"{stem}_sjis.csv",
        mime="text/csv",
        key=f"{key}_cp932",
        help=t("admin_cp932_help", lang),
        on_click="ignore",
    )
    cols[2].download_button(
        t("admin_xlsx", lang),
        data=lambda: exporting.to_xlsx(rows()),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key=f"{key}_xlsx",
        on_click="ignore",
    )
