"""What the store holds that records are checked against, read by named queries on the caller's connection."""

from __future__ import annotations

import duckdb
import pandas as pd

from liaison.queries import run_query, run_query_in
from liaison.records import Reference

RECORDS_QUERIES = {
    "visits": "visits_records",
    "consultations": "consultations_records",
    "readiness": "readiness_records",
}


def reference(con: duckdb.DuckDBPyConnection) -> Reference:
    """The municipalities, liaisons and DX fields of the store `con` is connected to."""
    return Reference.from_frames(
        run_query("municipalities_by_region", con=con, region_id=None),
        run_query("liaisons_list", con=con),
        run_query("dx_fields_list", con=con),
    )


def records_of(transaction: duckdb.DuckDBPyConnection, kind: str) -> pd.DataFrame:
    """Every stored record of the import kind with its key, as `transaction` sees them (no filter)."""
    unfiltered = {"region_id": None, "codes": None, "fiscal_year": None, "date_from": None, "date_to": None}
    if kind == "consultations":
        unfiltered["status"] = None
    return run_query_in(transaction, RECORDS_QUERIES[kind], **unfiltered)
