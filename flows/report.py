"""The HTML report: the warehouse as an analyst first looks at it, in one self-contained file.

A map of placed events over a world outline (the country shapes countryinfo ships, a dependency
already), events per day by type, the top actors, places and speakers, and the newest events linked to
their article and sentence: of the articles first fetched in the report's window (the last
WINDOW_DAYS days before the newest fetch, by default), so that a nightly run's report costs the same
on a year of runs as on a month. Plain HTML and inline SVG: no script, no CDN, no font to fetch, readable
offline in any browser. The numbers come from sql/queries/report_*.sql; this module only draws.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from newsflow import store, views
from newsflow.resources import sql_dir
from newsflow.warehouse import Warehouse, as_warehouse

REPORT_FILE = "report.html"
DAYS_SHOWN = 60  # the most recent days with dated events in the chart
TOP_COUNT = 15  # rows of each ranking
NEWEST_COUNT = 50  # events listed
WINDOW_DAYS = 30  # articles first fetched this many days before the newest one; 0: every article
# Tableau 10: distinct at a glance, and readable for the common colour-vision deficiencies.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
OTHER_COLOUR = "#9a9a9a"
MAP_WIDTH, MAP_NORTH, MAP_SOUTH = 960, 84.0, -58.0  # Antarctica left out: no news happens on the map's edge
MAP_HEIGHT = round(MAP_WIDTH * (MAP_NORTH - MAP_SOUTH) / 360)


@dataclass
class ReportData:
    since: datetime  # the window's start: its articles were first fetched since
    window_days: int
    counts: dict
    points: list[dict]
    per_day: list[dict]
    actors: list[dict]
    places: list[dict]
    speakers: list[dict]
    newest: list[dict]


def report_path(root: Warehouse | Path | str) -> Path:
    """Where the report of a warehouse goes by default: beside its views database."""
    return as_warehouse(root).local_path / REPORT_FILE


def write_report(
    root: Warehouse | Path | str, path: Path | None = None, window_days: int | None = None
) -> tuple[Path, ReportData]:
    """Write the warehouse's report (atomically: a reader never sees half a file); its path and data.
    `window_days`: WINDOW_DAYS unless given."""
    data = report_data(root, WINDOW_DAYS if window_days is None else window_days)
    target = Path(path) if path else report_path(root)
    store.write_bytes_atomic(render(data, str(as_warehouse(root))).encode("utf-8"), target)
    return target, data


def report_data(root: Warehouse | Path | str, window_days: int = WINDOW_DAYS) -> ReportData:
    since = window_start(root, window_days)

    def rows(name: str, **parameters) -> list[dict]:
        sql = (sql_dir() / "queries" / f"report_{name}.sql").read_text(encoding="utf-8")
        return views.read_dicts(root, sql, {"since": since, **parameters})

    return ReportData(
        since=since,
        window_days=window_days,
        counts=rows("counts")[0],
        points=rows("event_points"),
        per_day=rows("events_per_day", days=DAYS_SHOWN),
        actors=rows("top_actors", limit=TOP_COUNT),
        places=rows("top_places", limit=TOP_COUNT),
        speakers=rows("top_speakers", limit=TOP_COUNT),
        newest=rows("newest_events", limit=NEWEST_COUNT),
    )


def window_start(root: Warehouse | Path | str, window_days: int) -> datetime:
    """`window_days` before the newest first fetch (the start of time when 0, or for an empty warehouse)."""
    newest = views.read_query(root, "select max(first_fetched_at) from articles")[1][0][0]
    if not window_days or newest is None:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return newest - timedelta(days=window_days)


def render(data: ReportData, warehouse: str) -> str:
    colours = type_colours(data)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        f"<header><h1>newsflow report</h1><p>{escape(warehouse)} · written {generated}</p>{_counts(data)}</header>",
        _section(
            "Where",
            "Placed events: a circle's area is its number of events, its colour their commonest type.",
            _map_svg(data.points, colours),
        ),
        _section(
            "When",
            f"Events per day by type, on the {DAYS_SHOWN} most recent days with dated events.",
            _daily_svg(data.per_day, colours),
        ),
        '<div class="rankings">'
        + _ranking("Top actors", data.actors, "actor", "event_count", "events")
        + _ranking("Top places", data.places, "location", "event_count", "events")
        + _ranking("Top speakers", data.speakers, "speaker", "quote_count", "quotes")
        + "</div>",
        _section(
            "Newest events",
            "Each with its sentence, linked to the article (and to the sentence itself where the"
            " browser supports text fragments).",
            _events_table(data.newest, colours),
        ),
    ]
    return _PAGE.format(style=_STYLE, body="\n".join(sections))


def type_colours(data: ReportData) -> dict[str, str]:
    """A colour for each of the commonest event types (by events per day and on the map), grey for the rest."""
    totals: dict[str, int] = {}
    for row in data.per_day:
        totals[row["event_type"]] = totals.get(row["event_type"], 0) + row["event_count"]
    for row in data.points:
        totals[row["main_event_type"]] = totals.get(row["main_event_type"], 0) + row["event_count"]
    ranked = sorted(totals, key=lambda event_type: (-totals[event_type], event_type))
    return dict(zip(ranked, PALETTE, strict=False))


def _colour(colours: dict[str, str], event_type: str | None) -> str:
    return colours.get(event_type or "", OTHER_COLOUR)


def _counts(data: ReportData) -> str:
    counts = data.counts
    recent = "articles" if not data.window_days else f"articles of the last {data.window_days} days"
    shown = [
        ("articles in all", counts["article_count"]),
        (recent, counts["recent_article_count"]),
        ("places on the map", counts["placed_place_count"]),
        ("events", counts["event_count"]),
        ("quotes", counts["quote_count"]),
    ]
    cells = "".join(f'<div class="count"><b>{value:,}</b><span>{label}</span></div>' for label, value in shown)
    first, last = counts["first_published_at"], counts["last_published_at"]
    window = "" if not data.window_days else f"Below: the articles first fetched since {data.since:%Y-%m-%d}. "
    span = f"They were published {first:%Y-%m-%d} to {last:%Y-%m-%d}." if first and last else ""
    span = f"<p>{window}{span}</p>" if window or span else ""
    return f'<div class="counts">{cells}</div>{span}'


def _section(title: str, caption: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2><p class=caption>{escape(caption)}</p>{body}</section>"


# --- the map ---


def _project(longitude: float, latitude: float) -> tuple[float, float]:
    """Equirectangular: plain, and honest about where things are at the scale of a country."""
    x = (longitude + 180) / 360 * MAP_WIDTH
    y = (MAP_NORTH - latitude) / (MAP_NORTH - MAP_SOUTH) * MAP_HEIGHT
    return round(x, 1), round(y, 1)


@cache
def world_outline() -> str:
    """One SVG path of every country's outline, from countryinfo's GeoJSON (Natural Earth shapes)."""
    rings = []
    for entry in sorted((resources.files("countryinfo") / "data").iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".json"):
            continue
        shape = json.loads(entry.read_text(encoding="utf-8")).get("geoJSON") or {}
        for feature in shape.get("features", []):
            rings.extend(_rings(feature.get("geometry") or {}))
    return " ".join(_ring_path(ring) for ring in rings if len(ring) > 2)


def _rings(geometry: dict) -> list[list]:
    if geometry.get("type") == "Polygon":
        return geometry["coordinates"]
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _ring_path(ring: list) -> str:
    points = [_project(longitude, max(min(latitude, MAP_NORTH), MAP_SOUTH)) for longitude, latitude in ring]
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z"


def _map_svg(points: list[dict], colours: dict[str, str]) -> str:
    circles = []
    for point in sorted(points, key=lambda p: -p["event_count"]):  # the big first, so the small stay on top
        x, y = _project(point["longitude"], point["latitude"])
        radius = min(3 + 2.5 * math.sqrt(point["event_count"]), 24)
        label = (
            f"{point['location']}: {point['event_count']} events ({point['event_types']});"
            f" placed as a {point['geo_precision'] or 'point'}"
        )
        circles.append(
            f'<circle class=event cx="{x:g}" cy="{y:g}" r="{radius:.1f}"'
            f' fill="{_colour(colours, point["main_event_type"])}"><title>{escape(label)}</title></circle>'
        )
    empty = "" if points else f'<text x="{MAP_WIDTH / 2}" y="{MAP_HEIGHT / 2}" class=empty>no placed events yet</text>'
    return (
        f'<svg id=map viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role=img aria-label="map of placed events">'
        f'<rect class=sea width="{MAP_WIDTH}" height="{MAP_HEIGHT}"/><path class=land d="{world_outline()}"/>'
        f"{''.join(circles)}{empty}</svg>{_legend(colours)}"
    )


def _legend(colours: dict[str, str]) -> str:
    keys = [*colours.items(), ("other types", OTHER_COLOUR)]
    return (
        "<p class=legend>"
        + "".join(f'<span><i style="background:{colour}"></i>{escape(name)}</span>' for name, colour in keys)
        + "</p>"
    )


# --- events per day ---


def _daily_svg(rows: list[dict], colours: dict[str, str]) -> str:
    days = sorted({row["event_date"] for row in rows})
    if not days:
        return "<p class=empty>no dated events yet</p>"
    width, height, bottom, left = 960, 240, 40, 36
    per_day: dict = {day: [] for day in days}
    for row in rows:
        per_day[row["event_date"]].append(row)
    top = max(sum(row["event_count"] for row in day_rows) for day_rows in per_day.values())
    slot = (width - left) / len(days)
    scale = (height - bottom - 10) / top
    bars = []
    for index, day in enumerate(days):
        x, base = left + index * slot, height - bottom
        for row in sorted(per_day[day], key=lambda r: r["event_type"]):
            size = row["event_count"] * scale
            base -= size
            label = f"{day:%Y-%m-%d}: {row['event_count']} {row['event_type']}"
            bars.append(
                f'<rect class=bar x="{x + slot * 0.1:.1f}" y="{base:.1f}" width="{slot * 0.8:.1f}" height="{size:.1f}"'
                f' fill="{_colour(colours, row["event_type"])}"><title>{escape(label)}</title></rect>'
            )
        if len(days) <= 20 or index % math.ceil(len(days) / 20) == 0:
            bars.append(f'<text class=tick x="{x + slot / 2:.1f}" y="{height - bottom + 16}">{day:%Y-%m-%d}</text>')
    axis = (
        f'<line class=axis x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}"/>'
        f'<text class=tick x="{left - 6}" y="{height - bottom - top * scale + 4:.1f}" text-anchor=end>{top}</text>'
        f'<text class=tick x="{left - 6}" y="{height - bottom + 4}" text-anchor=end>0</text>'
    )
    return (
        f'<svg id=per-day viewBox="0 0 {width} {height}" role=img aria-label="events per day by type">'
        f"{axis}{''.join(bars)}</svg>"
    )


# --- tables ---


def _ranking(title: str, rows: list[dict], name_key: str, count_key: str, unit: str) -> str:
    if not rows:
        return f"<section><h2>{escape(title)}</h2><p class=empty>none yet</p></section>"
    top = max(row[count_key] for row in rows)
    lines = "".join(
        f"<tr><td>{escape(str(row[name_key]))}</td>"
        f'<td class=num><span class=meter style="width:{100 * row[count_key] / top:.0f}%"></span>{row[count_key]}</td>'
        f"<td class=num>{row['article_count']}</td></tr>"
        for row in rows
    )
    header = f"<tr><th></th><th>{unit}</th><th>articles</th></tr>"
    return f"<section><h2>{escape(title)}</h2><table class=ranking>{header}{lines}</table></section>"


def sentence_link(url: str, sentence: str | None) -> str:
    """The article's URL, pointing at the sentence with a text fragment (#:~:text=first,last words)."""
    words = (sentence or "").split()
    if "#" in url or len(words) < 2:
        return url
    start, end = " ".join(words[:4]), " ".join(words[max(4, len(words) - 3) :])
    encode = lambda text: quote(text, safe="").replace("-", "%2D")  # noqa: E731 - '-' marks a fragment's context
    return f"{url}#:~:text={encode(start)}" + (f",{encode(end)}" if end else "")


def _events_table(rows: list[dict], colours: dict[str, str]) -> str:
    if not rows:
        return "<p class=empty>no events yet</p>"
    header = (
        "<tr><th>date</th><th>type</th><th>actor</th><th>did</th><th>target</th><th>where</th>"
        "<th>says who</th><th>confidence</th><th>sentence, article</th></tr>"
    )
    lines = ("<tr>" + "".join(f"<td>{cell}</td>" for cell in _event_cells(row, colours)) + "</tr>" for row in rows)
    return f"<table class=events>{header}{''.join(lines)}</table>"


def _event_cells(row: dict, colours: dict[str, str]) -> list[str]:
    chip = (
        f'<span class=chip style="background:{_colour(colours, row["event_type"])}">{escape(row["event_type"])}</span>'
    )
    sentence = escape((row["sentence"] or "").strip())
    source = (
        f'<a href="{escape(sentence_link(row["url"], row["sentence"]))}">{sentence}</a>'
        f'<br><a class=article href="{escape(row["url"])}">{escape(row["title"] or row["url"])}</a>'
    )
    return [
        f"{row['event_date']:%Y-%m-%d}" if row["event_date"] else "",
        chip,
        *(escape(row[key] or "") for key in ("actor", "trigger", "target", "location", "attributed_to")),
        f"{row['confidence']:.2f}" if row["confidence"] is not None else "",
        source,
    ]


_PAGE = """<!doctype html>
<html lang=en><head><meta charset=utf-8><meta name=viewport content="width=device-width, initial-scale=1">
<title>newsflow report</title><style>{style}</style></head>
<body>
{body}
</body></html>
"""

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1000px; color: #222; padding: 0 12px; }
h1 { margin: 0; } h2 { margin: 28px 0 4px; font-size: 18px; }
header p, .caption { color: #666; margin: 2px 0 8px; }
.counts { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0 4px; }
.count { background: #f3f5f8; border-radius: 6px; padding: 8px 14px; }
.count b { display: block; font-size: 22px; } .count span { color: #555; }
svg { width: 100%; height: auto; display: block; }
.sea { fill: #eaf1f7; } .land { fill: #d5d9de; stroke: #fff; stroke-width: 0.4; }
.event { fill-opacity: 1; stroke: #fff; stroke-width: 0.8; }
.axis { stroke: #999; } .tick { font-size: 10px; fill: #555; text-anchor: middle; }
.empty { color: #888; fill: #888; text-anchor: middle; }
.legend span { margin-right: 14px; white-space: nowrap; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; }
.rankings { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 0 20px; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
th { font-weight: 600; color: #555; }
.num { text-align: right; position: relative; white-space: nowrap; }
.meter { position: absolute; right: 0; top: 4px; bottom: 4px; background: #dbe6f1; z-index: -1; }
.chip { color: #fff; border-radius: 3px; padding: 0 5px; font-size: 12px; }
.events td { font-size: 13px; } .events a.article { color: #666; font-size: 12px; }
"""
