"""Who may write a record, checked in the write API: each record kind's scope, read in the write's transaction.

A record's scope (liaison.access.Scope) is what the rules decide on: its municipalities, its DX field,
the liaisons on it (owner, visiting, present) and the department a referral is addressed to. A write
calls `refuse_role` first (a role that may never write the kind is refused before anything is read),
then `check` inside its transaction on the record as stored and as it will be, before it writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from liaison import access
from liaison.access.rules import ADMIN, KIND_LABELS, KINDS
from liaison.queries import run_query_in
from liaison.records.reference import Reference

Actor = access.Principal | str

# The stored rows a scope is read from: constant statements, the id bound as $id.
SELECT_CONSULTATION = (
    "select municipality_code, field_id, owner_liaison_id from consultations where consultation_id = $id"
)
SELECT_REFERRAL = "select consultation_id, department_id from referrals where referral_id = $id"
SELECT_PARTICIPANTS = "select municipality_code from engagement_participants where engagement_id = $id"
SELECT_PRESENT = "select liaison_id from engagement_liaisons where engagement_id = $id"
SELECT_RECIPIENTS = "select municipality_code from chat_push_recipients where push_id = $id"
SELECT_FOLLOWUP = "select engagement_id from engagement_followups where followup_id = $id"


def refuse_role(principal: access.Principal, kind: str) -> None:
    """PermissionDenied when the principal's role may write no record of `kind` at all (閲覧, …)."""
    if principal.role != ADMIN and principal.role not in KINDS[kind]:
        raise access.PermissionDenied(principal, KIND_LABELS[kind])


def regions(ref: Reference) -> dict[str, str]:
    """municipality code -> region_id, from the Reference a write already loaded."""
    return {code: municipality.region_id for code, municipality in ref.municipalities.items()}


def regions_in(cursor) -> dict[str, str]:
    """municipality code -> region_id, read on `cursor` (inside the caller's transaction)."""
    frame = run_query_in(cursor, "municipalities_by_region", region_id=None)
    return {str(code): str(region) for code, region in zip(frame["code"], frame["region_id"], strict=True)}


def check(
    cursor,
    principal: access.Principal,
    kind: str,
    *scopes: access.Scope,
    region_of: Mapping[str, str] | None = None,
) -> None:
    """PermissionDenied unless the principal may write every one of `scopes` as a record of `kind`."""
    if principal.role == ADMIN:
        return  # 管理者 writes every record (the rules say so); no need to read the regions
    found = regions_in(cursor) if region_of is None else region_of
    for scope in scopes:
        access.require_write(principal, kind, scope, found)


# --------------------------------------------------------------------------- each kind's scope


def _column(cursor, statement: str, record_id: object) -> list:
    if record_id is None or not str(record_id).isdigit():
        return []
    return [row[0] for row in cursor.execute(statement, {"id": int(record_id)}).fetchall()]


def consultation(row: Mapping) -> access.Scope:
    """A consultation: its municipality, DX field and the liaison who owns it."""
    return access.Scope.of(
        municipalities=[row.get("municipality_code")],
        fields=[row.get("field_id")],
        liaisons=[row.get("owner_liaison_id")],
    )


def stored_consultation(cursor, consultation_id: object) -> access.Scope:
    """The stored consultation's scope (empty when there is none: only 管理者 passes an empty scope)."""
    if consultation_id is None or not str(consultation_id).isdigit():
        return access.Scope()
    found = cursor.execute(SELECT_CONSULTATION, {"id": int(consultation_id)}).fetchone()
    if found is None:
        return access.Scope()
    return consultation(dict(zip(("municipality_code", "field_id", "owner_liaison_id"), found, strict=True)))


def visit(row: Mapping) -> access.Scope:
    """A visit: its municipality, the DX field it was about and the liaison who visited."""
    return access.Scope.of(
        municipalities=[row.get("municipality_code")],
        fields=[row.get("topic_field_id")],
        liaisons=[row.get("liaison_id")],
    )


def hearing(row: Mapping) -> access.Scope:
    """A readiness hearing: its municipality."""
    return access.Scope.of(municipalities=[row.get("municipality_code")])


def engagement(codes: Iterable[object], liaisons: Iterable[object]) -> access.Scope:
    """An engagement: the participating municipalities and the liaisons present."""
    return access.Scope.of(municipalities=codes, liaisons=liaisons)


def stored_engagement(cursor, engagement_id: object) -> access.Scope:
    return engagement(
        _column(cursor, SELECT_PARTICIPANTS, engagement_id), _column(cursor, SELECT_PRESENT, engagement_id)
    )


def stored_followup(cursor, followup_id: object) -> access.Scope:
    """A follow-up: the scope of its engagement."""
    found = _column(cursor, SELECT_FOLLOWUP, followup_id)
    return stored_engagement(cursor, found[0]) if found else access.Scope()


def push(field_id: object, codes: Iterable[object]) -> access.Scope:
    """A LoGoチャット push: its DX field and the recipient municipalities."""
    return access.Scope.of(municipalities=codes, fields=[field_id])


def stored_referral(cursor, referral_id: object, *, response: bool = False) -> access.Scope:
    """A referral: its consultation's scope; its answer (response=True) adds the department addressed."""
    if referral_id is None or not str(referral_id).isdigit():
        return access.Scope()
    found = cursor.execute(SELECT_REFERRAL, {"id": int(referral_id)}).fetchone()
    if found is None:
        return access.Scope()
    scope = stored_consultation(cursor, found[0])
    return scope | access.Scope.of(departments=[found[1]]) if response else scope


def of_record(cursor, table: str, row: Mapping, children: list[dict] | None = None) -> access.Scope:
    """The scope of a row of `table` (as corrections hold it); `children`: an edit's participants or
    recipients (else the stored ones)."""
    if table == "visits":
        return visit(row)
    if table == "consultations":
        return consultation(row)
    if table in ("support_actions", "referrals"):
        return stored_consultation(cursor, row.get("consultation_id"))
    if table == "readiness_assessments":
        return hearing(row)
    if table == "engagements":
        engagement_id = row.get("engagement_id")
        codes = (
            [child["municipality_code"] for child in children]
            if children is not None
            else _column(cursor, SELECT_PARTICIPANTS, engagement_id)
        )
        return engagement(codes, _column(cursor, SELECT_PRESENT, engagement_id))
    if table == "chat_pushes":
        codes = (
            [child["municipality_code"] for child in children]
            if children is not None
            else _column(cursor, SELECT_RECIPIENTS, row.get("push_id"))
        )
        return push(row.get("field_id"), codes)
    raise KeyError(f"no scope for table {table!r}")
