"""The app acts as the person logged in: every write API call in dashboard/ and views/ passes
`auth.principal()` as its actor, never `auth.current_user()` (a name, which the write API would take for the
command-line operator, 管理者) and never a string literal. Checked on the source, as test_boundaries_enforced
checks the layers."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from liaison import paths
from liaison.records import referrals, writes

ROOT = paths.ROOT
APP_FOLDERS = ("dashboard", "views")

# The write API's functions that take an actor second (after the connection, or after the preview).
WRITE_API = {
    *writes.TABLES_TOUCHED,  # visits, consultations, hearings, engagements, pushes and the roster's writes
    *referrals.TABLES_TOUCHED,  # departments, referrals, responses
    "edit_record",
    "void_record",
    "restore_record",
    "commit",  # liaison.records.commit
    "commit_import",  # dashboard.readers.admin's wrapper of it
    "create_account",
    "edit_account",
    "set_password",
    "set_active",
    "unlock",
    "write",  # dashboard.panels.forms._write calls the chosen write function by this name
}


def _app_files() -> list[Path]:
    return sorted(path for folder in APP_FOLDERS for path in (ROOT / folder).rglob("*.py"))


@cache
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _is_auth_call(node: ast.expr, name: str) -> bool:
    """`auth.<name>()` (or a bare `<name>()` imported from dashboard.auth)."""
    return isinstance(node, ast.Call) and _name(node.func) == name and not node.args and not node.keywords


def _calls(path: Path):
    for node in ast.walk(_parsed(path)):
        if isinstance(node, ast.Call):
            yield node


@cache
def _forwarded(path: Path) -> frozenset[int]:
    """Ids of the calls inside a write API wrapper (e.g. dashboard.readers.admin.commit_import) that pass
    on the wrapper's own `actor` parameter: the wrapper's callers are checked instead."""
    found = set()
    for function in ast.walk(_parsed(path)):
        if isinstance(function, ast.FunctionDef) and function.name in WRITE_API:
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and isinstance(_actor_of(node), ast.Name):
                    if _actor_of(node).id == "actor":
                        found.add(id(node))
    return frozenset(found)


def _is_write_call(call: ast.Call) -> bool:
    """A call of the write API: its name, and the store's connection first (the panels' form functions
    share some names, e.g. forms.change_status(row, key), and take no connection)."""
    name = _name(call.func)
    if name not in WRITE_API:
        return False
    if name == "commit_import":  # (preview, actor): the wrapper holds the connection
        return True
    first = call.args[0] if call.args else None
    return (
        isinstance(first, ast.Call)
        and _name(first.func) == "connection"
        or (isinstance(first, ast.Name) and first.id in ("con", "connection"))
    )


ACTOR_POSITION = {"commit": 2}  # commit(con, preview, actor); every other takes it second


def _actor_of(call: ast.Call) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "actor":
            return keyword.value
    position = ACTOR_POSITION.get(_name(call.func), 1)
    return call.args[position] if len(call.args) > position else None


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"


def test_no_call_passes_the_audit_name_for_the_person():
    found = [
        _where(path, call)
        for path in _app_files()
        for call in _calls(path)
        for argument in [*call.args, *(keyword.value for keyword in call.keywords)]
        if _is_auth_call(argument, "current_user")
    ]
    assert found == [], "pass auth.principal(), not auth.current_user(), to the write API: " + ", ".join(
        found
    )


def test_every_write_api_call_passes_the_logged_in_principal():
    calls = [(path, call) for path in _app_files() for call in _calls(path) if _is_write_call(call)]
    wrong = [
        _where(path, call)
        for path, call in calls
        if (actor := _actor_of(call)) is not None
        and not _is_auth_call(actor, "principal")
        and id(call) not in _forwarded(path)
    ]
    literal = [
        _where(path, call)
        for path, call in calls
        if isinstance(_actor_of(call), (ast.Constant, ast.JoinedStr))
    ]
    assert literal == [], "a string literal as the actor of a write API call: " + ", ".join(literal)
    assert wrong == [], "the actor of a write API call is not auth.principal(): " + ", ".join(wrong)
    checked = {_where(path, call) for path, call in calls if _actor_of(call) is not None}
    assert len(checked) >= 5  # forms._write, the three corrections, the import: the check is not vacuous


def test_the_check_sees_a_forbidden_call():
    """The checker itself: a call with a literal or current_user() as its actor is found."""
    bad = ast.parse(
        'writes.add_visit(con, "山田")\ncorrections.void_record(con, auth.current_user(), t, 1, r)'
    )
    actors = [
        _actor_of(node) for node in ast.walk(bad) if isinstance(node, ast.Call) and _is_write_call(node)
    ]
    assert len(actors) == 2  # the panel's form function is not a write API call
    assert isinstance(actors[0], ast.Constant) and _is_auth_call(actors[1], "current_user")
