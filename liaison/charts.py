"""The look every page's plotly figures share: the font, the department palette, the radar's label breaks."""

from __future__ import annotations

from liaison.texts.vocabulary import VOCABULARY

FONT = "Noto Sans CJK JP, Noto Sans JP, sans-serif"
# Okabe–Ito colours: distinguishable with colour-vision deficiencies.
DEPARTMENT_COLORS = {"自治体DX担当": "#0072B2", "地域社会DX担当": "#E69F00", "首長・幹部": "#009E73"}
DEPARTMENT_EN = VOCABULARY[("visits", "department")]  # one place for the English: liaison/texts
# Long axis labels wrap so they are not cut off in a half-width column.
RADAR_BREAKS = {
    "トップのコミットメント": "トップの<br>コミットメント",
    "求めるデジタル人材像": "求める<br>デジタル<br>人材像",
    "人材育成方針・目標": "人材育成<br>方針・目標",
    "Talent profile": "Talent<br>profile",
    "Staff mindset": "Staff<br>mindset",
    "Top commitment": "Top<br>commitment",
    "Issue awareness": "Issue<br>awareness",
}
