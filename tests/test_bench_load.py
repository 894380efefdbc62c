"""The load benchmark's harness works end to end on a small load: logins, websocket runs, visit writes.

Two sessions (one writing) for a few seconds against a real store and a real server; asserts what it
counted (no errors, every acknowledged visit stored), never how fast it was.
"""

from __future__ import annotations

import sys

from liaison import paths

sys.path.insert(0, str(paths.ROOT / "bench"))

import bench_load  # noqa: E402


def test_a_small_load_logs_in_writes_and_counts_every_visit():
    figures = bench_load.measure(sessions=2, writers=1, seconds=12)
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["visits_submitted"] >= 2
    assert figures["visits_acknowledged"] == figures["visits_submitted"]
    assert figures["visits_stored"] == figures["visits_acknowledged"] and figures["lost_writes"] == 0
    assert figures["runs"] >= 6 and figures["server_rss_mb"] > 0
    lines, _ = bench_load.report_lines(figures)
    assert lines[0].startswith("load: 2 sessions")
