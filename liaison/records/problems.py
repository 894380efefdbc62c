"""Problems: one thing wrong with a value, a row or a file, said in Japanese and English; the error that lists them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from liaison.i18n import in_lang
from liaison.records.labels import LABELS
from liaison.records.text import CONTROL_CHARACTERS
from liaison.texts.forms import FIELD_EN

ACTOR_LABEL, ACTOR_EN = "操作者", "Recorded by"  # the write API's actor, named in its problems


def _shown(value: object, limit: int = 60) -> str:
    """A value for a message: control characters made visible, long text cut."""
    text = CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value, a row or a file, said in Japanese (and English when reason is Bilingual)."""

    reason: str  # Japanese, specific; completes 「値「…」は」 when a value is given (English: "value “…” …")
    column: str | None = None  # the Japanese header as the user sees it
    row: int | None = None  # spreadsheet row as Excel shows it (header = row 1)
    value: str | None = None
    file: str | None = None

    def message(self, lang: str = "ja") -> str:
        """「ファイル x.csv の 5 行目「受付日」: 値「2025/13/1」は存在しない日付です（…）」.

        In English: 'File x.csv, row 5, “受付日” (Received on): value “2025/13/1” is not a real date (…)',
        or without a value 'Row 3, “Title” is required but empty'; a file's own header stays as written,
        with the field's English name after it.
        """
        if lang == "en":
            return self._message_en()
        place = f"ファイル {self.file}" if self.file else ""
        if self.row is not None:
            place += f" の {self.row} 行目" if place else f"{self.row} 行目"
        if self.column:
            place += f"「{self.column}」"
        body = f"値「{_shown(self.value)}」は{self.reason}" if self.value is not None else self.reason
        return f"{place}: {body}" if place else body

    def _message_en(self) -> str:
        parts = [f"File {self.file}"] if self.file else []
        if self.row is not None:
            parts.append(f"row {self.row}" if parts else f"Row {self.row}")
        if self.column:
            parts.append(column_label(self.column, "en", in_file=bool(self.file)))
        reason = in_lang(self.reason, "en")  # a predicate: its subject is the value, else the place
        place = ", ".join(parts)
        if self.value is not None:
            body = f"value “{_shown(self.value)}” {reason}"
            return f"{place}: {body}" if place else body[:1].upper() + body[1:]
        return f"{place} {reason}" if place else reason[:1].upper() + reason[1:]


def header_in(header: str, lang: str = "ja") -> str:
    """An import file's Japanese header as a person reads it: itself, or 「受付日 (Received on)」 in English."""
    english = _ENGLISH_HEADERS.get(header) if lang == "en" else None
    return f"{header} ({english})" if english else header


def column_label(header: str, lang: str = "ja", in_file: bool = False) -> str:
    """A field as a problem names it: 「受付日」; in English “Received on”, or “受付日” (Received on) for a file's header."""
    if lang != "en":
        return f"「{header}」"
    english = _ENGLISH_HEADERS.get(header)
    if english is None:
        return f"“{header}”"
    return f"“{header}” ({english})" if in_file else f"“{english}”"


_ENGLISH_HEADERS = {
    LABELS[table][column]: FIELD_EN[table][column] for table in LABELS for column in LABELS[table]
} | {ACTOR_LABEL: ACTOR_EN}


class ValidationError(ValueError):
    """Raised before anything is written; `.problems` lists every Problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(problem.message() for problem in self.problems))


def problems_frame(problems: Iterable[Problem], lang: str = "ja") -> pd.DataFrame:
    """Problems as a table for st.dataframe (which shows text, never HTML): ファイル, 行, 列, 値, 理由.

    Empty cells are empty text (a missing row number is <NA>: pass placeholder="—"), never "None".
    Anywhere else a problem is rendered (st.error, st.markdown), pass its message() through
    liaison.safe_text.markdown: values are the user's own text.
    """
    en = lang == "en"
    rows = [
        (
            p.file or "",
            p.row,
            "" if not p.column else (column_label(p.column, lang, in_file=True) if en else p.column),
            "" if p.value is None else p.value,
            in_lang(p.reason, lang),
        )
        for p in problems
    ]
    headers = ["File", "Row", "Column", "Value", "Reason"] if en else ["ファイル", "行", "列", "値", "理由"]
    frame = pd.DataFrame(rows, columns=headers)
    frame[headers[1]] = frame[headers[1]].astype("Int64")
    return frame
