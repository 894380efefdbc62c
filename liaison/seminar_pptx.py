"""The seminar deck as a 16:9 PPTX (python-pptx): title, figure tiles, tables and chart images, notes.

Every run is set in Meiryo, Latin and East Asian alike (liaison.seminar_export says why); sizes and
column widths are fitted to each box from a rough measure of the text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from io import BytesIO

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from liaison.i18n import t
from liaison.seminar_export import FONT, ExportUnavailable, chart_png
from liaison.seminar_model import Slide

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.5
BODY_TOP, BODY_BOTTOM = 1.75, 6.72
SIDE_W = 4.1
SIDE_MAX = 5.6
GAP = 0.25
SHORT_LABEL = 6  # characters: a label this short is one word and never wraps (see unbreakable_width)
NOTE_SEPARATORS = {"ja": "　／　", "en": "  /  "}  # between a slide's notes, on the page and in the deck
SLACK = 1.1  # a table column's floor over the estimated width: bold headers and Meiryo run wider
DPI = 100  # chart pixels per inch of slide; rendered at scale 2
INK = RGBColor(0x1F, 0x29, 0x37)
MUTED = RGBColor(0x4B, 0x55, 0x63)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
WARNING = RGBColor(0xB4, 0x23, 0x18)
HEADER_FILL = RGBColor(0x1F, 0x4E, 0x79)
BAND_FILL = RGBColor(0xF1, 0xF5, 0xF9)

Progress = Callable[[float, str], None]


# --------------------------------------------------------------------------- text helpers


def text_width(text: str, size_pt: float) -> float:
    """Rough width in inches, on the wide side: full-width characters 1 em, others 0.62 em (Meiryo is
    wide), plus a quarter em wherever Japanese meets Latin (LibreOffice spaces the two scripts apart)."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    ems = sum(1.0 if w else 0.62 for w in wide)
    ems += 0.25 * sum(a != b for a, b in zip(wide, wide[1:], strict=False))
    return ems * size_pt / 72


def fit_size(text: str, width_in: float, largest: float, smallest: float, lines: int = 1) -> float:
    """The largest font size (pt) at which `text` fits in `lines` lines of `width_in` inches."""
    size = largest
    while size > smallest and text_width(text, size) > width_in * lines * 0.95:
        size -= 1
    return size


def _style_run(run, size: float, *, bold: bool = False, color: RGBColor = INK, lang: str = "ja-JP") -> None:
    """Size, weight, colour and the Latin + East Asian typeface of one run."""
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = color
    font.name = FONT  # a:latin
    r_pr = run._r.get_or_add_rPr()
    r_pr.set("lang", lang)
    latin = r_pr.find(qn("a:latin"))
    for tag in ("a:cs", "a:ea"):  # after a:latin, in schema order (latin, ea, cs)
        old = r_pr.find(qn(tag))
        if old is not None:
            r_pr.remove(old)
        latin.addnext(r_pr.makeelement(qn(tag), {"typeface": FONT}))


def _write(frame, lines: list[str], size: float, *, bold=False, color=INK, align=PP_ALIGN.LEFT, lang="ja-JP"):
    """Replace a text frame's text with `lines`, one paragraph each, every run styled."""
    frame.clear()
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        _style_run(run, size, bold=bold, color=color, lang=lang)


def _box(slide, x, y, w, h, lines, size, *, name=None, anchor=MSO_ANCHOR.TOP, **style):
    shape = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.03)
    _write(frame, lines, size, **style)
    return shape


def _luminance(hex_color: str) -> float:
    value = hex_color.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


# --------------------------------------------------------------------------- PPTX


def to_pptx(slides: list[Slide], progress: Progress | None = None, lang: str = "ja") -> bytes:
    """The deck as a 16:9 PPTX: title, figures, tables and chart images; notes carry the sources."""
    report = progress or (lambda fraction, label: None)
    language = "en-US" if lang == "en" else "ja-JP"
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    blank = prs.slide_layouts[6]
    steps = len(slides) + 1
    for number, slide in enumerate(slides, start=1):
        report((number - 1) / steps, f"{number}/{len(slides)} {slide.title}")
        page = prs.slides.add_slide(blank)
        if slide.key == "title":
            _title_slide(page, slide, language)
        else:
            _content_slide(page, slide, language)
        _footer(page, slide, number, len(slides), language)
        notes = page.notes_slide.notes_text_frame
        _write(notes, [slide.title, *slide.notes], 12, lang=language)
    report(len(slides) / steps, "PPTX")
    out = BytesIO()
    prs.save(out)
    report(1.0, "PPTX")
    return out.getvalue()


def _title_slide(page, slide: Slide, lang: str) -> None:
    band = page.shapes.add_shape(1, 0, Inches(2.1), Inches(SLIDE_W), Inches(2.9))  # 1 = rectangle
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    band.name = "band"
    width = SLIDE_W - 2 * MARGIN
    size = fit_size(slide.title, width, 44, 28)
    _box(page, MARGIN, 2.3, width, 1.2, [slide.title], size, name="title", bold=True,
         color=RGBColor(0xFF, 0xFF, 0xFF), anchor=MSO_ANCHOR.MIDDLE, lang=lang)  # fmt: skip
    lines = slide.subtitle.split("\n")
    size = min(fit_size(line, width, 26, 16) for line in lines)
    _box(
        page,
        MARGIN,
        3.55,
        width,
        1.3,
        lines,
        size,
        name="subtitle",
        color=RGBColor(0xFF, 0xFF, 0xFF),
        lang=lang,
    )


def _content_slide(page, slide: Slide, lang: str) -> None:
    width = SLIDE_W - 2 * MARGIN
    _box(page, MARGIN, 0.3, width, 0.85, [slide.title], fit_size(slide.title, width, 32, 20), name="title",
         bold=True, color=ACCENT, anchor=MSO_ANCHOR.MIDDLE, lang=lang)  # fmt: skip
    _box(page, MARGIN, 1.15, width, 0.45, [slide.subtitle], fit_size(slide.subtitle, width, 16, 11),
         name="subtitle", color=MUTED, lang=lang)  # fmt: skip
    rule = page.shapes.add_connector(1, Inches(MARGIN), Inches(1.65), Inches(SLIDE_W - MARGIN), Inches(1.65))
    rule.line.color.rgb = ACCENT
    rule.line.width = Pt(1.5)

    height = BODY_BOTTOM - BODY_TOP
    has_side = bool(slide.tiles) or slide.table is not None
    if slide.chart is not None:
        side_w = _side_width(slide)
        chart_w = width - (side_w + GAP if has_side else 0)
        _picture(page, slide, MARGIN, BODY_TOP, chart_w, height, lang)
        if has_side:
            _side(page, slide, MARGIN + chart_w + GAP, BODY_TOP, side_w, height, lang)
    elif slide.tiles and slide.table is not None:
        tiles_h = 2.45
        _tile_grid(page, slide, MARGIN, BODY_TOP, width, tiles_h, columns=3, lang=lang)
        _table(page, slide, MARGIN, BODY_TOP + tiles_h + GAP, width, height - tiles_h - GAP, lang)
    elif slide.tiles:
        _tile_grid(page, slide, MARGIN, BODY_TOP, width, height, columns=3, lang=lang)
    elif slide.table is not None:
        _table(page, slide, MARGIN, BODY_TOP, width, height, lang)


def _picture(page, slide: Slide, x: float, y: float, w: float, h: float, lang: str) -> None:
    """The slide's chart as an image; without Chromium, a box saying what to install (the rest still exports)."""
    fig = slide.chart
    if slide.table_colors:  # the table beside the map is its legend (with counts): give the map the room
        fig = go.Figure(fig)
        fig.update_layout(showlegend=False, xaxis={"domain": [0, 1]})
    try:
        png = chart_png(fig, width=round(w * DPI), height=round(h * DPI), scale=2.0)
    except ExportUnavailable:
        message = t("seminar_png_needs_chromium", "en" if lang.startswith("en") else "ja")
        _box(page, x, y, w, h, [message], 16, name="chart_missing", color=WARNING, anchor=MSO_ANCHOR.MIDDLE,
             align=PP_ALIGN.CENTER, lang=lang)  # fmt: skip
        return
    picture = page.shapes.add_picture(BytesIO(png), Inches(x), Inches(y), Inches(w), Inches(h))
    picture.name = "chart"


def _tile(page, x, y, w, h, label: str, value: str, key: str, lang: str) -> None:
    card = page.shapes.add_shape(1, Inches(x), Inches(y), Inches(w), Inches(h))
    card.fill.solid()
    card.fill.fore_color.rgb = BAND_FILL
    card.line.fill.background()
    card.name = f"card:{key}"
    label_h = min(0.45, h * 0.38)
    _box(page, x + 0.1, y + 0.05, w - 0.2, label_h, [label], fit_size(label, w - 0.2, 15, 10),
         name=f"label:{key}", color=MUTED, lang=lang)  # fmt: skip
    value_size = min(40, (h - label_h) * 72 * 0.62)
    _box(page, x + 0.1, y + label_h, w - 0.2, h - label_h - 0.05, [value], fit_size(value, w - 0.2, value_size, 14),
         name=f"figure:{key}", bold=True, color=INK, anchor=MSO_ANCHOR.MIDDLE, lang=lang)  # fmt: skip


def _tile_grid(page, slide: Slide, x, y, w, h, columns: int, lang: str) -> None:
    rows = math.ceil(len(slide.tiles) / columns)
    tile_w = (w - GAP * (columns - 1)) / columns
    tile_h = min(2.2, (h - GAP * (rows - 1)) / rows)
    for i, (key, label) in enumerate(slide.tiles):
        row, column = divmod(i, columns)
        _tile(page, x + column * (tile_w + GAP), y + row * (tile_h + GAP), tile_w, tile_h, label,
              slide.tile_text(key), key, lang)  # fmt: skip


def _side_width(slide: Slide) -> float:
    """SIDE_W, widened (up to SIDE_MAX) for a table whose unbreakable pieces need more at 14 pt."""
    if slide.table is None:
        return SIDE_W
    texts = zip(
        *[[str(c) for c in slide.table.columns], *slide.table.astype(str).values.tolist()], strict=True
    )
    needed = sum(
        max(unbreakable_width(text, 14, is_header=i == 0) for i, text in enumerate(column)) * SLACK + 0.2
        for column in texts
    )
    return min(SIDE_MAX, max(SIDE_W, needed + (0.35 if slide.table_colors else 0)))


def _side(page, slide: Slide, x, y, w, h, lang: str) -> None:
    """Tiles stacked, then the table in the space left."""
    top = y
    if slide.tiles:
        share = h if slide.table is None else min(h * 0.45, 1.05 * len(slide.tiles))
        tile_h = min(1.15, (share - 0.1 * (len(slide.tiles) - 1)) / len(slide.tiles))
        for key, label in slide.tiles:
            _tile(page, x, top, w, tile_h, label, slide.tile_text(key), key, lang)
            top += tile_h + 0.1
        top += 0.1
    if slide.table is not None:
        _table(page, slide, x, top, w, y + h - top, lang)


def _table(page, slide: Slide, x, y, w, h, lang: str) -> None:
    """The slide's table; font size and column widths chosen so it fits the box."""
    frame = slide.table
    header = [str(c) for c in frame.columns]
    cells = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    if not cells:
        cells = [[t("seminar_none", "en" if lang == "en-US" else "ja")] + [""] * (len(header) - 1)]
    swatch = 0.35 if slide.table_colors else 0.0
    size = 16.0
    while True:
        columns_text = list(zip(header, *cells, strict=True))
        needs = [max(text_width(text, size) for text in column) + 0.2 for column in columns_text]
        floors = [
            max(unbreakable_width(text, size, is_header=i == 0) for i, text in enumerate(column)) * SLACK
            + 0.2
            for column in columns_text
        ]
        needs = [max(need, floor) for need, floor in zip(needs, floors, strict=True)]
        widths = _column_widths(needs, w - swatch, floors)
        lines = [max(math.ceil(text_width(text, size) / max(cw - 0.2, 0.1)) for text, cw in zip(row, widths, strict=True))
                 for row in [header, *cells]]  # fmt: skip
        total = sum(n * size * 1.45 / 72 + 0.1 for n in lines)
        if (total <= h and sum(floors) <= w - swatch) or size <= 10:
            break
        size -= 1
    columns = len(header) + (1 if swatch else 0)
    shape = page.shapes.add_table(
        len(cells) + 1, columns, Inches(x), Inches(y), Inches(w), Inches(min(total, h))
    )
    shape.name = "table"
    table = shape.table
    all_widths = ([swatch] if swatch else []) + widths
    for i, width in enumerate(all_widths):
        table.columns[i].width = Emu(int(Inches(width)))
    for r, n in enumerate(lines):
        table.rows[r].height = Emu(int(Inches(n * size * 1.45 / 72 + 0.1)))
    offset = 1 if swatch else 0
    for r, row in enumerate([header, *cells]):
        if swatch:
            cell = table.cell(r, 0)
            _write(cell.text_frame, [""], size, lang=lang)
            if r:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(slide.table_colors[r - 1].lstrip("#").upper())
        for c, text in enumerate(row):
            cell = table.cell(r, c + offset)
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = Inches(0.04)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            numeric = r > 0 and _is_number(text)
            _write(cell.text_frame, [text], size, bold=r == 0,
                   color=RGBColor(0xFF, 0xFF, 0xFF) if r == 0 else INK,
                   align=PP_ALIGN.RIGHT if numeric else PP_ALIGN.LEFT, lang=lang)  # fmt: skip
            cell.text_frame.word_wrap = True
            if len(text) <= SHORT_LABEL:  # ステップ0 is one word: PowerPoint must not break it in half
                for paragraph in cell.text_frame.paragraphs:
                    paragraph._p.get_or_add_pPr().set("eaLnBrk", "0")
            cell.fill.solid()
            cell.fill.fore_color.rgb = (
                HEADER_FILL if r == 0 else (BAND_FILL if r % 2 == 0 else RGBColor(0xFF, 0xFF, 0xFF))
            )


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("-", "").isdigit() or text == "—"


def _column_widths(needs: list[float], total: float, floors: list[float]) -> list[float]:
    """Columns get what they need; when that is too much, the widest give way (they wrap) but never
    below their floor (the widest unbreakable piece of their text)."""
    if sum(needs) <= total:
        spare = (total - sum(needs)) / len(needs)
        return [n + spare for n in needs]
    widths = list(needs)
    for _ in range(200):
        excess = sum(widths) - total
        shrinkable = [i for i in range(len(widths)) if widths[i] > floors[i] + 1e-6]
        if excess <= 1e-6 or not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= min(excess, widths[widest] - floors[widest], max(0.05, excess / len(shrinkable)))
    return widths


def unbreakable_width(text: str, size_pt: float, is_header: bool = False) -> float:
    """The widest piece of `text` that must not wrap: a short label whole (ステップ0), a Latin word,
    a bracketed group whole (（年度）), or four Japanese characters (Japanese may break between any two).

    A header with a trailing bracket group keeps the words before it on one line too
    (「個別支援の訪問 / （年度）」): a line filled to the column's edge would otherwise split
    「（年 / 度）」, the closing bracket pulling its neighbour along.
    """
    match = re.fullmatch(r"(.+?)\s*([（(][^）)]*[）)])", text) if is_header else None
    if match and len(match.group(1)) <= 2 * SHORT_LABEL:
        return max(text_width(match.group(1), size_pt), text_width(match.group(2), size_pt))
    if len(text) <= SHORT_LABEL:
        return text_width(text, size_pt)
    pieces = []
    for word in text.split():
        for part in re.findall(r"[（(][^）)]*[）)]|[^（(]+", word):  # 「（年度）」 stays whole
            is_group = part[0] in "（("
            if not is_group and any(unicodedata.east_asian_width(ch) in "WF" for ch in part):
                pieces.append(min(text_width(part, size_pt), text_width("漢字漢字", size_pt)))
            else:
                pieces.append(text_width(part, size_pt))
    return max(pieces, default=0.0)


def _footer(page, slide: Slide, number: int, count: int, lang: str) -> None:
    notes = NOTE_SEPARATORS["en" if lang == "en-US" else "ja"].join(
        n for n in slide.notes if n != slide.demo_notice
    )
    width = SLIDE_W - 2 * MARGIN - 1.0
    _box(
        page,
        MARGIN,
        6.82,
        width,
        0.3,
        [notes],
        fit_size(notes, width, 10, 7),
        name="notes",
        color=MUTED,
        lang=lang,
    )
    if slide.demo_notice:
        _box(page, MARGIN, 7.08, width, 0.32, [slide.demo_notice], 11, name="demo", bold=True, color=WARNING,
             lang=lang)  # fmt: skip
    _box(page, SLIDE_W - MARGIN - 0.9, 6.95, 0.9, 0.35, [f"{number} / {count}"], 11, name="page",
         color=MUTED, align=PP_ALIGN.RIGHT, lang=lang)  # fmt: skip
