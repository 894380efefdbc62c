"""The login's fixed names: its routes and its cookies.

A module of constants only, so serve.py can mount the login routes (dashboard/login_routes.py) without
importing the store and the accounts (pandas, DuckDB: about half a second) before the server answers;
dashboard/auth.py, which the pages use, names them from here.
"""

SESSION_COOKIE = "liaison_session"  # HttpOnly; holds a local session's secret (never in a URL)
NEXT_COOKIE = "liaison_next"  # the deep link asked for before a directory login
LOGIN_PATH = "/liaison/login"
LOGOUT_PATH = "/liaison/logout"
OIDC_PATH = "/liaison/oidc"
NEXT_TTL = 600  # seconds a directory login may take before the deep link is forgotten
