"""The waiting line of transferred conversations: position and an honest estimate of the wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from relais.tables import conversations

AVERAGE_HANDLING_SECONDS = 240


@dataclass(frozen=True)
class QueueStatus:
    position: int
    estimated_wait_seconds: int | None
    agents_available: bool

    def to_dict(self) -> dict[str, object]:
        return {"queue_position": self.position, "estimated_wait_seconds": self.estimated_wait_seconds,
                "agents_available": self.agents_available}


async def queue_position(conn: AsyncConnection, queued_at: datetime) -> int:
    ahead = await conn.scalar(
        select(func.count())
        .select_from(conversations)
        .where(conversations.c.state == "queued", conversations.c.queued_at < queued_at)
    )
    return int(ahead or 0) + 1


def estimate(position: int, agents_online: int) -> QueueStatus:
    """No agent online: no estimate (the visitor is told so and offered to leave a message)."""
    if agents_online <= 0:
        return QueueStatus(position, None, False)
    return QueueStatus(position, max(30, position * AVERAGE_HANDLING_SECONDS // agents_online), True)
