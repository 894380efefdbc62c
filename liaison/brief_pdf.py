"""The 訪問前ブリーフィング as one printable A4 page: HTML (every text escaped) printed to PDF by headless Chromium.

Offline: the page names the Noto Sans CJK JP font installed with fonts-noto-cjk, loads nothing, and Chromium
runs with the project's no-network flags and a private profile. One page is kept by construction: each table
shows at most its row limit (the rest is counted as 「ほか N 件」), long texts are cut at TEXT_LIMIT, the
sheet is a fixed A4 box, and a small script (FIT, the page's only script, no store text in it) shrinks the
font while the content is taller than the box.
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

from liaison import localserver
from liaison.brief import Brief
from liaison.i18n import t

ROW_LIMITS = {"open_cases": 8, "visits": 3, "top_contacts": 3, "referrals": 3, "peers": 3, "weakest": 3}
TEXT_LIMIT = 30  # characters of a title, summary, request or answer in a table cell
POINT_LIMIT = 150  # characters of a talking point (its detail likewise)
FONT = "Noto Sans CJK JP"
END_MARK = ("— 以上 —", "— end —")  # the last line: a test finds it in the PDF (nothing cut off)

# Runs before Chromium prints: while the sheet's content is taller than the A4 box, the text shrinks a
# step (at most to MIN_PT), so a crowded brief still ends on its one page instead of being cut off.
MIN_PT = 5.0
FIT = f"""
const sheet = document.querySelector('.sheet');
let size = 7.8;
while (sheet.scrollHeight > sheet.clientHeight && size > {MIN_PT}) {{
  size -= 0.2;
  document.body.style.fontSize = size + 'pt';
}}
"""

CSS = f"""
@page {{ size: A4; margin: 0; }}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "{FONT}", sans-serif; font-size: 7.8pt; line-height: 1.25; color: #111; }}
.sheet {{ width: 210mm; height: 296mm; padding: 9mm 10mm; overflow: hidden; }}
h1 {{ font-size: 1.9em; margin: 0; }}
.sub {{ color: #444; margin: 1mm 0 2mm; }}
h2 {{ font-size: 1.13em; margin: 2.2mm 0 0.8mm; border-bottom: 0.4mm solid #0072B2; padding-bottom: 0.4mm; }}
.tiles {{ display: flex; gap: 2mm; }}
.tile {{ flex: 1; border: 0.3mm solid #bbb; border-radius: 1mm; padding: 1mm 1.5mm; }}
.tile b {{ display: block; font-size: 1.28em; }}
.tile span {{ font-size: 0.83em; color: #444; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border: 0.2mm solid #ccc; padding: 0.3mm 0.8mm; text-align: left; vertical-align: top;
          overflow: hidden; word-break: break-all; }}
td.day {{ white-space: nowrap; word-break: keep-all; }}
th {{ background: #eef2f5; font-weight: bold; }}
.point {{ border-left: 1.2mm solid #E69F00; padding: 0.8mm 2mm; margin: 0.8mm 0; background: #fff8eb; }}
.rule {{ font-weight: bold; }}
.detail {{ color: #333; }}
.two {{ display: flex; gap: 4mm; }}
.two > div {{ flex: 1; min-width: 0; }}
.note {{ color: #666; font-size: 0.83em; margin: 0.3mm 0; }}
p {{ margin: 0.5mm 0; }}
.end {{ color: #666; font-size: 6pt; text-align: right; margin-top: 2mm; }}
"""


def _cut(text, limit: int = TEXT_LIMIT) -> str:
    value = "" if text is None or text != text else str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cell(text: str) -> str:
    """A table cell; a date never breaks inside (2025-11-\n11 reads as two values)."""
    kept = " class='day'" if ISO_DATE.match(text) else ""
    return f"<td{kept}>{html.escape(text)}</td>"


def _table(frame: pd.DataFrame, limit: int, lang: str, drop: tuple[str, ...] = ("department_id",)) -> str:
    shown = frame.drop(columns=[c for c in drop if c in frame.columns])
    if shown.empty:
        return f"<p>{html.escape(t('brief_none', lang))}</p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for record in shown.head(limit).itertuples(index=False):
        cells = "".join(_cell(_cut(v if not pd.isna(v) else "—")) for v in record)
        rows.append(f"<tr>{cells}</tr>")
    more = len(shown) - limit
    tail = f"<p class='note'>{html.escape(t('brief_more', lang).format(count=more))}</p>" if more > 0 else ""
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>{tail}"


def to_html(brief: Brief, lang: str = "ja") -> str:
    """The brief as a self-contained A4 HTML page; every text from the store is escaped."""
    esc = html.escape
    tiles = "".join(
        f"<div class='tile'><span>{esc(label)}</span><b>{esc(text)}</b></div>"
        for _, label, text in brief.tiles
    )
    if brief.points:
        points = "".join(
            f"<div class='point'><span class='rule'>{esc(p.rule_name)}</span>　{esc(_cut(p.text, POINT_LIMIT))}"
            + (f"<br><span class='detail'>{esc(_cut(p.detail, POINT_LIMIT))}</span>" if p.detail else "")
            + "</div>"
            for p in brief.points
        )
    else:
        points = f"<p>{esc(t('brief_no_points', lang))}</p>"
    readiness = "".join(
        f"<tr><th>{esc(label)}</th><td>{esc(text)}</td></tr>" for label, text in brief.readiness
    )
    contacts_line = t("brief_top_contacts_count", lang).format(
        count=brief.top_contacts_count, level=brief.relationship
    )
    referrals_line = t("brief_referrals_count", lang).format(count=brief.referrals_count)
    restricted = f"<p class='note'>{esc(t('brief_restricted', lang))}</p>" if brief.restricted else ""
    peers = (
        ""
        if brief.restricted
        else (f"<h2>{esc(t('brief_peers', lang))}</h2>" + _table(brief.peers, ROW_LIMITS["peers"], lang))
    )
    body = f"""
<div class="sheet">
<h1>{esc(t("brief_page", lang))}　{esc(brief.title)}</h1>
<p class="sub">{esc(brief.subtitle)}　/　{esc(t("brief_talent", lang))}: {esc(_cut(brief.talent_support, 60))}</p>
<div class="tiles">{tiles}</div>
<h2>{esc(t("brief_points", lang))}</h2>{points}
<h2>{esc(t("brief_open_cases", lang))}</h2>{_table(brief.open_cases, ROW_LIMITS["open_cases"], lang)}
<div class="two"><div>
<h2>{esc(t("brief_visits", lang))}</h2>{_table(brief.visits, ROW_LIMITS["visits"], lang)}
</div><div>
<h2>{esc(t("brief_readiness", lang))}</h2><table>{readiness}</table>
</div></div>
<div class="two"><div>
<h2>{esc(t("brief_weakest", lang))}</h2>{_table(brief.weakest, ROW_LIMITS["weakest"], lang)}
</div><div>
<h2>{esc(t("brief_top_contacts", lang))}</h2><p>{esc(contacts_line)}</p>
{_table(brief.top_contacts, ROW_LIMITS["top_contacts"], lang)}
</div></div>
<div class="two"><div>
<h2>{esc(t("brief_referrals", lang))}</h2><p>{esc(referrals_line)}</p>
{_table(brief.referrals, ROW_LIMITS["referrals"], lang)}
</div><div>{peers}</div></div>
{restricted}
<p class="end">{esc(END_MARK[lang == "en"])}</p>
</div>"""
    return (
        f"<!doctype html><html lang='{'en' if lang == 'en' else 'ja'}'><head><meta charset='utf-8'>"
        f"<title>{esc(brief.title)}</title><style>{CSS}</style></head><body>{body}<script>{FIT}</script>"
        "</body></html>"
    )


class PdfUnavailable(RuntimeError):
    """Chromium is not installed: the page says what to install."""


def to_pdf(page: str, timeout: float = 60) -> bytes:
    """The HTML page printed to an A4 PDF by headless Chromium (private profile, no network)."""
    if not localserver.CHROMIUM.exists():
        raise PdfUnavailable(t("brief_pdf_unavailable"))
    with tempfile.TemporaryDirectory(prefix="brief-pdf-") as folder:
        work = Path(folder)
        source, target = work / "brief.html", work / "brief.pdf"
        source.write_text(page, encoding="utf-8")
        result = subprocess.run(
            [
                str(localserver.CHROMIUM),
                *localserver.CHROMIUM_ARGS,
                f"--user-data-dir={work / 'profile'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if not target.exists():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace")[-500:]
            raise RuntimeError(f"Chromium did not write a PDF (exit {result.returncode}): {detail}")
        return target.read_bytes()
