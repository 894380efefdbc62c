"""Benchmarks: server-side rerun time of each page, the first paint of the map, peak memory.

    .venv/bin/python bench/bench.py            # or: make bench
    .venv/bin/python bench/bench.py --strict   # exit 1 when a target is missed

Measures, and writes to bench/results.json:
- the median AppTest rerun time of each page (warm caches, after one cold run and one warm-up),
  at demo scale (a store from `liaison.store.build`) and at large scale (bench/large_store.py,
  1M consultations / 200k visits, cached at bench/large.duckdb);
- the same for a floor app that draws only the shared sidebar (bench/floor_app.py), timed in its own
  phase (floor_ms) and interleaved with each page: each timed page rerun follows a floor rerun in the
  same process, and the page's ratio to the floor is the median of those pairs' ratios, with p10–p90
  (pages.<page>.floor_ratio), so a drift of the machine's speed moves both sides of a ratio alike;
- the peak RSS of the process running the large-scale reruns (each scale runs in its own
  subprocess, so caches start empty and the peak is that scale's alone);
- the first paint of the map in headless Chromium: for the first visitor, seconds from the start of
  a fresh server process (`streamlit run serve.py`, its warm-up included) until the map's SVG
  is on screen, with the phases (health check answered, map element, picture, drawn); for a later
  visitor (a new tab, the browser's cache warm), seconds from navigation;
- the time to import 100,000 consultations from a CSV and from an .xlsx (bench/bench_import.py; the
  .xlsx through the fast reader and, for comparison, the openpyxl reader it replaced);
- a load of 40 logged-in sessions on one server for 60 s, 5 of them writing visits (bench/bench_load.py):
  p50/p95 time to a finished run, errors, lost writes, the server's peak RSS;
- the time to build the seminar deck for the prefecture scope, chart PNGs included (bench/bench_deck.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from liaison.localserver import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402

BENCH = ROOT / "bench"
APP = ROOT / "app.py"
FLOOR_APP = BENCH / "floor_app.py"
RESULTS = BENCH / "results.json"
LARGE_DB = BENCH / "large.duckdb"
PROFILE_CODE = "282014"  # 姫路市

# Targets
PAGE_DEMO_MS = 150.0
PAGE_FLOOR_RATIO = 3.0
PAGE_LARGE_MS = 500.0
FIRST_PAINT_S = 4.0  # cold: from the server process's start
FIRST_PAINT_WARM_S = 2.5  # a later visitor: from navigation
RSS_MB = 400.0


def _page_file(name: str) -> str:
    """The page file registered with st.navigation, relative to app.py (views/ or the older pages/)."""
    for folder in ("views", "pages"):
        if (ROOT / folder / f"{name}.py").is_file():
            return f"{folder}/{name}.py"
    raise FileNotFoundError(f"no page file {name}.py under views/ or pages/")


# page name -> (app file, page to switch to or None, what the page must show)
PAGES = {
    "floor": (FLOOR_APP, None, None),
    "map": (APP, None, "兵庫県"),
    "municipality": (APP, "profile", "姫路市"),  # results key kept; the page file is views/profile.py
    "consultations": (APP, "consultations", "相談案件"),
    "planner": (APP, "planner", "次回訪問プランナー"),
    "region": (APP, "region", "圏域"),
    "visits": (APP, "visits", "巡回記録"),
    "readiness": (APP, "readiness", "DX推進状況"),
    "relations": (APP, "relations", "トップ層"),
    "seminar": (APP, "seminar", "DX推進リエゾン"),
    "brief": (APP, "brief", "訪問前ブリーフィング"),  # its PDF is made on the cold run only (then cached)
    "digest": (APP, "digest", "関係部署への共有"),
    "dialogue": (APP, "dialogue", "対話の組み立て"),
    "talent": (APP, "talent", "人材支援の希望"),
}


# --------------------------------------------------------------------------- worker (one scale)


def _quantile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, linear between order statistics."""
    ordered = sorted(values)
    at = q * (len(ordered) - 1)
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _app_test(name: str):
    """An AppTest on the page `name`, after its first run (an app page is switched to)."""
    from streamlit.testing.v1 import AppTest

    script, switch_to, _ = PAGES[name]
    at = AppTest.from_file(str(script), default_timeout=300)  # absolute path: from_file is caller-relative
    if switch_to:
        # The page must be registered by st.navigation (one run of app.py) before switching to it.
        at.run()
        at.query_params["code"] = PROFILE_CODE
        at.switch_page(_page_file(switch_to))
    return at


def _timed_run(at) -> float:
    """One rerun in ms. Afterwards (untimed) the garbage it left is collected: AppTest keeps each run's
    element tree in reference cycles, which Python frees only at a full collection, so without it
    the process's memory grew with the number of reruns (about 4 MB a rerun on the large visits page)
    and the peak RSS measured the harness rather than the app."""
    started = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - started) * 1000
    gc.collect()
    return elapsed


def _measure_page(name: str, reruns: int, floor=None) -> dict:
    """Cold run, one warm-up, then `reruns` timed reruns of one page; times in ms.

    With `floor` (an AppTest of the floor app), each timed rerun of the page follows a rerun of the
    floor in the same process, and each pair gives a ratio page / floor: the ratios' median and
    p10–p90 say how the page compares with the floor while the machine's speed drifts.
    """
    import streamlit as st

    _, _, expect = PAGES[name]
    # The previous page's AppTest is garbage held in reference cycles (its element tree): collect it
    # now, outside the timed runs, so one page's leftovers do not count in the next page's memory.
    gc.collect()
    at = _app_test(name)
    st.cache_data.clear()
    st.cache_resource.clear()

    started = time.perf_counter()
    at.run()
    cold_ms = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"{name}: the page raised: {at.exception[0].value}")
    if expect and not any(expect in str(title.value) for title in at.title):
        raise RuntimeError(f"{name}: expected a title with {expect!r}, got {[t.value for t in at.title]}")

    at.run()  # warm-up
    if floor is not None:
        floor.run()
    times, floors = [], []
    for _ in range(reruns):
        if floor is not None:
            floors.append(_timed_run(floor))
        times.append(_timed_run(at))
    if at.exception:
        raise RuntimeError(f"{name}: the page raised on a rerun: {at.exception[0].value}")
    if not times:
        return {"cold_ms": cold_ms}
    found = {
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "cold_ms": cold_ms,
    }
    if floors:
        ratios = [page / base for page, base in zip(times, floors, strict=True)]
        found["floor_median_ms"] = statistics.median(floors)
        found["ratio"] = {
            "median": statistics.median(ratios),
            "p10": _quantile(ratios, 0.1),
            "p90": _quantile(ratios, 0.9),
        }
    return found


def worker(db: Path, reruns: int) -> dict:
    """Run in a subprocess per scale: LIAISON_DB is set before anything opens the store."""
    import logging

    os.environ["LIAISON_DB"] = str(db)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    peaks: list[tuple[str, float]] = []  # (step, this process's peak RSS after it, MB)
    for name in PAGES:  # import every module once, so "cold" means empty caches, not imports
        _measure_page(name, 0)
        peaks.append((f"{name} (first import)", _peak_rss_kb() / 1024))
    pages = {"floor": _measure_page("floor", reruns)}
    peaks.append(("floor", _peak_rss_kb() / 1024))
    floor = _app_test("floor")
    floor.run()
    for name in PAGES:
        if name != "floor":
            pages[name] = _measure_page(name, reruns, floor)
            peaks.append((name, _peak_rss_kb() / 1024))
    return {"pages": pages, "rss_mb": _peak_rss_kb() / 1024, "peaks": peaks}


def peak_steps(peaks: list, top: int = 3) -> str:
    """The steps that raised the peak RSS most, e.g. "consultations +40 MB, map (first import) +25 MB"."""
    rises, before = [], 0.0
    for step, mb in peaks:
        if mb > before:
            rises.append((mb - before, step, mb))
            before = mb
    rises = sorted(rises[1:], reverse=True)[:top]  # the first step carries the interpreter and imports
    return ", ".join(f"{step} +{rise:.0f} MB (to {mb:.0f})" for rise, step, mb in rises) or "—"


def _peak_rss_kb() -> int:
    """This process's peak resident set size in kB.

    VmHWM belongs to the process image, so it starts afresh at exec; ru_maxrss would also count
    the parent's memory at fork (e.g. the parent just built the large store), so it is a fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


def run_scale(db: Path, reruns: int) -> dict:
    env = dict(os.environ, LIAISON_DB=str(db), STREAMLIT_LOGGER_LEVEL="error")
    from json_worker import run_json_worker  # bench/ is a folder of scripts, not a package

    return run_json_worker(
        [__file__, "--worker", "--db", str(db), "--reruns", str(reruns)],
        env=env,
        timeout=1200,
        failure=f"benchmark worker failed for {db}",
    )


# --------------------------------------------------------------------------- first paint


def _map_drawn(png: bytes) -> bool:
    """True when a screenshot of the map element shows the map, not an empty or plain area."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").reduce(2)
    colours = image.getcolors(maxcolors=1 << 20) or []
    total = image.width * image.height
    commonest = max(count for count, _ in colours) if colours else total
    return len(colours) >= 20 and (total - commonest) / total > 0.05


def _time_to_map(context, url: str, timeout: float = 60, since: float | None = None) -> dict:
    """Seconds until the map is drawn in a new tab: {"element", "picture", "drawn"}.

    Counted from `since` (a time.perf_counter() value, e.g. the server process's start), else from
    the navigation's start: the map component in the page, its SVG picture in place, the map on screen
    (the component marks itself drawn after its first frame, and a screenshot shows the map).
    """
    page = context.new_page()
    try:
        started = time.perf_counter()
        origin = started if since is None else since
        marks: dict[str, float] = {}
        page.goto(url, wait_until="commit")
        chart = page.locator(".liaison-map").first
        picture = chart.locator("svg")
        while time.perf_counter() - started < timeout:
            if "element" not in marks and chart.count():
                marks["element"] = time.perf_counter() - origin
            if picture.count() and chart.bounding_box():
                marks.setdefault("picture", time.perf_counter() - origin)
                if chart.get_attribute("data-drawn") and _map_drawn(
                    chart.screenshot(animations="disabled", timeout=10_000)
                ):
                    marks["drawn"] = time.perf_counter() - origin
                    marks.setdefault("element", marks["picture"])
                    return marks
            else:
                page.wait_for_timeout(25)
        raise RuntimeError("the map was not drawn")
    finally:
        page.close()


def first_paint(db: Path, trials: int, cookie: str | None = None) -> dict:
    """Medians over `trials` fresh servers (each with a fresh browser profile), logged in with `cookie`."""
    runs = [_first_paint_once(db, cookie) for _ in range(trials)]
    phases = ("healthy", "element", "picture", "drawn")
    return {
        "cold_s": statistics.median(run["cold"]["drawn"] for run in runs),
        "warm_s": statistics.median(run["warm"]["drawn"] for run in runs),
        "cold_all": [round(run["cold"]["drawn"], 2) for run in runs],
        "warm_all": [round(run["warm"]["drawn"], 2) for run in runs],
        # medians of each phase's end, seconds from the server process's start (cold) / navigation (warm)
        "cold_phases": {p: statistics.median(run["cold"][p] for run in runs) for p in phases},
        "warm_phases": {p: statistics.median(run["warm"][p] for run in runs) for p in phases[1:]},
    }


def first_paint_logged_in(trials: int) -> dict:
    """The first paint on a real store with login on: a 閲覧 account whose browser holds its session.

    The store is bench_load's (liaison.store.init, an administrator, one 閲覧 account through the
    accounts API; no records, so the map shows データなし). One server logs the account in through the
    local login form and stops; the session lives in the store, so each fresh server then finds the
    browser's cookie valid, and the login gate's check counts in every figure.
    """
    from bench_load import PASSWORD, build_store
    from ws_client import login_cookie

    with tempfile.TemporaryDirectory(prefix="bench-paint-login-") as folder:
        db = Path(folder) / "real.duckdb"
        people = build_store(db, sessions=1, writers=0)
        with AppServer(db, Path(folder) / "login.log") as server:
            cookie = login_cookie(server.url, people["viewers"][0], PASSWORD)
        return first_paint(db, trials, cookie)


def _first_paint_once(db: Path, cookie: str | None = None) -> dict:
    """First paint for the first visitor of a fresh server, and for a later visitor.

    The browser starts first; the cold figure runs from the server process's start (its import
    time and any warm-up count) until the map is drawn, the navigation starting as soon as the
    server answers its health check. The later visitor opens a new tab in the same browser (its
    cache holds Streamlit's scripts) and is timed from its navigation.
    """
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-paint-") as folder, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(Path(folder) / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1400},
        )
        try:
            blank = context.new_page()  # the browser's own start-up is not the server's
            blank.goto("about:blank")
            with AppServer(db, Path(folder) / "streamlit.log") as server:
                if cookie:  # a logged-in person's browser: its session cookie for this host
                    name, value = cookie.split("=", 1)
                    context.add_cookies([{"name": name, "value": value, "url": server.url}])
                cold = _time_to_map(context, server.url + "/", since=server.started)
                cold["healthy"] = server.healthy - server.started
                warm = _time_to_map(context, server.url + "/")
            blank.close()
        finally:
            context.close()
    return {"cold": cold, "warm": warm}


# --------------------------------------------------------------------------- report


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _paint_lines(label: str, paint: dict) -> tuple[list[str], list[str]]:
    """The report's lines for one first-paint measurement, and the targets it missed."""
    ok = paint["cold_s"] <= FIRST_PAINT_S
    ok_warm = paint["warm_s"] <= FIRST_PAINT_WARM_S
    cold, warm = paint["cold_phases"], paint["warm_phases"]
    lines = [
        f"first paint of the map{label}, first visitor, from the server process's start: {paint['cold_s']:.2f} s "
        f"{_verdict(ok)} ≤{FIRST_PAINT_S:.0f} s  (servers: {paint['cold_all']})",
        f"  server healthy {cold['healthy']:.2f} s → map element {cold['element']:.2f} s → "
        f"picture {cold['picture']:.2f} s → drawn {cold['drawn']:.2f} s",
        f"first paint of the map{label}, later visitor, from navigation: {paint['warm_s']:.2f} s "
        f"{_verdict(ok_warm)} ≤{FIRST_PAINT_WARM_S} s  (servers: {paint['warm_all']})",
        f"  map element {warm['element']:.2f} s → picture {warm['picture']:.2f} s → drawn {warm['drawn']:.2f} s",
    ]
    missed = ([] if ok else [f"first paint{label} ≤ {FIRST_PAINT_S:.0f} s"]) + (
        [] if ok_warm else [f"later visitor's first paint{label} ≤ {FIRST_PAINT_WARM_S} s"]
    )
    return lines, missed


def report(
    demo: dict,
    large: dict,
    paint: dict | None,
    built_large_s: float | None,
    imported: dict | None = None,
    deck: dict | None = None,
    load: dict | None = None,
) -> tuple[dict, list[str]]:
    floor = {"demo": demo["pages"]["floor"]["median_ms"], "large": large["pages"]["floor"]["median_ms"]}
    results = {
        "pages": {
            name: {
                "demo_ms": round(demo["pages"][name]["median_ms"], 1),
                "large_ms": round(large["pages"][name]["median_ms"], 1),
                # page / floor over interleaved reruns at demo scale: median and p10–p90 of the pairs
                "floor_ratio": {key: round(value, 2) for key, value in demo["pages"][name]["ratio"].items()},
            }
            for name in PAGES
            if name != "floor"
        },
        "floor_ms": {scale: round(value, 1) for scale, value in floor.items()},
        "first_paint_s": None if paint is None else round(paint["cold_s"], 2),
        "first_paint_warm_s": None if paint is None else round(paint["warm_s"], 2),
        # the same with login on: a real store, a 閲覧 account whose browser holds its session
        "first_paint_login_s": None if paint is None else round(paint["login"]["cold_s"], 2),
        "first_paint_login_warm_s": None if paint is None else round(paint["login"]["warm_s"], 2),
        # where the first paint's time goes: each phase's end (cold: from the server process's start;
        # warm: from navigation), medians over the servers
        "first_paint_phases_s": None
        if paint is None
        else {
            visit: {phase: round(value, 2) for phase, value in paint[f"{visit}_phases"].items()}
            for visit in ("cold", "warm")
        },
        "large_rss_mb": round(large["rss_mb"], 1),
    }

    failures = []
    lines = [
        "Rerun time (AppTest, median of warm reruns; cold = first run with empty caches;",
        "×floor = page / floor over reruns interleaved with the floor app at demo scale: median [p10–p90])",
        f"{'page':<14}{'demo ms':>9}{'cold':>9}{'large ms':>10}{'cold':>9}  "
        f"{'demo≤150':<10}{'≤3×floor':<24}{'large≤500':<10}",
    ]
    for name in PAGES:
        d, g = demo["pages"][name], large["pages"][name]
        row = f"{name:<14}{d['median_ms']:>9.1f}{d['cold_ms']:>9.0f}{g['median_ms']:>10.1f}{g['cold_ms']:>9.0f}  "
        if name != "floor":
            checks = [
                (f"{name} demo ≤ {PAGE_DEMO_MS:.0f} ms", d["median_ms"] <= PAGE_DEMO_MS),
                (f"{name} demo ≤ {PAGE_FLOOR_RATIO:.0f}× floor", d["ratio"]["median"] <= PAGE_FLOOR_RATIO),
                (f"{name} large ≤ {PAGE_LARGE_MS:.0f} ms", g["median_ms"] <= PAGE_LARGE_MS),
            ]
            spread = f" {d['ratio']['median']:.1f}× [{d['ratio']['p10']:.1f}–{d['ratio']['p90']:.1f}]"
            row += f"{_verdict(checks[0][1]):<10}{_verdict(checks[1][1]) + spread:<24}{_verdict(checks[2][1]):<10}"
            failures += [label for label, ok in checks if not ok]
        lines.append(row)

    lines.append("")
    if paint is None:
        lines.append("first paint of the map: skipped (no Chromium at /usr/bin/chromium)")
    else:
        for label, measured in (("", paint), (" (logged in, real store)", paint.get("login"))):
            if measured is not None:
                shown, missed = _paint_lines(label, measured)
                lines += shown
                failures += missed
    ok = large["rss_mb"] <= RSS_MB
    lines.append(
        f"peak RSS, large-scale reruns: {large['rss_mb']:.0f} MB {_verdict(ok)} ≤{RSS_MB:.0f} MB"
        f"  (demo scale: {demo['rss_mb']:.0f} MB)"
    )
    if large.get("peaks"):
        lines.append(f"  the peak rose most during: {peak_steps(large['peaks'])}")
    if not ok:
        failures.append(f"RSS ≤ {RSS_MB:.0f} MB")
    if imported is not None:  # bench_import.py: preview + commit of a 100,000-row consultations CSV
        from bench_import import report_lines

        import_lines, ok = report_lines(imported)
        lines += import_lines
        results["import_100k_s"] = imported["total_s"]
        xlsx = imported.get("xlsx", {})
        if "calamine" in xlsx:
            results["import_100k_xlsx_s"] = xlsx["calamine"]["total_s"]
        if "openpyxl" in xlsx:
            results["import_100k_xlsx_openpyxl_s"] = xlsx["openpyxl"]["total_s"]
        if not ok:
            failures.append("import 100k ≤ 5 s")
    if load is not None:  # bench_load.py: concurrent logged-in sessions on one server
        from bench_load import report_lines as load_lines

        found, load_failures = load_lines(load)
        lines += found
        failures += load_failures
        results["load"] = {
            key: load[key]
            for key in ("sessions", "writers", "p50_s", "p95_s", "errors", "lost_writes", "server_rss_mb")
        }
    if built_large_s is not None:
        lines.append(f"(built {LARGE_DB.name} in {built_large_s:.1f} s; cached for later runs)")
    if deck:
        from bench_deck import report_lines

        deck_lines, deck_failures = report_lines(deck)
        lines += ["", *deck_lines]
        failures += deck_failures
        results["deck_s"] = {
            name: {
                key: None if value is None else round(value, 2)
                for key, value in r.items()
                if key.endswith("_s")
            }
            for name, r in deck.items()
        }
    print("\n".join(lines))
    return results, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Page rerun times, first paint and memory.")
    parser.add_argument("--reruns", type=int, default=21)
    parser.add_argument("--paint-trials", type=int, default=5, help="fresh servers for the first paint")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-paint measurement")
    parser.add_argument("--no-load", action="store_true", help="skip the load benchmark (bench_load.py)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.db, args.reruns)))
        return 0

    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    from large_store import ensure_large  # bench/ is a folder of scripts, not a package

    from liaison import store

    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
        demo_db = store.build(Path(tmp) / "demo.duckdb")
        print(f"large store: {LARGE_DB.relative_to(ROOT)} …", flush=True)
        large_db, built_s = ensure_large(LARGE_DB)
        print("demo-scale reruns …", flush=True)
        demo = run_scale(demo_db, args.reruns)
        print("large-scale reruns …", flush=True)
        large = run_scale(large_db, args.reruns)
        paint = None
        if not args.no_browser and CHROMIUM.exists():
            print("first paint …", flush=True)
            paint = first_paint(demo_db, args.paint_trials)
            paint["login"] = first_paint_logged_in(args.paint_trials)
        print("import 100k consultations …", flush=True)
        from bench_import import measure as measure_import

        imported = measure_import()
        print("seminar deck …", flush=True)
        from bench_deck import measure_in_subprocess

        deck = {"demo": measure_in_subprocess(demo_db), "large": measure_in_subprocess(large_db)}
        load = None
        if not args.no_load:
            print("load: 40 sessions for 60 s …", flush=True)
            from bench_load import measure as measure_load

            load = measure_load()
        print()

    results, failures = report(demo, large, paint, built_s, imported, deck, load)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    if failures:
        print("missed: " + "; ".join(failures))
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
