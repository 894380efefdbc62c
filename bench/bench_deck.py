"""Benchmark of the seminar deck: load_frames + build_slides + to_pptx (chart PNGs included) for the prefecture scope.

    .venv/bin/python bench/bench_deck.py [--db data/liaison.duckdb] [--runs 3]

Each measurement runs in a fresh process (`measure_in_subprocess`), so "cold" is what the first
presenter after a server start waits for: the queries with empty caches and kaleido starting Chromium.
"Warm" is the median of the later builds in the same process (Chromium already running).
bench/bench.py calls this for its report; it prints one JSON line when run with --json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_S = 10.0  # building the prefecture deck, PNG rendering included


def measure(db: Path, runs: int = 3) -> dict:
    """Seconds to build the prefecture deck: the first build in this process (cold) and later ones."""
    from liaison import seminar, seminar_export, seminar_pptx, store
    from liaison.fiscal import fiscal_year_of

    con = store.connect(db, read_only=True)
    meta = store.read_meta(con)
    as_of = store.as_of(meta)
    scope = seminar.Scope(kind="prefecture", fiscal_year=fiscal_year_of(as_of), as_of=as_of)
    builds = []
    for _ in range(max(2, runs)):
        started = time.perf_counter()
        # the page's reader does the same: the deck's named queries, their frames to the builder
        slides = seminar.build_slides(seminar.load_frames(con, scope, is_demo=store.is_demo(meta)), scope)
        built = time.perf_counter()
        pptx = seminar_pptx.to_pptx(slides)
        done = time.perf_counter()
        builds.append({"slides_s": built - started, "pptx_s": done - built, "total_s": done - started})
    result = {
        "cold_s": builds[0]["total_s"],
        "cold_slides_s": builds[0]["slides_s"],
        "cold_pptx_s": builds[0]["pptx_s"],
        "warm_s": statistics.median(b["total_s"] for b in builds[1:]),
        "warm_slides_s": statistics.median(b["slides_s"] for b in builds[1:]),
        "warm_pptx_s": statistics.median(b["pptx_s"] for b in builds[1:]),
        "slides": len(slides),
        "charts": sum(slide.chart is not None for slide in slides),
        "pptx_kb": len(pptx) / 1024,
        "pdf_s": None,
    }
    if seminar_export.soffice_path() is not None:  # reported, not targeted: LibreOffice's own start-up
        started = time.perf_counter()
        seminar_export.to_pdf(pptx)
        result["pdf_s"] = time.perf_counter() - started
    con.close()
    return result


def measure_in_subprocess(db: Path, runs: int = 3) -> dict:
    from json_worker import run_json_worker  # bench/ is a folder of scripts, not a package

    return run_json_worker(
        [__file__, "--db", str(db), "--runs", str(runs), "--json"],
        timeout=900,
        failure=f"deck benchmark failed for {db}",
    )


def report_lines(results: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Lines for bench.py's report (one row per store) and the targets missed."""
    lines = [
        f"Seminar deck, prefecture scope: build_slides + to_pptx incl. chart PNGs (target ≤ {TARGET_S:.0f} s cold)",
        f"{'store':<8}{'cold s':>8}{'(slides':>9}{'pptx)':>7}{'warm s':>9}{'(slides':>9}{'pptx)':>7}"
        f"{'PDF s':>7}  {'slides':>6} {'PPTX KB':>8}",
    ]
    failures = []
    for name, r in results.items():
        ok = r["cold_s"] <= TARGET_S
        pdf = "—" if r["pdf_s"] is None else f"{r['pdf_s']:.1f}"
        lines.append(
            f"{name:<8}{r['cold_s']:>8.2f}{r['cold_slides_s']:>9.2f}{r['cold_pptx_s']:>7.2f}"
            f"{r['warm_s']:>9.2f}{r['warm_slides_s']:>9.2f}{r['warm_pptx_s']:>7.2f}{pdf:>7}  "
            f"{r['slides']:>6} {r['pptx_kb']:>8.0f}  {'PASS' if ok else 'FAIL'}"
        )
        if not ok:
            failures.append(f"deck ({name}) ≤ {TARGET_S:.0f} s")
    return lines, failures


def main(argv: list[str] | None = None) -> int:
    from liaison import paths

    parser = argparse.ArgumentParser(description="Time to build the prefecture seminar deck.")
    parser.add_argument("--db", type=Path, default=paths.default_db_path())
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="measure in this process, print one JSON line")
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.db, args.runs)))
        return 0
    lines, failures = report_lines({"this": measure_in_subprocess(args.db, args.runs)})
    print("\n".join(lines))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
