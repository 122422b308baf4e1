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
        list_distinct(flatten(list(mention_names))) as mention_names,
        list_distinct(flatten(list(mention_texts))) as mention_texts,
        sum(mention_count) as mention_count,
        sum(article_count) as article_count
    from stg_entity_counts
    group by entity_id
),

final as (
    select
        registered.entity_id,
        registered.name,
        registered.type,
        list_sort(list_distinct(list_concat(mentioned.mention_names, mentioned.mention_texts))) as aliases,
        cast(mentioned.mention_count as bigint) as mention_count,
        cast(mentioned.article_count as bigint) as article_count,
        registered.geonames_id
    from registered
    join mentioned using (entity_id)
)

select * from final
