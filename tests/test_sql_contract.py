"""Every query file declares its grain and parameters, and every caller supplies exactly those."""

import ast
import re

import pytest

from liaison import paths, queries

QUERY_FILES = sorted(paths.QUERIES.glob("*.sql"))
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


def test_run_query_rejects_wrong_params(con):
    with pytest.raises(TypeError, match="missing"):
        queries.run_query("municipality_profile", con=con)
    with pytest.raises(TypeError, match="unknown"):
        queries.run_query("municipality_profile", con=con, code="282014", extra=1)
    with pytest.raises(ValueError):
        queries.run_query("../secrets", con=con)
