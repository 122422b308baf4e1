-- one row per (entity_id, other_entity_id): a pair of entities named in the same sentence, in both directions (where name = 'Kupiansk' finds all it is named with): how often, in how many articles
create or replace view entity_co_mentions as
with pairs as (
    select distinct a.article_id, a.sentence_index, a.entity_id, b.entity_id as other_entity_id
    from mentions a
    join mentions b
        on a.article_id = b.article_id
        and a.sentence_index = b.sentence_index
        and a.entity_id <> b.entity_id
),

final as (
    select
        pairs.entity_id,
        e1.name,
        pairs.other_entity_id,
        e2.name as other_name,
        count(*) as sentence_count,
        count(distinct pairs.article_id) as article_count
    from pairs
    join entities e1 on e1.entity_id = pairs.entity_id
    join entities e2 on e2.entity_id = pairs.other_entity_id
    group by all
)

select * from final
