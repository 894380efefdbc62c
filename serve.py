"""The server: Streamlit's app (app.py) with the login routes and security headers (`make run` starts it).

`streamlit run serve.py` finds `app` (an st.App, Streamlit's ASGI server) and serves app.py's pages
with the routes of dashboard/login_routes.py beside them. At start-up (st.App's lifespan, after the
runtime is up) dashboard/warmup.py fills the default map's caches in a background thread, and
dashboard/preload.py has the browser fetch the map's script with the page's own.
"""

from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from dashboard import service_routes, warmup
from dashboard.login_routes import SecurityHeaders, routes
from dashboard.preload import PreloadMapScripts
from liaison import service

service.log_to_stderr()  # backups and their copies in the journal (never a record's text)


@asynccontextmanager
async def lifespan(_app):
    warmup.start()
    yield


app = st.App(
    "app.py",
    routes=routes() + service_routes.routes(),
    middleware=[Middleware(SecurityHeaders), Middleware(PreloadMapScripts)],
    lifespan=lifespan,
)
