"""全国地方公共団体コード: the 5-digit code plus its modulus-11 check digit."""

from __future__ import annotations

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(code5: str) -> int:
    """Check digit of a 5-digit local government code (総務省の検査数字の算出方法)."""
    if len(code5) != 5 or not code5.isdigit():
        raise ValueError(f"地方公共団体コードは5桁の数字です: {code5!r}")
    total = sum(int(d) * w for d, w in zip(code5, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def with_check_digit(code5: str) -> str:
    """'28201' -> '282014'."""
    return code5 + str(check_digit(code5))


def is_valid(code6: str) -> bool:
    """True when a 6-digit code's last digit is its check digit."""
    return (
        isinstance(code6, str)
        and len(code6) == 6
        and code6.isdigit()
        and check_digit(code6[:5]) == int(code6[5])
    )
