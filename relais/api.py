"""Visitor REST API (CONTRACT §3): thin conversion between HTTP/JSON and the conversation service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from relais.errors import RelaisError, Unauthorized
from relais.service import MAX_PAYLOAD, MAX_TEXT, ConversationService

PAGE = 1000  # messages per read of GET .../messages

router = APIRouter(prefix="/api/v1")


class NewConversation(BaseModel):
    language: str | None = Field(None, description="fr or en; default: the server's default language")
    context: dict[str, Any] | None = Field(None, description="Page context, e.g. {\"page_url\": ...}")


class CreatedConversation(BaseModel):
    conversation_id: str
    visitor_token: str


class NewMessage(BaseModel):
    # Their lengths are checked by the service once the token is (a refused caller learns nothing of the limits);
    # the schema still states them.
    text: str = Field("", json_schema_extra={"maxLength": MAX_TEXT},
                      description="What the visitor typed (a choice's label)")
    payload: str | None = Field(None, json_schema_extra={"maxLength": MAX_PAYLOAD},
                                description="A choice's payload, when one was chosen")
    client_id: str | None = Field(None, max_length=64, description="Idempotency key: sent twice, stored once")


class ServiceUnavailable(RelaisError):
    code = "starting"
    status = 503


def service(request: Request) -> ConversationService:
    runtime = request.app.state.runtime
    if not runtime.ready or runtime.service is None:
        raise ServiceUnavailable("Relais is starting; retry in a few seconds")
    svc: ConversationService = runtime.service
    return svc


def bearer(authorization: Annotated[str | None, Header()] = None) -> str:
    if not authorization or not authorization.lower().startswith("bearer ") or not authorization[7:].strip():
        raise Unauthorized("a visitor token is required (Authorization: Bearer <visitor_token>)")
    return authorization[7:].strip()


Service = Annotated[ConversationService, Depends(service)]
Token = Annotated[str, Depends(bearer)]


@router.post("/conversations", status_code=201, response_model=CreatedConversation)
async def create_conversation(svc: Service, body: NewConversation | None = None) -> JSONResponse:
    body = body or NewConversation(language=None, context=None)
    conversation_id, token = await svc.open(body.language, body.context)
    return JSONResponse({"conversation_id": conversation_id, "visitor_token": token}, status_code=201)


@router.post("/conversations/{conversation_id}/messages")
async def post_message(conversation_id: str, body: NewMessage, svc: Service, token: Token) -> JSONResponse:
    """The turn result of CONTRACT §3 (`state`, `replies`, `handoff`), plus `message_seq` of the stored message."""
    result = await svc.post(conversation_id, token, body.text, body.payload, body.client_id)
    return JSONResponse(result.to_dict())  # already JSON types: skip the generic encoder on the hot path


@router.get("/conversations/{conversation_id}/messages")
async def list_messages(
    conversation_id: str,
    svc: Service,
    token: Token,
    after: Annotated[int, Query(ge=0, description="only messages with a greater seq")] = 0,
    limit: Annotated[int | None, Query(ge=1, le=PAGE, description="at most this many messages (default: every "
                                       "one, as CONTRACT §3 says)")] = None,
) -> dict[str, Any]:
    """Messages with `seq > after`, in order; with a `limit`, `has_more` tells whether to ask again after the last
    seq (without one, every message comes, read in pages, and `has_more` is false)."""
    if limit is not None:
        messages = await svc.messages_after(conversation_id, token, after, limit=limit + 1)
        return {"messages": messages[:limit], "has_more": len(messages) > limit}
    every = [m async for page in svc.message_pages(conversation_id, token, after, page=PAGE) for m in page]
    return {"messages": every, "has_more": False}


@router.post("/conversations/{conversation_id}/close")
async def close_conversation(conversation_id: str, svc: Service, token: Token) -> dict[str, Any]:
    """The visitor ends the conversation (state `closed`; it leaves the queue). Messages then get 409 `closed`."""
    await svc.close_conversation(conversation_id, token)
    return {"state": "closed"}


@router.delete("/conversations/{conversation_id}", status_code=204)
async def erase_conversation(conversation_id: str, svc: Service, token: Token) -> Response:
    """Erases the conversation with its messages and feedback, for good (the visitor's right to erasure)."""
    await svc.erase(conversation_id, token)
    return Response(status_code=204)
