"""Every setting is documented once (relais.settings) and shown by `relais --help` as RELAIS_<NAME>."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from relais.settings import Settings

FIELDS = sorted(Settings.model_fields)


@pytest.fixture(scope="module")
def help_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    result = subprocess.run([str(Path(sys.executable).with_name("relais")), "--help"], capture_output=True,
                            text=True, env={**env, "COLUMNS": "80"}, cwd=tmp_path_factory.mktemp("help"),
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_settings_are_declared() -> None:
    assert {"data_dir", "database_url", "redis_url", "allowed_origins"} <= set(FIELDS)


@pytest.mark.parametrize("name", FIELDS)
def test_setting_has_a_description(name: str) -> None:
    description = Settings.model_fields[name].description
    assert description is not None and description.strip(), f"{name} needs a description"


@pytest.mark.parametrize("name", FIELDS)
def test_setting_is_listed_in_help_with_its_description(help_text: str, name: str) -> None:
    variable = f"RELAIS_{name.upper()}"
    assert re.search(rf"\b{variable}\b", help_text), f"{variable} missing from relais --help"
    description = Settings.model_fields[name].description or ""
    assert " ".join(description.split()) in " ".join(help_text.split())

