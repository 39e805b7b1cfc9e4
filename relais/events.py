"""Typed events carried by the message bus (named `resource.verb`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MessageAdded:
    conversation_id: str
    message: dict[str, Any]
    name: str = "conversation.message_added"


@dataclass(frozen=True)
class StateChanged:
    conversation_id: str
    state: str
    handoff: dict[str, Any] | None
    name: str = "conversation.state_changed"


@dataclass(frozen=True)
class Typing:
    """Someone in the conversation is typing: the visitor (for agents) or an agent or the bot (for visitors)."""

    conversation_id: str
    sender: str
    name: str = "conversation.typing"


@dataclass(frozen=True)
class ConversationErased:
    """The visitor erased the conversation: whoever shows it must drop it."""

    conversation_id: str
    name: str = "conversation.erased"


@dataclass(frozen=True)
class KnowledgeBaseChanged:
    revision: int
    name: str = "kb.published"


Event = MessageAdded | StateChanged | Typing | ConversationErased | KnowledgeBaseChanged
