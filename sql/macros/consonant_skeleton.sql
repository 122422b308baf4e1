-- one value per name key: its consonant skeleton, as names.consonant_skeleton makes it in Python (vowels and y, j dropped, doubled letters folded); the entity registry is looked up by it
create or replace macro consonant_skeleton(name_key) as (
    with letters as (
        select string_split(regexp_replace(name_key, '[aeiouyj]', '', 'g'), '') as kept
    )
    select array_to_string(list_filter(kept, lambda letter, i: i = 1 or letter <> kept[i - 1]), '')
    from letters
)
