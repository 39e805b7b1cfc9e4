"""The article: one answer of the knowledge base, with the questions visitors ask to reach it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("fr", "en")
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Article:
    id: str
    language: str
    title: str
    questions: tuple[str, ...]
    answer: str
    tags: tuple[str, ...] = ()
    url: str | None = None
    handoff: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "language": self.language,
            "title": self.title,
            "questions": list(self.questions),
            "answer": self.answer,
        }
        if self.tags:
            data["tags"] = list(self.tags)
        if self.url:
            data["url"] = self.url
        data["handoff"] = self.handoff
        return data


@dataclass(frozen=True)
class ArticleProblem:
    field: str
    message: str


@dataclass
class _Checker:
    problems: list[ArticleProblem] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.problems.append(ArticleProblem(name, message))

    def text(self, data: Mapping[str, Any], name: str, *, required: bool = True) -> str | None:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(name, "is required and must not be empty")
            return None
        if not isinstance(value, str):
            self.add(name, f"must be text, not {type(value).__name__}")
            return None
        if len(value) > MAX_TEXT:
            self.add(name, f"is longer than {MAX_TEXT} characters")
            return None
        return value.strip()


KNOWN_FIELDS = {"id", "language", "title", "questions", "answer", "tags", "url", "handoff"}


def parse_article(data: Any) -> tuple[Article | None, list[ArticleProblem]]:
    """Validates one article mapping; returns the article or every problem found (never both)."""
    if not isinstance(data, Mapping):
        return None, [ArticleProblem("(article)", "must be a mapping of fields")]
    check = _Checker()
    for name in sorted(set(data) - KNOWN_FIELDS, key=str):
        check.add(str(name), f"is not a known field (expected one of {', '.join(sorted(KNOWN_FIELDS))})")
    article_id = check.text(data, "id")
    if article_id is not None and not ID_PATTERN.match(article_id):
        check.add("id", f"{article_id!r} must match [a-z0-9-]+ (lower-case letters, digits and dashes)")
    language = check.text(data, "language")
    if language is not None and language not in LANGUAGES:
        check.add("language", f"{language!r} is not a supported ISO 639-1 code ({', '.join(LANGUAGES)})")
    title = check.text(data, "title")
    answer = check.text(data, "answer")
    questions: list[str] = []
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        check.add("questions", "needs at least one question (a list of texts)")
    else:
        for i, q in enumerate(raw_questions, 1):
            if not isinstance(q, str) or not q.strip():
                check.add(f"questions[{i}]", "must be a non-empty text")
            elif len(q) > 1000:
                check.add(f"questions[{i}]", "is longer than 1000 characters")
            else:
                questions.append(q.strip())
    tags: list[str] = []
    raw_tags = data.get("tags")
    if raw_tags is not None:
        if not isinstance(raw_tags, list) or not all(isinstance(t, str | int) for t in raw_tags):
            check.add("tags", "must be a list of words")
        else:
            tags = [str(t).strip() for t in raw_tags if str(t).strip()]
    url = check.text(data, "url", required=False)
    if url is not None and not re.match(r"^https?://[^\s]+$", url):
        check.add("url", f"{url!r} must be an http(s) address")
    handoff = data.get("handoff", False)
    if handoff is None:
        handoff = False
    if not isinstance(handoff, bool):
        check.add("handoff", "must be true or false")
    if check.problems:
        return None, check.problems
    assert article_id and language and title and answer
    return (
        Article(
            id=article_id,
            language=language,
            title=title,
            questions=tuple(dict.fromkeys(questions)),
            answer=answer,
            tags=tuple(dict.fromkeys(tags)),
            url=url,
            handoff=bool(handoff),
        ),
        [],
    )
