"""Warm-up at server start: the first visitor's map comes out of caches filled before anyone asked.

serve.py starts `start()` from st.App's lifespan (after Streamlit's runtime is up), so it runs while
the first browser is still loading Streamlit's scripts. In a background thread it imports what the
pages need (pandas, DuckDB, pydeck, plotly, pyarrow), opens the store, and fills the caches the
default map reads with the keys its first run will ask for (the store's 基準日 and its 年度, the
default metric, 日本語, every region, by municipality). Only aggregates are cached (no restricted
text); a failure is logged and changes nothing — the page then computes as it always did.

Then it freezes what is alive (gc.freeze), and again once it has imported the other pages' modules a
little later: Streamlit runs a full garbage collection after every script
run (runner.postScriptGC), and a full collection walks every object the process holds — about 130,000
from the imports alone, 60–90 ms with the GIL held, which under 40 sessions was a third of the server's
CPU. Frozen objects are never walked again (they are the modules and the warm caches, which live as
long as the server); what the runs create is collected as before.
"""

from __future__ import annotations

import gc
import logging
import threading
import time

_LOGGER = logging.getLogger("liaison.warmup")
_started: list[threading.Thread] = []


def warm() -> float:
    """Fill the default map's caches; returns the seconds it took."""
    started = time.perf_counter()
    import plotly.graph_objects  # noqa: F401  the profile and the charts; imported once here
    import pyarrow  # noqa: F401

    from dashboard import db, shell  # noqa: F401  shell: app.py's sidebar and navigation, imported once here
    from dashboard.panels import figures as figure_panel  # noqa: F401  the map's figure tiles
    from dashboard.readers import map as map_readers
    from dashboard.readers import reference
    from liaison import map as map_builders
    from liaison.fiscal import fiscal_year_of
    from liaison.mapdeck import BY_MUNICIPALITY

    db.connection()
    as_of = db.as_of()
    fiscal_year = fiscal_year_of(as_of)
    reference.fiscal_years()
    reference.regions()
    reference.municipality_codes()
    map_readers.headline(fiscal_year, as_of, None)
    map_readers.municipality_metrics(fiscal_year, as_of)
    map_readers.map_picture(fiscal_year, as_of, map_builders.get(None).key, "ja", None, BY_MUNICIPALITY)
    freeze()
    return time.perf_counter() - started


PAGES_AFTER_S = 10.0  # the other pages' modules: after the first visitors' maps, which they would slow


def import_pages() -> None:
    """The readers and panels the other pages import, loaded and then frozen with the rest."""
    import importlib
    import pkgutil

    from dashboard import panels, readers

    for module in pkgutil.iter_modules(readers.__path__):
        importlib.import_module(f"dashboard.readers.{module.name}")
    for module in pkgutil.iter_modules(panels.__path__):
        importlib.import_module(f"dashboard.panels.{module.name}")
    freeze()


def freeze() -> int:
    """Collect what is garbage now, then move every live object out of the collector's sight; the count."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def _run() -> None:
    try:
        _LOGGER.info("warm-up done in %.2f s", warm())
        time.sleep(PAGES_AFTER_S)
        import_pages()
        _LOGGER.info("the pages' modules loaded; %d objects frozen", gc.get_freeze_count())
    except Exception:  # the page computes what the warm-up could not
        _LOGGER.warning("warm-up failed; the first visitor's run computes instead", exc_info=True)


def start() -> threading.Thread:
    """Start the warm-up in a daemon thread (once per process)."""
    if not _started:
        thread = threading.Thread(target=_run, name="liaison-warmup", daemon=True)
        thread.start()
        _started.append(thread)
    return _started[0]
