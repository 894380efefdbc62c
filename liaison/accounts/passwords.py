"""Passwords of local accounts: argon2id hashes (argon2-cffi), and the rule a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 256
_HASHER = PasswordHasher()  # argon2id with the library's current recommended costs


def problem(password: str, login_name: str = "") -> str | None:
    """Why `password` may not be used (in Japanese), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"パスワードは {MIN_LENGTH} 文字以上にしてください"
    if len(password) > MAX_LENGTH:
        return f"パスワードは {MAX_LENGTH} 文字以内にしてください"
    if login_name and login_name.lower() in password.lower():
        return "パスワードにログイン名を含めないでください"
    if len(set(password)) < 4:
        return "同じ文字の繰り返しはパスワードに使えません"
    return None


def hash_password(password: str) -> str:
    """The argon2id hash stored for `password`."""
    return _HASHER.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches `stored_hash` (False for no hash or a malformed one)."""
    if not stored_hash:
        _HASHER.hash(password)  # spend the same time, so a missing password is not told apart by timing
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with older costs than the library's current ones."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
