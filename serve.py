"""The server: Streamlit's app (app.py) with the login routes and security headers (`make run` starts it).

`streamlit run serve.py` finds `app` (an st.App, Streamlit's ASGI server) and serves app.py's pages
with the routes of dashboard/login_routes.py beside them.
"""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.login_routes import SecurityHeaders, routes
from liaison import service

service.log_to_stderr()  # backups and their copies in the journal (never a record's text)

app = st.App("app.py", routes=routes(), middleware=[Middleware(SecurityHeaders)])
