-- orphaned_references: one row per stored reference that does not resolve (a record naming a municipality, liaison, field, consultation, engagement, push or department that is not there). Empty on a healthy store.
-- The store keeps no FOREIGN KEY constraints (see liaison/store/__init__.py): the write API checks
-- references, and this is the integrity check `status` and every upgrade run.
with

references_made as (
    select 'municipalities' as table_name, code as record_key, 'region_id' as column_name, region_id as value, 'regions' as refers_to from municipalities
    union all select 'liaison_assignments', assignment_id::varchar, 'liaison_id', liaison_id, 'liaisons' from liaison_assignments
    union all select 'liaison_assignments', assignment_id::varchar, 'region_id', region_id, 'regions' from liaison_assignments where region_id is not null
    union all select 'liaison_assignments', assignment_id::varchar, 'field_id', field_id, 'dx_fields' from liaison_assignments where field_id is not null
    union all select 'visits', visit_id::varchar, 'municipality_code', municipality_code, 'municipalities' from visits
    union all select 'visits', visit_id::varchar, 'liaison_id', liaison_id, 'liaisons' from visits
    union all select 'visits', visit_id::varchar, 'topic_field_id', topic_field_id, 'dx_fields' from visits where topic_field_id is not null
    union all select 'consultations', consultation_id::varchar, 'municipality_code', municipality_code, 'municipalities' from consultations
    union all select 'consultations', consultation_id::varchar, 'field_id', field_id, 'dx_fields' from consultations
    union all select 'consultations', consultation_id::varchar, 'owner_liaison_id', owner_liaison_id, 'liaisons' from consultations where owner_liaison_id is not null
    union all select 'support_actions', action_id::varchar, 'consultation_id', consultation_id::varchar, 'consultations' from support_actions
    union all select 'support_actions', action_id::varchar, 'liaison_id', liaison_id, 'liaisons' from support_actions where liaison_id is not null
    union all select 'readiness_assessments', assessment_id::varchar, 'municipality_code', municipality_code, 'municipalities' from readiness_assessments
    union all select 'engagement_participants', engagement_id::varchar || '/' || municipality_code, 'engagement_id', engagement_id::varchar, 'engagements' from engagement_participants
    union all select 'engagement_participants', engagement_id::varchar || '/' || municipality_code, 'municipality_code', municipality_code, 'municipalities' from engagement_participants
    union all select 'engagement_liaisons', engagement_id::varchar || '/' || liaison_id, 'engagement_id', engagement_id::varchar, 'engagements' from engagement_liaisons
    union all select 'engagement_liaisons', engagement_id::varchar || '/' || liaison_id, 'liaison_id', liaison_id, 'liaisons' from engagement_liaisons
    union all select 'engagement_followups', followup_id::varchar, 'engagement_id', engagement_id::varchar, 'engagements' from engagement_followups
    union all select 'chat_pushes', push_id::varchar, 'field_id', field_id, 'dx_fields' from chat_pushes
    union all select 'chat_pushes', push_id::varchar, 'recipient_scope', recipient_scope, 'regions' from chat_pushes where recipient_scope not in ('all', 'list')
    union all select 'chat_push_recipients', push_id::varchar || '/' || municipality_code, 'push_id', push_id::varchar, 'chat_pushes' from chat_push_recipients
    union all select 'chat_push_recipients', push_id::varchar || '/' || municipality_code, 'municipality_code', municipality_code, 'municipalities' from chat_push_recipients
    union all select 'referrals', referral_id::varchar, 'consultation_id', consultation_id::varchar, 'consultations' from referrals
    union all select 'referrals', referral_id::varchar, 'department_id', department_id::varchar, 'departments' from referrals
),

keys_present as (
    select 'regions' as refers_to, region_id as value from regions
    union all select 'dx_fields', field_id from dx_fields
    union all select 'municipalities', code from municipalities
    union all select 'liaisons', liaison_id from liaisons
    union all select 'consultations', consultation_id::varchar from consultations
    union all select 'engagements', engagement_id::varchar from engagements
    union all select 'chat_pushes', push_id::varchar from chat_pushes
    union all select 'departments', department_id::varchar from departments
),

final as (
    select references_made.table_name, references_made.record_key, references_made.column_name,
        references_made.value as missing_value, references_made.refers_to
    from references_made
    anti join keys_present
        on references_made.refers_to = keys_present.refers_to and references_made.value = keys_present.value
)

select * from final
order by table_name, column_name, record_key
