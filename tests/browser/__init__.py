"""Browser tests (headless Chromium through Playwright); see conftest.py."""
