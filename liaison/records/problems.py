"""Problems: one thing wrong with a value, a row or a file, said in Japanese; the error that lists them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from liaison.records.text import CONTROL_CHARACTERS


def _shown(value: object, limit: int = 60) -> str:
    """A value for a message: control characters made visible, long text cut."""
    text = CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value, a row or a file, said in Japanese."""

    reason: str  # Japanese, specific; completes 「値「…」は」 when a value is given
    column: str | None = None  # the Japanese header as the user sees it
    row: int | None = None  # spreadsheet row as Excel shows it (header = row 1)
    value: str | None = None
    file: str | None = None

    def message(self) -> str:
        """「ファイル x.csv の 5 行目「受付日」: 値「2025/13/1」は存在しない日付です（…）」."""
        place = f"ファイル {self.file}" if self.file else ""
        if self.row is not None:
            place += f" の {self.row} 行目" if place else f"{self.row} 行目"
        if self.column:
            place += f"「{self.column}」"
        body = f"値「{_shown(self.value)}」は{self.reason}" if self.value is not None else self.reason
        return f"{place}: {body}" if place else body


class ValidationError(ValueError):
    """Raised before anything is written; `.problems` lists every Problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(problem.message() for problem in self.problems))


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table for st.dataframe (which shows text, never HTML): ファイル, 行, 列, 値, 理由.

    Anywhere else a problem is rendered (st.error, st.markdown), pass its message() through
    liaison.safe_text.markdown: values are the user's own text.
    """
    rows = [(p.file, p.row, p.column, p.value, p.reason) for p in problems]
    frame = pd.DataFrame(rows, columns=["ファイル", "行", "列", "値", "理由"])
    frame["行"] = frame["行"].astype("Int64")
    return frame
