"""What every conversation engine offers (native, Rasa, or one running in another process)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.messages import Turn, VisitorMessage
from bot.state import DialogueState


class Engine(Protocol):
    name: str

    def turn(self, state: DialogueState, message: VisitorMessage) -> Turn: ...

    def turns(self, batch: Sequence[tuple[DialogueState, VisitorMessage]]) -> list[Turn | Exception]:
        """The turns of several conversations at once (each its own result or error)."""
        ...
