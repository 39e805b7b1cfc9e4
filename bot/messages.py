"""What goes into and out of the engine: frozen messages, replies and turns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from bot.state import DialogueState

Kind = Literal["answer", "clarify", "fallback", "smalltalk", "handoff"]
HandoffReason = Literal["explicit_request", "low_confidence", "frustration", "turn_limit", "sensitive_topic"]
HANDOFF_REASONS: tuple[str, ...] = ("explicit_request", "low_confidence", "frustration", "turn_limit",
                                    "sensitive_topic")


@dataclass(frozen=True)
class Choice:
    label: str
    payload: str
    article_id: str | None = None
    action: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"label": self.label, "payload": self.payload}
        if self.article_id:
            data["article_id"] = self.article_id
        if self.action:
            data["action"] = self.action
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Choice:
        return cls(str(data["label"]), str(data["payload"]), data.get("article_id"), data.get("action"))


@dataclass(frozen=True)
class Reply:
    kind: Kind
    text: str
    article_id: str | None = None
    confidence: float | None = None
    choices: tuple[Choice, ...] = ()
    sender: Literal["bot", "system"] = "bot"
    url: str | None = None


@dataclass(frozen=True)
class VisitorMessage:
    text: str
    payload: str | None = None


@dataclass(frozen=True)
class IntentRecord:
    intent: str
    confidence: float


@dataclass(frozen=True)
class Turn:
    """The engine's decision for one visitor message."""

    replies: tuple[Reply, ...]
    state: DialogueState
    handoff: HandoffReason | None = None
    close: bool = False  # the visitor confirmed they are done: the conversation ends after these replies
    # With a handoff: replies that follow the transfer announcement (an article to read while waiting).
    after_handoff: tuple[Reply, ...] = ()
    notes: tuple[str, ...] = field(default=())
