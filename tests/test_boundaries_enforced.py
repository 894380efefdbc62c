"""STYLE.md's layer rules, checked on the source: Streamlit only on the app side, layers point one way
with no import cycles, and every cached reader's @reads names each table its SQL reads."""

from __future__ import annotations

import ast
import importlib
import json
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from liaison import paths, queries

ROOT = paths.ROOT


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# --------------------------------------------------------------------------- 1. Streamlit only on the app side

STREAMLIT_ALLOWED = ("app.py", "serve.py", "views/", "dashboard/", "tests/", "bench/")
SKIPPED_FOLDERS = {"__pycache__", "node_modules"}  # and every dot-folder (.git, .venv, caches)


def _all_python_files() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [s for s in subfolders if not s.startswith(".") and s not in SKIPPED_FOLDERS]
        found += [Path(folder) / name for name in files if name.endswith(".py")]
    return sorted(found)


def _imports_streamlit(name: str | None) -> bool:
    return name is not None and (name == "streamlit" or name.startswith("streamlit."))


def _streamlit_imports(tree: ast.Module) -> list[int]:
    """Lines that import Streamlit: `import`, `from … import`, anywhere (lazy ones too), or by name."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(_imports_streamlit(alias.name) for alias in node.names):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _imports_streamlit(node.module):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call) and _dynamic_import_target(node) is not None:
            target = _dynamic_import_target(node)
            if _imports_streamlit(target.rstrip("*").rstrip(".") or None):
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize(
    "source",
    [
        "import streamlit",
        "import streamlit as st",
        "import streamlit.components.v1 as components",
        "from streamlit import session_state",
        "from streamlit.testing.v1 import AppTest",
        "def later():\n    import streamlit as st",
        "import importlib\nst = importlib.import_module('streamlit')",
    ],
)
def test_the_streamlit_detector_sees_every_form(source):
    assert _streamlit_imports(ast.parse(source))


def test_the_streamlit_detector_ignores_look_alikes():
    source = (
        "import streamlit_extras\nfrom . import streamlit\ncommand = ['python', '-m', 'streamlit', 'run']"
    )
    assert _streamlit_imports(ast.parse(source)) == []


def test_streamlit_is_imported_only_on_the_app_side():
    checked = [path for path in _all_python_files() if not _relative(path).startswith(STREAMLIT_ALLOWED)]
    names = {_relative(path) for path in checked}
    # Not vacuous: the domain package, its store and records subpackages and the scripts are all read.
    for expected in ("liaison/queries.py", "liaison/store/__init__.py", "liaison/records/__init__.py"):
        assert expected in names
    assert any(name.startswith("scripts/") for name in names)
    offenders = [
        f"{_relative(path)}:{line}" for path in checked for line in _streamlit_imports(_parsed(path))
    ]
    assert not offenders, f"Streamlit imported outside {STREAMLIT_ALLOWED}: {offenders}"


def test_ruff_bans_streamlit_outside_the_same_places():
    """The lint rule (TID251) and this test name the same places, so neither drifts alone."""
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert "TID251" in lint["select"]
    assert "streamlit" in lint["flake8-tidy-imports"]["banned-api"]
    ignored = {pattern for pattern, rules in lint["per-file-ignores"].items() if "TID251" in rules}
    assert ignored == {place if place.endswith(".py") else f"{place}**" for place in STREAMLIT_ALLOWED}


# --------------------------------------------------------------------------- 2. imports: one way, no circles

PROJECT_PACKAGES = ("liaison", "dashboard", "views")
# What each part may import: views → dashboard → liaison. A page is run by its path, never imported, so
# no module imports views (not even another page); nor app.py, the router.
MAY_IMPORT = {
    "app": {"dashboard", "liaison"},
    "views": {"dashboard", "liaison"},
    "dashboard": {"dashboard", "liaison"},
    "liaison": {"liaison"},
}


@dataclass(frozen=True)
class Import:
    importer: str  # module name, a package's __init__ as the package ("liaison.store")
    imported: str  # the project module it binds; "<package>.*" for a dynamic import by prefix, "*" unknown
    line: int
    lazy: bool  # inside a function: runs when the function is called, not when the module loads


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _project_modules() -> dict[str, Path]:
    files = [ROOT / "app.py"]
    for package in PROJECT_PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return {_module_name(path): path for path in files if "__pycache__" not in path.parts}


def _project_module(dotted: str) -> str | None:
    """The longest prefix of `dotted` that is a project module (`liaison.store.upgrade.steps` → …upgrade)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in _project_modules():
            return ".".join(parts[:end])
    return None


def _dynamic_import_target(call: ast.Call) -> str | None:
    """`importlib.import_module("x")` / `__import__("x")` → "x"; an f-string → its literal prefix + "*"."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name not in ("import_module", "__import__") or not call.args:
        return None
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        return f"{arg.values[0].value}*"
    return "*"  # a computed name: kept as "*", which no allow-list explains


def _from_base(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = _project_modules()[module].name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports_in(module: str) -> list[Import]:
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                targets = [_project_module(alias.name) for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = _from_base(module, child)
                # `from liaison import store` binds the module liaison.store; `from liaison.store import
                # build` binds a name of the package liaison.store.
                targets = [
                    f"{base}.{alias.name}"
                    if f"{base}.{alias.name}" in _project_modules()
                    else _project_module(base)
                    for alias in child.names
                ]
            elif isinstance(child, ast.Call) and _dynamic_import_target(child) is not None:
                target = _dynamic_import_target(child)
                if target != "*":  # a literal name or prefix: only the project's own count
                    target = target if target.endswith("*") else _project_module(target)
                    target = target if target and target.split(".")[0] in MAY_IMPORT else None
                targets = [target]
            else:
                targets = []
            found.extend(Import(module, target, child.lineno, lazy) for target in targets if target)
            visit(child, lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(_parsed(_project_modules()[module]), False)
    return found


@cache
def _all_imports() -> tuple[Import, ...]:
    return tuple(found for module in sorted(_project_modules()) for found in _imports_in(module))


def _module_graph() -> dict[str, set[str]]:
    """Module-level imports only. A submodule's implicit import of its parent package is no edge: Python
    initialises the parent first, so `liaison.store` importing `liaison.store.schema` is no circle; an
    explicit import back (schema importing liaison.store) is one, and is an edge."""
    graph: dict[str, set[str]] = {module: set() for module in _project_modules()}
    for found in _all_imports():
        if not found.lazy:
            graph[found.importer].add(found.imported)
    return graph


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path (first module repeated at the end), or None when the graph is acyclic."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" once fully explored
    for start in sorted(graph):
        if start in state:
            continue
        path, iterators = [start], [iter(sorted(graph[start]))]
        state[start] = "open"
        while path:
            successor = next(iterators[-1], None)
            if successor is None:
                state[path.pop()] = "done"
                iterators.pop()
            elif state.get(successor) == "open":
                return path[path.index(successor) :] + [successor]
            elif successor not in state:
                state[successor] = "open"
                path.append(successor)
                iterators.append(iter(sorted(graph.get(successor, ()))))
    return None


def test_the_cycle_finder_finds_circles_and_self_imports():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"a"}}) == ["a", "a"]
    assert _find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_import_reader_sees_project_modules():
    graph = _module_graph()
    assert {"app", "views.map", "dashboard.db", "liaison.store", "liaison.store.upgrade"} <= graph.keys()
    assert "liaison.store.upgrade" in graph["liaison.store.operations"]  # from liaison.store import upgrade
    assert "liaison.store" in graph["liaison.store.upgrade"]  # from liaison.store import connect, …
    assert "liaison.queries" in graph["liaison.store.upgrade"]  # from liaison.queries import run_query_in
    assert "dashboard.shell" in graph["app"]


def test_module_level_imports_have_no_cycles():
    cycle = _find_cycle(_module_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_layers_point_one_way():
    """liaison never imports dashboard, views or app; dashboard never imports views; lazy imports included."""
    wrong = [
        f"{found.importer} (line {found.line}) imports {found.imported}"
        for found in _all_imports()
        if found.imported != "*"  # unknown: test_lazy_project_imports_are_the_known_ones names it
        and found.imported.split(".")[0] not in MAY_IMPORT[found.importer.split(".")[0]]
    ]
    assert not wrong


# Every import of a project module made inside a function, and why it is not at the top of its module.
# A new entry here is a review question: is it there to dodge an import cycle the layers should remove?
LAZY_IMPORTS = {
    # The demo generator is only needed to build a demo store (store.build).
    ("liaison.store", "liaison.demo"): "only store.build needs the generator",
    # operations imports backup, which imports liaison.store: a cycle, broken in store.build_with.
    ("liaison.store", "liaison.store.operations"): "cycle: operations → backup → liaison.store",
    # No cycle (reference imports only liaison.paths); imported beside operations in store.build_with.
    # The orphan report of `status` is the only user, and only when there are orphans.
    # i18n merges every liaison/texts/<area>.py by name (pkgutil + importlib), so areas need no registry.
    ("liaison.i18n", "liaison.texts.*"): "area texts discovered by name",
    # relation_import uses the write API, which imports matching, which imports exporting: a cycle.
    (
        "liaison.records.exporting",
        "liaison.records.relation_import",
    ): "cycle: → writes → matching → exporting",
    # The start-up warm-up imports what the first map run needs in its background thread, after the
    # server is up, so the imports overlap with the first browser's page load (issue 14).
    **{
        ("dashboard.warmup", module): "imported in the warm-up thread, not at server start"
        for module in (
            "dashboard.db",
            "dashboard.panels.figures",
            "dashboard.readers.map",
            "dashboard.readers.reference",
            "dashboard.shell",
            "liaison.fiscal",
            "liaison.map",
            "liaison.mapdeck",
            "dashboard.panels",  # the other pages' modules, loaded (and frozen) 10 s after start
            "dashboard.readers",
            "dashboard.panels.*",
            "dashboard.readers.*",
        )
    },
    # serve.py imports the route modules before the server answers: their handlers import the store,
    # the accounts and the login gate (pandas, DuckDB: ~0.5 s of the first paint) when first called.
    **{
        (routes, module): "imported by the route's handler, not at server start"
        for routes, module in (
            ("dashboard.login_routes", "dashboard.auth"),
            ("dashboard.login_routes", "dashboard.db"),
            ("dashboard.login_routes", "liaison.accounts.login"),
            ("dashboard.login_routes", "liaison.store"),
            ("dashboard.service_routes", "dashboard.db"),
            ("dashboard.service_routes", "liaison.store"),
            ("dashboard.service_routes", "liaison.store.schema"),
        )
    },
}


def test_lazy_project_imports_are_the_known_ones():
    found = {(f.importer, f.imported) for f in _all_imports() if f.lazy}
    unexplained = sorted(found - LAZY_IMPORTS.keys())
    gone = sorted(LAZY_IMPORTS.keys() - found)
    assert not unexplained, (
        f"lazy project imports not in LAZY_IMPORTS (say why, or import at the top): {unexplained}"
    )
    assert not gone, f"LAZY_IMPORTS lists imports that no longer exist: {gone}"


# --------------------------------------------------------------------------- 3. cache invalidation stays true

# Tables that change only while the app is stopped (`migrate`, a reference update, a rebuild) or by a
# restore, which clears every cache: no write the app makes at run time touches them, so a reader need
# not name them in @reads.
REFERENCE_TABLES = frozenset(
    {"regions", "municipalities", "dx_fields", "store_meta", "schema_migrations", "reference_files"}
)
# Calls that run a named query, and the position of the query's name among their arguments.
QUERY_RUNNERS = {"liaison.queries.run_query": 0, "liaison.queries.run_query_in": 1, "dashboard.db.query": 0}
# Cached, but caches no query result: never followed, never a reader.
NOT_READERS = {
    "dashboard.db.connection": "the connection factory (opens, builds or migrates the store)",
}
# Cached readers without @reads: each must read reference tables only (asserted below).
UNTRACKED_READERS = {
    "dashboard.db.store_meta",
    "dashboard.readers.reference.regions",
    "dashboard.readers.reference.municipalities",
    "dashboard.readers.reference.target_labels",
    "dashboard.readers.reference.region_labels",
    "dashboard.readers.reference.municipality_codes",
    "dashboard.readers.consultations.fields",
    "dashboard.readers.consultations.field_labels",
    "dashboard.readers.region.liaison_regions",
}


@dataclass
class _Source:
    """One project module as the call follower sees it."""

    name: str
    functions: dict[str, ast.FunctionDef]  # "f" and "Class.method"
    classes: set[str]
    names: dict[str, str]  # imported name → what it names ("liaison.queries.run_query", "dashboard.data")


@cache
def _source(module: str) -> _Source:
    tree = _parsed(_project_modules()[module])
    functions: dict[str, ast.FunctionDef] = {}
    classes: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            functions[node.name] = node
        elif isinstance(node, ast.ClassDef):
            classes.add(node.name)
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    functions[f"{node.name}.{item.name}"] = item
    names: dict[str, str] = {}
    for node in ast.walk(tree):  # lazy imports too: they name things inside their functions
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            base = _from_base(module, node)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}"
    return _Source(module, functions, classes, names)


def _function(qualified: str, hops: int = 0) -> tuple[str, str] | None:
    """(module, "f" or "Class.method") of a project function, following re-exports; None if not one."""
    module = _project_module(qualified)
    if module is None or module == qualified or hops > 5:
        return None
    local = qualified[len(module) + 1 :]
    source = _source(module)
    if local in source.functions:
        return module, local
    head, _, rest = local.partition(".")
    if head in source.names:  # re-exported: `from liaison.store.schema import migrate` in liaison.store
        return _function(source.names[head] + (f".{rest}" if rest else ""), hops + 1)
    return None


def _named(source: _Source, expr: ast.expr, cls: str | None) -> str | None:
    """The qualified name `f`, `module.f`, `Class.method` or `self.method` stands for in `source`."""
    if isinstance(expr, ast.Name):
        if expr.id in source.functions:
            return f"{source.name}.{expr.id}"
        return source.names.get(expr.id)
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
        base = expr.value.id
        if base in ("self", "cls") and cls:
            return f"{source.name}.{cls}.{expr.attr}"
        if base in source.classes:
            return f"{source.name}.{base}.{expr.attr}"
        if base in source.names:
            return f"{source.names[base]}.{expr.attr}"
    return None


def _project_function(source: _Source, expr: ast.expr, cls: str | None) -> str | None:
    named = _named(source, expr, cls)
    found = _function(named) if named else None
    return f"{found[0]}.{found[1]}" if found else None


@dataclass
class _Reach:
    queries: set[str]  # named queries run
    sql: set[str]  # literal SQL run through .execute(...)
    unresolved: list[str]  # SQL the follower cannot name: a reader must not hide a table this way
    functions: set[str]  # every project function followed


@cache
def _reach(start: str) -> _Reach:
    """Every named query and literal SQL `start` runs, directly or through the project functions it calls
    or refers to (a function handed on as a value, or kept in a dict of builders, may run later)."""
    reach = _Reach(set(), set(), [], set())
    todo = [start]
    while todo:
        qualified = todo.pop()
        if qualified in reach.functions:
            continue
        reach.functions.add(qualified)
        module, local = _function(qualified) or (None, None)
        assert module is not None, qualified
        source, cls = _source(module), local.split(".")[0] if "." in local else None
        body = list(ast.walk(source.functions[local]))
        runs = set()  # the runner names in call position, handled as calls below
        for node in body:
            if not isinstance(node, ast.Call):
                continue
            callee = _project_function(source, node.func, cls)
            if callee in QUERY_RUNNERS:
                runs.add(id(node.func))
                position = QUERY_RUNNERS[callee]
                name = node.args[position] if len(node.args) > position else None
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    reach.queries.add(name.value)
                else:
                    reach.unresolved.append(f"{qualified}: {ast.unparse(node)}")
            elif callee is None and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
                sql = node.args[0] if node.args else None
                if isinstance(sql, ast.Constant) and isinstance(sql.value, str):
                    reach.sql.add(sql.value)
                else:
                    reach.unresolved.append(f"{qualified}: {ast.unparse(node)}")
        for node in body:
            if not isinstance(node, ast.Name | ast.Attribute) or id(node) in runs:
                continue
            referred = _project_function(source, node, cls)
            if referred in QUERY_RUNNERS:
                reach.unresolved.append(f"{qualified}: hands on {referred}")
            elif referred is not None and referred not in NOT_READERS:
                todo.append(referred)
    return reach


@pytest.fixture(scope="module")
def store_tables(con) -> frozenset[str]:
    """The tables of a store built by the migrations (the session's seeded demo store)."""
    return frozenset(row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall())


@pytest.fixture(scope="module")
def sql_tables(con, store_tables):
    """SQL text → the store tables it reads, by DuckDB's own parser; table and scalar macros expanded."""
    tables = store_tables
    # the migrations' persistent macros and queries/macros.sql's temporary ones (made on this cursor)
    cursor = con.cursor()
    cursor.execute("\n".join(queries.macros().values()))
    macros = dict(
        cursor.execute(
            "select function_name, case when function_type = 'table_macro' then macro_definition"
            " else 'select ' || macro_definition end"
            " from duckdb_functions() where not internal and function_type in ('macro', 'table_macro')"
        ).fetchall()
    )
    assert "consultations_in_scope" in macros and REFERENCE_TABLES | {"visits", "audit_log"} <= tables
    # the store's views (liaison_roles, migration 008) read the tables of their definitions
    views = dict(
        cursor.execute(
            "select view_name, sql from duckdb_views() where not internal and schema_name = 'main'"
        ).fetchall()
    )
    assert "liaison_roles" in views

    @cache
    def read(sql: str) -> frozenset[str]:
        tree = json.loads(con.execute("select json_serialize_sql($sql)", {"sql": sql}).fetchone()[0])
        assert not tree["error"], (tree.get("error_message"), sql)
        found: set[str] = set()
        ctes: set[str] = set()  # a CTE named like a store table (visits' `departments`) is no read of it
        stack = [tree]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack += node
            elif isinstance(node, dict):
                ctes |= {entry["key"].lower() for entry in (node.get("cte_map") or {}).get("map", [])}
                stack += node.values()
        stack = [tree]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack += node
            elif isinstance(node, dict):
                is_cte = node.get("type") == "BASE_TABLE" and node["table_name"].lower() in ctes
                if is_cte:
                    pass
                elif node.get("type") == "BASE_TABLE" and node["table_name"].lower() in tables:
                    found.add(node["table_name"].lower())  # a CTE's name is no store table, so not kept
                if not is_cte and node.get("type") == "BASE_TABLE" and node["table_name"].lower() in views:
                    view = views[node["table_name"].lower()]
                    found |= read(view[view.lower().index(" as ") + 4 :])  # the view's select
                if node.get("function_name") in macros:
                    found |= read(macros[node["function_name"]])
                stack += node.values()
        return frozenset(found)

    return read


def _tables_read(reader: str, sql_tables) -> set[str]:
    reach = _reach(reader)
    found = set()
    for name in reach.queries:
        found |= sql_tables(queries.load(name).sql)
    for sql in reach.sql:
        found |= sql_tables(sql)
    return found


def _is_cache_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource")


@dataclass(frozen=True)
class Cached:
    qualified: str
    reads: tuple[str, ...] | None  # as registered with dashboard.cache at import; None without @reads


@cache
def _cached_functions() -> tuple[Cached, ...]:
    """Every st.cache_data/st.cache_resource function in dashboard/, and the tables its @reads registered."""
    from dashboard import cache as reads_registry

    found = []
    for module in sorted(m for m in _project_modules() if m.startswith("dashboard.")):
        loaded = importlib.import_module(module)
        for name, function in _source(module).functions.items():
            decorators = function.decorator_list
            if "." in name or not any(_is_cache_decorator(d) for d in decorators):
                continue
            marked = any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "reads"
                for d in decorators
            )
            cached = getattr(loaded, name)
            # The registry itself, so a table name @reads misspells is seen too (readers() only answers names).
            tables = tuple(
                t for t, readers in reads_registry._READERS.items() if any(r is cached for r in readers)
            )
            # @reads above the cache decorator registers the cached object (whose .clear() empties it);
            # below it, it would register the bare function and a write would clear nothing.
            assert bool(tables) == marked, f"{module}.{name}: @reads must sit above the st.cache_* decorator"
            found.append(Cached(f"{module}.{name}", tables if marked else None))
    return tuple(found)


def test_the_reader_follower_finds_queries_through_calls():
    assert _reach("dashboard.readers.map.headline").queries == {
        "municipality_metrics"
    }  # via municipality_metrics()
    assert "visit_priority_factors" in _reach("dashboard.readers.planner.plan").queries  # via visit_factors()
    assert {"top_issues", "step_gap"} <= _reach(
        "dashboard.readers.seminar._slides"
    ).queries  # via liaison.seminar
    assert _reach("dashboard.db.store_meta").sql == {"select key, value from store_meta"}


def test_every_cached_reader_is_found():
    cached = {c.qualified for c in _cached_functions()}
    assert (
        len(cached) > 60
        and {"dashboard.readers.profile._profile", "dashboard.readers.relations.pushes_figure"} <= cached
    )


def test_readers_run_only_queries_the_follower_can_name():
    readers = [c.qualified for c in _cached_functions() if c.qualified not in NOT_READERS]
    unresolved = {reader: _reach(reader).unresolved for reader in readers}
    assert not {reader: calls for reader, calls in unresolved.items() if calls}


def test_reads_names_only_store_tables(store_tables):
    named = {table for reader in _cached_functions() for table in reader.reads or ()}
    assert named and named <= store_tables, f"not a table of the store: {sorted(named - store_tables)}"


def test_every_cached_reader_names_every_table_its_sql_reads(sql_tables):
    """A write clears the caches whose @reads name a table it touched; a table left out means a stale page."""
    gaps = {}
    for reader in _cached_functions():
        if reader.reads is None:
            continue
        read = _tables_read(reader.qualified, sql_tables) - REFERENCE_TABLES
        assert read, f"{reader.qualified} reads no table the follower can see"
        if read - set(reader.reads):
            gaps[reader.qualified] = sorted(read - set(reader.reads))
    assert not gaps, f"@reads leaves out tables the reader's SQL reads: {gaps}"


def test_cached_readers_without_reads_touch_reference_tables_only(sql_tables):
    untracked = {c.qualified for c in _cached_functions() if c.reads is None} - NOT_READERS.keys()
    assert untracked == UNTRACKED_READERS, (
        f"cached without @reads, not listed: {sorted(untracked - UNTRACKED_READERS)}; "
        f"listed but gone or now tracked: {sorted(UNTRACKED_READERS - untracked)}"
    )
    for reader in sorted(untracked):
        read = _tables_read(reader, sql_tables)
        assert read, f"{reader} reads no table the follower can see"
        assert read <= REFERENCE_TABLES, (
            f"{reader} reads {sorted(read - REFERENCE_TABLES)}: give it @reads(...)"
        )
