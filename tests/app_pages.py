"""Opening a page of the app as a link would: AppTest on app.py, switched to the page, with URL parameters."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from liaison import paths

APP = str(paths.ROOT / "app.py")
SERVED_ELSEWHERE = {"views/profile.py", "views/admin.py"}  # url_path differs: AppTest finds them after a run


def open_page(page: str | None, *, timeout: float = 30, **params: str) -> AppTest:
    """The page (a file under views/, or None for the default map) opened with `params` in its URL."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if page in SERVED_ELSEWHERE:
        at.run()  # st.navigation registers the pages (and their url_paths) on the first run
    if page:
        at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()
