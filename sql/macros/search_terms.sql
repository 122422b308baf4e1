-- one list per text: its distinct words, lower-cased, split at every character that is neither a letter nor a digit; the word index (stg_article_terms) holds them for each article, and search_articles() splits its words the same way
create or replace macro search_terms(text) as
list_filter(list_distinct(regexp_split_to_array(lower(text), '[^\p{L}\p{N}]+')), lambda term: term <> '')
