"""newsflow: news article URLs in, an analyst-ready Parquet + DuckDB warehouse out."""
