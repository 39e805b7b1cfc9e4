"""The context packet an agent receives with a transferred conversation, so the visitor never repeats."""

from __future__ import annotations

from typing import Any

from bot.state import DialogueState

REASON_LABELS = {
    "explicit_request": "the visitor asked for a person",
    "low_confidence": "the assistant had no confident answer",
    "frustration": "the visitor is frustrated",
    "turn_limit": "several turns without an answer",
    "sensitive_topic": "sensitive topic",
}


def context_packet(reason: str, state: DialogueState, page: dict[str, Any]) -> dict[str, Any]:
    """reason, a one-line summary, recent intents, articles already shown, and the page context."""
    parts = [REASON_LABELS.get(reason, reason)]
    if state.unanswered:
        parts.append("unanswered: " + " | ".join(state.unanswered[-3:]))
    if state.shown_articles:
        parts.append("articles shown: " + ", ".join(state.shown_articles[-5:]))
    return {
        "reason": reason,
        "summary": "; ".join(parts),
        "intents": [{"intent": r.intent, "confidence": r.confidence} for r in state.recent_intents],
        "articles_tried": list(state.shown_articles),
        "context": page,
        "language": state.language,
    }
