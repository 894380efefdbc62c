"""The hearing's digital-talent support wish (migration 007): 希望 as はい/いいえ, the kinds as one text cell.

talent_support_wanted is true, false or null (not asked). talent_support_kinds holds the kinds of
TALENT_SUPPORT_KINDS that apply, in that list's order, joined by 「、」 (a file may also separate them
by , ; / or line breaks); it is given exactly when the wish is はい. The form and the import both
read values here and check rows with check_talent_support, so both refuse the same entries.
"""

from __future__ import annotations

import re

import numpy as np

from liaison.i18n import say
from liaison.records.rows import Rows, is_blank
from liaison.records.schema_lists import TALENT_SUPPORT_KINDS
from liaison.records.text import normalize_key

SEPARATOR = "、"
_SPLIT = re.compile(r"[、,，;；/／\n]+")
YES, NO = "はい", "いいえ"
_WANTED = {
    **dict.fromkeys(
        ("はい", "希望する", "希望あり", "あり", "有", "要", "○", "〇", "true", "yes", "1"), True
    ),
    **dict.fromkeys(
        ("いいえ", "希望しない", "希望なし", "なし", "無", "不要", "×", "false", "no", "0"), False
    ),
}
NOT_YES_NO = say(
    "「はい」か「いいえ」で入力してください（未確認なら空欄）",
    "must be “はい” (yes) or “いいえ” (no); leave it empty if not asked",
)


def parse_wanted(value: object) -> tuple[bool | None, str | None]:
    """(True/False/None, reason or None) for a 希望 cell or a form's value."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value), None
    if is_blank(value):
        return None, None
    found = _WANTED.get(normalize_key(value).lower())
    return (found, None) if found is not None else (None, NOT_YES_NO)


def wanted_text(value: object) -> str | None:
    """A stored wish as a file writes it: はい, いいえ or blank."""
    if is_blank(value):
        return None
    return YES if bool(value) else NO


def kinds_text(value: object) -> str | None:
    """Kinds (a list or a text cell) as stored: known kinds in the list's order, then any others; blank → None."""
    if is_blank(value):
        return None
    parts = _SPLIT.split(value) if isinstance(value, str) else [str(v) for v in value]
    given = list(dict.fromkeys(normalize_key(part) for part in parts if normalize_key(part)))
    known = [kind for kind in TALENT_SUPPORT_KINDS if normalize_key(kind) in given]
    unknown = [part for part in given if part not in {normalize_key(kind) for kind in TALENT_SUPPORT_KINDS}]
    return SEPARATOR.join([*known, *unknown]) or None


def kinds_of(text: object) -> list[str]:
    """The stored kinds as a list ([] when none)."""
    return [] if is_blank(text) else str(text).split(SEPARATOR)


def known_kinds(text: str) -> str | None:
    """A rule: every kind is one of TALENT_SUPPORT_KINDS."""
    unknown = [kind for kind in kinds_of(text) if kind not in TALENT_SUPPORT_KINDS]
    if not unknown:
        return None
    allowed = "、".join(TALENT_SUPPORT_KINDS)
    return say(
        f"選べない支援の種類です（{'、'.join(unknown)}。選択肢: {allowed}）",
        f"names a kind of support that is not a choice ({', '.join(unknown)}; the choices: {allowed})",
    )


def check_talent_support(rows: Rows) -> None:
    """Kinds go with a wish: needed when 希望 is はい, refused otherwise; reported on the kinds column."""
    wanted, kinds = rows.values["talent_support_wanted"], rows.values["talent_support_kinds"]
    skip = rows.bad.get("talent_support_wanted", set()) | rows.bad.get("talent_support_kinds", set())
    hits, reasons = [], {}
    for position in range(rows.size):
        if position in skip:
            continue
        has_kinds = not is_blank(kinds[position])
        is_wanted = not is_blank(wanted[position]) and bool(wanted[position])
        if is_wanted and not has_kinds:
            reasons[position] = say(
                "支援を希望する（はい）ときは、希望する支援の種類を1つ以上入力してください",
                "needs at least one kind of support when the municipality wants support (はい)",
            )
        elif not is_wanted and has_kinds:
            reasons[position] = say(
                "支援の希望が「はい」のときだけ入力します",
                "is given only when the municipality wants support (はい)",
            )
        else:
            continue
        hits.append(position)
    rows.report(hits, "talent_support_kinds", reasons.__getitem__)
