"""The role × action rules: what each role may read and change, and the permission error.

Two kinds of check. `require(principal, permission)` for what is not about one record (reading restricted
text, importing, voiding, the roster). `require_write(principal, kind, scope)` for a record: the 圏域 of its
municipalities, its DX field, the liaisons on it and the department it is addressed to decide. An edit is
checked on the record as stored and as it will be, so nobody moves a record into or out of their reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from liaison.access.principal import Principal
from liaison.i18n import say
from liaison.records.schema_lists import ENUMS

ROLES: tuple[str, ...] = tuple(
    ENUMS[("accounts", "role")]
)  # 閲覧, 地域リエゾン, 分野リエゾン, 関係部署, 管理者
VIEWER, REGIONAL, FIELD, DEPARTMENT, ADMIN = "閲覧", "地域リエゾン", "分野リエゾン", "関係部署", "管理者"
LIAISON_ROLES = (REGIONAL, FIELD)

# Permissions not tied to one record, with the roles that hold them (管理者 holds every one).
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "read_aggregates": ROLES,  # maps, counts, profiles, readiness
    "read_text": (REGIONAL, FIELD, ADMIN),  # consultation titles and details, record-level notes
    "read_history": (REGIONAL, FIELD, ADMIN),  # a record's before/after history
    "export_records": (REGIONAL, FIELD, ADMIN),  # downloads of record lists
    "seminar_deck": (REGIONAL, FIELD, ADMIN),  # the seminar slides and their export
    "read_referrals": (REGIONAL, FIELD, DEPARTMENT, ADMIN),  # 関係部署: their department's only
    "import": (ADMIN,),
    "void": (ADMIN,),
    "restore": (ADMIN,),
    "roster": (ADMIN,),
    "departments": (ADMIN,),
    "accounts": (ADMIN,),
    "backup": (ADMIN,),
    "audit": (ADMIN,),
}

# Record kinds (their table names) and who may write them, beyond 管理者 who may write every one.
KINDS: dict[str, tuple[str, ...]] = {
    "visits": (REGIONAL, FIELD),
    "consultations": (REGIONAL, FIELD),
    "support_actions": (REGIONAL, FIELD),
    "referrals": (REGIONAL, FIELD),  # a referral asked for a consultation
    "referral_responses": (REGIONAL, FIELD, DEPARTMENT),  # the department's answer
    "readiness_assessments": (REGIONAL,),
    "engagements": (REGIONAL, FIELD),
    "engagement_followups": (REGIONAL, FIELD),
    "chat_pushes": (REGIONAL, FIELD),
    "departments": (),
    "liaisons": (),
    "accounts": (),
}


@dataclass(frozen=True)
class Scope:
    """What one record touches: the facts a write is allowed or refused on."""

    municipality_codes: frozenset[str] = field(default_factory=frozenset)
    field_ids: frozenset[str] = field(default_factory=frozenset)
    liaison_ids: frozenset[str] = field(default_factory=frozenset)  # owner, visiting or present liaisons
    department_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls,
        municipalities: Iterable[object] = (),
        fields: Iterable[object] = (),
        liaisons: Iterable[object] = (),
        departments: Iterable[object] = (),
    ) -> Scope:
        """A scope from loose values (None and blanks dropped)."""

        def clean(values):
            return frozenset(str(value) for value in values if value is not None and str(value).strip())

        return cls(
            clean(municipalities),
            clean(fields),
            clean(liaisons),
            frozenset(int(value) for value in departments if value is not None),
        )

    def __or__(self, other: Scope) -> Scope:
        return Scope(
            self.municipality_codes | other.municipality_codes,
            self.field_ids | other.field_ids,
            self.liaison_ids | other.liaison_ids,
            self.department_ids | other.department_ids,
        )


class PermissionDenied(PermissionError):
    """A role may not do this. Raised before anything is read or written; the message says who and what."""

    def __init__(self, principal: Principal, what: str):
        self.principal = principal
        self.what = what
        super().__init__(
            say(
                f"権限がありません: {principal.display_name}（{principal.role}）は{what}できません",
                f"Permission denied: {principal.display_name} ({principal.role}) may not {what}",
            )
        )


PERMISSION_LABELS = {
    "read_aggregates": "集計を表示",
    "read_text": "相談の内容や記録のメモを表示",
    "read_history": "記録の履歴を表示",
    "export_records": "記録を書き出し",
    "seminar_deck": "セミナー資料を表示・書き出し",
    "read_referrals": "橋渡しを表示",
    "import": "取り込み",
    "void": "記録を取り消し",
    "restore": "取り消した記録を復元",
    "roster": "リエゾン名簿を変更",
    "departments": "関係部署の一覧を変更",
    "accounts": "アカウントを管理",
    "backup": "バックアップ・復元",
    "audit": "監査ログを表示",
}
KIND_LABELS = {
    "visits": "この巡回記録を書き込み",
    "consultations": "この相談を書き込み",
    "support_actions": "この相談の対応記録を書き込み",
    "referrals": "この相談の橋渡しを書き込み",
    "referral_responses": "この橋渡しへの回答を記録",
    "readiness_assessments": "このヒアリング結果を書き込み",
    "engagements": "このトップ層との関係の記録を書き込み",
    "engagement_followups": "このフォローアップを書き込み",
    "chat_pushes": "このLoGoチャット配信を書き込み",
    "departments": "関係部署の一覧を変更",
    "liaisons": "リエゾン名簿を変更",
    "accounts": "アカウントを管理",
}


def can(principal: Principal, permission: str) -> bool:
    """Whether the principal's role holds `permission` (a key of PERMISSIONS)."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return principal.role == ADMIN or principal.role in PERMISSIONS[permission]


def require(principal: Principal, permission: str) -> None:
    """Raise PermissionDenied unless the principal may `permission`."""
    if not can(principal, permission):
        raise PermissionDenied(principal, PERMISSION_LABELS[permission])


def may_write(principal: Principal, kind: str, scope: Scope, region_of: Mapping[str, str]) -> bool:
    """Whether the principal may write a record of `kind` touching `scope`.

    `region_of` maps municipality code -> region_id. 地域リエゾン: every municipality of the record lies in
    one of their 圏域 (a record with no municipality is not theirs). 分野リエゾン: the record's DX field is
    one of theirs, or they are on it (owner, visiting or present). 関係部署: a referral addressed to their
    department (its answer only).
    """
    if kind not in KINDS:
        raise KeyError(f"unknown record kind {kind!r}")
    if principal.role == ADMIN:
        return True
    if principal.role not in KINDS[kind]:
        return False
    if principal.role == REGIONAL:
        codes = scope.municipality_codes
        return bool(codes) and all(region_of.get(code) in principal.region_ids for code in codes)
    if principal.role == FIELD:
        in_field = bool(scope.field_ids) and scope.field_ids <= principal.field_ids
        on_it = principal.liaison_id is not None and principal.liaison_id in scope.liaison_ids
        return in_field or on_it
    if principal.role == DEPARTMENT:
        return principal.department_id is not None and scope.department_ids == {principal.department_id}
    return False


def require_write(principal: Principal, kind: str, scope: Scope, region_of: Mapping[str, str]) -> None:
    """Raise PermissionDenied unless the principal may write this record (see `may_write`)."""
    if not may_write(principal, kind, scope, region_of):
        raise PermissionDenied(principal, KIND_LABELS[kind])
