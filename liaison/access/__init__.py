"""Who may do what: the principal (the person acting), the role × action rules, and the permission error.

The write API and the readers of restricted text call `require` / `require_write` before they touch the
store or return a cached value; the pages only hide what these rules refuse anyway.
"""

from liaison.access.principal import OPERATOR_METHOD, Principal, as_principal, demo_visitor, operator
from liaison.access.rules import (
    KINDS,
    PERMISSIONS,
    ROLES,
    PermissionDenied,
    Scope,
    can,
    may_write,
    require,
    require_write,
)

__all__ = [
    "KINDS",
    "OPERATOR_METHOD",
    "PERMISSIONS",
    "ROLES",
    "PermissionDenied",
    "Principal",
    "Scope",
    "as_principal",
    "can",
    "demo_visitor",
    "may_write",
    "operator",
    "require",
    "require_write",
]
