"""Shared rules for the liaisons' records: enumerations read from the schema, problems, row checks.

The write API (liaison.records.writes) and the importer (liaison.records.preview) both check rows
here, so a value the form refuses is refused by an import too, with the same Japanese reason. Each idea
has its module; this package re-exports their public names, so `records.X` reads the same everywhere:

- schema_lists: the schema's own lists (ENUMS, RANGES, LENGTHS, CLOSED_STATUSES, STATUSES, …) and limits
- problems: Problem, ValidationError, problems_frame, header_in
- text: normalize_key, clean_text, CONTROL_CHARACTERS
- reference: Municipality, Reference (tolerant look-ups of one store's reference data)
- rows: Rows (typed values, a rule applied per distinct value) and its array helpers
- rules: the rule factories (one_of, between, not_future, text_within, in_programme) and row rules
- checks: the checks of each table (check_visits, check_consultations, …)
- talent: the hearing's digital-talent support wish (はい/いいえ, the kinds as one text cell)
"""

from __future__ import annotations

from liaison.records.checks import (
    check_chat_pushes,
    check_closing,
    check_consultations,
    check_engagement_participants,
    check_engagements,
    check_push_recipients,
    check_readiness,
    check_support_actions,
    check_visits,
)
from liaison.records.problems import Problem, ValidationError, header_in, problems_frame
from liaison.records.reference import Municipality, Reference
from liaison.records.rows import REQUIRED, Rows, as_array, blank_mask, cell_text, is_blank, to_python
from liaison.records.rules import (
    between,
    closing_rule,
    in_programme,
    not_future,
    one_of,
    text_within,
    within_fiscal_year,
)
from liaison.records.schema_lists import (
    ANSWER_COLUMNS,
    CHANNELS,
    CLOSED_STATUSES,
    DEPARTMENTS,
    EARLIEST,
    ENUMS,
    LENGTHS,
    PURPOSES,
    RANGES,
    SCORE_COLUMNS,
    SHORT_TEXT_MAX,
    STATUS_ORDER,
    STATUSES,
    SUPPORT_TYPES,
    TALENT_SUPPORT_KINDS,
    TEXT_MAX,
)
from liaison.records.text import CONTROL_CHARACTERS, clean_text, normalize_key

__all__ = [
    "ANSWER_COLUMNS",
    "CHANNELS",
    "CLOSED_STATUSES",
    "CONTROL_CHARACTERS",
    "DEPARTMENTS",
    "EARLIEST",
    "ENUMS",
    "LENGTHS",
    "PURPOSES",
    "RANGES",
    "REQUIRED",
    "SCORE_COLUMNS",
    "SHORT_TEXT_MAX",
    "STATUSES",
    "STATUS_ORDER",
    "SUPPORT_TYPES",
    "TALENT_SUPPORT_KINDS",
    "TEXT_MAX",
    "Municipality",
    "Problem",
    "Reference",
    "Rows",
    "ValidationError",
    "as_array",
    "between",
    "blank_mask",
    "cell_text",
    "check_chat_pushes",
    "check_closing",
    "check_consultations",
    "check_engagement_participants",
    "check_engagements",
    "check_push_recipients",
    "check_readiness",
    "check_support_actions",
    "check_visits",
    "clean_text",
    "closing_rule",
    "header_in",
    "in_programme",
    "is_blank",
    "normalize_key",
    "not_future",
    "one_of",
    "problems_frame",
    "text_within",
    "to_python",
    "within_fiscal_year",
]
