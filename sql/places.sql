-- one row per entity_id: a mentioned place, geocoded against GeoNames where its context allowed, its point a town's own or a country's, region's or continent's representative point (geo_precision); null coordinates when it could not be placed, rather than a wrong guess
create or replace view places as
with place_names as (
    select
        entity_id,
        arg_min(name, batch_id) as name,
        max(geonames_id) as geonames_id,
        max(country_code) as country_code,
        max(admin1) as admin1,
        max(latitude) as latitude,
        max(longitude) as longitude,
        max(geo_precision) as geo_precision
    from stg_entity_names
    where type = 'PLACE'
    group by entity_id
),

final as (
    select
        place_names.entity_id,
        place_names.name,
        place_names.geonames_id,
        place_names.country_code,
        place_names.admin1,
        place_names.latitude,
        place_names.longitude,
        place_names.geo_precision,
        entities.mention_count,
        entities.article_count
    from place_names
    join entities using (entity_id)
)

select * from final
