"""Benchmark floor: an app that draws only the shared sidebar, so a page's cost can be read against it."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import shell  # noqa: E402

st.set_page_config(page_title="floor", layout="wide")
shell.sidebar()
