"""bot.nlu_data: the shipped Rasa-format NLU files parse, cover every intent, and bad files are named."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from bot.engine import NLU_DIR
from bot.nlu_data import Example, load_nlu, parse_nlu_file
from relais.errors import InvalidInput

REQUIRED = ("greet", "goodbye", "thanks", "bot_challenge", "ask_human", "frustration", "affirm", "deny",
            "out_of_scope")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["fr", "en"])
def test_shipped_file_parses_into_its_language(language: str) -> None:
    examples = parse_nlu_file(NLU_DIR / f"{language}.yml")
    assert examples
    assert {e.language for e in examples} == {language}
    assert all(e.text and e.text == e.text.strip() for e in examples)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("intent", REQUIRED)
def test_every_required_intent_has_25_distinct_examples(language: str, intent: str) -> None:
    texts = {e.text.lower() for e in parse_nlu_file(NLU_DIR / f"{language}.yml") if e.intent == intent}
    assert len(texts) >= 25, f"{language}/{intent}: {len(texts)} distinct examples"


def test_support_questions_are_provided_in_both_languages() -> None:
    by_language: dict[str, set[str]] = defaultdict(set)
    for e in load_nlu(NLU_DIR):
        by_language[e.language].add(e.intent)
    assert by_language["fr"] == by_language["en"]
    assert "question" in by_language["fr"]


def test_entity_markup_is_stripped(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.yml", """\
nlu:
- intent: question
  examples: |
    - je déménage à [Paris](city) demain
    - livraison à [Lyon]{"entity": "city"} possible ?
    - crochets [sans lien] gardés
""")
    assert [e.text for e in parse_nlu_file(path)] == [
        "je déménage à Paris demain",
        "livraison à Lyon possible ?",
        "crochets [sans lien] gardés",
    ]


def test_language_comes_from_metadata_else_from_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.yml", """\
nlu:
- intent: greet
  examples: |
    - bonjour
- intent: greet
  metadata:
    language: en
  examples: |
    - hello
""")
    assert parse_nlu_file(path) == [Example("bonjour", "greet", "fr"), Example("hello", "greet", "en")]


def test_blank_lines_synonyms_and_lookups_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "en.yml", """\
nlu:
- synonym: refund
  examples: |
    - money back
- lookup: city
  examples: |
    - Paris
- intent: thanks
  examples: |
    - thanks

    -
    - cheers
""")
    assert [e.text for e in parse_nlu_file(path)] == ["thanks", "cheers"]


@pytest.mark.parametrize(
    "content",
    ["version: '3.1'\n", "nlu: not a list\n", "- intent: greet\n", ""],
    ids=["no-nlu-key", "nlu-not-a-list", "top-level-list", "empty"],
)
def test_file_without_an_nlu_list_is_rejected_naming_the_file(tmp_path: Path, content: str) -> None:
    path = write(tmp_path / "fr.yml", content)
    with pytest.raises(InvalidInput, match="nlu") as info:
        parse_nlu_file(path)
    assert str(path) in info.value.message


def test_unknown_language_in_metadata_is_rejected_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.yml", """\
nlu:
- intent: greet
  metadata:
    language: de
  examples: |
    - guten Tag
""")
    with pytest.raises(InvalidInput, match="fr or en") as info:
        parse_nlu_file(path)
    assert str(path) in info.value.message
    assert "greet" in info.value.message


def test_file_named_after_no_language_needs_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "smalltalk.yml", "nlu:\n- intent: greet\n  examples: |\n    - hi\n")
    with pytest.raises(InvalidInput) as info:
        parse_nlu_file(path)
    assert str(path) in info.value.message


def test_invalid_yaml_is_rejected_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "en.yml", "nlu:\n- intent: [unclosed\n")
    with pytest.raises(InvalidInput, match="invalid YAML") as info:
        parse_nlu_file(path)
    assert str(path) in info.value.message


def test_examples_that_are_not_a_block_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "en.yml", "nlu:\n- intent: greet\n  examples:\n    - hi\n    - hello\n")
    with pytest.raises(InvalidInput, match="examples") as info:
        parse_nlu_file(path)
    assert str(path) in info.value.message


def test_a_directory_without_nlu_files_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no NLU training file") as info:
        load_nlu(tmp_path)
    assert str(tmp_path) in info.value.message


def test_load_nlu_reads_every_yml_and_yaml_file(tmp_path: Path) -> None:
    write(tmp_path / "fr.yml", "nlu:\n- intent: greet\n  examples: |\n    - salut\n")
    write(tmp_path / "en.yaml", "nlu:\n- intent: greet\n  examples: |\n    - hi\n")
    assert {(e.text, e.language) for e in load_nlu(tmp_path)} == {("salut", "fr"), ("hi", "en")}
