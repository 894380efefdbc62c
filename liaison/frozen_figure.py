"""A read-only plotly figure whose dict is computed once, for figures kept in a cache across reruns.

st.plotly_chart calls `figure.to_dict()` on every rerun, which deep-copies every trace and walks it for
base64 conversion: for a cached figure that is the same work each time (the larger part of a chart's rerun
cost). The map's picture (liaison.mapsvg) is likewise drawn once per cache entry.
"""

from __future__ import annotations

import plotly.graph_objects as go


class FrozenFigure(go.Figure):
    """A go.Figure that answers to_dict() from a dict made once. Do not change it after freezing."""

    def __init__(self, figure: go.Figure) -> None:
        super().__init__(figure)
        self._frozen_dict = super().to_dict()

    def to_dict(self) -> dict:
        return self._frozen_dict


def freeze(figure: go.Figure) -> FrozenFigure:
    return FrozenFigure(figure)
