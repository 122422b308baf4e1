"""Inputs: planning (incremental), crawling feeds, sitemaps and sites, reading WARC files."""
