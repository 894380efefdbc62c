"""The 関係部署 digest as a printable A4 PDF (as many pages as it needs): escaped HTML printed by headless
Chromium, the same way as the 訪問前ブリーフィング (liaison.brief_pdf.to_pdf)."""

from __future__ import annotations

import html

import pandas as pd

from liaison.brief_pdf import FONT, to_pdf
from liaison.digest import DigestView, overdue_note
from liaison.fiscal import date_label
from liaison.i18n import t

TEXT_LIMIT = 60

CSS = f"""
@page {{ size: A4; margin: 10mm; }}
body {{ font-family: "{FONT}", sans-serif; font-size: 8pt; line-height: 1.3; color: #111; }}
h1 {{ font-size: 15pt; margin: 0 0 1mm; }}
h2 {{ font-size: 10pt; margin: 3mm 0 1mm; border-bottom: 0.4mm solid #0072B2; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border: 0.2mm solid #ccc; padding: 0.4mm 1mm; text-align: left; vertical-align: top; word-break: break-all; }}
th {{ background: #eef2f5; }}
tr {{ page-break-inside: avoid; }}
.tiles {{ display: flex; gap: 2mm; }}
.tile {{ flex: 1; border: 0.3mm solid #bbb; border-radius: 1mm; padding: 1mm 1.5mm; }}
.tile b {{ display: block; font-size: 12pt; }}
.note {{ color: #555; }}
"""


def _cut(value) -> str:
    text = "" if value is None or value != value else str(value)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _table(frame: pd.DataFrame, lang: str) -> str:
    if frame.empty:
        return f"<p>{html.escape(t('brief_none', lang))}</p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cut(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(made: DigestView, date_from, date_to, part: str, lang: str = "ja") -> str:
    """The digest as an HTML document; every text from the store is escaped."""
    esc = html.escape
    period = f"{date_label(date_from)} – {date_label(date_to)}"
    tiles = "".join(
        f"<div class='tile'>{esc(t(f'digest_kind_{kind}', lang))}<b>{value:,}</b></div>"
        for kind, value in made.counts.items()
    )
    sections = "".join(
        f"<h2>{esc(t(f'digest_by_{dimension}', lang))}</h2>{_table(table, lang)}"
        for dimension, table in (
            ("region", made.by_region),
            ("field", made.by_field),
            ("department", made.by_department),
        )
    )
    note = f"<p class='note'>{esc(t('digest_restricted', lang))}</p>" if made.restricted else ""
    listed = overdue_note(made, lang)
    listed = f"<p class='note'>{esc(listed)}</p>" if listed else ""
    return (
        f"<!doctype html><html lang='{'en' if lang == 'en' else 'ja'}'><head><meta charset='utf-8'>"
        f"<title>{esc(t('digest_page', lang))}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(t('digest_page', lang))}</h1><p>{esc(period)}　/　{esc(part)}</p>{note}"
        f"<div class='tiles'>{tiles}</div>{sections}"
        f"<h2>{esc(t('digest_events', lang))}</h2>{_table(made.events, lang)}{listed}</body></html>"
    )


def digest_pdf(made: DigestView, date_from, date_to, part: str, lang: str = "ja") -> bytes:
    return to_pdf(to_html(made, date_from, date_to, part, lang))
