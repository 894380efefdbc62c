"""Load benchmark: 40 logged-in sessions on one server for 60 s, 5 of them writing visits.

    .venv/bin/python bench/bench_load.py [--sessions 40] [--writers 5] [--seconds 60]

A real store (liaison.store.init), login on: an administrator, five 地域リエゾン on the roster (one per
liaison region, each with an account linked to their roster entry) and viewers (閲覧) for the other
sessions, all made through the write APIs (liaison.accounts, liaison.records.roster). One server
(liaison.localserver.AppServer: `streamlit run serve.py`) on loopback. Every session logs in by
POSTing the local login form (/liaison/login, its CSRF token included) and speaks Streamlit's
websocket protocol (bench/ws_client.py), as a browser tab would: the sessions start spread over the
first half of the window (forty people opening the same link within a minute), each opens the map
and then a municipality's profile, and keeps opening one of them every few seconds until the window
ends. The writers open 巡回記録, open the visit form (the toggle) and submit it (widget states in the
rerun BackMsg, the widget ids found in the deltas) one visit every 5 s, each on another day.

Reported: p50 / p95 seconds from a rerun request to its script_finished, over every run; errors
(runs that did not finish, raised, showed an error, or a write that did not say it was saved); lost
writes (visits acknowledged by the page but not in the store, counted after the server stopped);
the server process's peak RSS (VmHWM) during the load. Bounded: at most `seconds` of load plus
set-up, every run has a timeout, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import ws_client  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from liaison import access, accounts, store  # noqa: E402
from liaison.localserver import AppServer  # noqa: E402
from liaison.records import roster  # noqa: E402

PASSWORD = "load benchmark 2026 password"
TARGET_P95_S = 3.0
RSS_MB = 400.0
WRITE_EVERY_S = 5.0
RUN_TIMEOUT_S = 30.0


# --------------------------------------------------------------------------- the store


def build_store(path: Path, sessions: int, writers: int) -> dict:
    """A real store with an administrator, `writers` 地域リエゾン and viewers; their login names."""
    store.init(path)
    con = store.connect(path)
    try:
        operator = access.operator("ベンチマーク")
        accounts.create_account(
            con, operator, login_name="admin", display_name="管理 ベンチ", role="管理者", password=PASSWORD
        )
        regions = [
            row[0]
            for row in con.execute(
                "select region_id from regions where is_liaison_region order by region_id"
            ).fetchall()
        ]
        today = store.as_of(store.read_meta(con))
        writer_names = []
        for n in range(writers):
            region = regions[n % len(regions)]
            liaison_id = roster.add_person(
                con,
                operator,
                today=today,
                name=f"負荷 リエゾン{n + 1}",
                section="デジタル戦略課",
                active_from=today - timedelta(days=400),
                assignments=[("地域", region, today - timedelta(days=400))],
            )
            name = f"writer{n + 1}"
            accounts.create_account(
                con,
                operator,
                login_name=name,
                display_name=f"負荷 リエゾン{n + 1}",
                role="地域リエゾン",
                liaison_id=liaison_id,
                password=PASSWORD,
            )
            writer_names.append(name)
        viewer_names = []
        for n in range(sessions - writers):
            name = f"viewer{n + 1}"
            accounts.create_account(
                con, operator, login_name=name, display_name=f"閲覧 {n + 1}", role="閲覧", password=PASSWORD
            )
            viewer_names.append(name)
        codes = [
            row[0]
            for row in con.execute(
                "select code from municipalities where is_liaison_target order by code"
            ).fetchall()
        ]
        visits = con.execute("select count(*) from visits").fetchone()[0]
    finally:
        con.close()
    return {"writers": writer_names, "viewers": viewer_names, "codes": codes, "visits_before": visits}


def count_visits(path: Path) -> int:
    con = store.connect(path)
    try:
        return con.execute("select count(*) from visits").fetchone()[0]
    finally:
        con.close()


# --------------------------------------------------------------------------- the clients


class Tally:
    def __init__(self) -> None:
        self.runs: list[float] = []
        self.errors: list[str] = []
        self.submitted = 0
        self.acknowledged = 0

    def record(self, who: str, what: str, run: ws_client.Run) -> ws_client.Run:
        self.runs.append(run.seconds)
        if run.status is None:
            self.errors.append(f"{who} {what}: no script_finished in {RUN_TIMEOUT_S:.0f} s")
        elif not run.ok:
            self.errors.append(f"{who} {what}: {run.exceptions[:1] or run.status}")
        else:
            shown = [e.alert.body for e in run.elements if e.WhichOneof("type") == "alert"]
            failed = [body for body in shown if "エラー" in body or "権限がありません" in body]
            if failed:
                self.errors.append(f"{who} {what}: {failed[0][:120]}")
        return run


def _by_key(run: ws_client.Run, kind: str, key: str):
    """The widget proto of `kind` whose id ends with the widget key (Streamlit puts the key in the id)."""
    for widget in run.widgets(kind):
        if widget.id.endswith(key):
            return widget
    raise LookupError(f"no {kind} with key {key} on the page")


async def _open_map_and_profile(session, who, codes, rng, tally: Tally) -> None:
    """What every session does first: connect, open the map, then a profile."""
    await session.connect()
    tally.record(who, "map", await session.run(page="", timeout=RUN_TIMEOUT_S))
    query = f"code={rng.choice(codes)}"
    tally.record(who, "profile", await session.run(query, "municipality", timeout=RUN_TIMEOUT_S))


async def viewer(base_url, cookie, who, codes, start_at, end_at, rng, tally: Tally) -> None:
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    session = ws_client.Session(base_url, cookie)
    try:
        await _open_map_and_profile(session, who, codes, rng, tally)
        step = 0
        while time.perf_counter() + 8 < end_at:
            await asyncio.sleep(rng.uniform(4, 8))
            step += 1
            if step % 2:
                run = await session.run(page="", timeout=RUN_TIMEOUT_S)
                tally.record(who, "map", run)
            else:
                query = f"code={rng.choice(codes)}"
                tally.record(who, "profile", await session.run(query, "municipality", timeout=RUN_TIMEOUT_S))
    except Exception as error:  # a dropped connection, a timeout: an error, the others go on
        tally.errors.append(f"{who}: {type(error).__name__}: {error}")
    finally:
        await session.close()


async def writer(base_url, cookie, who, codes, start_at, end_at, rng, tally: Tally) -> None:
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    session = ws_client.Session(base_url, cookie)
    try:
        await _open_map_and_profile(session, who, codes, rng, tally)
        page = tally.record(who, "visits", await session.run(page="visits", timeout=RUN_TIMEOUT_S))
        toggle = WidgetState(id=_by_key(page, "checkbox", "visits_form_open").id, bool_value=True)
        form = tally.record(who, "visit form", await session.run(widgets=[toggle], timeout=RUN_TIMEOUT_S))
        date_id = _by_key(form, "date_input", "visits_form_date").id
        summary_id = _by_key(form, "text_area", "visits_form_summary").id
        submit_id = None
        for button in form.widgets("button"):
            if button.is_form_submitter and button.form_id.endswith("visits_form"):
                submit_id = button.id
        if submit_id is None:
            raise LookupError("no submit button in the visit form")
        as_of = None
        for widget in form.widgets("date_input"):
            if widget.id == date_id and widget.max:
                as_of = widget.max
        today = date.fromisoformat(as_of.replace("/", "-"))
        n = 0
        next_write = time.perf_counter()
        while next_write + 1 < end_at:
            await asyncio.sleep(max(0.0, next_write - time.perf_counter()))
            n += 1
            visited = today - timedelta(days=n)  # another day each time: never a likely duplicate
            states = [
                WidgetState(id=date_id, string_array_value={"data": [visited.strftime("%Y/%m/%d")]}),
                WidgetState(id=summary_id, string_value=f"{who} 負荷試験の訪問 {n}"),
                WidgetState(id=submit_id, trigger_value=True),
            ]
            tally.submitted += 1
            run = tally.record(who, "submit", await session.run(widgets=states, timeout=RUN_TIMEOUT_S))
            session.widget_states.pop(submit_id, None)  # a trigger is sent once, as the browser does
            if run.ok and _saved(run):
                tally.acknowledged += 1
            else:
                tally.errors.append(f"{who} submit {n}: the page did not say the visit was saved")
            next_write += WRITE_EVERY_S
    except Exception as error:
        tally.errors.append(f"{who}: {type(error).__name__}: {error}")
    finally:
        await session.close()


def _saved(run: ws_client.Run) -> bool:
    """The flash the form shows after a write (「…の訪問を登録しました」 or the like): a success alert."""
    return any(e.WhichOneof("type") == "alert" and e.alert.format == e.alert.SUCCESS for e in run.elements)


# --------------------------------------------------------------------------- the server's memory


def _status_kb(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


async def watch_rss(pid: int, stop: asyncio.Event, samples: list[int]) -> None:
    while not stop.is_set():
        value = _status_kb(pid, "VmRSS")
        if value:
            samples.append(value)
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except TimeoutError:
            pass


# --------------------------------------------------------------------------- the run


async def _load(server, people: dict, cookies: dict, seconds: float, seed: int) -> dict:
    tally = Tally()
    rng = random.Random(seed)
    begin = time.perf_counter()
    end_at = begin + seconds
    names = people["writers"] + people["viewers"]
    spread = seconds / 2  # everybody has arrived by the middle of the window
    stop, samples = asyncio.Event(), []
    watcher = asyncio.create_task(watch_rss(server._proc.pid, stop, samples))
    tasks = []
    for n, name in enumerate(names):
        start_at = begin + spread * n / max(1, len(names) - 1)
        client = writer if name in people["writers"] else viewer
        tasks.append(
            client(
                server.url,
                cookies[name],
                name,
                people["codes"],
                start_at,
                end_at,
                random.Random(rng.random()),
                tally,
            )
        )
    await asyncio.wait_for(asyncio.gather(*tasks), seconds + 4 * RUN_TIMEOUT_S)
    stop.set()
    await watcher
    return {"tally": tally, "rss_kb": samples, "seconds": time.perf_counter() - begin}


def measure(sessions: int = 40, writers: int = 5, seconds: float = 60.0, seed: int = 14) -> dict:
    """Build the store, start the server, log everybody in, run the load; the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        path = Path(folder) / "load.duckdb"
        people = build_store(path, sessions, writers)
        with AppServer(path, Path(folder) / "streamlit.log") as server:
            cookies = {
                name: ws_client.login_cookie(server.url, name, PASSWORD)
                for name in people["writers"] + people["viewers"]
            }
            # in a thread of its own: the caller's thread may already run an event loop (the test
            # suite's Playwright does)
            with ThreadPoolExecutor(1) as pool:
                result = pool.submit(asyncio.run, _load(server, people, cookies, seconds, seed)).result()
            peak_kb = _status_kb(server._proc.pid, "VmHWM") or max(result["rss_kb"], default=0)
        stored = count_visits(path) - people["visits_before"]
    tally: Tally = result["tally"]
    runs = sorted(tally.runs)
    quantiles = statistics.quantiles(runs, n=20, method="inclusive") if len(runs) >= 2 else runs * 19
    return {
        "sessions": sessions,
        "writers": writers,
        "seconds": round(result["seconds"], 1),
        "runs": len(runs),
        "p50_s": round(statistics.median(runs), 3) if runs else None,
        "p95_s": round(quantiles[18], 3) if runs else None,
        "max_s": round(runs[-1], 3) if runs else None,
        "errors": len(tally.errors),
        "error_samples": tally.errors[:5],
        "visits_submitted": tally.submitted,
        "visits_acknowledged": tally.acknowledged,
        "visits_stored": stored,
        "lost_writes": max(0, tally.acknowledged - stored),
        "server_rss_mb": round(peak_kb / 1024, 1),
    }


def report_lines(figures: dict) -> tuple[list[str], list[str]]:
    checks = [
        (
            f"load p95 ≤ {TARGET_P95_S:.0f} s",
            figures["p95_s"] is not None and figures["p95_s"] <= TARGET_P95_S,
        ),
        ("load errors = 0", figures["errors"] == 0),
        ("load lost writes = 0", figures["lost_writes"] == 0),
        (f"load server RSS ≤ {RSS_MB:.0f} MB", figures["server_rss_mb"] <= RSS_MB),
    ]
    verdict = " ".join(("PASS" if ok else "FAIL") + f" {label}" for label, ok in checks)
    lines = [
        f"load: {figures['sessions']} sessions ({figures['writers']} writing a visit every {WRITE_EVERY_S:.0f} s) "
        f"for {figures['seconds']} s, {figures['runs']} runs: p50 {figures['p50_s']} s, p95 {figures['p95_s']} s "
        f"(max {figures['max_s']} s); errors {figures['errors']}; visits submitted {figures['visits_submitted']}, "
        f"acknowledged {figures['visits_acknowledged']}, stored {figures['visits_stored']}, "
        f"lost {figures['lost_writes']}; server peak RSS {figures['server_rss_mb']} MB",
        "  " + verdict,
    ]
    if figures["error_samples"]:
        lines.append("  first errors: " + " | ".join(figures["error_samples"]))
    return lines, [label for label, ok in checks if not ok]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Concurrent logged-in sessions against one server.")
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    figures = measure(args.sessions, args.writers, args.seconds)
    lines, failures = report_lines(figures)
    print("\n".join(lines))
    print(json.dumps(figures, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
