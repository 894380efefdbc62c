"""The README's sample reverse proxy, as written, in front of the app: nginx (Debian) with a throwaway
TLS certificate on loopback; Chromium opens the pages through it and the browser reports no CSP
violation, the websocket runs, and the security headers arrive once each. Skips without nginx.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from liaison import paths
from liaison.localserver import free_port

from .conftest import Recorder, launch_chromium
from .test_browser import console_errors, heading_with, wait_for_map, wait_for_run

pytestmark = pytest.mark.browser

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PAGES = [
    ("/", "兵庫県 DX推進リエゾン"),
    ("/consultations", "相談案件"),
    ("/readiness", "DX推進状況"),
    ("/visits", "巡回記録"),
]


def readme_nginx() -> str:
    """The one ```nginx block of README.md."""
    blocks = re.findall(r"```nginx\n(.*?)```", (paths.ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "README.md should hold one nginx example"
    return blocks[0]


def local_config(folder: Path, app_port: int, https_port: int, http_port: int) -> str:
    """The README's server blocks on loopback ports with a test certificate, in a minimal nginx.conf."""
    site = readme_nginx()
    replacements = {
        "server 127.0.0.1:8501;": f"server 127.0.0.1:{app_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "/etc/nginx/tls/liaison.crt": str(folder / "cert.pem"),
        "/etc/nginx/tls/liaison.key": str(folder / "key.pem"),
    }
    for old, new in replacements.items():
        assert old in site, old
        site = site.replace(old, new)
    temp = folder / "temp"
    temp.mkdir()
    # as root, nginx's workers would run as nobody, who cannot enter pytest's private temp folders
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        "events {}\nhttp {\n"
        f"  access_log {folder / 'access.log'};\n"
        f"  client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;\n"
        f"{site}\n}}\n"
    )


@pytest.fixture(scope="module")
def proxy_url(app_url, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.skip(
            "nginx not installed (apt-get install -y nginx-light): the README's proxy is untested here"
        )
    folder = tmp_path_factory.mktemp("nginx")
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    https_port, http_port = free_port(), free_port()
    config = folder / "nginx.conf"
    config.write_text(local_config(folder, urlparse(app_url).port, https_port, http_port), encoding="utf-8")
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"https://127.0.0.1:{https_port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/", timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # nginx answers (the redirect to https is not followed to a port it does not know)
            except OSError:
                time.sleep(0.2)
        yield url, http_port
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def tls_context(proxy_url, playwright_driver, tmp_path_factory):
    """A Chromium that accepts the test certificate (only this test's; the shared one stays strict)."""
    context = launch_chromium(
        playwright_driver,
        tmp_path_factory.mktemp("chromium-tls"),
        viewport={"width": 1400, "height": 1000},
        ignore_https_errors=True,
    )
    try:
        yield context
    finally:
        context.close()


def test_the_readme_proxy_serves_every_page_within_its_csp(proxy_url, tls_context):
    url, http_port = proxy_url
    recorder = Recorder()
    page = tls_context.new_page()
    recorder.attach(page)
    headers = {}
    page.on("response", lambda response: headers.setdefault(urlparse(response.url).path, response))
    for path, heading in PAGES:
        page.goto(url + path)
        wait_for_run(page)
        heading_with(page, heading)
        if path == "/":
            wait_for_map(page)
        page.wait_for_timeout(1500)  # charts and grids draw after the run
    main = headers["/"]
    for name in ("strict-transport-security", "content-security-policy", "x-frame-options"):
        assert len(main.header_values(name)) == 1, (name, main.header_values(name))
    assert "default-src 'self'" in main.header_value("content-security-policy")
    assert any(
        request.startswith(f"wss://127.0.0.1:{urlparse(url).port}/_stcore/stream")
        for request in recorder.requests
    )
    violations = [text for kind, text, _ in recorder.console if "Content Security Policy" in text]
    assert not violations, violations
    assert not console_errors(recorder), console_errors(recorder)
    page.close()


def test_plain_http_is_sent_to_https(proxy_url):
    _, http_port = proxy_url
    request = urllib.request.Request(f"http://127.0.0.1:{http_port}/visits?overdue=60")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=5)
    assert answer.value.code == 301
    assert (
        answer.value.headers["location"].startswith("https://127.0.0.1")
        and "/visits?overdue=60" in answer.value.headers["location"]
    )
