"""Planning inputs: a source's limits carry their default and apply the same way to every kind of
source (domains first, then at most max_articles); the stage functions are called directly."""

from newsflow.inputs import crawl
from newsflow.inputs.planning import source_inputs
from newsflow.records import SourceLimits
from newsflow.settings import Source
from newsflow.vocab import InputKind


def test_source_limits_take_the_allowed_domains_then_the_budget():
    limits = SourceLimits(max_articles=2, allowed_domains=["example.com"])
    urls = ["https://other.org/1", "https://example.com/2", "https://news.example.com/3", "https://example.com/4"]
    assert limits.take(urls, default=1000) == ["https://example.com/2", "https://news.example.com/3"]
    assert SourceLimits().take(urls, default=3) == urls[:3]  # unset: the default, never unlimited


def test_a_urls_source_without_max_articles_is_held_to_the_default():
    source = Source(name="list", kind="urls", urls=[f"https://example.com/{i}" for i in range(5)])
    assert source_inputs([source], default_max_articles=3).urls == source.urls[:3]


def test_a_feed_source_without_max_articles_is_held_to_the_default(site, settings):
    """The bug this pins: a feed in sources.toml without max_articles was unlimited."""
    settings.discover.max_urls_per_source = 2
    feed = f"{site}/feed.xml"
    inputs = source_inputs([Source(name="feed", kind="feed", urls=[feed])], settings.discover.max_urls_per_source)
    discovery = crawl.crawl({InputKind.FEED: inputs.feeds}, settings, inputs.limits)
    assert len(discovery.sources) == 2  # of the feed's 3 items


def test_a_feed_keeps_to_its_domains_before_its_budget(site, settings):
    feed = f"{site}/feed.xml"
    limits = {feed: SourceLimits(max_articles=1, allowed_domains=["example.com"])}
    discovery = crawl.crawl({InputKind.FEED: [feed]}, settings, limits)
    assert discovery.sources == {}  # every item is on 127.0.0.1
    [document] = discovery.documents
    assert (document.input_kind, document.status) == (InputKind.FEED, "ok")
