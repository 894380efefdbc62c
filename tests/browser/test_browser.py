"""The app in a real browser: the map draws, stays offline, logs no errors, and drills down on a click.

Run: .venv/bin/python -m pytest tests/browser -q   (screenshots land in tests/artifacts/)
"""

from __future__ import annotations

import io
import json
import math
import re
import time
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image

from liaison import paths

from .conftest import RUN_FINISHED, Recorder

pytestmark = pytest.mark.browser

HIMEJI = "282014"
HIMEJI_NAME = "姫路市"
DEMO_NOTICE = "デモデータ（架空）"
CHART = ".liaison-map"  # the map component (dashboard/panels/mapview.py), inside its shadow root
KOBE_GREY = (158, 158, 158)  # #9e9e9e, 神戸市 (outside the programme); drawn at ~92 % opacity
# Console messages that are not the app's: SwiftShader reports its own read-backs (as warnings).
HARMLESS_CONSOLE = ("GPU stall due to ReadPixels",)
# Streamlit's own probe on a deep link to a page: it first asks /<page>/_stcore/health and
# /<page>/_stcore/host-config (404), then the root ones (200). streamlit/streamlit#7074, open.
STREAMLIT_SUBPAGE_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


# --------------------------------------------------------------------------- helpers


def wait_for_run(page) -> None:
    page.wait_for_selector(RUN_FINISHED)


def chart_image(page) -> Image.Image:
    png = page.locator(CHART).screenshot(animations="disabled")
    return Image.open(io.BytesIO(png)).convert("RGB")


def colour_stats(image: Image.Image) -> tuple[int, float]:
    """(number of distinct colours, share of pixels not in the commonest colour)."""
    colours = image.getcolors(maxcolors=1 << 22)
    total = image.width * image.height
    return len(colours), 1 - max(count for count, _ in colours) / total


def looks_drawn(image: Image.Image) -> bool:
    distinct, painted = colour_stats(image)
    return distinct > 50 and painted > 0.10


def wait_for_map(page, timeout: float = 60) -> Image.Image:
    """Screenshots of the map element until it shows the polygons (it marks itself drawn first)."""
    page.wait_for_selector(f"{CHART}[data-drawn] svg", state="attached", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while True:
        image = chart_image(page)
        if looks_drawn(image):
            return image
        if time.monotonic() > deadline:
            distinct, painted = colour_stats(image)
            raise AssertionError(f"map not drawn: {distinct} colours, {painted:.1%} painted")
        page.wait_for_timeout(200)


def near(pixels: np.ndarray, colour: tuple[int, int, int], tolerance: int) -> np.ndarray:
    return (np.abs(pixels - np.array(colour)) <= tolerance).all(axis=-1)


def open_map(page, base_url: str) -> Image.Image:
    page.goto(base_url + "/")
    wait_for_run(page)
    return wait_for_map(page)


def _coordinates(geometry: dict):
    """Every (lon, lat) of a Polygon or MultiPolygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def predicted_pixel(image: Image.Image, code: str) -> tuple[float, float]:
    """Where municipality `code` should be inside the map element.

    The drawn prefecture's pixel extent (everything not background, minus the zoom buttons)
    is matched to the boundaries' lon/lat extent in Web Mercator; the municipality's label
    point is then placed by linear interpolation. No knowledge of the app's zoom logic needed.
    """
    features = json.loads((paths.BOUNDARIES / "municipalities.geojson").read_text(encoding="utf-8"))[
        "features"
    ]
    points = [xy for feature in features for xy in _coordinates(feature["geometry"])]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    target = next(f for f in features if f["properties"]["code"] == code)
    props = target["properties"]
    if "label_lon" in props:
        lon, lat = props["label_lon"], props["label_lat"]
    else:
        ring = list(_coordinates(target["geometry"]))
        lon, lat = sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)

    pixels = np.asarray(image, dtype=int)
    background = np.array(max(image.getcolors(maxcolors=1 << 22))[1])
    painted = np.abs(pixels - background).sum(axis=-1) > 40
    height, width = painted.shape
    painted[:90, width - 90 :] = False  # zoom buttons, top right
    ys, xs = np.nonzero(painted)
    left, right, top, bottom = xs.min(), xs.max(), ys.min(), ys.max()
    x = left + (lon - west) / (east - west) * (right - left)
    y = top + (_merc_y(north) - _merc_y(lat)) / (_merc_y(north) - _merc_y(south)) * (bottom - top)
    return float(x), float(y)


def tooltip_text(page, timeout_ms: int = 1500) -> str:
    tooltip = page.locator(f"{CHART} .tip")
    try:
        tooltip.wait_for(state="visible", timeout=timeout_ms)
    except Exception:
        return ""
    return tooltip.inner_text()


def hover_until(page, name: str, guess: tuple[float, float]) -> tuple[float, float]:
    """Page coordinates over municipality `name`: the guess first, then a widening spiral.

    Confirmed by the map's tooltip, which names the polygon under the pointer.
    """
    box = page.locator(CHART).bounding_box()
    offsets = [(0, 0)] + [
        (radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle)))
        for radius in (12, 24, 40)
        for angle in range(0, 360, 45)
    ]
    seen = []
    for dx, dy in offsets:
        x, y = box["x"] + guess[0] + dx, box["y"] + guess[1] + dy
        page.mouse.move(x, y)
        text = tooltip_text(page)
        seen.append(text.split("\n")[0][:20])
        if name in text:
            return x, y
    raise AssertionError(f"no tooltip naming {name} near {guess}; saw {seen}")


def heading_with(page, text: str, timeout_ms: int = 30_000) -> str:
    """The page title (h1) that contains `text`, once it is shown (a rerun may still be replacing the old one)."""
    heading = page.locator("h1").filter(has_text=text).first
    try:
        heading.wait_for(state="visible", timeout=timeout_ms)
    except Exception as error:
        shown = page.locator("h1").all_inner_texts()
        raise AssertionError(f"no h1 containing {text!r}; h1 shown: {shown}") from error
    return heading.inner_text()


def request_is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob"):
        return True
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname in LOCAL_HOSTS


def is_harmless(text: str, source: str) -> bool:
    if any(harmless in text for harmless in HARMLESS_CONSOLE):
        return True
    return text.startswith("Failed to load resource") and bool(
        STREAMLIT_SUBPAGE_PROBE.search(urlparse(source).path)
    )


def console_errors(recorder: Recorder) -> list[str]:
    errors = [
        f"{text} ({source})"
        for kind, text, source in recorder.console
        if kind == "error" and not is_harmless(text, source)
    ]
    return errors + [f"uncaught: {error}" for error in recorder.page_errors]


# --------------------------------------------------------------------------- a recorded tour


@pytest.fixture(scope="module")
def tour(browser_context, app_url) -> Recorder:
    """Load the map, change the metric, hover and click 姫路市, then open a deep link.

    Every request and console message of the tour is recorded for the offline and
    console tests below.
    """
    recorder = Recorder()
    if browser_context is None:  # no browser and REQUIRE_BROWSER=1: the tests fail with the reason
        return recorder
    page = browser_context.new_page()
    recorder.attach(page)
    try:
        image = open_map(page, app_url)

        # Change the map's metric through its selectbox.
        before = parse_qs(urlparse(page.url).query).get("metric")
        page.get_by_test_id("stSelectbox").filter(has_text="地図の指標").click()
        other = page.locator('[role="option"]:not([aria-selected="true"])').first
        other.wait_for()
        other.click()
        page.wait_for_function(
            "before => new URLSearchParams(location.search).get('metric') !== before",
            arg=before[0] if before else None,
        )
        wait_for_run(page)
        image = wait_for_map(page)

        # Hover then click a municipality: the profile opens.
        x, y = hover_until(page, HIMEJI_NAME, predicted_pixel(image, HIMEJI))
        page.mouse.click(x, y)
        page.wait_for_url(re.compile(r"/municipality\?"))
        wait_for_run(page)
        heading_with(page, HIMEJI_NAME)

        # A deep link in a second tab.
        second = browser_context.new_page()
        recorder.attach(second)
        try:
            second.goto(f"{app_url}/municipality?code={HIMEJI}")
            wait_for_run(second)
            heading_with(second, HIMEJI_NAME)
            second.wait_for_timeout(1000)  # let late console messages arrive
        finally:
            second.close()
    finally:
        page.close()
    return recorder


# --------------------------------------------------------------------------- tests


def test_map_page_draws_the_map(new_page, app_url, artifacts):
    page = new_page()
    image = open_map(page, app_url)
    image.save(artifacts / "map_picture.png")
    page.screenshot(path=str(artifacts / "map.png"))

    distinct, painted = colour_stats(image)
    assert distinct > 50, f"only {distinct} colours: the map looks blank"
    assert painted > 0.10, f"only {painted:.1%} of the map area differs from the background"

    pixels = np.asarray(image, dtype=int)
    # 神戸市 is grey (#9e9e9e), blended a little with the light background by its alpha.
    grey = near(pixels, KOBE_GREY, 12) & (pixels.max(axis=-1) - pixels.min(axis=-1) <= 4)
    assert grey.sum() > 500, f"神戸市's grey covers only {grey.sum()} pixels"
    # The choropleth's colours: a good share of clearly coloured (not grey) pixels.
    coloured = (pixels.max(axis=-1) - pixels.min(axis=-1)) > 40
    assert coloured.mean() > 0.05, f"only {coloured.mean():.1%} of the map is coloured"

    assert page.get_by_test_id("stMetric").count() >= 4  # the KPI tiles
    assert page.locator(f"{CHART} svg .fills path").count() == 41


def test_no_request_leaves_the_machine(tour):
    assert tour.requests, "nothing was recorded"
    outside = sorted({url for url in tour.requests if not request_is_local(url)})
    assert not outside, f"requests to other hosts: {outside}"


def test_no_console_errors(tour):
    assert tour.console or tour.requests, "nothing was recorded"
    errors = console_errors(tour)
    assert not errors, (
        "console errors:\n"
        + "\n".join(errors)
        + ("\nfailed responses:\n" + "\n".join(tour.failed_responses) if tour.failed_responses else "")
    )


def test_clicking_a_municipality_opens_its_profile(new_page, app_url, artifacts):
    page = new_page()
    image = open_map(page, app_url)
    x, y = hover_until(page, HIMEJI_NAME, predicted_pixel(image, HIMEJI))
    page.mouse.click(x, y)

    page.wait_for_url(re.compile(r"/municipality\?"))
    wait_for_run(page)
    url = urlparse(page.url)
    assert url.path.rstrip("/").endswith("/municipality")
    query = parse_qs(url.query)
    assert query.get("code") == [HIMEJI], page.url
    assert "metric" in query and "fy" in query, page.url
    assert HIMEJI_NAME in heading_with(page, HIMEJI_NAME)
    page.screenshot(path=str(artifacts / "municipality_from_click.png"))


def wait_for_charts_and_table(page, charts_required: bool = True) -> None:
    """Let the plotly charts draw and the first table lay out (it gets its width after its first paint)."""
    charts = page.get_by_test_id("stPlotlyChart")
    if charts_required or charts.count():
        charts.first.locator(".main-svg").first.wait_for(state="visible")
    grid = page.get_by_test_id("stDataFrame").first.locator("canvas").first
    deadline = time.monotonic() + 20
    while (grid.bounding_box() or {"width": 0})["width"] < 300 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert grid.bounding_box()["width"] >= 300, "the table did not lay out"
    page.wait_for_timeout(500)


def test_deep_link_opens_the_profile_on_its_own(new_page, app_url, artifacts):
    page = new_page()
    page.goto(f"{app_url}/municipality?code={HIMEJI}")
    wait_for_run(page)
    assert "ひめじし" in heading_with(page, HIMEJI_NAME)  # 姫路市（ひめじし）
    assert page.locator('[data-testid="stException"]').count() == 0
    wait_for_charts_and_table(page, charts_required=False)  # before the screenshot
    page.screenshot(path=str(artifacts / "municipality.png"))


@pytest.mark.parametrize("path", ["/", f"/municipality?code={HIMEJI}"])
def test_demo_notice_is_visible(new_page, app_url, path):
    page = new_page()
    page.goto(app_url + path)
    wait_for_run(page)
    notice = page.get_by_text(DEMO_NOTICE)
    notice.first.wait_for(state="visible")
    assert notice.first.is_visible()


def test_map_by_region_ranks_and_opens_the_region(new_page, app_url, artifacts):
    """?by=region: the map colours each 圏域, the ranking sits beside it, a click opens the 圏域 page."""
    page = new_page()
    page.goto(app_url + "/?by=region")
    wait_for_run(page)
    image = wait_for_map(page)
    page.get_by_role("heading", name="圏域のランキング").wait_for(state="visible")
    assert page.get_by_test_id("stDataFrame").count() == 1  # the ranking; the value table is off
    page.screenshot(path=str(artifacts / "map_by_region.png"))

    x, y = hover_until(page, "中播磨", predicted_pixel(image, HIMEJI))  # tooltip: 圏域 first
    assert tooltip_text(page).startswith("中播磨")
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/region\?"))
    wait_for_run(page)
    assert parse_qs(urlparse(page.url).query).get("region") == ["naka_harima"], page.url


def test_the_map_zooms_and_pans(new_page, app_url):
    """The +/− buttons, the wheel and a drag move the picture; a drag is not a click (no profile opens)."""
    page = new_page()
    open_map(page, app_url)
    view = page.locator(f"{CHART} svg g.view")
    assert view.get_attribute("transform") == "translate(0 0) scale(1)"
    page.get_by_role("button", name="拡大").click()
    assert view.get_attribute("transform") == "translate(0 0) scale(2)"
    page.get_by_role("button", name="縮小").click()
    assert view.get_attribute("transform") == "translate(0 0) scale(1)"
    box = page.locator(CHART).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.wheel(0, -400)  # zoom in around the pointer
    zoomed = view.get_attribute("transform")
    assert "scale(2.7" in zoomed
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=6)
    page.mouse.up()
    page.wait_for_timeout(500)

    def shift(transform: str) -> tuple[float, float]:
        dx, dy = re.match(r"translate\(([-\d.e]+) ([-\d.e]+)\)", transform).groups()
        return float(dx), float(dy)

    (x0, y0), (x1, y1) = shift(zoomed), shift(view.get_attribute("transform"))
    assert (round(x1 - x0), round(y1 - y0)) == (120, 60)
    assert urlparse(page.url).path.rstrip("/") in ("", "/")  # still the map: the drag selected nothing
