"""Building blocks of the bot's replies: pages as choices, the person, the end of the conversation, an answer."""

from __future__ import annotations

from collections.abc import Sequence

from bot.messages import HANDOFF_REASONS, Choice, HandoffReason, Reply
from bot.state import DialogueState
from bot.texts import say
from knowledge_base.articles import Article
from knowledge_base.retrieval import Candidate


def article_choices(cands: Sequence[Candidate], language: str | None = None) -> list[Choice]:
    """The pages as choices, each labelled with its title; in `language`'s list, a page of another language says so
    ("Quelle prise en charge pour les lunettes ? (in French)")."""
    return [Choice(c.article.title if language in (None, c.article.language) else say(
        "choice_other_language", language, title=c.article.title), f"article:{c.article.id}", article_id=c.article.id)
        for c in cands]


def one_page(text: str, options: Sequence[Candidate], key: str, language: str) -> tuple[str, list[Choice]]:
    """The text and the page's choice of a reply that a single page may go with: a choice of pages is between two
    or three (CONTRACT §3), so one page comes on the reply itself, beside the person, introduced by the text `key`.
    Unchanged text and no choice for none, or for several (they make a choice of their own)."""
    if len(options) != 1:
        return text, []
    return f"{text}\n\n{say(key, language)}", article_choices(options)


def listed(topics: Sequence[str]) -> str:
    """The topics a fallback names ("{topics}" in its text)."""
    return ", ".join(topics) if topics else "-"


def human_choice(language: str, reason: HandoffReason) -> Choice:
    return Choice(say("choice_human", language), f"handoff:{reason}", action="handoff")


def offered_reason(state: DialogueState) -> HandoffReason:
    """Why the person pending in `state.offered` was offered ("handoff:<reason>")."""
    reason = (state.offered or "").partition(":")[2]
    return reason if reason in HANDOFF_REASONS else "low_confidence"  # type: ignore[return-value]


def close_choice(language: str) -> Choice:
    """Ending the conversation (and bringing the survey), one tap away."""
    return Choice(say("choice_close", language), "close", action="close")


def linked(text: str, article: Article, language: str) -> str:
    """`text` followed by the link to the article's full page, when it has one."""
    return f"{text}\n\n[{say('read_more', language)}]({article.url})" if article.url else text


def answer_reply(article: Article, confidence: float, language: str, cross: bool = False) -> Reply:
    text = article.answer.strip()
    if cross:
        text = f"{say('other_language', language)}\n\n{text}"
    return Reply("answer", linked(text, article, language), article_id=article.id, confidence=round(confidence, 3),
                 url=article.url)
