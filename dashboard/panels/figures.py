"""Figures on screen: a KPI tile or a table column from the catalogue (liaison.figures) — its name, its text,
its definition on hover — recorded as a Reading in this run's list so the one-truth test can compare pages."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from liaison import figures
from liaison.visits import Table

READINGS = "figures_shown"  # session key: this run's readings (reset by dashboard.shell.sidebar)


def reset() -> None:
    st.session_state[READINGS] = []


def note(shown: figures.Reading) -> None:
    """Add a reading made elsewhere (e.g. a slide's figure, already written as text)."""
    st.session_state.setdefault(READINGS, []).append(shown)


def record(key: str, subject: str, value, lang: str, where: str) -> str:
    """Note that figure `key` of `subject` was shown with `value`; returns its text."""
    shown = figures.reading(key, subject, value, lang, where)
    note(shown)
    return shown.text


def tile(
    container,
    key: str,
    value,
    *,
    subject: str,
    lang: str,
    where: str,
    of: int | None = None,
    suffix: str = "",
    **params,
) -> None:
    """A KPI tile: the catalogue's name (plus `suffix`, e.g. the filters it is under), the figure's text
    (with " / of" when it is a part of a whole) and its definition on hover."""
    figure = figures.get(key)
    text = record(key, subject, value, lang, where)
    if of is not None:
        text = f"{text} / {of:,}"
    container.metric(figure.label(lang, **params) + suffix, text, help=figure.help(lang, **params))


def record_column(key: str, subjects: Iterable[str], values: Iterable, lang: str, where: str) -> None:
    """Note a table column of figure `key`, one value per subject (row)."""
    for subject, value in zip(subjects, values, strict=True):
        record(key, subject, value, lang, where)


def record_table(table: Table, lang: str, where: str) -> None:
    """Note every catalogued column of a builder's table (liaison.visits.Table), one subject per row."""
    subjects = [figures.municipality_subject(code) for code in table.codes]
    for heading, key in table.figures.items():
        record_column(key, subjects, table.frame[heading], lang, where)
