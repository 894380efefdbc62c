"""What the logged-in person may see and change, for pages to show or hide controls and narrow pickers.

The rules are liaison.access's (the write API and the restricted readers enforce them whatever a page
shows); this module only asks them on behalf of `auth.principal()`, so the pages offer what will be allowed.
"""

from __future__ import annotations

from dashboard import auth
from dashboard.readers import reference
from liaison import access
from liaison.access.rules import ADMIN, FIELD, KINDS, REGIONAL


def may(permission: str) -> bool:
    """Whether the person holds `permission` (liaison.access.PERMISSIONS)."""
    return access.can(auth.principal(), permission)


def writes(kind: str) -> bool:
    """Whether the person may write some record of `kind` (a page then shows its form or 修正)."""
    who = auth.principal()
    return who.role == ADMIN or who.role in KINDS[kind]


def municipalities(targets: dict[str, str]) -> dict[str, str]:
    """A municipality picker's choices the person may write for: a 地域リエゾン's 圏域 only."""
    who = auth.principal()
    if who.role != REGIONAL:
        return targets
    munis = reference.municipalities()
    region_of = dict(zip(munis["code"], munis["region_id"], strict=True))
    return {code: name for code, name in targets.items() if region_of.get(code) in who.region_ids}


def fields(field_names: dict[str, str]) -> dict[str, str]:
    """A DX-field picker's choices the person works in: a 分野リエゾン's fields only (all when they have none)."""
    who = auth.principal()
    if who.role != FIELD or not who.field_ids:
        return field_names
    return {field_id: name for field_id, name in field_names.items() if field_id in who.field_ids}


def my_liaison(people: dict[str, str]) -> str | None:
    """The person's own roster entry when it is among `people` (a form's liaison picker defaults to it)."""
    mine = auth.principal().liaison_id
    return mine if mine in people else None
