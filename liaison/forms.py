"""The record forms' words in the chosen language: field labels and the labels of their choices.

Stored values stay Japanese (the schema's vocabulary); only what a person reads changes.
"""

from __future__ import annotations

import pandas as pd

from liaison.i18n import t, term
from liaison.records.labels import LABELS
from liaison.texts.forms import FIELD_EN


def field_label(table: str, column: str, lang: str = "ja") -> str:
    """A record field's name: the write API's Japanese label, or its English name."""
    return FIELD_EN[table][column] if lang == "en" else LABELS[table][column]


def liaison_labels(liaisons: pd.DataFrame, lang: str = "ja") -> dict[str, str]:
    """Active liaisons (the liaisons_list frame) for a picker: id → 「氏名（地域・但馬）」 / "氏名 (Regional, Tajima)".

    A person's name is shown as they write it, in both languages.
    """
    active = liaisons[liaisons["is_active"]]
    assignment = "assignment_en" if lang == "en" else "assignment_ja"
    return {
        row["liaison_id"]: t("forms_liaison_label", lang).format(
            name=row["name_ja"],
            kind=term("liaisons", "kind", row["kind"], lang),
            assignment=row[assignment],
        )
        for row in active.to_dict("records")
    }
