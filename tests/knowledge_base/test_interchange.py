"""Knowledge-base files (YAML, CSV, Markdown): what is read, how problems are named, and the export round trip."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from knowledge_base.articles import Article, parse_article
from knowledge_base.interchange import dump_yaml, read_articles
from relais.errors import KnowledgeBaseFileError
from tests.conftest import SMALL_KB

VALID = {"id": "fr-ok", "language": "fr", "title": "Titre", "questions": ["Une question ?"], "answer": "Réponse."}


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def write_yaml(path: Path, *items: Any) -> Path:
    path.write_text(yaml.safe_dump({"articles": list(items)}, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseFileError) as caught:
        read_articles(path)
    return caught.value.problems


# ---------------------------------------------------------------- reading valid files

def test_yaml_file_gives_every_article_with_every_field() -> None:
    articles = {a.id: a for a in read_articles(SMALL_KB)}
    assert len(articles) == 10
    velo = articles["fr-location-velo"]
    assert velo.language == "fr"
    assert velo.title == "Comment louer un vélo ?"
    assert velo.questions[0] == "Comment je fais pour louer un vélo ?"
    assert len(velo.questions) == 3
    assert velo.answer.startswith("Réservez votre vélo dans l'application **Roulez**")
    assert not velo.answer.endswith("\n")
    assert velo.tags == ("location", "velo")
    assert velo.url == "https://aide.roulez.example/louer"
    assert velo.handoff is False
    assert articles["fr-vol-velo"].handoff is True
    assert articles["fr-casque"].url is None


def test_csv_splits_questions_and_tags_on_pipes(tmp_path: Path) -> None:
    path = write(tmp_path / "kb.csv", """
        id,language,title,questions,answer,tags,url,handoff
        fr-a,fr,Titre A,Première ? | Deuxième ?,Réponse A,contrat|puissance,https://example.org/a,oui
        en-b,en,Title B,Only one?,"Answer B, with a comma",,,
        """)
    a, b = read_articles(path)
    assert a == Article("fr-a", "fr", "Titre A", ("Première ?", "Deuxième ?"), "Réponse A",
                        ("contrat", "puissance"), "https://example.org/a", True)
    assert b == Article("en-b", "en", "Title B", ("Only one?",), "Answer B, with a comma", (), None, False)


def test_csv_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("id,language,title,questions,answer\nfr-a,fr,T,Q ?,A\n", encoding="utf-8-sig")
    assert [a.id for a in read_articles(path)] == ["fr-a"]


def test_csv_cell_can_hold_a_multi_line_markdown_answer(tmp_path: Path) -> None:
    path = write(tmp_path / "kb.csv", """
        id,language,title,questions,answer
        fr-a,fr,T,Q ?,"Première ligne

        - un point
        - un autre"
        """)
    (article,) = read_articles(path)
    assert article.answer == "Première ligne\n\n- un point\n- un autre"


def test_markdown_front_matter_gives_the_fields_and_the_body_the_answer(tmp_path: Path) -> None:
    path = write(tmp_path / "fr-md.md", """
        ---
        id: fr-md
        language: fr
        title: Un article en Markdown
        questions: ["Comment faire ?"]
        handoff: true
        ---

        ## Étapes

        1. Ouvrir l'application
        2. Appuyer sur **Louer**

            code indenté
        """)
    (article,) = read_articles(path)
    assert article.id == "fr-md"
    assert article.handoff is True
    assert article.answer == ("## Étapes\n\n1. Ouvrir l'application\n2. Appuyer sur **Louer**\n\n"
                              "    code indenté")


def test_directory_of_markdown_files_gives_one_article_per_file(tmp_path: Path) -> None:
    for name in ("a", "b"):
        write(tmp_path / f"{name}.md", f"---\nid: fr-{name}\nlanguage: fr\ntitle: T\nquestions: [Q]\n---\nA {name}\n")
    write(tmp_path / "notes.txt", "not an article")
    assert [(a.id, a.answer) for a in read_articles(tmp_path)] == [("fr-a", "A a"), ("fr-b", "A b")]


# ---------------------------------------------------------------- problems: file, article, field

@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": None}, "title"),
        ({"answer": "   "}, "answer"),
        ({"language": "de"}, "language"),
        ({"language": "french"}, "language"),
        ({"questions": []}, "questions"),
        ({"questions": ["Une question ?", ""]}, "questions[2]"),
        ({"colour": "red"}, "colour"),
        ({"url": "ftp://example.org/x"}, "url"),
        ({"handoff": "maybe"}, "handoff"),
        ({"tags": "one-string"}, "tags"),
    ],
)
def test_invalid_field_is_named_with_file_and_article(tmp_path: Path, change: dict[str, Any], field: str) -> None:
    item = {k: v for k, v in {**VALID, **change}.items() if v is not None}
    path = write_yaml(tmp_path / "kb.yml", {**VALID, "id": "fr-first"}, item)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: article #2 (id 'fr-ok'): field `{field}` ")


def test_id_outside_the_allowed_characters_is_rejected(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "kb.yml", {**VALID, "id": "Fr_Bad Id"})
    (problem,) = problems_of(path)
    assert "(id 'Fr_Bad Id'): field `id`" in problem
    assert "[a-z0-9-]+" in problem


def test_article_without_id_is_named_by_its_position(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "kb.yml", VALID, {k: v for k, v in VALID.items() if k != "id"})
    assert problems_of(path) == [f"{path}: article #2: field `id` is required and must not be empty"]


def test_csv_problem_names_the_spreadsheet_row(tmp_path: Path) -> None:
    path = write(tmp_path / "kb.csv", """
        id,language,title,questions,answer,handoff
        fr-a,fr,T,Q ?,A,non
        fr-b,es,T,,A,peut-être
        """)
    assert problems_of(path) == [
        f"{path}: row 3 (id 'fr-b'): field `language` 'es' is not a supported ISO 639-1 code (fr, en)",
        f"{path}: row 3 (id 'fr-b'): field `questions` needs at least one question (a list of texts)",
        f"{path}: row 3 (id 'fr-b'): field `handoff` must be true or false",
    ]


def test_markdown_problem_names_the_file_of_the_article(tmp_path: Path) -> None:
    write(tmp_path / "good.md", "---\nid: fr-good\nlanguage: fr\ntitle: T\nquestions: [Q]\n---\nA\n")
    bad = write(tmp_path / "bad.md", "---\nid: fr-bad\nlanguage: fr\ntitle: T\n---\n")
    assert problems_of(tmp_path) == [
        f"{bad} (id 'fr-bad'): field `answer` is required and must not be empty",
        f"{bad} (id 'fr-bad'): field `questions` needs at least one question (a list of texts)",
    ]


def test_markdown_without_front_matter_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "plain.md", "# Just a title\n\nSome text.\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: ") and "front-matter" in problem


def test_every_problem_of_the_file_is_reported_at_once(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path / "kb.yml",
        {**VALID, "id": "fr-one", "language": "de", "questions": []},
        VALID,
        {**VALID, "id": "fr-three", "colour": "red", "handoff": "maybe"},
        "not a mapping",
    )
    found = problems_of(path)
    assert [p.split(": field ")[1].split("`")[1] for p in found] == [
        "language", "questions", "colour", "handoff", "(article)"]
    assert found[0].startswith(f"{path}: article #1 (id 'fr-one')")
    assert found[-1].startswith(f"{path}: article #4")


def test_duplicate_id_names_both_occurrences(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "kb.yml", VALID, {**VALID, "id": "fr-two"}, VALID)
    assert problems_of(path) == [
        f"{path}: article #3 (id 'fr-ok'): field `id` duplicates the id of {path}: article #1"]


def test_duplicate_id_is_reported_together_with_the_other_problems(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "kb.yml", VALID, {**VALID, "language": "de"})
    found = problems_of(path)
    assert len(found) == 2
    assert any("field `language`" in p for p in found)
    assert any("field `id` duplicates the id of" in p for p in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("articles:\n  - id: a\n   language: fr\n", "invalid YAML (line 3, column 4)"),
        ("- id: a\n", "expected a mapping with an `articles` list"),
        ("articles: {id: a}\n", "`articles` must be a list"),
        ("", "expected a mapping with an `articles` list"),
    ],
)
def test_malformed_yaml_file_is_rejected_naming_the_file(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / "kb.yml", text)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: ")
    assert expected in problem


def test_missing_or_non_utf8_file_is_a_clear_error(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "absent.yml") == [f"{tmp_path / 'absent.yml'}: no such file"]
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("id,language,title,questions,answer\nfr-a,fr,Été,Q,A\n".encode("latin-1"))
    (problem,) = problems_of(latin1)
    assert problem.startswith(f"{latin1}: not UTF-8 text")


# ---------------------------------------------------------------- export, then import: the same articles

def round_trip(tmp_path: Path, articles: list[Article]) -> list[Article]:
    path = tmp_path / "export.yml"
    path.write_text(dump_yaml(articles), encoding="utf-8")
    return read_articles(path)


def test_export_of_the_fixture_reads_back_identical(tmp_path: Path) -> None:
    articles = read_articles(SMALL_KB)
    assert round_trip(tmp_path, articles) == sorted(articles, key=lambda a: a.id)


def test_export_keeps_markdown_unicode_handoff_and_urls(tmp_path: Path) -> None:
    tricky = [
        Article("fr-markdown", "fr", "Élève « cité » : 日本語 😀",
                ("Ça marche ?", "yes", "- tiret", "#hash: colon", "'quotes' \"double\""),
                "# Titre\n\n1. un\n2. deux\n\n    code indenté\n\tavec tab\n\n> citation  \nfin",
                ("2024", "null"), "https://example.org/a?b=c&d=é#ancre", True),
        Article("en-plain", "en", "null", ("true",), "1.5", (), None, False),
        Article("en-breaks", "en", "next\x85line", ("carriage\rreturn",), "line\u2028separator", (), None, False),
    ]
    assert round_trip(tmp_path, tricky) == sorted(tricky, key=lambda a: a.id)


def test_export_is_the_section_2_format_with_readable_multi_line_answers() -> None:
    article = Article("fr-a", "fr", "T", ("Q",), "ligne 1\nligne 2", ("x",), "https://example.org", True)
    text = dump_yaml([article])
    assert "answer: |" in text
    assert yaml.safe_load(text) == {"articles": [{
        "id": "fr-a", "language": "fr", "title": "T", "questions": ["Q"], "answer": "ligne 1\nligne 2",
        "tags": ["x"], "url": "https://example.org", "handoff": True}]}


def test_csv_and_markdown_articles_survive_a_yaml_export(tmp_path: Path) -> None:
    csv_path = write(tmp_path / "kb.csv", "id,language,title,questions,answer,tags\nfr-a,fr,T,Q1|Q2,A,x|y\n")
    md_path = write(tmp_path / "b.md", "---\nid: en-b\nlanguage: en\ntitle: T\nquestions: [Q]\n---\nLine\n\n* b\n")
    articles = read_articles(csv_path) + read_articles(md_path)
    assert round_trip(tmp_path, articles) == sorted(articles, key=lambda a: a.id)


_text = st.text(min_size=1, max_size=40).filter(str.strip)


@st.composite
def _articles(draw: st.DrawFn) -> Article:
    article, _ = parse_article({
        "id": draw(st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}\Z")),
        "language": draw(st.sampled_from(["fr", "en"])), "title": draw(_text),
        "questions": draw(st.lists(_text, min_size=1, max_size=3)), "answer": draw(_text),
        "tags": draw(st.lists(_text, max_size=3)), "handoff": draw(st.booleans()),
        "url": draw(st.none() | st.from_regex(r"\Ahttps://[a-z]{1,8}\.example/[a-zA-Z0-9/?=&%-]{0,12}\Z")),
    })
    assume(article is not None)  # e.g. a text holding only exotic whitespace
    assert article is not None
    return article


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_articles(), min_size=1, max_size=3, unique_by=lambda a: a.id))
def test_any_valid_articles_survive_export_and_import(tmp_path: Path, articles: list[Article]) -> None:
    assert round_trip(tmp_path, articles) == sorted(articles, key=lambda a: a.id)
