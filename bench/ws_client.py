"""A Streamlit client in Python: one browser tab's session over the websocket, for the load benchmark.

It speaks what Streamlit's frontend speaks on /_stcore/stream: BackMsg.rerun_script with a
ClientState (query string, page, widget states) out; ForwardMsg in (new_session, deltas,
page_info_changed, script_finished). A run is finished at `script_finished`; its deltas are kept
so a caller can find widgets (by their ids and labels) and the page's exceptions.
"""

from __future__ import annotations

import asyncio
import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float
    status: int | None  # ForwardMsg.script_finished, None if the server never said
    elements: list = field(default_factory=list)  # the Element protos of the deltas, in order
    exceptions: list[str] = field(default_factory=list)  # st.exception / uncaught errors' messages
    page_script_hash: str = ""

    @property
    def ok(self) -> bool:
        return self.status in DONE and not self.exceptions

    def widgets(self, kind: str) -> list:
        """The elements of one widget kind (e.g. "selectbox", "button", "date_input"), as their protos."""
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def texts(self) -> str:
        return "\n".join(str(e) for e in self.elements)


def login_cookie(base_url: str, login_name: str, password: str) -> str:
    """POST the local login form (/liaison/login, with its CSRF token) and return the session cookie."""
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", "/liaison/login")
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        csrf_cookie = _cookie(response, "liaison_login_csrf")
        token = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
        form = urllib.parse.urlencode(
            {"csrf": token, "next": "/", "login_name": login_name, "password": password}
        )
        connection.request(
            "POST",
            "/liaison/login",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"liaison_login_csrf={csrf_cookie}",
            },
        )
        response = connection.getresponse()
        response.read()
        secret = _cookie(response, "liaison_session")
        if response.status != 303 or not secret:
            raise RuntimeError(f"login of {login_name} refused (HTTP {response.status})")
        return f"liaison_session={secret}"
    finally:
        connection.close()


def _cookie(response, name: str) -> str | None:
    for header in response.headers.get_all("set-cookie") or []:
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    return None


class Session:
    """One websocket session with the server (one browser tab)."""

    def __init__(self, base_url: str, cookie: str | None = None) -> None:
        self.base_url = base_url
        self.cookie = cookie
        self.ws = None
        self.page_script_hash = ""
        self.widget_states: dict[str, WidgetState] = {}

    async def connect(self) -> None:
        uri = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        headers = {"Origin": self.base_url}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.ws = await websockets.connect(
            uri, subprotocols=["streamlit"], additional_headers=headers, max_size=64 * 1024 * 1024
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(
        self,
        query_string: str = "",
        page: str | None = None,
        widgets: list[WidgetState] | None = None,
        timeout: float = 60,
    ) -> Run:
        """Ask for a run and read until script_finished.

        page: None reruns the current page (a widget changed); a url path opens that page ("" the
        default page), as a click on the navigation does.
        """
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query_string
        state.page_name = page or ""
        state.page_script_hash = self.page_script_hash if page is None else ""
        for widget in widgets or []:
            self.widget_states[widget.id] = widget
        state.widget_states.widgets.extend(self.widget_states.values())
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        run = Run(0.0, None)
        deadline = started + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                run.seconds = time.perf_counter() - started
                return run
            raw = await asyncio.wait_for(self.ws.recv(), remaining)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "navigation":  # the page this run drew (st.navigation's choice)
                self.page_script_hash = forward.navigation.page_script_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                run.elements.append(element)
                if element.WhichOneof("type") == "exception":
                    run.exceptions.append(element.exception.message)
            elif kind == "script_finished":
                if forward.script_finished == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue  # a rerun the script asked for (st.rerun, switch_page): keep reading
                run.status = forward.script_finished
                run.seconds = time.perf_counter() - started
                run.page_script_hash = self.page_script_hash
                return run
