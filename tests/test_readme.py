"""The README stays true: the two set-up commands come first and every setting is documented."""

from __future__ import annotations

from pathlib import Path

from relais.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme() -> None:
    missing = [name for name in Settings.model_fields if f"`RELAIS_{name.upper()}`" not in README]
    assert not missing, f"README misses: {missing}"


def test_the_readme_table_gives_each_settings_default() -> None:
    rows = {}
    for line in README.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`RELAIS_"):
            rows[cells[0].strip("`")] = cells[1].strip("`")
    for name, field in Settings.model_fields.items():
        default = "" if field.default is None else str(field.default)
        if name == "data_dir":
            default = "var"
        assert rows.get(f"RELAIS_{name.upper()}") == default, f"README default of RELAIS_{name.upper()}"


def test_the_two_setup_commands_come_first() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split()[0:2] for line in first_block.strip().splitlines()] == [["make", "run"], ["make", "test"]]
