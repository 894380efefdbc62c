"""Which cached readers depend on which tables, so a write clears exactly the caches it affects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

_READERS: dict[str, list] = defaultdict(list)


def reads(*tables: str) -> Callable:
    """Mark a cached function (st.cache_data/st.cache_resource object) as reading `tables`.

    Put it above the cache decorator: `@reads("visits")` then `@st.cache_data(...)`.
    """

    def mark(cached):
        for table in tables:
            _READERS[table].append(cached)
        return cached

    return mark


def readers(tables: Iterable[str]) -> list:
    """The cached functions that read any of `tables`, each once, in registration order."""
    seen: dict[int, object] = {}
    for table in tables:
        for cached in _READERS.get(table, []):
            seen.setdefault(id(cached), cached)
    return list(seen.values())


def invalidate(tables: Iterable[str]) -> int:
    """Clear every cache that reads one of `tables`; returns how many were cleared."""
    cleared = readers(tables)
    for cached in cleared:
        cached.clear()
    return len(cleared)
