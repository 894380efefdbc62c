"""One-value and one-row rules: each returns a reason (Japanese, with its English), or None when the value is fine."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import numpy as np

from liaison import fiscal
from liaison.i18n import say, term
from liaison.records.reference import Reference
from liaison.records.schema_lists import CLOSED_STATUSES, EARLIEST, STATUSES
from liaison.records.text import CONTROL_CHARACTERS
from liaison.texts.vocabulary import VOCABULARY

WHAT_EN = {"リエゾン（IDまたは氏名）": "liaison (ID or name)", "DX分野": "DX field"}  # one_of(…, what)


def not_future(today: date) -> Callable[[date], str | None]:
    def rule(day: date) -> str | None:
        if day > today:
            return say(
                f"未来の日付です（基準日 {today.isoformat()} より後）",
                f"is in the future (after the reference day {today.isoformat()})",
            )
        if day < EARLIEST:
            return say(f"{EARLIEST.isoformat()} より前の日付です", f"is before {EARLIEST.isoformat()}")
        return None

    return rule


def one_of(allowed: Iterable[str], what: str | None = None) -> Callable[[object], str | None]:
    allowed = tuple(allowed)
    members = frozenset(allowed)
    if what:
        reason = say(f"{what}として見つかりません", f"is not a known {WHAT_EN.get(what, what)}")
    else:
        reason = say(
            f"選べない値です（選択肢: {'、'.join(allowed)}）",
            f"is not one of the choices ({', '.join(_gloss(value) for value in allowed)})",
        )
    return lambda value: None if value in members else reason


def text_within(max_len: int, min_len: int = 0) -> Callable[[str], str | None]:
    def rule(text: str) -> str | None:
        text = str(text)
        if len(text) > max_len:
            return say(
                f"長すぎます（{len(text)} 文字。上限 {max_len} 文字）",
                f"is too long ({len(text)} characters; at most {max_len})",
            )
        if len(text) < min_len:
            return say(f"{min_len} 文字以上必要です", f"needs at least {min_len} characters")
        if CONTROL_CHARACTERS.search(text):
            return say(
                "制御文字（改行・タブ以外）が含まれています",
                "contains control characters (other than line breaks and tabs)",
            )
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
    reason = say(f"{low}〜{high} の範囲外です", f"is outside {low}–{high}")
    return lambda value: None if low <= value <= high else reason


def in_programme(ref: Reference) -> Callable[[str], str | None]:
    def rule(code: str) -> str | None:
        found = ref.municipalities.get(code)
        if found is None:
            return say(
                "兵庫県内の市町として見つかりません（市町名か5桁・6桁の団体コードで入力してください）",
                "is not a municipality of Hyogo (give its name or its 5- or 6-digit code)",
            )
        if not found.is_liaison_target:
            return say(
                f"DX推進リエゾンの対象外の市町です（{found.name_ja}）",
                f"is outside the DX liaison programme (“{found.name_ja}”)",
            )
        return None

    return rule


def closing_rule(status: str | None, received: date | None, closed: date | None) -> str | None:
    """closed_on is given exactly for the closed statuses, and not before received_on."""
    if status not in STATUSES:
        return None  # reported on 状況 already
    is_closed = status in CLOSED_STATUSES
    if is_closed and closed is None:
        return say(
            f"状況が「{status}」のときは必要です", f"is needed when the status is “{_status_en(status)}”"
        )
    if not is_closed and closed is not None:
        needs = "・".join(CLOSED_STATUSES)
        needs_en = " or ".join(_status_en(s) for s in CLOSED_STATUSES)
        return say(
            f"入力できません（状況が「{status}」のため。{needs}のときだけ入力します）",
            f"must be empty while the status is “{_status_en(status)}” (give it only for {needs_en})",
        )
    if closed is not None and received is not None and closed < received:
        return say(
            f"受付日（{received.isoformat()}）より前です",
            f"is before the day it was received ({received.isoformat()})",
        )
    return None


def within_fiscal_year(fiscal_year: int, assessed: date) -> str | None:
    first, last = fiscal.fiscal_year_bounds(int(fiscal_year))
    if first <= assessed <= last:
        return None
    return say(
        f"{fiscal_year}年度（{first.isoformat()}〜{last.isoformat()}）の期間外です",
        f"is outside FY{fiscal_year} ({first.isoformat()} to {last.isoformat()})",
    )


def _gloss(value: str) -> str:
    """A stored value as a file must hold it, with its English: “受付” (Received)."""
    english = next((words[value] for words in VOCABULARY.values() if value in words), None)
    return f"“{value}” ({english})" if english else f"“{value}”"


def _status_en(status: str) -> str:
    return term("consultations", "status", status, "en")
