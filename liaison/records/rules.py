"""One-value and one-row rules: each returns a Japanese reason, or None when the value is fine."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import numpy as np

from liaison import fiscal
from liaison.records.reference import Reference
from liaison.records.schema_lists import CLOSED_STATUSES, EARLIEST, STATUSES
from liaison.records.text import CONTROL_CHARACTERS


def not_future(today: date) -> Callable[[date], str | None]:
    def rule(day: date) -> str | None:
        if day > today:
            return f"未来の日付です（基準日 {today.isoformat()} より後）"
        if day < EARLIEST:
            return f"{EARLIEST.isoformat()} より前の日付です"
        return None

    return rule


def one_of(allowed: Iterable[str], what: str | None = None) -> Callable[[object], str | None]:
    allowed = tuple(allowed)
    members = frozenset(allowed)
    reason = f"{what}として見つかりません" if what else f"選べない値です（選択肢: {'、'.join(allowed)}）"
    return lambda value: None if value in members else reason


def text_within(max_len: int, min_len: int = 0) -> Callable[[str], str | None]:
    def rule(text: str) -> str | None:
        text = str(text)
        if len(text) > max_len:
            return f"長すぎます（{len(text)} 文字。上限 {max_len} 文字）"
        if len(text) < min_len:
            return f"{min_len} 文字以上必要です"
        if CONTROL_CHARACTERS.search(text):
            return "制御文字（改行・タブ以外）が含まれています"
        return None

    def suspects(values: np.ndarray) -> np.ndarray:
        texts = [str(v) for v in values]
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        flagged = (lengths > max_len) | (lengths < min_len)
        if CONTROL_CHARACTERS.search("".join(texts)):
            flagged |= np.fromiter(
                (bool(CONTROL_CHARACTERS.search(t)) for t in texts), dtype=bool, count=len(texts)
            )
        return flagged

    rule.suspects = suspects
    return rule


def between(low: int, high: int) -> Callable[[int], str | None]:
    return lambda value: None if low <= value <= high else f"{low}〜{high} の範囲外です"


def in_programme(ref: Reference) -> Callable[[str], str | None]:
    def rule(code: str) -> str | None:
        found = ref.municipalities.get(code)
        if found is None:
            return "兵庫県内の市町として見つかりません（市町名か5桁・6桁の団体コードで入力してください）"
        if not found.is_liaison_target:
            return f"DX推進リエゾンの対象外の市町です（{found.name_ja}）"
        return None

    return rule


def closing_rule(status: str | None, received: date | None, closed: date | None) -> str | None:
    """closed_on is given exactly for the closed statuses, and not before received_on."""
    if status not in STATUSES:
        return None  # reported on 状況 already
    is_closed = status in CLOSED_STATUSES
    if is_closed and closed is None:
        return f"状況が「{status}」のときは必要です"
    if not is_closed and closed is not None:
        needs = "・".join(CLOSED_STATUSES)
        return f"入力できません（状況が「{status}」のため。{needs}のときだけ入力します）"
    if closed is not None and received is not None and closed < received:
        return f"受付日（{received.isoformat()}）より前です"
    return None


def within_fiscal_year(fiscal_year: int, assessed: date) -> str | None:
    first, last = fiscal.fiscal_year_bounds(int(fiscal_year))
    if first <= assessed <= last:
        return None
    return f"{fiscal_year}年度（{first.isoformat()}〜{last.isoformat()}）の期間外です"
