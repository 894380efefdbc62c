"""Readers of the アカウント page (administrators only): the account list.

Not cached: a login changes an account's failure count and lock outside the app's write path (the
login route), and whoever unlocks an account must see its state now. The write API's `listing`
checks the principal before it reads anything.
"""

from __future__ import annotations

import pandas as pd

from dashboard import auth, db
from liaison import accounts


def listing() -> pd.DataFrame:
    """Every account with its roster entry or department (accounts_list); administrators only."""
    return accounts.listing(db.connection(), auth.principal())
