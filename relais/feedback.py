"""Visitor feedback on a conversation: CSAT (1-5), CES (1-7) and a comment, validated and stored."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from relais.errors import InvalidInput
from relais.storage import utcnow
from relais.tables import feedback

CSAT_RANGE = (1, 5)
CES_RANGE = (1, 7)
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Feedback:
    csat: int | None = None
    ces: int | None = None
    comment: str | None = None


def _score(value: object, field: str, bounds: tuple[int, int]) -> int | None:
    if value is None:
        return None
    low, high = bounds
    # bool is an int in Python, but `true` is no score.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{field} must be a whole number from {low} to {high}", field=field)
    return value


def validate(csat: object = None, ces: object = None, comment: object = None) -> Feedback:
    """The feedback as it will be stored; InvalidInput naming the field otherwise."""
    if comment is not None and not isinstance(comment, str):
        raise InvalidInput("comment must be a text", field="comment")
    text = (comment or "").strip() or None
    if text is not None and len(text) > MAX_COMMENT:
        raise InvalidInput(f"comment is longer than {MAX_COMMENT} characters", field="comment")
    entry = Feedback(_score(csat, "csat", CSAT_RANGE), _score(ces, "ces", CES_RANGE), text)
    if entry.csat is None and entry.ces is None and entry.comment is None:
        raise InvalidInput("feedback needs a csat, a ces or a comment", field="csat")
    return entry


async def save(conn: AsyncConnection, conversation_id: str, entry: Feedback) -> None:
    await conn.execute(insert(feedback).values(conversation_id=conversation_id, csat=entry.csat, ces=entry.ces,
                                               comment=entry.comment, created_at=utcnow()))
