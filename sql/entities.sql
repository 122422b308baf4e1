-- one row per entity_id: one real-world entity across the corpus, with the names it is mentioned by and how often
create or replace view entities as
with registered as (
    select
        entity_id,
        arg_min(name, batch_id) as name,
        arg_min(type, batch_id) as type,
        max(geonames_id) as geonames_id
    from stg_entity_names
    group by entity_id
),

mentioned as (
    select
        entity_id,
        list(distinct text order by text) as mention_texts,
        list(distinct name order by name) as mention_names,
        count(*) as mention_count,
        count(distinct article_id) as article_count
    from mentions
    group by entity_id
),

final as (
    select
        registered.entity_id,
        registered.name,
        registered.type,
        list_sort(list_distinct(list_concat(mentioned.mention_names, mentioned.mention_texts))) as aliases,
        mentioned.mention_count,
        mentioned.article_count,
        registered.geonames_id
    from registered
    join mentioned using (entity_id)
)

select * from final
