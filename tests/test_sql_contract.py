"""Every query file declares its grain and parameters, and every caller supplies exactly those."""

import ast
import re
from datetime import date

import pandas as pd
import pytest

from liaison import paths, queries, records

# macros.sql holds the shared helpers, not a query: it has its own checks below.
QUERY_FILES = sorted(f for f in paths.QUERIES.glob("*.sql") if f.name != queries.MACROS_FILE)
MACROS = paths.QUERIES / queries.MACROS_FILE
# Named queries are called from the data layer, pages, or plain domain modules (planner, deck, exports).
CALLERS = [
    *sorted((paths.ROOT / "dashboard").rglob("*.py")),
    *sorted((paths.ROOT / "views").glob("*.py")),
    *sorted((paths.ROOT / "liaison").rglob("*.py")),  # packages too (liaison/records/)
]


@pytest.mark.parametrize("file", QUERY_FILES, ids=lambda f: f.stem)
def test_header_declares_grain_and_params(file):
    query = queries.load(file.stem)
    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"-- {file.stem}: "), "first line names the query and its grain"
    assert query.declared == query.used, f"declared {sorted(query.declared)} but uses {sorted(query.used)}"
    assert "select * from final" in query.sql


@pytest.mark.parametrize("file", QUERY_FILES, ids=lambda f: f.stem)
def test_no_templating(file):
    text = file.read_text(encoding="utf-8")
    assert not re.search(r"\{[a-z_]+\}|%s|%\(", text)


def _calls():
    for source in CALLERS:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            called = (
                getattr(node.func, "id", getattr(node.func, "attr", "")) if isinstance(node, ast.Call) else ""
            )
            # the query's name: first argument of query/run_query, second of run_query_in(transaction, name)
            position = {"query": 0, "run_query": 0, "run_query_in": 1}.get(called)
            if position is not None and len(node.args) > position:
                named = node.args[position]
                if isinstance(named, ast.Constant):
                    yield source.name, named.value, {k.arg for k in node.keywords if k.arg != "con"}


def test_callers_supply_exactly_the_declared_params():
    seen = set()
    for source, name, supplied in _calls():
        assert supplied == set(queries.load(name).declared), f"{source} calls {name} with {sorted(supplied)}"
        seen.add(name)
    assert seen == {f.stem for f in QUERY_FILES}, "every query file has a caller"


def test_python_builds_no_sql_from_strings():
    pattern = re.compile(r"""(execute|sql|query)\w*\(\s*f["']|\.format\(.*(select|insert|where)""", re.I)
    for source in [*CALLERS, paths.ROOT / "app.py"]:
        assert not pattern.search(source.read_text(encoding="utf-8")), source


def test_every_macro_is_documented_and_shared():
    text = MACROS.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("-- macros: "), "the first line says what the file holds"
    assert not re.search(r"\{[a-z_]+\}|%s|%\(", text)
    defined = queries.macros()
    assert {"fiscal_window", "readiness_mean", "in_fiscal_year"} <= defined.keys()
    for name, statement in defined.items():
        at = lines.index(statement.splitlines()[0])
        comment = []  # the comment block right above the macro
        for line in reversed(lines[:at]):
            if not line.startswith("--"):
                break
            comment.insert(0, line)
        assert comment and comment[0].startswith(f"-- {name}("), (
            f"{name}: a comment names it and what it gives"
        )
        assert not re.search(r"\$\w", statement), f"{name}: a macro takes arguments, never $parameters"
        callers = [f.stem for f in QUERY_FILES if re.search(rf"\b{name}\s*\(", f.read_text(encoding="utf-8"))]
        assert len(callers) >= 2, (
            f"{name}: shared by several queries, else it belongs in its query ({callers})"
        )


def test_macros_file_is_not_a_query():
    with pytest.raises(ValueError):
        queries.load("macros")


def test_macros_exist_on_each_cursor_a_query_runs_on(con):
    # a cursor is a new connection in DuckDB: it does not see another cursor's temp macros
    window = queries.run_query(
        "visits_by_fiscal_month", con=con, fiscal_year=2025, as_of=date(2025, 11, 30), region_id=None
    )
    assert window["month_on"].min() == pd.Timestamp(2025, 4, 1)
    assert queries.load("step_gap").setup.count("create or replace temp macro") == 1  # fiscal_window only
    assert queries.load("regions_list").setup == ""  # no macro: nothing to create
    cursor = con.cursor()
    try:
        cursor.execute(queries.load("municipality_metrics").setup)
        got = cursor.execute(
            "select fiscal_window.* from fiscal_window(2025, $as_of) as fiscal_window", {"as_of": None}
        ).fetchone()
        assert got == (date(2025, 4, 1), date(2026, 3, 31))
        got = cursor.execute("select ends_on from fiscal_window(2025, date '2025-11-30')").fetchone()
        assert got == (date(2025, 11, 30),)
        got = cursor.execute("select ends_on from fiscal_window(2024, date '2025-11-30')").fetchone()
        assert got == (date(2025, 3, 31),)
    finally:
        cursor.close()


def test_is_open_lists_the_schemas_open_statuses(con):
    """未完了 is one rule: the statuses that take no closed_on in the schema, and nothing else."""
    open_statuses = [s for s in records.STATUSES if s not in records.CLOSED_STATUSES]
    cursor = con.cursor()
    try:
        cursor.execute(queries.macros()["is_open"])
        got = {s: cursor.execute("select is_open($s)", {"s": s}).fetchone()[0] for s in records.STATUSES}
    finally:
        cursor.close()
    assert [s for s, is_open in got.items() if is_open] == open_statuses


def test_readiness_mean_is_the_mean_of_the_eight_items(con):
    heat = queries.run_query("readiness_heatmap", con=con, fiscal_year=2025, region_id=None, codes=None)
    heard = heat[heat["mean_score"].notna()]
    items = [c for c in heat.columns if c.startswith("score_")]
    assert len(items) == 8 and not heard.empty
    expected = heard[items].astype(float).mean(axis=1)  # the query rounds to 2 places (half away from 0)
    assert (heard["mean_score"].astype(float) - expected).abs().max() <= 0.005 + 1e-9


def test_run_query_rejects_wrong_params(con):
    with pytest.raises(TypeError, match="missing"):
        queries.run_query("municipality_profile", con=con)
    with pytest.raises(TypeError, match="unknown"):
        queries.run_query("municipality_profile", con=con, code="282014", extra=1)
    with pytest.raises(ValueError):
        queries.run_query("../secrets", con=con)
