"""Frames of the visitor WebSocket (CONTRACT §5): client frames parsed into frozen dataclasses, server frames built."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_FRAME_BYTES = 64 * 1024
MAX_CLIENT_ID = 64  # the messages.client_id column
MAX_ID = 64  # conversation ids are UUIDs: anything longer is no conversation
MAX_TOKEN = 256
MAX_LANGUAGE = 8


class FrameError(Exception):
    """A frame the server cannot act on; answered with an error frame, the connection stays open."""

    def __init__(self, code: str, message: str, *, field: str | None = None, client_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.client_id = client_id


@dataclass(frozen=True)
class Hello:
    conversation_id: str | None
    visitor_token: str | None
    last_seq: int
    language: str | None
    context: dict[str, Any] | None


@dataclass(frozen=True)
class Message:
    client_id: str
    text: str
    payload: str | None


@dataclass(frozen=True)
class Feedback:
    csat: int | None
    ces: int | None
    comment: str | None


@dataclass(frozen=True)
class Typing:
    pass


@dataclass(frozen=True)
class Ping:
    pass


@dataclass(frozen=True)
class Pong:
    pass


@dataclass(frozen=True)
class Context:
    """The page's context changed (a checkout step, an error code): merged into the conversation's."""

    context: dict[str, Any]


@dataclass(frozen=True)
class Close:
    """The visitor ends the conversation."""


@dataclass(frozen=True)
class Erase:
    """The visitor ends the conversation and erases it for good."""


ClientFrame = Hello | Message | Feedback | Typing | Ping | Pong | Context | Close | Erase


def too_large(raw: str | bytes, limit: int = MAX_FRAME_BYTES) -> bool:
    """True when the frame is over `limit` bytes (UTF-8), without encoding short frames."""
    if len(raw) > limit:
        return True
    if isinstance(raw, bytes) or len(raw) * 4 <= limit:
        return False
    return len(raw.encode("utf-8", "surrogatepass")) > limit


def parse(raw: str) -> ClientFrame:
    """The frame a JSON text stands for; FrameError (code, message, field) when it stands for none."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise FrameError("invalid_json", "the frame is not valid JSON") from None
    if not isinstance(data, dict):
        raise FrameError("invalid_frame", 'a frame is a JSON object with a "type"')
    kind = data.get("type")
    if not isinstance(kind, str):
        raise FrameError("invalid_frame", 'the frame has no "type" text', field="type")
    parser = _PARSERS.get(kind)
    if parser is None:
        known = ", ".join(sorted(_PARSERS))
        raise FrameError("unknown_type", f"unknown frame type {kind[:40]!r}; expected one of {known}", field="type")
    return parser(data)


# ---------------------------------------------------------------------------- field readers

def _text(data: dict[str, Any], name: str, max_len: int, *, client_id: str | None = None) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FrameError("invalid_input", f"{name} must be a text", field=name, client_id=client_id)
    if len(value) > max_len:
        raise FrameError("invalid_input", f"{name} is longer than {max_len} characters", field=name,
                         client_id=client_id)
    if "\x00" in value:
        raise FrameError("invalid_input", f"{name} must not contain NUL characters", field=name, client_id=client_id)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate sent as a \ud800 escape
        raise FrameError("invalid_input", f"{name} is not valid Unicode text", field=name,
                         client_id=client_id) from None
    return value


def _int(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FrameError("invalid_input", f"{name} must be a whole number", field=name)
    return value


def _hello(data: dict[str, Any]) -> Hello:
    last_seq = _int(data, "last_seq") or 0
    if last_seq < 0:
        raise FrameError("invalid_input", "last_seq must be 0 or more", field="last_seq")
    context = data.get("context")
    if context is not None and not isinstance(context, dict):
        raise FrameError("invalid_input", "context must be a JSON object", field="context")
    return Hello(_text(data, "conversation_id", MAX_ID), _text(data, "visitor_token", MAX_TOKEN), last_seq,
                 _text(data, "language", MAX_LANGUAGE), context)


def _message(data: dict[str, Any]) -> Message:
    raw_id = data.get("client_id")
    known_id = raw_id if isinstance(raw_id, str) and len(raw_id) <= MAX_CLIENT_ID else None
    client_id = _text(data, "client_id", MAX_CLIENT_ID)
    if not client_id or not client_id.strip():
        raise FrameError("invalid_input", "client_id is required (a unique id per message, e.g. a UUID)",
                         field="client_id")
    # Length limits of text and payload are the service's (the same for REST): it names the field.
    text = _text(data, "text", MAX_FRAME_BYTES, client_id=known_id) or ""
    payload = _text(data, "payload", MAX_FRAME_BYTES, client_id=known_id)
    return Message(client_id, text, payload)


def _feedback(data: dict[str, Any]) -> Feedback:
    return Feedback(_int(data, "csat"), _int(data, "ces"), _text(data, "comment", MAX_FRAME_BYTES))


def _context(data: dict[str, Any]) -> Context:
    context = data.get("context")
    if not isinstance(context, dict):
        raise FrameError("invalid_input", "context must be a JSON object", field="context")
    return Context(context)


_PARSERS: dict[str, Callable[[dict[str, Any]], ClientFrame]] = {
    "hello": _hello,
    "message": _message,
    "feedback": _feedback,
    "typing": lambda _: Typing(),
    "ping": lambda _: Ping(),
    "pong": lambda _: Pong(),
    "context": lambda data: _context(data),
    "close": lambda _: Close(),
    "erase": lambda _: Erase(),
}


# ---------------------------------------------------------------------------- server frames

TYPING: dict[str, Any] = {"type": "typing"}
PING: dict[str, Any] = {"type": "ping"}
PONG: dict[str, Any] = {"type": "pong"}
FEEDBACK_SAVED: dict[str, Any] = {"type": "feedback_saved"}
CONTEXT_SAVED: dict[str, Any] = {"type": "context_saved"}
ERASED: dict[str, Any] = {"type": "erased"}


def error(code: str, message: str, *, field: str | None = None, client_id: str | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if field is not None:
        frame["field"] = field
    if client_id is not None:
        frame["client_id"] = client_id
    return frame


def welcome(conversation_id: str, token: str, state: str, handoff: dict[str, Any] | None, last_seq: int, *,
            language: str, retention_days: int, privacy_url: str | None) -> dict[str, Any]:
    """The answer to hello; `retention_days` and `privacy_url` feed the widget's privacy notice."""
    return {"type": "welcome", "conversation_id": conversation_id, "visitor_token": token, "state": state,
            "handoff": handoff, "last_seq": last_seq, "language": language, "retention_days": retention_days,
            "privacy_url": privacy_url}


def message(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored message with the fields of the REST API (`GET .../messages`)."""
    return {"type": "message", **stored}


def ack(client_id: str, seq: int, duplicate: bool) -> dict[str, Any]:
    return {"type": "ack", "client_id": client_id, "seq": seq, "duplicate": duplicate}


def state(name: str, handoff: dict[str, Any] | None) -> dict[str, Any]:
    return {"type": "state", "state": name, "handoff": handoff}
