"""Who is acting: the one seam the later access-control work replaces with a real login."""

from __future__ import annotations

import os

import streamlit as st

FALLBACK = "未設定ユーザー"


def current_user() -> str:
    """The actor recorded with every write.

    Until login exists it comes from configuration: `$LIAISON_ACTOR`, else `[liaison] actor`
    in .streamlit/secrets.toml, else a visible placeholder (never an empty string).
    """
    actor = os.environ.get("LIAISON_ACTOR", "").strip()
    if not actor:
        try:
            actor = str(st.secrets.get("liaison", {}).get("actor", "")).strip()
        except FileNotFoundError:  # no secrets.toml at all
            actor = ""
        except Exception:  # a malformed secrets.toml must not stop the app
            actor = ""
    return actor or FALLBACK
