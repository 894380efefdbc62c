"""The service's own route: `/liaison/health/store`, the store as the running app sees it.

While the server runs it owns the store (DuckDB lets one process open a file), so the health check
(`python -m liaison.service health`) asks the app instead of opening the file: a check that opened it
while the app was starting took the lock from the app itself. Answered to this machine only (the
check runs beside the service); the answer names no path.
"""

from __future__ import annotations

import ipaddress

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

STORE_HEALTH_PATH = "/liaison/health/store"


def _is_local(request: Request) -> bool:
    """A request from this machine itself: loopback, and not relayed by a proxy on loopback (the
    README's nginx sets X-Forwarded-For on everything it passes on)."""
    if "x-forwarded-for" in request.headers or "forwarded" in request.headers:
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _store_state() -> tuple[int, dict]:
    """(status, answer): the app's connection opened (or reused) and its schema read."""
    # imported here: serve.py imports this module before the server answers (pandas, DuckDB: ~0.5 s)
    from dashboard import db
    from liaison import store
    from liaison.store.schema import schema_state

    try:
        cursor = db.connection().cursor()
    except store.StoreError as error:  # missing, newer, pending migrations, held by another process
        return 503, {"store": "unfit", "reason": str(error)}
    try:
        state = schema_state(cursor)
    finally:
        cursor.close()
    if state.pending:
        return 503, {"store": "unfit", "reason": "pending migrations", "version": state.version}
    return 200, {"store": "ok", "version": state.version}


async def store_health(request: Request) -> JSONResponse:
    if not _is_local(request):
        return JSONResponse({"store": "refused"}, status_code=403)
    status, answer = await run_in_threadpool(_store_state)
    return JSONResponse(answer, status_code=status)


def routes() -> list[Route]:
    return [Route(STORE_HEALTH_PATH, store_health, methods=["GET"])]
