"""Make user text inert before it reaches a renderer that interprets markup."""

from __future__ import annotations

import html
import string

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them
# also disarms Streamlit's extras (:emoji: and :material/icon: shortcodes, $LaTeX$, :color[...]).
_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})


def markdown(text: object) -> str:
    """User text safe inside st.markdown / st.caption / labels: no links, images, HTML or shortcodes."""
    if text is None:
        return ""
    # `<` is backslash-escaped like any punctuation, so it shows as itself and never starts HTML.
    escaped = str(text).translate(_MARKDOWN_ESCAPES)
    return escaped.replace("\n", "  \n")


def attribute(text: object) -> str:
    """User text safe inside an HTML element or attribute."""
    return "" if text is None else html.escape(str(text), quote=True)
