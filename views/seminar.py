"""発表モード: step through slides built from today's data, for a scope; export the same deck (PPTX/PDF/PNG).

Deep link per slide: /seminar?scope=region&region=tajima&slide=map (scope = prefecture | region |
municipalities; codes=282014,282090 for municipalities).
"""

import html
import time
from urllib.parse import urlencode

import streamlit as st

from dashboard import shell
from dashboard.panels import figures as figure_panel
from dashboard.panels import mapview
from dashboard.readers import reference
from dashboard.readers import seminar as readers
from liaison import figures, seminar, seminar_export, seminar_pptx
from liaison import map as map_builders
from liaison.i18n import t
from liaison.mapdeck import legend_html

# Only this constant CSS is injected (no user text): large type while presenting, and the sidebar
# hidden when the presenter asks for it.
PRESENTING_CSS = """
<style>
[data-testid="stMainBlockContainer"] h1 { font-size: 2.8rem; line-height: 1.2; }
[data-testid="stMetricValue"] { font-size: 3.2rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.1rem; }
.seminar-subtitle { font-size: 1.35rem; color: #4b5563; margin: -0.4rem 0 0.8rem 0; }
.seminar-counter { font-size: 1.2rem; text-align: center; padding-top: 0.35rem; }
</style>
"""
HIDE_SIDEBAR_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none !important; }
</style>
"""

context = shell.current()
lang = context.lang
region_names = reference.region_labels(lang)
muni_names = reference.target_labels(None, lang)

# Widgets start from the URL (a deep link), else from the sidebar's region.
url = st.query_params
shell.seed("seminar_scope", url.get("scope") if url.get("scope") in seminar.KINDS else "prefecture")
shell.seed(
    "seminar_region",
    url.get("region") if url.get("region") in region_names else context.region_id or next(iter(region_names)),
)
shell.seed(
    "seminar_codes",
    [c for c in url.get("codes", "").split(",") if c in muni_names][: seminar.MAX_MUNICIPALITIES],
)
shell.seed("seminar_metric", map_builders.get(url.get("metric")).key)
shell.seed("seminar_hide_sidebar", True)

st.markdown(PRESENTING_CSS, unsafe_allow_html=True)

chooser = st.columns([2.2, 3, 2.2, 1.6], vertical_alignment="bottom")
kind = chooser[0].radio(
    t("seminar_scope", lang),
    seminar.KINDS,
    key="seminar_scope",
    format_func=lambda k: t(f"seminar_scope_{k}", lang),
    horizontal=True,
)
region_id, codes = None, ()
if kind == "region":
    region_id = chooser[1].selectbox(
        t("seminar_choose_region", lang),
        list(region_names),
        key="seminar_region",
        format_func=region_names.get,
    )
elif kind == "municipalities":
    codes = tuple(
        chooser[1].multiselect(
            t("seminar_choose_municipalities", lang),
            list(muni_names),
            key="seminar_codes",
            format_func=muni_names.get,
            max_selections=seminar.MAX_MUNICIPALITIES,
        )
    )
elif kind == "towns":  # the 町村会: every town in the programme
    towns = reference.municipalities()
    codes = tuple(towns.loc[(towns["kind"] == "町") & towns["is_liaison_target"], "code"])
metric_key = chooser[2].selectbox(
    t("metric", lang),
    list(map_builders.METRICS),
    key="seminar_metric",
    format_func=lambda key: map_builders.METRICS[key].label(lang),
)
hide_sidebar = chooser[3].toggle(t("seminar_hide_sidebar", lang), key="seminar_hide_sidebar")
for key in ("seminar_scope", "seminar_region", "seminar_codes", "seminar_metric", "seminar_hide_sidebar"):
    if key in st.session_state:
        shell.save(key)
if hide_sidebar:
    st.markdown(HIDE_SIDEBAR_CSS, unsafe_allow_html=True)

if kind == "municipalities" and not codes:
    st.info(t("seminar_need_municipality", lang))
    st.stop()

seminar_export.warm_up()  # Chromium for the chart images starts while the presenter looks at the slides
scope_args = (kind, region_id, codes, context.fiscal_year, context.as_of, lang, metric_key)
slides = readers.slides(*scope_args)
keys = [slide.key for slide in slides]

# The slide shown: the widget's value, else the URL's, else the first; moved by the buttons' callbacks.
if st.session_state.get("seminar_slide") not in keys:
    st.session_state["seminar_slide"] = url.get("slide") if url.get("slide") in keys else keys[0]


def _move(step: int) -> None:
    index = keys.index(st.session_state["seminar_slide"]) + step
    st.session_state["seminar_slide"] = keys[max(0, min(len(keys) - 1, index))]


index = keys.index(st.session_state["seminar_slide"])
nav = st.columns([1.2, 3, 1.2, 1.2], vertical_alignment="center")
nav[0].button(
    t("seminar_prev", lang),
    key="seminar_prev",
    on_click=_move,
    args=(-1,),
    disabled=index == 0,
    width="stretch",
)
nav[1].selectbox(
    t("seminar_jump", lang),
    keys,
    key="seminar_slide",
    format_func=lambda k: f"{keys.index(k) + 1}. {slides[keys.index(k)].title}",
    label_visibility="collapsed",
)
nav[2].button(
    t("seminar_next", lang),
    key="seminar_next",
    on_click=_move,
    args=(1,),
    disabled=index == len(keys) - 1,
    width="stretch",
)
nav[3].markdown(
    f'<div class="seminar-counter">{html.escape(t("seminar_counter", lang).format(i=index + 1, n=len(keys)))}</div>',
    unsafe_allow_html=True,
)
slide = slides[index]

params = {"scope": kind, "fy": str(context.fiscal_year), "metric": metric_key, "slide": slide.key}
if region_id:
    params["region"] = region_id
if codes and kind == "municipalities":  # the towns are the 町村会's: no codes in its URL
    params["codes"] = ",".join(codes)
for name in ("region", "codes"):
    if name not in params:
        st.query_params.pop(name, None)
st.query_params.update(params)

# ----------------------------------------------------------------------------- the slide

st.title(slide.title)
subtitle = "<br>".join(html.escape(line) for line in slide.subtitle.split("\n"))
st.markdown(f'<div class="seminar-subtitle">{subtitle}</div>', unsafe_allow_html=True)


deck_scope = seminar.Scope(
    kind=kind,
    region_id=region_id,
    codes=codes,
    fiscal_year=context.fiscal_year,
    as_of=context.as_of,
    lang=lang,
)


def tile(container, key: str, label: str) -> None:
    """A slide's big number; a catalogued one is recorded for the one-truth walk as the pages' are."""
    text = slide.tile_text(key)
    named = seminar.catalogued(key, deck_scope)
    if named is not None:
        figure_panel.note(figures.Reading(*named, text, f"seminar:{slide.key}"))
    container.metric(label, text, border=True)


def tiles(container, columns: int) -> None:
    cells = container.columns(columns)
    for i, (key, label) in enumerate(slide.tiles):
        tile(cells[i % columns], key, label)


def table(container) -> None:
    container.table(slide.table, hide_index=True)


has_side = bool(slide.tiles) or slide.table is not None
if slide.key == "map":
    left, right = st.columns([2, 1])
    with left:
        mapview.show(readers.map_picture(*scope_args), key="seminar_map", height=560, lang=lang)
    left.markdown(legend_html(slide.legend, map_builders.get(metric_key).label(lang)), unsafe_allow_html=True)
    table(right)
elif slide.chart is not None:
    left, right = st.columns([2, 1]) if has_side else (st.container(), None)
    # theme=None: drawn exactly as exported (fonts, colours), not restyled by Streamlit's theme
    left.plotly_chart(slide.chart, key=f"seminar_chart_{slide.key}", height=560, theme=None)
    if right is not None:
        for key, label in slide.tiles:
            tile(right, key, label)
        if slide.table is not None:
            table(right)
elif slide.tiles:
    tiles(st.container(), 3)
    if slide.table is not None:
        table(st.container())
elif slide.table is not None:
    table(st.container())

st.caption(seminar_pptx.NOTE_SEPARATORS[lang].join(html.escape(note) for note in slide.notes))
link = "/seminar?" + urlencode(params)
st.caption(f"{t('seminar_link', lang)}: `{link}`")

# ----------------------------------------------------------------------------- exports

st.divider()
st.subheader(t("seminar_export", lang))
stamp = f"{kind}-{region_id or ''}-{'_'.join(codes)}-{context.fiscal_year}-{lang}-{metric_key}"
base_name = f"seminar_{kind}_{region_id or '_'.join(codes) or 'hyogo'}_{context.fiscal_year}"
exports = st.columns(3)


def remember(kind_of_file: str, payload: bytes, started: float) -> None:
    st.session_state[f"seminar_export_{kind_of_file}"] = (stamp, payload, time.perf_counter() - started)


def built(kind_of_file: str) -> tuple[bytes, float] | None:
    saved = st.session_state.get(f"seminar_export_{kind_of_file}")
    return (saved[1], saved[2]) if saved and saved[0] == stamp else None


def offer(kind: str, mime: str) -> None:
    """Once the `kind` file is built for this scope: how long it took and its download button."""
    if (ready := built(kind)) is not None:
        st.caption(t("seminar_built", lang).format(seconds=ready[1]))
        st.download_button(
            t(f"seminar_download_{kind}", lang),
            ready[0],
            file_name=f"{base_name}.{kind}",
            mime=mime,
            key=f"seminar_download_{kind}",
            on_click="ignore",
        )


with exports[0]:
    if st.button(t("seminar_make_pptx", lang), key="seminar_make_pptx"):
        started = time.perf_counter()
        bar = st.progress(0.0, text=t("seminar_building", lang))
        try:
            remember(
                "pptx",
                seminar_pptx.to_pptx(slides, lambda f, text: bar.progress(f, text=text), lang),
                started,
            )
        except Exception as error:  # noqa: BLE001 - shown to the presenter, not swallowed
            st.error(f"{t('seminar_export_failed', lang)}: {error}")
        bar.empty()
    offer("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")

with exports[1]:
    if st.button(t("seminar_make_pdf", lang), key="seminar_make_pdf"):
        started = time.perf_counter()
        bar = st.progress(0.0, text=t("seminar_building", lang))
        try:
            if seminar_export.soffice_path() is None:  # say so before spending time on the PPTX
                raise seminar_export.ExportUnavailable(t("seminar_pdf_needs_libreoffice", lang))
            pptx = seminar_pptx.to_pptx(slides, lambda f, text: bar.progress(0.8 * f, text=text), lang)
            bar.progress(0.85, text="PDF (LibreOffice)")
            remember("pdf", seminar_export.to_pdf(pptx), started)
        except seminar_export.ExportUnavailable as missing:
            st.error(str(missing))
        except Exception as error:  # noqa: BLE001
            st.error(f"{t('seminar_export_failed', lang)}: {error}")
        bar.empty()
    offer("pdf", "application/pdf")

with exports[2]:
    if slide.chart is None:
        st.caption(t("seminar_no_chart", lang))
    else:
        png_stamp = f"png-{slide.key}"
        if st.button(t("seminar_make_png", lang), key="seminar_make_png"):
            started = time.perf_counter()
            with st.spinner(t("seminar_building", lang)):
                try:
                    remember(png_stamp, seminar_export.chart_png(slide.chart, 1600, 900, scale=1.5), started)
                except seminar_export.ExportUnavailable:
                    st.error(t("seminar_png_needs_chromium", lang))
                except Exception as error:  # noqa: BLE001
                    st.error(f"{t('seminar_export_failed', lang)}: {error}")
        if (ready := built(png_stamp)) is not None:
            st.download_button(
                t("seminar_download_png", lang),
                ready[0],
                file_name=f"{base_name}_{slide.key}.png",
                mime="image/png",
                key="seminar_download_png",
                on_click="ignore",
            )
