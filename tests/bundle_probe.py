"""Log in to an installed dashboard with headless Chromium, open the map, screenshot it (tests/test_bundle.py).

    python tests/bundle_probe.py URL LOGIN PASSWORD SCREENSHOT

Prints one JSON line: the map page's h1 texts, whether the map canvas drew, and every URL the page
asked for that was not on URL's own origin (none is allowed: nothing is fetched). Run inside the
network namespace of the installed server.
"""

from __future__ import annotations

import json
import sys
import tempfile

from playwright.sync_api import sync_playwright

from liaison.localserver import CHROMIUM, CHROMIUM_ARGS, RUN_FINISHED

LOCAL_SCHEMES = ("data:", "blob:", "about:")


def main(url: str, login: str, password: str, screenshot: str) -> int:
    outside: list[str] = []
    with tempfile.TemporaryDirectory(prefix="probe-chromium-") as profile, sync_playwright() as driver:
        browser = driver.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1100},
        )
        page = browser.new_page()
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith((url, *LOCAL_SCHEMES)) else outside.append(request.url)
            ),
        )
        page.goto(f"{url}/liaison/login?next=/", timeout=60_000)
        page.locator("#login_name").fill(login)
        page.locator("#password").fill(password)
        page.get_by_role("button", name="ログイン", exact=True).click()
        page.wait_for_url(f"{url}/**", timeout=60_000)
        page.locator(RUN_FINISHED).wait_for(timeout=90_000)
        page.locator("h1").first.wait_for(timeout=60_000)
        drawn = page.locator(".liaison-map[data-drawn] svg").first  # the map (dashboard/panels/mapview.py)
        drawn.wait_for(timeout=60_000)
        page.screenshot(path=screenshot, full_page=True)
        result = {
            "headings": page.locator("h1").all_inner_texts(),
            "map": drawn.bounding_box(),
            "footer": page.get_by_text("版 ").all_inner_texts(),
            "outside_requests": outside,
        }
        browser.close()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
