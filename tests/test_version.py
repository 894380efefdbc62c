"""The VERSION file names the release, and every page's footer shows it."""

import re

from streamlit.testing.v1 import AppTest

from liaison import paths
from liaison.version import app_version


def test_version_file_holds_a_plain_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", (paths.ROOT / "VERSION").read_text().strip())
    assert app_version() == (paths.ROOT / "VERSION").read_text().strip()


def test_footer_shows_the_version(app_env):
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert f"版 {app_version()}" in [caption.value for caption in at.caption]
