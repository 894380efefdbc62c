"""The person acting: their account, role and what their roster entry covers (圏域, DX fields)."""

from __future__ import annotations

from dataclasses import dataclass, field

OPERATOR_METHOD = "operator"  # a command-line tool run by someone who holds the store file
DEMO_METHOD = "demo"  # the demo store, open without login
ADMIN = "管理者"


@dataclass(frozen=True)
class Principal:
    """One logged-in person (or the operator of a command-line tool), as every permission check sees them."""

    login_name: str
    display_name: str
    role: str
    method: str = "local"  # local, oidc, header, demo, operator
    account_id: int | None = None
    liaison_id: str | None = None  # the roster entry (the two liaison roles)
    region_ids: frozenset[str] = field(default_factory=frozenset)  # 圏域 of current 地域 assignments
    field_ids: frozenset[str] = field(default_factory=frozenset)  # DX fields of current 分野 assignments
    department_id: int | None = None  # 関係部署 only

    @property
    def actor(self) -> str:
        """The name the audit log records: 「表示名（ログイン名）」, or the operator's own name."""
        if self.method in (OPERATOR_METHOD, DEMO_METHOD) or self.login_name == self.display_name:
            return self.display_name
        return f"{self.display_name}（{self.login_name}）"


def operator(name: str) -> Principal:
    """A command-line tool's actor: whoever runs it already holds the store file, so it is 管理者."""
    return Principal(login_name=name, display_name=name, role=ADMIN, method=OPERATOR_METHOD)


def demo_visitor() -> Principal:
    """Anyone on the demo store (fictional data, open without login): may try every feature."""
    return Principal(login_name="デモ利用者", display_name="デモ利用者", role=ADMIN, method=DEMO_METHOD)


def as_principal(actor: Principal | str) -> Principal:
    """`actor` as a principal: a plain name (command-line tools, the demo builder) is the operator."""
    if isinstance(actor, Principal):
        return actor
    return operator(str(actor) if actor is not None else "")
