"""The extract stage on real pages: metadata, the empty-page verdict, ids, and a quality gate."""

from datetime import datetime, timezone

import pytest

from newsflow import extract, ids
from newsflow.demo import demo_ground_truth
from newsflow.quality import score_pages, shingle_counts
from newsflow.settings import ExtractSettings
from tests.conftest import CORPUS_PAGES, SEED_PAGE, fixture_page

SEED_CANONICAL = (
    "https://www.foxnews.com/world/russian-forces-near-collapse-kupyansk-moscow-allies-concede-city-lost-report"
)
# Measured on the four fixture pages with the default settings: F1 0.968 (the seed's true text keeps
# the related-story headlines that extraction rightly leaves out, so its recall is 0.84). The floor
# leaves room for trafilatura updates, not for a wrong option or a broken stage.
F1_FLOOR = 0.94


def extract_fixture(name: str, url: str = "http://127.0.0.1:8000/page") -> extract.Extraction:
    return extract.extract_article(fixture_page(name).decode("utf-8"), url, ExtractSettings())


def test_seed_article_text_and_metadata():
    result = extract_fixture(SEED_PAGE)
    article = result.article
    assert result.status == "ok"
    assert article["title"] == "Russian forces near collapse in Kupyansk as Moscow allies concede city lost: Report"
    assert article["published_at"] == datetime(2025, 12, 26, 14, 0, tzinfo=timezone.utc)  # 09:00 EST
    assert article["authors"] == ["Fox News staff"]
    assert article["site_name"] == "Fox News"
    assert article["language"] == "en"
    assert article["canonical_url"] == SEED_CANONICAL
    assert article["text"].startswith("It seems like Russian forces are on the verge of being ousted from Kupyansk")
    assert "“They’re giving up,” Trehubov stated" in article["text"]
    assert article["word_count"] == len(article["text"].split())


def test_related_story_links_and_navigation_are_left_out():
    text = extract_fixture(SEED_PAGE).article["text"]
    assert "SEE ALSO" not in text and "LATEST NEWS" not in text
    assert "Home World Politics" not in text


def test_article_id_is_the_same_for_the_same_canonical_url_whatever_the_fetch_url():
    first = extract_fixture(SEED_PAGE, "http://127.0.0.1:8000/a").article
    second = extract_fixture(SEED_PAGE, "http://127.0.0.1:9000/b?x=1").article
    assert first["article_id"] == second["article_id"] == ids.article_id(SEED_CANONICAL)


def test_canonical_pointing_at_the_home_page_is_ignored():
    assert (
        extract.canonical_url_of("https://example.com/", "https://example.com/news/1") == "https://example.com/news/1"
    )
    assert (
        extract.canonical_url_of("https://example.com/news/1?utm_source=x", "https://m.example.com/1")
        == "https://example.com/news/1"
    )


def test_page_without_article_text_is_empty_text():
    html = "<html><head><title>Nothing here</title></head><body><nav>Home</nav></body></html>"
    result = extract.extract_article(html, "http://127.0.0.1/empty", ExtractSettings())
    assert result.status == "empty_text"
    assert result.article is None and "words" in result.error


def test_content_hash_ignores_whitespace_only_differences():
    assert extract.content_hash_of("Two  words\nhere") == extract.content_hash_of("Two words here")
    assert extract.content_hash_of("Two words here") != extract.content_hash_of("Two words there")


def test_dates_without_a_zone_are_taken_as_utc():
    assert extract.parse_published_at("2019-11-20T00:00:00") == datetime(2019, 11, 20, tzinfo=timezone.utc)
    assert extract.parse_published_at("2019-11-20T05:47:00+0300") == datetime(2019, 11, 20, 2, 47, tzinfo=timezone.utc)
    assert extract.parse_published_at("not a date") is None


STORY = " ".join(
    f"Paragraph {n}: the city council met again to debate the budget, and its members argued over the police."
    for n in range(12)
)


def dated_page(head: str) -> str:
    """A story published at 02:59 UTC on 20 November 2019, which its URL and its visible date (US
    evening time) put on the 19th."""
    return (
        f"<html><head><title>Council budget</title>{head}</head><body><article><h1>Council budget</h1>"
        '<time datetime="2019-11-19 20:59:46">November 19, 2019 at 8:59 pm</time>'
        f"<p>{STORY}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    "head, published",
    [
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
            ' "datePublished": "2019-11-20T02:59:46Z"}]}</script>',
            datetime(2019, 11, 20, 2, 59, 46, tzinfo=timezone.utc),
        ),
        (
            '<meta property="article:published_time" content="2019-11-19T21:59:46-05:00">',
            datetime(2019, 11, 20, 2, 59, 46, tzinfo=timezone.utc),
        ),
        (
            '<script type="application/ld+json">{"datePublished": "0001-01-01T00:00:00Z"}</script>',
            datetime(2019, 11, 19, tzinfo=timezone.utc),
        ),
    ],
)
def test_the_publication_time_the_page_states_for_machines_beats_the_urls_and_is_taken_in_utc(head, published):
    url = "https://news.example.com/2019/11/19/council-budget/"
    article = extract.extract_article(dated_page(head), url, ExtractSettings()).article
    assert article["published_at"] == published  # a placeholder falls back to the date the page shows


@pytest.mark.parametrize(
    "name, title, published",
    [
        ("7916ecca969ffdd8", "US service members killed in Afghanistan helicopter crash", "2019-11-20"),
        ("5a822960e9a2cb1e", "House Hitler was born in to become police station", "2019-11-20"),
        ("db6b0816c612296c", "Esper accuses China of intimidating smaller Asian nations", "2019-11-20"),
    ],
)
def test_real_pages_get_title_and_date(name, title, published):
    article = extract_fixture(name).article
    assert article["title"] == title
    assert article["published_at"].date().isoformat() == published


def test_extraction_quality_gate_on_fixture_pages():
    truth = demo_ground_truth()
    pairs = [(truth[name]["articleBody"], extract_fixture(name).article["text"]) for name in [SEED_PAGE, *CORPUS_PAGES]]
    scores = score_pages(pairs)
    assert scores.f1 >= F1_FLOOR, scores


def test_shingle_scoring_counts_extra_and_missing_text():
    true_text = "one two three four five six"
    assert shingle_counts(true_text, true_text) == (1.0, 0.0, 0.0)
    tp, fp, fn = shingle_counts(true_text, "one two three four")
    assert fp == 0 and tp > 0 and fn > 0
    assert score_pages([(true_text, "")]).f1 == 0
