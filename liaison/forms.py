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

    A person is one entry even with two assignments (「氏名（地域・但馬、分野・生成AI）」); a retired
    person (is_active false) is left out. A name is shown as they write it, in both languages.
    """
    active = liaisons[liaisons["is_active"]]
    assignment = "assignment_en" if lang == "en" else "assignment_ja"
    parts: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for row in active.to_dict("records"):
        names[row["liaison_id"]] = row["name_ja"]
        if not pd.isna(row["kind"]):
            kind = term("liaisons", "kind", row["kind"], lang)
            parts.setdefault(row["liaison_id"], []).append(
                f"{kind}, {row[assignment]}" if lang == "en" else f"{kind}・{row[assignment]}"
            )
    joiner = "; " if lang == "en" else "、"
    return {
        liaison_id: t("forms_liaison_label", lang).format(name=name, roles=joiner.join(parts[liaison_id]))
        if liaison_id in parts
        else name
        for liaison_id, name in names.items()
    }
