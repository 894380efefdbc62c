-- 007: the readiness hearing in words. Each of the eight items keeps, beside its 1–5 score, the
-- answer as heard (answer_<item>, one per score_<item>), and the hearing records whether the
-- municipality wants support through digital talent (talent_support_wanted: true, false, or null
-- when not asked) and of which kinds (talent_support_kinds: the kinds of talent_support_kind_list()
-- that apply, in that order, joined by '、'; null when none). The hearing is yearly: a question left
-- out now is lost for a year.
-- Additive (nullable columns), so it applies in place: rows heard before keep null words.
-- DuckDB cannot add a column with a CHECK, so the write API and the import check the kinds against
-- talent_support_kind_list() (read by liaison.records.schema_lists) and that kinds go with a wish.
alter table readiness_assessments add column if not exists answer_vision varchar;
alter table readiness_assessments add column if not exists answer_top_commitment varchar;
alter table readiness_assessments add column if not exists answer_structure varchar;
alter table readiness_assessments add column if not exists answer_staff_mindset varchar;
alter table readiness_assessments add column if not exists answer_talent_profile varchar;
alter table readiness_assessments add column if not exists answer_talent_policy varchar;
alter table readiness_assessments add column if not exists answer_progress varchar;
alter table readiness_assessments add column if not exists answer_issue_awareness varchar;
alter table readiness_assessments add column if not exists talent_support_wanted boolean;
alter table readiness_assessments add column if not exists talent_support_kinds varchar;

create or replace macro talent_support_kind_list() as ['外部人材の派遣', '共同採用・共同利用', '研修', 'その他'];
