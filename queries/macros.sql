-- macros: query helpers that several named queries share, created as TEMPORARY macros on the cursor
-- that runs a query using them (liaison.queries). They are not schema: changing one needs no migration
-- and no backup of a store. One documented macro per statement; each file in queries/ calls them.

-- fiscal_window(fiscal_year, as_of): one row, the 年度's first day (1 April) as starts_on and the last
-- day it counts as ends_on: 31 March, or as_of if earlier (as_of null: the whole 年度).
create or replace temp macro fiscal_window(fiscal_year, as_of) as table
select
    make_date(fiscal_year, 4, 1) as starts_on,
    least(make_date(fiscal_year + 1, 3, 31), coalesce(as_of::date, make_date(fiscal_year + 1, 3, 31))) as ends_on;

-- readiness_mean(hearing): the mean of one readiness_assessments row's eight hearing scores (unrounded);
-- pass the row itself, e.g. readiness_mean(readiness_assessments).
create or replace temp macro readiness_mean(hearing) as (
    hearing.score_vision + hearing.score_top_commitment + hearing.score_structure + hearing.score_staff_mindset
    + hearing.score_talent_profile + hearing.score_talent_policy + hearing.score_progress
    + hearing.score_issue_awareness
) / 8.0;

-- in_fiscal_year(day, fiscal_year): true when day falls in the 年度 (1 April to 31 March).
create or replace temp macro in_fiscal_year(day, fiscal_year) as
    day between make_date(fiscal_year, 4, 1) and make_date(fiscal_year + 1, 3, 31);

-- latest_assessments(last_fiscal_year): one row per municipality with a hearing up to that 年度: its latest
-- readiness_assessments row (the 年度's own hearing, or the most recent one before it), with that row's 年度 as
-- assessed_fiscal_year and its unrounded readiness_mean as readiness_index.
create or replace temp macro latest_assessments(last_fiscal_year) as table
select
    readiness_assessments.*,
    readiness_assessments.fiscal_year as assessed_fiscal_year,
    readiness_mean(readiness_assessments) as readiness_index
from readiness_assessments
where readiness_assessments.fiscal_year <= last_fiscal_year
qualify row_number() over (
    partition by readiness_assessments.municipality_code
    order by readiness_assessments.fiscal_year desc
) = 1;
