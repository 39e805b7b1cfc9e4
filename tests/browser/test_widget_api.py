"""What the host page can do: window.Relais (open, close, setContext, send, calls queued before load) and events."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.chat import Chat
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.slow

HELMETS = "Est-ce que vous prêtez des casques ?"
# Listens before any script of the page runs, and queues a call as a page would before widget.js has loaded.
RECORD_EVENTS = """
window.__events = [];
for (const name of ['relais:ready', 'relais:open', 'relais:close', 'relais:message']) {
  window.addEventListener(name, (event) => window.__events.push({name, detail: event.detail}));
}
window.Relais = {q: [['setContext', {queued_before_load: true}]]};
"""


async def events(page: Any, name: str) -> list[Any]:
    found: list[Any] = await page.evaluate("(name) => window.__events.filter((e) => e.name === name)", name)
    return [e["detail"] for e in found]


async def test_host_page_drives_the_widget_and_hears_its_events(page: Any, live_server: LiveServer) -> None:
    await page.add_init_script(RECORD_EVENTS)
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    assert await events(page, "relais:ready") == [{"version": await page.evaluate("Relais.version")}]
    await expect(chat.panel).to_be_hidden()

    await page.evaluate("Relais.setContext({cart_id: 'C-42', items: 3})")
    await page.evaluate("Relais.open()")
    await expect(chat.panel).to_be_visible()
    await page.evaluate("(text) => Relais.send(text)", HELMETS)
    await expect(chat.bubbles("bot").last).to_contain_text("Un casque est prêté gratuitement")
    await page.wait_for_function("() => window.__events.filter((e) => e.name === 'relais:message').length === 2")
    visitor, bot = await events(page, "relais:message")
    assert visitor["sender"] == "visitor" and visitor["text"] == HELMETS and visitor["seq"] == 1
    assert bot["sender"] == "bot" and bot["kind"] == "answer" and bot["seq"] == 2
    assert bot["text"].startswith("Un casque est prêté")
    assert await page.evaluate("Relais.isOpen") is True

    await page.evaluate("Relais.close()")
    await expect(chat.panel).to_be_hidden()
    assert len(await events(page, "relais:open")) == 1 and len(await events(page, "relais:close")) == 1

    conversation_id, _ = await chat.ids()
    context = live_server.context_of(conversation_id)
    assert context["cart_id"] == "C-42" and context["items"] == 3
    assert context["queued_before_load"] is True  # replayed from Relais.q
    assert context["site"] == "demo"  # data-context of the script tag
    assert context["page_url"] == f"{live_server.url}/demo"
    assert context["page_title"].startswith("Maison Lumen")

    # Later, mid-conversation (the socket is open): the server merges the new context at once.
    await page.evaluate("Relais.open()")
    await page.evaluate("Relais.setContext({checkout_step: 'payment', error_code: 'card_declined'})")
    for _ in range(200):
        context = live_server.context_of(conversation_id)
        if context.get("error_code") == "card_declined":
            break
        await page.wait_for_timeout(25)
    assert context["error_code"] == "card_declined" and context["cart_id"] == "C-42"


async def test_demo_payment_error_button_opens_the_chat_with_its_context(page: Any, live_server: LiveServer) -> None:
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    await page.get_by_role("button", name="Simuler une erreur de paiement").click()
    await expect(page.get_by_role("alert")).to_contain_text("Paiement refusé")
    await expect(chat.panel).to_be_visible()
    await expect(chat.input).to_be_focused()
    conversation_id, _ = await chat.ids()
    context = live_server.context_of(conversation_id)
    assert context["checkout_step"] == "payment" and context["error_code"] == "card_declined"


async def test_english_page_gets_an_english_widget(page: Any, live_server: LiveServer) -> None:
    chat = Chat(page, "en")
    await chat.load(f"{live_server.url}/demo?lang=en")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(chat.launcher).to_have_attribute("aria-label", "Open the chat")
    await chat.open()
    await expect(chat.panel).to_have_attribute("aria-label", "Help · Chat with customer service")
    await expect(chat.input).to_have_attribute("placeholder", "Type your message…")
    await expect(chat.log).to_contain_text("We keep your messages and the page address for 30 days")
    await chat.ask("How do I adjust the height of the tandem saddle?")
    await expect(chat.bubbles("bot").last.get_by_role("link", name="Read the full article")).to_be_visible()
