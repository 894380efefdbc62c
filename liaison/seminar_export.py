"""The seminar deck's files outside the PPTX: chart PNGs (kaleido driving the system Chromium) and the PDF
(LibreOffice headless), and the fonts every file is set in.

Font choice: every PPTX text run names "Meiryo" (メイリオ) as its Latin AND East Asian (`a:ea`) typeface
(liaison.seminar_pptx). Meiryo ships with every Windows since Vista and with Office for Mac, so the deck
renders the same in the PowerPoint the prefecture's and municipalities' staff use; without `a:ea`
PowerPoint would set Japanese in a Latin fallback. LibreOffice (our PDF path, Linux) has no Meiryo: the
PDF conversion runs with its own temporary profile whose replacement table maps Meiryo → Noto Sans CJK
JP, so the PDF is set in one Japanese font (and embeds it). Chart images are drawn by kaleido in Noto
Sans CJK JP.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from xml.sax.saxutils import escape

import plotly.graph_objects as go

from liaison.charts import FONT as CHART_FONT
from liaison.i18n import t

FONT = "Meiryo"
PDF_FONT = "Noto Sans CJK JP"  # what LibreOffice sets Meiryo in (see the module docstring)
BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class ExportUnavailable(RuntimeError):
    """A tool an export needs is not installed; the message says what to install."""


# --------------------------------------------------------------------------- PNG (kaleido)

_kaleido_lock = threading.Lock()
_kaleido_started = False


def browser_path() -> str | None:
    """The Chromium kaleido drives: $BROWSER_PATH, else the Debian package (never a download)."""
    for candidate in (os.environ.get("BROWSER_PATH", ""), *BROWSERS):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _start_kaleido() -> None:
    global _kaleido_started
    import kaleido

    path = browser_path()
    if path is None:
        raise ExportUnavailable(t("seminar_png_needs_chromium"))
    # mathjax=False: its default is a CDN script, and nothing here may leave the machine.
    kaleido.start_sync_server(mathjax=False, path=path, silence_warnings=True)
    _kaleido_started = True


def warm_up() -> None:
    """Start kaleido's Chromium now, in the background, so the first export does not wait for it.

    Returns at once (the browser starts in kaleido's server thread); does nothing without Chromium.
    """
    with _kaleido_lock:
        if not _kaleido_started and browser_path() is not None:
            _start_kaleido()


def chart_png(fig: go.Figure, width: int = 1200, height: int = 750, scale: float = 2.0) -> bytes:
    """A PNG of a plotly figure, in Noto Sans CJK JP, via one kaleido server per process."""
    global _kaleido_started
    import kaleido

    spec = fig.to_dict()  # a copy: cached figures are not touched
    layout = spec.setdefault("layout", {})
    layout.setdefault("font", {})["family"] = CHART_FONT
    opts = {"format": "png", "width": int(width), "height": int(height), "scale": scale}
    with _kaleido_lock:  # the sync server answers one caller at a time
        for attempt in range(2):
            if not _kaleido_started:
                _start_kaleido()
            try:
                return kaleido.calc_fig_sync(spec, opts=opts)
            except Exception:
                if attempt:  # a dead browser gets one restart
                    raise
                kaleido.stop_sync_server(silence_warnings=True)
                _kaleido_started = False
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------- PDF (LibreOffice)

_REPLACE_FONT = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Font/Substitution"><prop oor:name="Replacement" oor:op="fuse">\
<value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs"><node oor:name="_0" oor:op="replace">\
<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>\
<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>\
<prop oor:name="ReplaceFont" oor:op="fuse"><value>{font}</value></prop>\
<prop oor:name="SubstituteFont" oor:op="fuse"><value>{substitute}</value></prop></node></item>
</oor:items>
"""


def soffice_path() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(pptx: bytes, timeout: float = 180) -> bytes:
    """The PPTX converted by LibreOffice headless (a private temporary profile, so runs never collide)."""
    command = soffice_path()
    if command is None:
        raise ExportUnavailable(t("seminar_pdf_needs_libreoffice"))
    with tempfile.TemporaryDirectory(prefix="deck-pdf-") as folder:
        work = Path(folder)
        user = work / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(
            _REPLACE_FONT.format(font=escape(FONT), substitute=escape(PDF_FONT)), encoding="utf-8"
        )
        source = work / "deck.pptx"
        source.write_bytes(pptx)
        result = subprocess.run(
            [
                command,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        target = work / "deck.pdf"
        if not target.exists():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace")[-500:]
            raise RuntimeError(f"LibreOffice did not write a PDF (exit {result.returncode}): {detail}")
        return target.read_bytes()


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF as LibreOffice writes it (page objects are not compressed into streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
