"""The visitor service shared by REST and WebSocket: open a conversation, post a message, read messages."""

from __future__ import annotations

import asyncio
import secrets
import uuid
import weakref
from collections.abc import AsyncGenerator
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from bot.interface import Engine
from bot.messages import Reply, Turn, VisitorMessage
from bot.state import DialogueState
from bot.texts import say
from handoff.context import context_packet
from handoff.queue import estimate, queue_position
from relais import conversations as repo
from relais import feedback as feedback_store
from relais.bus import Bus, conversation_topic
from relais.errors import Conflict, InvalidInput
from relais.events import ConversationErased, MessageAdded, StateChanged, Typing
from relais.storage import Database, utcnow
from relais.turns import TurnRunner

MAX_TEXT = 4000
MAX_PAYLOAD = 300
MAX_CONTEXT_BYTES = 8192
HANDED_OFF = ("queued", "agent")


@dataclass(frozen=True)
class Privacy:
    """What the widget's privacy notice tells visitors: how long conversations are kept, and where to read more."""

    retention_days: int = 30
    url: str | None = None


@dataclass(frozen=True)
class TurnResult:
    conversation_id: str
    state: str
    replies: tuple[dict[str, Any], ...]
    handoff: dict[str, Any] | None
    message: dict[str, Any]  # the visitor's stored message (its seq acknowledges it)
    duplicate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"conversation_id": self.conversation_id, "state": self.state, "replies": list(self.replies),
                "handoff": self.handoff, "message_seq": self.message["seq"]}


def public_handoff(stored: dict[str, Any] | None) -> dict[str, Any] | None:
    if not stored:
        return None
    keys = ("reason", "queue_position", "estimated_wait_seconds", "agents_available")
    return {k: stored.get(k) for k in keys}


def reply_record(reply: Reply) -> dict[str, Any]:
    data: dict[str, Any] = {"choices": [c.to_dict() for c in reply.choices]}
    if reply.article_id:
        data["article_id"] = reply.article_id
    if reply.confidence is not None:
        data["confidence"] = reply.confidence
    if reply.url:
        data["url"] = reply.url
    return {"sender": reply.sender, "kind": reply.kind, "text": reply.text, "data": data}


def check_message(text: str | None, payload: str | None) -> str:
    """The visitor's text as it will be stored; InvalidInput naming the field when the message is not acceptable."""
    text = (text or "").strip()
    if not text and not payload:
        raise InvalidInput("text must not be empty", field="text")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"text is longer than {MAX_TEXT} characters", field="text")
    if payload is not None and (not isinstance(payload, str) or len(payload) > MAX_PAYLOAD):
        raise InvalidInput(f"payload must be a text of at most {MAX_PAYLOAD} characters", field="payload")
    return text


def checked_context(context: dict[str, Any] | None) -> dict[str, Any]:
    context = dict(context or {})
    if len(repr(context).encode()) > MAX_CONTEXT_BYTES:
        raise InvalidInput(f"context is larger than {MAX_CONTEXT_BYTES} bytes", field="context")
    return context


class ConversationService:
    def __init__(self, db: Database, engine: Engine, bus: Bus, *, languages: tuple[str, ...],
                 default_language: str, agents_online: Any = None, privacy: Privacy | None = None) -> None:
        self.db = db
        self.bus = bus
        self.languages = languages
        self.default_language = default_language
        self.privacy = privacy or Privacy()
        self._agents_online = agents_online or (lambda: 0)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._turns = TurnRunner(engine)  # engine turns are CPU work: off the event loop

    @property
    def engine(self) -> Engine:
        return self._turns.engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._turns.engine = engine

    def close(self) -> None:
        self._turns.close()

    def _lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[conversation_id] = lock
        return lock

    # ------------------------------------------------------------------ conversations
    async def open(self, language: str | None, context: dict[str, Any] | None) -> tuple[str, str]:
        if language is not None and language not in self.languages:
            raise InvalidInput(f"language {language!r} is not one of {', '.join(self.languages)}", field="language")
        context = checked_context(context)
        conversation_id = str(uuid.uuid4())
        token = secrets.token_urlsafe(32)
        async with self.db.begin() as conn:
            await repo.create(conn, conversation_id, token, language or self.default_language, context)
        return conversation_id, token

    async def authorize(self, conversation_id: str, token: str | None) -> repo.ConversationRow:
        async with self.db.connect() as conn:
            return await repo.authorize(conn, conversation_id, token)

    async def messages_after(self, conversation_id: str, token: str | None, seq: int,
                             limit: int = 1000) -> list[dict[str, Any]]:
        async with self.db.connect() as conn:
            await repo.authorize(conn, conversation_id, token)
            return await repo.after(conn, conversation_id, max(0, seq), limit=limit)

    async def message_pages(self, conversation_id: str, token: str | None, seq: int, *, upto: int | None = None,
                            page: int = 1000) -> AsyncGenerator[list[dict[str, Any]], None]:
        """The messages after `seq` (up to `upto`), in order, a page at a time: each page is its own read, with
        the token checked again, so a conversation erased meanwhile stops the reading."""
        while True:
            limit = page if upto is None else min(page, upto - seq)
            if limit <= 0:
                return
            batch = await self.messages_after(conversation_id, token, seq, limit)
            if batch:
                yield batch
                seq = int(batch[-1]["seq"])
            if len(batch) < limit:
                return

    async def feedback(self, conversation_id: str, token: str | None, csat: object = None, ces: object = None,
                       comment: object = None) -> None:
        """Stores the visitor's rating (CSAT 1-5, CES 1-7, comment); InvalidInput names a bad field."""
        entry = feedback_store.validate(csat, ces, comment)
        async with self.db.begin() as conn:
            await repo.authorize(conn, conversation_id, token)
            await feedback_store.save(conn, conversation_id, entry)

    async def add_context(self, conversation_id: str, token: str | None, context: dict[str, Any]) -> None:
        """Merges what the page says now (a checkout step, an error code) into the conversation's context:
        an agent taking the conversation over sees the latest page state."""
        update = checked_context(context)
        if not update:
            return
        async with self._lock(conversation_id), self.db.begin() as conn:
            conv = await repo.authorize(conn, conversation_id, token)
            merged = checked_context({**conv.context, **update})
            if merged != conv.context:
                await repo.save_state(conn, conversation_id, context=merged)

    async def close_conversation(self, conversation_id: str, token: str | None) -> None:
        """The visitor ends the conversation (it leaves the queue); closing it again changes nothing."""
        async with self._lock(conversation_id), self.db.begin() as conn:
            conv = await repo.authorize(conn, conversation_id, token)
            if conv.state == "closed":
                return
            now = utcnow()
            await repo.save_state(conn, conversation_id, state="closed", closed_at=now)
            stored = await repo.append(conn, conversation_id, [
                {"sender": "system", "kind": None, "text": say("closed_by_visitor", conv.language),
                 "data": {"choices": []}}])
        topic = conversation_topic(conversation_id)
        for message in stored:
            await self.bus.publish(topic, MessageAdded(conversation_id, message))
        await self.bus.publish(topic, StateChanged(conversation_id, "closed", None))

    async def erase(self, conversation_id: str, token: str | None) -> None:
        """Deletes the conversation, its messages and feedback for good, at the visitor's request."""
        async with self._lock(conversation_id), self.db.begin() as conn:
            await repo.authorize(conn, conversation_id, token)
            await repo.erase(conn, [conversation_id])
        await self.bus.publish(conversation_topic(conversation_id), ConversationErased(conversation_id))

    async def purge(self, retention_days: int) -> int:
        """Erases the conversations inactive for longer than `retention_days`; how many were erased."""
        cutoff = utcnow() - timedelta(days=retention_days)
        erased = 0
        while True:
            async with self.db.begin() as conn:
                ids = await repo.inactive_since(conn, cutoff)
                if not ids:
                    return erased
                await repo.erase(conn, ids)
            erased += len(ids)
            for conversation_id in ids:
                await self.bus.publish(conversation_topic(conversation_id), ConversationErased(conversation_id))

    async def visitor_typing(self, conversation_id: str) -> None:
        """Tells whoever follows the conversation (agents) that the visitor is typing.

        For a conversation the caller has already authorized: a typing signal stores nothing."""
        await self.bus.publish(conversation_topic(conversation_id), Typing(conversation_id, "visitor"))

    # ------------------------------------------------------------------ a visitor message
    async def post(self, conversation_id: str, token: str | None, text: str, payload: str | None = None,
                   client_id: str | None = None) -> TurnResult:
        async with self._lock(conversation_id):
            async with self.db.connect() as conn:
                conv = await repo.authorize(conn, conversation_id, token)  # who asks, before what they sent
                text = check_message(text, payload)
                if client_id:
                    existing = await repo.find_client_message(conn, conversation_id, client_id)
                    if existing is not None:
                        return await self._replay(conn, conversation_id, existing)
                if conv.state == "closed":
                    raise Conflict("this conversation has ended; start a new one", code="closed")
            said = text or payload or ""
            visitor: dict[str, Any] = {"sender": "visitor", "kind": None, "text": said, "client_id": client_id,
                                       "data": {"payload": payload} if payload else {}}
            if conv.state in HANDED_OFF:
                return await self._while_waiting(conv, visitor)
            state = DialogueState.from_dict(conv.dialogue, conv.language)
            turn: Turn = await self._turns.turn(state, VisitorMessage(said, payload))
            try:
                return await self._apply(conv, visitor, turn)
            except IntegrityError:
                # The same client_id stored meanwhile by another server process: answer as it did.
                async with self.db.connect() as conn:
                    existing = await repo.find_client_message(conn, conversation_id, client_id or "")
                    if existing is None:
                        raise
                    return await self._replay(conn, conversation_id, existing)

    async def _apply(self, conv: repo.ConversationRow, visitor: dict[str, Any], turn: Turn) -> TurnResult:
        """Stores the visitor's message, the replies and the new state in one transaction."""
        new_state: DialogueState = turn.state
        records = [reply_record(r) for r in turn.replies]
        handoff_public = None
        state_name = "bot"
        async with self.db.begin() as conn:
            values: dict[str, Any] = {"dialogue": new_state.to_dict(), "language": new_state.language}
            if turn.handoff is not None:
                now = utcnow()
                position = await queue_position(conn, now)
                status = estimate(position, self._agents_online())
                announce = self._announce(new_state.language, status.agents_available, position,
                                          status.estimated_wait_seconds)
                records.append({"sender": "bot", "kind": "handoff", "text": announce, "data": {"choices": []}})
                records += [reply_record(r) for r in turn.after_handoff]
                new_state = replace(new_state, last_texts=(*new_state.last_texts, announce))
                packet = context_packet(turn.handoff, new_state, conv.context)
                stored_handoff = {**packet, **status.to_dict(), "reason": turn.handoff}
                values.update(state="queued", queued_at=now, handoff=stored_handoff, dialogue=new_state.to_dict())
                handoff_public = public_handoff(stored_handoff)
                state_name = "queued"
            elif turn.close:
                values.update(state="closed", closed_at=utcnow())
                state_name = "closed"
            stored = await repo.append(conn, conv.id, [visitor, *records], **values)
        for message in stored:
            await self.bus.publish(conversation_topic(conv.id), MessageAdded(conv.id, message))
        if state_name != conv.state:
            await self.bus.publish(conversation_topic(conv.id), StateChanged(conv.id, state_name, handoff_public))
        return TurnResult(conv.id, state_name, tuple(stored[1:]), handoff_public, stored[0])

    def _announce(self, language: str, agents: bool, position: int, wait: int | None) -> str:
        if not agents:
            return say("handoff_no_agent", language)
        minutes = say("minutes", language, n=max(1, round((wait or 60) / 60)))
        return say("handoff_queued", language, position=position, wait=minutes)

    async def _while_waiting(self, conv: repo.ConversationRow, visitor: dict[str, Any]) -> TurnResult:
        """The bot stays quiet; the first message after the transfer gets one acknowledgement."""
        handoff = dict(conv.handoff or {})
        records = [visitor]
        async with self.db.begin() as conn:
            if conv.state == "queued" and not handoff.get("acknowledged"):
                position = await queue_position(conn, conv.queued_at or utcnow())
                handoff.update(queue_position=position, acknowledged=True)
                await repo.save_state(conn, conv.id, handoff=handoff)
                # With nobody online the visitor was told so: the message waits for a person's return.
                key = "waiting" if handoff.get("agents_available", True) else "waiting_no_agent"
                records.append({"sender": "system", "kind": "handoff", "data": {"choices": []},
                                "text": say(key, conv.language, position=position)})
            stored = await repo.append(conn, conv.id, records)
        for message in stored:
            await self.bus.publish(conversation_topic(conv.id), MessageAdded(conv.id, message))
        return TurnResult(conv.id, conv.state, tuple(stored[1:]), public_handoff(handoff), stored[0])

    async def _replay(self, conn: Any, conversation_id: str, visitor: dict[str, Any]) -> TurnResult:
        """The same answer for a message sent twice: nothing stored or answered again."""
        conv = await repo.load(conn, conversation_id)
        later = await repo.after(conn, conversation_id, visitor["seq"], limit=50)
        replies = []
        for message in later:
            if message["sender"] == "visitor":
                break
            replies.append(message)
        handoff = public_handoff(conv.handoff) if conv.state in HANDED_OFF else None
        return TurnResult(conversation_id, conv.state, tuple(replies), handoff, visitor, duplicate=True)
