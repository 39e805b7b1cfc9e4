"""Dialogue state stored with each conversation: the memory of the bot and the seed of the handoff packet."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from bot.messages import IntentRecord

RECENT = 10


@dataclass(frozen=True)
class DialogueState:
    language: str
    turns: int = 0
    failed_turns: int = 0
    frustration: int = 0
    shown_articles: tuple[str, ...] = ()
    recent_intents: tuple[IntentRecord, ...] = ()
    offered: str | None = None  # a pending offer: "handoff:<reason>", or "close"
    clarify_options: tuple[str, ...] = ()
    last_texts: tuple[str, ...] = ()
    variant: int = 0
    unanswered: tuple[str, ...] = field(default=())
    # The last message answered or clarified, and its language: what a vague follow-up ("et il rapporte
    # combien ?") is about.
    asked: str = ""
    asked_language: str = ""
    # The page the last turn answered with ("" after any other reply): a follow-up finding it again gets the part
    # of it that speaks to the question (Policy._excerpt), not the same page twice in a row.
    answered: str = ""
    # The page the visitor has just said was not it ("non, ce n'est pas ça"): found again by the next message, it is
    # not given again whole, only the part of it that speaks to that message.
    rejected: str = ""
    # The last turn offered a choice of pages: a bare "yes" then picks none of them (Policy._which_one).
    choosing: bool = False
    # The other pages of the choice the visitor just picked one of: a "no" to the page picked gets them.
    passed_over: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, language: str) -> DialogueState:
        if not data:
            return cls(language=language)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("shown_articles", "clarify_options", "last_texts", "unanswered", "passed_over"):
            if key in known:
                known[key] = tuple(known[key])
        if "recent_intents" in known:
            known["recent_intents"] = tuple(IntentRecord(**r) for r in known["recent_intents"])
        known.setdefault("language", language)
        return cls(**known)

    def noting(self, intent: str, confidence: float) -> DialogueState:
        record = IntentRecord(intent, round(confidence, 3))
        return replace(self, recent_intents=(*self.recent_intents, record)[-RECENT:])

    def showing(self, article_id: str) -> DialogueState:
        shown = (*(a for a in self.shown_articles if a != article_id), article_id)
        return replace(self, shown_articles=shown[-2 * RECENT :])
