"""The `relais` command, run as a real subprocess on its own data dir (CONTRACT section 1)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from argon2 import PasswordHasher

from knowledge_base import store
from knowledge_base.interchange import read_articles
from relais.storage import Database
from tests.conftest import SMALL_KB, make_settings

RELAIS = Path(sys.executable).with_name("relais")
BROKEN_ARTICLE = {"id": "fr-casse", "language": "fr", "title": "T", "questions": ["Q ?"], "answer": "A"}


def run(*args: str | Path, stdin: str = "", cwd: Path, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    clean.update({"HF_HUB_OFFLINE": "1", **(env or {})})
    return subprocess.run([str(RELAIS), *map(str, args)], input=stdin, capture_output=True, text=True,
                          env=clean, cwd=cwd, timeout=300, check=False)


def export(data_dir: Path) -> str:
    result = run("kb", "export", "-", "--data-dir", data_dir, cwd=data_dir.parent)
    assert result.returncode == 0, result.stderr
    return result.stdout


def write_kb(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text(yaml.safe_dump({"articles": items}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def small_kb_items() -> list[dict[str, object]]:
    return [a.to_dict() for a in read_articles(SMALL_KB)]


@pytest.fixture
async def data_dir(tmp_path: Path) -> Path:
    """A data dir holding the published small KB, stored as `kb import` stores it (without building the index)."""
    directory = tmp_path / "data"
    db = Database(make_settings(directory).resolved_database_url)
    try:
        await db.migrate()
        async with db.begin() as conn:
            await store.publish(conn, read_articles(SMALL_KB))
    finally:
        await db.close()
    return directory


# ---------------------------------------------------------------- import: all or nothing

def _write_invalid_yaml(path: Path) -> None:
    valid = yaml.safe_dump({"articles": [{**BROKEN_ARTICLE, "id": "fr-nouveau"}]}, allow_unicode=True)
    path.write_text(valid + "- id: fr-casse\n   language: fr\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("broken", "names", "options"),
    [
        (None, ["invalid YAML"], []),
        ({**BROKEN_ARTICLE, "id": "fr-casque"}, ["(id 'fr-casque')", "field `id`", "duplicates"], []),
        ({k: v for k, v in BROKEN_ARTICLE.items() if k != "answer"}, ["(id 'fr-casse')", "field `answer`"], []),
        ({**BROKEN_ARTICLE, "language": "de"}, ["(id 'fr-casse')", "field `language`", "'de'"], []),
        ({**BROKEN_ARTICLE, "questions": []}, ["(id 'fr-casse')", "field `questions`"], ["--replace"]),
        ({**BROKEN_ARTICLE, "colour": "red"}, ["(id 'fr-casse')", "field `colour`"], []),
    ],
    ids=["invalid-yaml", "duplicate-id", "missing-field", "wrong-language", "empty-questions", "unknown-field"],
)
def test_invalid_file_exits_2_names_the_problem_and_imports_nothing(
    data_dir: Path, tmp_path: Path, broken: dict[str, object] | None, names: list[str], options: list[str]
) -> None:
    before = export(data_dir)
    path = tmp_path / "broken.yml"
    if broken is None:
        _write_invalid_yaml(path)
    else:
        # A new article, a changed one and a dropped one beside the broken article: none may go through.
        items = [i for i in small_kb_items() if i["id"] != "en-helmet"]
        items[0] = {**items[0], "answer": "Une réponse modifiée."}
        write_kb(path, [*items, {**BROKEN_ARTICLE, "id": "fr-nouveau"}, broken])

    result = run("kb", "import", path, "--data-dir", data_dir, *options, cwd=tmp_path)

    assert result.returncode == 2, result.stdout + result.stderr
    assert "nothing was imported" in result.stderr
    assert str(path) in result.stderr
    for name in names:
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert export(data_dir) == before


def test_missing_file_exits_2_with_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    result = run("kb", "import", tmp_path / "absent.yml", "--data-dir", data_dir, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path / 'absent.yml'}: no such file" in result.stderr


def test_export_writes_the_published_articles_in_the_interchange_format(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.yml"
    result = run("kb", "export", out, "--data-dir", data_dir, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "exported 10 articles" in result.stdout
    assert read_articles(out) == sorted(read_articles(SMALL_KB), key=lambda a: a.id)
    assert out.read_text(encoding="utf-8") == export(data_dir)


def test_export_to_an_unwritable_place_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "out.yml"
    result = run("kb", "export", target, "--data-dir", data_dir, cwd=tmp_path)
    assert result.returncode == 2
    assert f"error: cannot write {target}" in result.stderr
    assert "Traceback" not in result.stderr


def test_environment_variable_overrides_the_data_dir_option(data_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    result = run("kb", "export", "-", "--data-dir", elsewhere, cwd=tmp_path, env={"RELAIS_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    assert [a["id"] for a in yaml.safe_load(result.stdout)["articles"]] == sorted(i.id for i in read_articles(SMALL_KB))


@pytest.mark.slow
def test_import_then_export_then_reimport_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = run("kb", "import", SMALL_KB, "--data-dir", data, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "10 new, 0 updated, 0 unchanged, 0 archived" in first.stdout
    assert " INFO " not in first.stderr  # no migration or index-loading chatter around what the command says
    assert "10 published articles are answerable" in first.stdout
    assert any((data / "index").iterdir())

    exported = tmp_path / "export.yml"
    assert run("kb", "export", exported, "--data-dir", data, cwd=tmp_path).returncode == 0
    again = run("kb", "import", exported, "--data-dir", data, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "0 new, 0 updated, 10 unchanged, 0 archived" in again.stdout
    assert export(data) == exported.read_text(encoding="utf-8")


@pytest.mark.slow
def test_replace_archives_the_articles_absent_from_the_file(data_dir: Path, tmp_path: Path) -> None:
    items = {i["id"]: i for i in small_kb_items()}
    kept = [items["fr-casque"], items["en-helmet"], {**items["fr-batterie"], "answer": "Jusqu'à 90 km."}]
    path = write_kb(tmp_path / "subset.yml", kept)

    result = run("kb", "import", path, "--data-dir", data_dir, "--replace", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "0 new, 1 updated, 2 unchanged, 7 archived" in result.stdout
    exported = yaml.safe_load(export(data_dir))["articles"]
    assert [a["id"] for a in exported] == ["en-helmet", "fr-batterie", "fr-casque"]
    assert exported[1]["answer"] == "Jusqu'à 90 km."


@pytest.mark.slow
def test_an_empty_knowledge_base_exports_and_reimports_like_any_other(data_dir: Path, tmp_path: Path) -> None:
    emptied = run("kb", "import", write_kb(tmp_path / "none.yml", []), "--data-dir", data_dir, "--replace",
                  cwd=tmp_path)
    assert emptied.returncode == 0, emptied.stderr
    assert "0 new, 0 updated, 0 unchanged, 10 archived" in emptied.stdout
    exported = tmp_path / "empty.yml"
    assert run("kb", "export", exported, "--data-dir", data_dir, cwd=tmp_path).returncode == 0
    assert yaml.safe_load(exported.read_text(encoding="utf-8")) == {"articles": []}
    again = run("kb", "import", exported, "--data-dir", data_dir, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "0 new, 0 updated, 0 unchanged, 0 archived" in again.stdout
    assert "0 published articles are answerable" in again.stdout


# ---------------------------------------------------------------- users

def users_in(data_dir: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(data_dir / "relais.db") as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT name, role, password_hash, languages, skills, max_chats FROM users").fetchall()


def test_users_add_stores_the_user_with_a_hashed_password(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run("users", "add", "alice", "--role", "agent", "--languages", "fr", "--skills", "velo,billing",
                 "--max-chats", "2", "--password-stdin", "--data-dir", data, stdin="s3cret-password\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "alice" in result.stdout
    (user,) = users_in(data)
    assert (user["name"], user["role"], user["max_chats"]) == ("alice", "agent", 2)
    assert json.loads(user["languages"]) == ["fr"]
    assert json.loads(user["skills"]) == ["velo", "billing"]
    assert "s3cret-password" not in user["password_hash"]
    assert PasswordHasher().verify(user["password_hash"], "s3cret-password")


def test_users_add_refuses_a_duplicate_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = ("users", "add", "bob", "--role", "editor", "--password-stdin", "--data-dir", data)
    assert run(*args, stdin="first-password\n", cwd=tmp_path).returncode == 0
    again = run(*args, stdin="second-password\n", cwd=tmp_path)
    assert again.returncode == 2
    assert "error: a user named 'bob' already exists" in again.stderr
    (user,) = users_in(data)
    assert PasswordHasher().verify(user["password_hash"], "first-password")


def test_users_add_refuses_a_short_password(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run("users", "add", "carol", "--role", "admin", "--password-stdin", "--data-dir", data,
                 stdin="short\n", cwd=tmp_path)
    assert result.returncode == 2
    assert "password must be at least 8 characters" in result.stderr
    assert "Traceback" not in result.stderr
    assert users_in(data) == []


# ---------------------------------------------------------------- help

@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ([], ["serve", "kb", "users", "RELAIS_DATA_DIR", "RELAIS_DATABASE_URL", "RELAIS_REDIS_URL",
              "RELAIS_ALLOWED_ORIGINS"]),
        (["serve"], ["--host", "--port", "--data-dir", "--no-demo"]),
        (["kb", "import"], ["FILE", "--data-dir", "--replace", "CSV", "Markdown"]),
        (["kb", "export"], ["FILE", "--data-dir"]),
        (["users", "add"], ["NAME", "--role", "agent", "editor", "admin", "--languages", "--skills", "--max-chats",
                            "--password-stdin", "--data-dir"]),
    ],
)
def test_help_lists_the_options_of_the_contract(tmp_path: Path, command: list[str], expected: list[str]) -> None:
    result = run(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for word in expected:
        assert word in result.stdout, f"{word!r} missing from `relais {' '.join(command)} --help`"
