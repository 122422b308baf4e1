"""The HTML report: written by each ingest run and by `newsflow report`, one file that needs no
network, and drawn (map, chart) by a real headless browser with the network off."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsflow import report
from newsflow.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_the_ingest_run_writes_the_report_beside_the_warehouse(demo_warehouse):
    page = (Path(demo_warehouse) / "report.html").read_text(encoding="utf-8")
    assert "<svg id=map" in page and "<svg id=per-day" in page and "Top speakers" in page


def test_newsflow_report_writes_where_asked_and_says_what_it_holds(demo_warehouse, tmp_path, capsys):
    output = tmp_path / "out" / "report.html"
    assert main(["report", "--warehouse", demo_warehouse, "--output", str(output)]) == 0
    assert f"report written to {output}" in capsys.readouterr().out
    _, data = report.write_report(demo_warehouse, tmp_path / "again.html")
    page = output.read_text(encoding="utf-8")
    assert page.count("<circle class=event") == len(data.points) > 5
    assert page.count("<tr><td>") >= len(data.actors) + len(data.places) + len(data.speakers) + len(data.newest)


def test_the_report_fetches_nothing(demo_warehouse):
    """No script, stylesheet, image, font or frame from anywhere: the links are the articles' own."""
    page = (Path(demo_warehouse) / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<script|<link|<img|<iframe|src=|url\(|@import", page, re.IGNORECASE)
    links = re.findall(r'href="([^"]+)"', page)
    assert links and all(link.startswith("http://127.0.0.1:") for link in links)


def test_each_event_links_to_its_sentence_with_a_text_fragment():
    url = report.sentence_link("https://example.org/a", "Russian troops executed five attacks near Kupyansk-Vuzlovyi.")
    assert (
        url == "https://example.org/a#:~:text=Russian%20troops%20executed%20five,attacks%20near%20Kupyansk%2DVuzlovyi."
    )


def test_a_warehouse_without_events_gets_a_report_that_says_so(tmp_path):
    from newsflow import store, views

    root = store.init_warehouse(tmp_path / "warehouse")
    views.build_views(root)
    path, data = report.write_report(root)
    page = path.read_text(encoding="utf-8")
    assert data.counts["event_count"] == 0 and "no placed events yet" in page and "no events yet" in page


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_headless_chromium_draws_the_map_and_the_chart_with_the_network_off(demo_warehouse, tmp_path):
    import numpy as np
    from PIL import Image

    screenshot = tmp_path / "report.png"
    offline = [
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
    ]
    quiet = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-sandbox",
    ]
    command = [
        CHROMIUM,
        "--headless",
        *quiet,
        *offline,
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1100,1800",
        f"--screenshot={screenshot}",
        (Path(demo_warehouse) / "report.html").as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=120, check=True)
    pixels = np.asarray(Image.open(screenshot).convert("RGB"))
    land = (pixels == (213, 217, 222)).all(axis=2)  # the .land fill
    map_rows = np.flatnonzero(land.any(axis=1))
    assert land.sum() > 30_000, "the world outline is not drawn"
    palette = np.zeros(land.shape, dtype=bool)
    for colour in report.PALETTE:
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        palette |= (pixels == rgb).all(axis=2)
    on_map = palette[map_rows.min() : map_rows.max() + 1].sum()
    below_map = palette[map_rows.max() + 1 :].sum()
    assert on_map > 300, "no event circles on the map"
    assert below_map > 3_000, "no bars in the events-per-day chart"
