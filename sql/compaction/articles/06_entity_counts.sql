-- one row per entity_id: how often the segment's articles mention each entity, in how many of them, and by which texts and names (the entities view adds the segments up)
select
    entity_id,
    count(*) as mention_count,
    count(distinct article_id) as article_count,
    list(distinct text order by text) as mention_texts,
    list(distinct name order by name) as mention_names
from new_mentions
group by entity_id
