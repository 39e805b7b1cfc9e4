"""A visitor chats through the widget: answers, quick replies, a person, history across reloads and tabs, offline."""

from __future__ import annotations

import json
import os
import re
import signal
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.chat import Chat
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.slow

SADDLE = "Comment régler la hauteur de la selle du tandem ?"
HOURS = "Quels sont les horaires d'ouverture de l'agence ?"
HELMETS = "Est-ce que vous prêtez des casques ?"


async def test_answer_quick_reply_and_a_person(page: Any, live_server: LiveServer) -> None:
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    await chat.open()
    await expect(chat.log).to_contain_text("Nous conservons vos messages et l'adresse de la page pendant 30 jours")
    await expect(chat.log.get_by_role("link", name="Politique de confidentialité")).to_have_attribute(
        "href", "https://shop.example/privacy")

    await chat.ask(SADDLE)
    answer = chat.bubbles("bot").last
    await expect(answer).to_contain_text("Pour régler la selle du tandem")
    await expect(answer.locator("strong")).to_have_text("tandem")  # Markdown, rendered
    await expect(answer.locator("li")).to_have_count(3)
    await expect(answer.get_by_role("link", name="notre guide")).to_have_attribute(
        "href", "https://aide.roulez.example/tandem")
    await expect(answer.get_by_role("link", name="Lire l'article complet")).to_have_attribute(
        "href", "https://aide.roulez.example/tandem")
    await expect(chat.log.locator(".msg.bot time").last).to_have_text(re.compile(r"^\d\d:\d\d$"))

    await chat.ask(HOURS)
    paris = chat.log.get_by_role("button", name="Horaires de l'agence de Paris")
    await expect(paris).to_be_visible()
    await paris.click()
    await expect(chat.bubbles("visitor").last).to_have_text("Horaires de l'agence de Paris")
    await expect(chat.bubbles("bot").last).to_contain_text("L'agence de Paris est ouverte tous les jours")
    await expect(chat.chips).to_have_count(0)  # quick replies only stay under the last message

    await chat.human.click()
    await expect(chat.status).to_contain_text("En attente d'un conseiller · position")
    await expect(chat.bubbles("visitor").last).to_have_text("Je voudrais parler à un conseiller")
    await expect(chat.human).to_be_hidden()  # already on its way to a person


async def test_reload_and_second_tab_show_the_same_conversation_once(context: Any, live_server: LiveServer) -> None:
    first = Chat(await context.new_page())
    await first.load(f"{live_server.url}/demo")
    await first.open()
    await first.ask(HELMETS)
    await expect(first.bubbles("bot").last).to_contain_text("Un casque est prêté gratuitement")
    conversation = await first.ids()

    await first.page.reload()
    await expect(first.panel).to_be_visible()  # it was open: it opens again, with its history
    await expect(first.bubbles("bot").filter(has_text="Un casque est prêté")).to_have_count(1)
    await expect(first.bubbles("visitor").filter(has_text=HELMETS)).to_have_count(1)

    second = Chat(await context.new_page())
    await second.load(f"{live_server.url}/demo")
    await expect(second.bubbles("bot").filter(has_text="Un casque est prêté")).to_have_count(1)
    assert await second.ids() == conversation
    await second.ask(SADDLE)
    await expect(second.bubbles("bot").filter(has_text="Pour régler la selle")).to_have_count(1)
    # The first tab follows live, each message once.
    await expect(first.bubbles("visitor").filter(has_text=SADDLE)).to_have_count(1)
    await expect(first.bubbles("bot").filter(has_text="Pour régler la selle")).to_have_count(1)
    await expect(first.bubbles("visitor")).to_have_count(2)


async def test_nothing_is_stored_and_no_socket_is_opened_before_the_chat_is_opened(
        context: Any, page: Any, live_server: LiveServer) -> None:
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    await expect(chat.launcher).to_be_visible()
    storage = await page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert storage == [0, 0, ""]
    assert await context.cookies() == []
    assert sockets == []

    await chat.open()
    conversation_id, token = await chat.ids()
    assert sockets == [f"ws://127.0.0.1:{live_server.port}/ws/visitor"]
    assert await context.cookies() == []  # the conversation lives in localStorage only
    assert live_server.messages(conversation_id, token).status_code == 200


async def test_message_typed_offline_is_delivered_once_when_back_online(
        context: Any, page: Any, live_server: LiveServer) -> None:
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    await chat.open()
    await chat.ask(HELMETS)
    await expect(chat.bubbles("bot").last).to_contain_text("Un casque est prêté")
    conversation_id, token = await chat.ids()

    await context.set_offline(True)
    banner = page.get_by_text("Connexion perdue. Vos messages partiront dès son retour.")
    await expect(banner).to_be_visible()
    await chat.ask(SADDLE)
    await expect(chat.log.locator(".msg.visitor.pending")).to_have_count(1)
    await expect(chat.log.locator(".msg.visitor.pending")).to_contain_text("Envoi en attente")

    await context.set_offline(False)
    await expect(chat.bubbles("bot").filter(has_text="Pour régler la selle")).to_have_count(1)
    await expect(banner).to_be_hidden()
    await expect(chat.log.locator(".msg.visitor.pending")).to_have_count(0)
    stored = live_server.messages(conversation_id, token).json()["messages"]
    assert [m["text"] for m in stored if m["sender"] == "visitor"] == [HELMETS, SADDLE]


async def test_message_whose_ack_was_lost_is_resent_and_stored_once(page: Any, live_server: LiveServer) -> None:
    lost: list[dict[str, Any]] = []

    def route(ws: Any) -> None:
        server = ws.connect_to_server()

        async def from_server(message: str | bytes) -> None:
            frame = json.loads(message)
            if frame["type"] == "ack" and not lost:
                lost.append(frame)  # the message is stored, but the connection breaks before its ack arrives
                await ws.close(code=4000)
                return
            ws.send(message)

        server.on_message(from_server)

    await page.route_web_socket("**/ws/visitor", route)
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    await chat.open()
    await chat.ask(HELMETS)
    await expect(chat.bubbles("bot").filter(has_text="Un casque est prêté")).to_have_count(1)
    assert len(lost) == 1
    conversation_id, token = await chat.ids()
    stored = live_server.messages(conversation_id, token).json()["messages"]
    assert [m["sender"] for m in stored] == ["visitor", "bot"]
    assert stored[0]["client_id"] == lost[0]["client_id"]
    await expect(chat.bubbles("visitor")).to_have_count(1)
    await expect(chat.log.locator(".msg.visitor.pending")).to_have_count(0)
    # The resent message was already answered: no typing dots wait for a reply that will not come.
    await expect(chat.panel.locator(".typing")).to_be_hidden(timeout=3000)


async def test_refused_token_is_forgotten_and_a_fresh_conversation_starts(page: Any, live_server: LiveServer) -> None:
    key = f"relais:{live_server.url}"
    stale = {"conversation_id": "3f1c9b9e-0000-4000-8000-000000000000", "visitor_token": "expired", "open": True}
    record = json.dumps(json.dumps(stale))
    await page.add_init_script(f"localStorage.getItem({key!r}) || localStorage.setItem({key!r}, {record})")
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    await expect(chat.panel).to_be_visible()  # it was open on the previous page
    conversation_id, token = await chat.ids(other_than=stale["conversation_id"])
    await chat.ask(HELMETS)
    await expect(chat.bubbles("bot").last).to_contain_text("Un casque est prêté")
    assert live_server.messages(conversation_id, token).status_code == 200


async def test_typing_signals_and_a_person_answering(page: Any, live_server: LiveServer) -> None:
    sockets: list[Any] = []

    def route(ws: Any) -> None:
        ws.connect_to_server()
        sockets.append(ws)  # to play the server's part below

    await page.route_web_socket("**/ws/visitor", route)
    await page.add_init_script("""
      window.__sent = [];
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        window.__sent.push(JSON.parse(data).type);
        return send.call(this, data);
      };
    """)
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    await chat.open()
    await chat.ids()
    await chat.input.press_sequentially("Bonjour, est-ce que")  # a burst of keys: one typing signal, not 19
    await expect(chat.input).to_have_value("Bonjour, est-ce que")
    assert await page.evaluate("window.__sent.filter((type) => type === 'typing').length") == 1

    page_side = sockets[-1]
    page_side.send(json.dumps({"type": "typing"}))  # the other side starts typing
    await expect(page.get_by_text("En train d’écrire…")).to_be_attached()
    await expect(chat.panel.locator(".typing")).to_be_visible()
    # The agent side of a later issue: its name may come as handoff.agent.name or handoff.agent_name.
    page_side.send(json.dumps({"type": "state", "state": "agent", "handoff": {"agent": {"name": "Marie Curie"}}}))
    await expect(chat.status).to_have_text("Marie Curie vous répond")
    page_side.send(json.dumps({"type": "message", "seq": 50, "sender": "agent", "kind": None,
                               "text": "Bonjour, **je regarde** votre dossier.", "created_at": "2026-11-23T10:00:00Z",
                               "choices": []}))
    agent = chat.log.locator(".msg.agent")
    await expect(agent.locator(".bubble strong")).to_have_text("je regarde")
    await expect(agent.locator(".avatar")).to_have_text("MC")
    await expect(chat.panel.locator(".typing")).to_be_hidden()
    page_side.send(json.dumps({"type": "state", "state": "agent", "handoff": {"agent_name": "Paul"}}))
    await expect(chat.status).to_have_text("Paul vous répond")


async def test_language_the_server_does_not_speak_still_opens_a_conversation(
        page: Any, live_server: LiveServer) -> None:
    hellos: list[dict[str, Any]] = []

    def route(ws: Any) -> None:
        server = ws.connect_to_server()

        def from_page(message: str | bytes) -> None:
            frame = json.loads(message)
            if frame["type"] == "hello":
                hellos.append(frame)
                if len(hellos) == 1:  # as a server with RELAIS_LANGUAGES=fr answers an English page
                    ws.send(json.dumps({"type": "error", "code": "invalid_input", "field": "language",
                                        "message": "language 'en' is not one of fr"}))
                    return
            server.send(message)

        ws.on_message(from_page)

    await page.route_web_socket("**/ws/visitor", route)
    chat = Chat(page, "en")
    await chat.load(f"{live_server.url}/demo?lang=en")
    await chat.open()
    await chat.ids()
    assert [h.get("language") for h in hellos] == ["en", None]
    await chat.ask("Do you lend helmets?")
    await expect(chat.bubbles("bot").last).to_contain_text("A helmet is lent free of charge")


@pytest.mark.server_errors("the engine process exited")
async def test_a_message_sent_while_the_engine_restarts_is_answered_once_it_is_back(
        page: Any, live_server: LiveServer) -> None:
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    await chat.open()
    await chat.ask(HELMETS)
    await expect(chat.bubbles("bot").last).to_contain_text("Un casque est prêté gratuitement")

    os.kill(live_server.engine_pid(), signal.SIGKILL)  # the server replaces it within seconds
    await chat.ask(SADDLE)
    await expect(chat.bubbles("bot").last).to_contain_text("Pour régler la selle du tandem", timeout=90_000)
    await expect(chat.log.locator(".msg.failed")).to_have_count(0)
    conversation_id, _ = await chat.ids()
    stored = live_server.query("SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND text = ?",
                               conversation_id, SADDLE)
    assert stored[0]["n"] == 1  # sent again until taken, stored once
