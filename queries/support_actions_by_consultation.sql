-- support_actions_by_consultation: one row per support action on consultation $consultation_id, oldest first.
-- $consultation_id: bigint — the consultation
with

final as (
    select
        support_actions.action_id,
        support_actions.acted_on,
        support_actions.support_type,
        liaisons.name_ja as liaison_name,
        support_actions.note
    from support_actions
    left join liaisons on support_actions.liaison_id = liaisons.liaison_id
    where support_actions.consultation_id = $consultation_id
)

select * from final
order by acted_on, action_id
