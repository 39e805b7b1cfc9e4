"""relais.settings.load_settings: RELAIS_* variables override CLI options, which override defaults."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from relais.settings import Settings, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No RELAIS_* variable from the machine running the tests leaks into them."""
    for name in list(os.environ):
        if name.upper().startswith("RELAIS_"):
            monkeypatch.delenv(name)


@pytest.mark.parametrize(
    ("field", "variable", "env_value", "cli_value", "expected"),
    [
        ("port", "RELAIS_PORT", "8100", 9000, 8100),
        ("host", "RELAIS_HOST", "0.0.0.0", "10.0.0.1", "0.0.0.0"),
        ("languages", "RELAIS_LANGUAGES", "en", "fr,en", "en"),
        ("onnx", "RELAIS_ONNX", "false", True, False),
        ("answer_threshold", "RELAIS_ANSWER_THRESHOLD", "0.7", 0.4, 0.7),
        ("data_dir", "RELAIS_DATA_DIR", "/srv/relais", Path("/tmp/cli"), Path("/srv/relais")),
    ],
)
def test_environment_variable_overrides_the_cli_option(
    monkeypatch: pytest.MonkeyPatch, field: str, variable: str, env_value: str, cli_value: object, expected: object
) -> None:
    monkeypatch.setenv(variable, env_value)
    assert getattr(load_settings(**{field: cli_value}), field) == expected


def test_environment_variable_equal_to_the_default_still_overrides_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_PORT", str(Settings.model_fields["port"].default))
    assert load_settings(port=9000).port == 8000


def test_cli_option_is_used_when_no_variable_is_set() -> None:
    settings = load_settings(port=9000, host="0.0.0.0", languages="en", data_dir=Path("/tmp/cli"))
    assert (settings.port, settings.host, settings.languages, settings.data_dir) == (
        9000, "0.0.0.0", "en", Path("/tmp/cli"))


def test_unset_cli_options_leave_the_defaults() -> None:
    settings = load_settings(port=None, host=None, data_dir=None)
    assert (settings.port, settings.host, settings.data_dir) == (8000, "127.0.0.1", Path("./var"))


def test_environment_and_cli_combine_field_by_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_PORT", "8100")
    settings = load_settings(port=9000, host="0.0.0.0")
    assert (settings.port, settings.host) == (8100, "0.0.0.0")


@pytest.mark.parametrize("languages", ["fr,de", "de", "", " , ", "fr;en"])
def test_invalid_languages_from_the_cli_are_rejected(languages: str) -> None:
    with pytest.raises(ValidationError, match="languages must be"):
        load_settings(languages=languages)


def test_invalid_languages_from_the_environment_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_LANGUAGES", "fr,de")
    with pytest.raises(ValidationError, match="languages must be"):
        load_settings(languages="fr")


def test_languages_are_normalised_and_listed_in_order() -> None:
    settings = load_settings(languages=" en , fr ")
    assert settings.languages == "en,fr"
    assert settings.language_list == ("en", "fr")


def test_database_defaults_to_sqlite_inside_the_data_dir(tmp_path: Path) -> None:
    url = load_settings(data_dir=tmp_path).resolved_database_url
    assert url == f"sqlite+aiosqlite:///{tmp_path.resolve() / 'relais.db'}"


def test_a_relative_data_dir_gives_an_absolute_sqlite_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = load_settings(data_dir=Path("var")).resolved_database_url
    assert url == f"sqlite+aiosqlite:///{tmp_path.resolve() / 'var' / 'relais.db'}"


def test_the_data_dir_from_the_environment_holds_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_DATA_DIR", str(tmp_path / "env"))
    url = load_settings(data_dir=tmp_path / "cli").resolved_database_url
    assert url == f"sqlite+aiosqlite:///{(tmp_path / 'env').resolve() / 'relais.db'}"


def test_database_url_from_the_environment_is_used_as_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    postgres = "postgresql+asyncpg://relais:secret@db.internal:5432/relais"
    monkeypatch.setenv("RELAIS_DATABASE_URL", postgres)
    settings = load_settings(data_dir=tmp_path, database_url="sqlite+aiosqlite:///cli.db")
    assert settings.resolved_database_url == postgres


def test_allowed_origins_are_split_and_trailing_slashes_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_ALLOWED_ORIGINS", "https://shop.example/, https://help.example ,")
    assert load_settings().origin_list == ("https://shop.example", "https://help.example")


def test_the_index_lives_in_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.index_dir.parent == tmp_path


async def test_a_redis_url_the_server_cannot_use_yet_is_said_at_start_up(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from relais.runtime import Runtime

    with caplog.at_level("WARNING", logger="relais.runtime"):
        alone = Runtime(Settings(data_dir=tmp_path))
        told = Runtime(Settings(data_dir=tmp_path, redis_url="redis://127.0.0.1:6379/0"))
    await alone.db.close()
    await told.db.close()
    (record,) = caplog.records
    assert "RELAIS_REDIS_URL" in record.getMessage() and "in-process" in record.getMessage()
