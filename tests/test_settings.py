"""Layered settings: defaults < user file < environment < flags, each overriding only its keys."""

import tomllib

import pytest

from newsflow.settings import DEFAULT_CONFIG_FILE, ConfigError, Settings, load_settings


def test_config_file_documents_every_setting_with_its_default():
    documented = tomllib.loads(DEFAULT_CONFIG_FILE.read_text(encoding="utf-8"))
    assert documented == Settings().model_dump(mode="json")


def test_user_file_overrides_only_its_keys(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSFLOW_WAREHOUSE", raising=False)
    user_file = tmp_path / "mine.toml"
    user_file.write_text("[fetch]\nmax_retries = 7\n")
    settings = load_settings(user_file)
    assert settings.fetch.max_retries == 7
    assert settings.fetch.max_connections == Settings().fetch.max_connections
    assert settings.extract == Settings().extract


def test_environment_beats_the_file_and_flags_beat_the_environment(tmp_path, monkeypatch):
    user_file = tmp_path / "mine.toml"
    user_file.write_text('warehouse = "from-file"\n[fetch]\nmax_retries = 7\n')
    monkeypatch.setenv("NEWSFLOW_FETCH__MAX_RETRIES", "5")
    monkeypatch.setenv("NEWSFLOW_WAREHOUSE", "from-env")
    settings = load_settings(user_file)
    assert (settings.fetch.max_retries, str(settings.warehouse)) == (5, "from-env")
    settings = load_settings(user_file, warehouse="from-flag", fetch={"max_retries": 1})
    assert (settings.fetch.max_retries, str(settings.warehouse)) == (1, "from-flag")
    assert settings.fetch.max_connections == Settings().fetch.max_connections


def test_config_file_from_the_environment(tmp_path, monkeypatch):
    user_file = tmp_path / "env.toml"
    user_file.write_text("[run]\nbatch_size = 3\n")
    monkeypatch.setenv("NEWSFLOW_CONFIG", str(user_file))
    assert load_settings().run.batch_size == 3


@pytest.mark.parametrize(
    "content, named",
    [
        ("[fetch]\nmax_retries = -1\n", "max_retries"),
        ("[fetch]\nmax_retires = 2\n", "max_retires"),
        ("[fetch\n", "not valid TOML"),
    ],
)
def test_invalid_config_names_the_problem(tmp_path, content, named):
    user_file = tmp_path / "bad.toml"
    user_file.write_text(content)
    with pytest.raises(ConfigError, match=named):
        load_settings(user_file)


def test_the_old_entities_section_is_read_as_nlp_with_a_warning(tmp_path):
    user_file = tmp_path / "old.toml"
    user_file.write_text("[entities]\nenabled = false\nbatch_size = 4\n[run]\ndask_pages_per_task = 5\n")
    with pytest.warns(FutureWarning, match=r"\[entities\] is now called \[nlp\]"):
        settings = load_settings(user_file)
    assert settings.nlp.enabled is False
    assert settings.run.pages_per_task == 4  # the first of the old names found wins


def test_shipped_config_files_are_found_from_any_directory(tmp_path, monkeypatch):
    from newsflow.settings import load_curated_entities, load_event_types

    monkeypatch.chdir(tmp_path)  # no config/ here: the files newsflow ships are read
    settings = load_settings()
    assert load_curated_entities(settings.nlp.aliases_file) and load_event_types(settings.nlp.events_file)["types"]
