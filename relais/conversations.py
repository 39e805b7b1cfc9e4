"""Conversations and their messages in the database (seq per conversation, idempotent client ids)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from relais.errors import Forbidden, Unauthorized
from relais.storage import utcnow
from relais.tables import conversations, feedback, messages


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ConversationRow:
    id: str
    language: str
    state: str
    context: dict[str, Any]
    dialogue: dict[str, Any]
    handoff: dict[str, Any] | None
    last_seq: int
    queued_at: datetime | None


def _row(r: Any) -> ConversationRow:
    return ConversationRow(r.id, r.language, r.state, r.context or {}, r.dialogue or {}, r.handoff, r.last_seq,
                           r.queued_at)


async def create(conn: AsyncConnection, conversation_id: str, token: str, language: str,
                 context: dict[str, Any]) -> None:
    now = utcnow()
    await conn.execute(insert(conversations).values(
        id=conversation_id, token_hash=hash_token(token), language=language, state="bot", context=context,
        dialogue={}, handoff=None, last_seq=0, created_at=now, updated_at=now))


async def authorize(conn: AsyncConnection, conversation_id: str, token: str | None) -> ConversationRow:
    """The conversation if the token opens it. Unknown id and wrong token look the same from outside."""
    if not token:
        raise Unauthorized("a visitor token is required (Authorization: Bearer <visitor_token>)")
    row = (await conn.execute(select(conversations).where(conversations.c.id == conversation_id))).first()
    expected = row.token_hash if row is not None else hash_token("\x00no-such-conversation")
    if not hmac.compare_digest(expected, hash_token(token)) or row is None:
        raise Forbidden("this token does not open this conversation")
    return _row(row)


async def load(conn: AsyncConnection, conversation_id: str) -> ConversationRow:
    return _row((await conn.execute(select(conversations).where(conversations.c.id == conversation_id))).one())


async def save_state(conn: AsyncConnection, conversation_id: str, **values: Any) -> None:
    await conn.execute(update(conversations).where(conversations.c.id == conversation_id)
                       .values(updated_at=utcnow(), **values))


async def append(conn: AsyncConnection, conversation_id: str, items: list[dict[str, Any]],
                 **values: Any) -> list[dict[str, Any]]:
    """Stores messages with the next seqs (the row lock / SQLite writer lock orders concurrent appends);
    `values` update the conversation in the same statement (a turn's new state with its messages)."""
    if not items:
        if values:
            await save_state(conn, conversation_id, **values)
        return []
    result = await conn.execute(
        update(conversations)
        .where(conversations.c.id == conversation_id)
        .values(last_seq=conversations.c.last_seq + len(items), updated_at=utcnow(), **values)
        .returning(conversations.c.last_seq)
    )
    last = int(result.scalar_one())
    now = utcnow()
    stored = []
    for offset, item in enumerate(items):
        seq = last - len(items) + 1 + offset
        row = {"conversation_id": conversation_id, "seq": seq, "sender": item["sender"], "kind": item.get("kind"),
               "text": item["text"], "data": item.get("data") or {}, "client_id": item.get("client_id"),
               "created_at": now}
        stored.append(row)
    await conn.execute(insert(messages), stored)
    return [to_public(r) for r in stored]


async def erase(conn: AsyncConnection, conversation_ids: list[str]) -> None:
    """Deletes conversations with their messages and feedback (children first: SQLite may not enforce cascades)."""
    for start in range(0, len(conversation_ids), 500):
        chunk = conversation_ids[start:start + 500]
        await conn.execute(delete(feedback).where(feedback.c.conversation_id.in_(chunk)))
        await conn.execute(delete(messages).where(messages.c.conversation_id.in_(chunk)))
        await conn.execute(delete(conversations).where(conversations.c.id.in_(chunk)))


async def inactive_since(conn: AsyncConnection, cutoff: datetime, limit: int = 1000) -> list[str]:
    """Ids of conversations with no activity since `cutoff` (the retention limit)."""
    rows = await conn.execute(select(conversations.c.id).where(conversations.c.updated_at < cutoff).limit(limit))
    return [r.id for r in rows]


async def find_client_message(conn: AsyncConnection, conversation_id: str, client_id: str) -> dict[str, Any] | None:
    row = (await conn.execute(select(messages).where(messages.c.conversation_id == conversation_id,
                                                     messages.c.client_id == client_id))).first()
    return to_public(row._mapping) if row is not None else None


async def after(conn: AsyncConnection, conversation_id: str, seq: int, limit: int = 1000) -> list[dict[str, Any]]:
    rows = await conn.execute(
        select(messages).where(messages.c.conversation_id == conversation_id, messages.c.seq > seq)
        .order_by(messages.c.seq).limit(limit)
    )
    return [to_public(r._mapping) for r in rows]


def to_public(row: Any) -> dict[str, Any]:
    """A stored message as the API shows it (CONTRACT §3 reply fields, plus created_at)."""
    data = dict(row["data"] or {})
    created: datetime = row["created_at"]
    if created.tzinfo is None:  # SQLite gives back naive datetimes; every stored time is UTC
        created = created.replace(tzinfo=UTC)
    out: dict[str, Any] = {"seq": row["seq"], "sender": row["sender"], "kind": row["kind"], "text": row["text"],
                           "created_at": created.isoformat()}
    for key in ("article_id", "confidence", "url", "payload"):
        if data.get(key) is not None:
            out[key] = data[key]
    out["choices"] = data.get("choices") or []
    if row["client_id"]:
        out["client_id"] = row["client_id"]
    return out
