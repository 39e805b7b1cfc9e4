"""Screenshots of the widget as visitors see it (FR and EN, closed and open, waiting for a person, ended with the
survey, a 375 px phone).

Saved in test-artifacts/screenshots; RELAIS_SCREENSHOTS=docs/screenshots refreshes the ones the README shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.chat import Chat
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.slow

DESKTOP = {"width": 1200, "height": 760}
PHONE = {"width": 375, "height": 740}
WIDGET_AREA = {"x": 700, "y": 0, "width": 500, "height": 760}  # the open widget and a strip of the page


async def new_chat(browser: Any, server: LiveServer, language: str, viewport: dict[str, int]) -> Chat:
    phone = viewport["width"] < 480
    context = await browser.new_context(viewport=viewport, locale=f"{language}-FR" if language == "fr" else "en-GB",
                                        is_mobile=phone, has_touch=phone, device_scale_factor=1,
                                        timezone_id="Europe/Paris", reduced_motion="reduce")
    chat = Chat(await context.new_page(), language)
    await chat.load(f"{server.url}/demo?lang={language}")
    return chat


async def test_screenshots(browser: Any, live_server: LiveServer, screenshots: Path) -> None:
    chat = await new_chat(browser, live_server, "fr", DESKTOP)
    try:
        await chat.page.screenshot(path=screenshots / "widget-fr-closed.png")
        await chat.open()
        await chat.ask("Comment régler la hauteur de la selle du tandem ?")
        await expect(chat.bubbles("bot").last).to_contain_text("Pour régler la selle")
        await chat.ask("Quels sont les horaires d'ouverture de l'agence ?")
        await expect(chat.chips.first).to_be_visible()
        await chat.page.screenshot(path=screenshots / "widget-fr-open.png", clip=WIDGET_AREA)
        await chat.human.click()
        await expect(chat.status).to_contain_text("En attente d'un conseiller")
        await expect(chat.bubbles("bot").last).to_contain_text("conseiller")
        await chat.page.screenshot(path=screenshots / "widget-fr-waiting.png", clip=WIDGET_AREA)
    finally:
        await chat.page.context.close()

    chat = await new_chat(browser, live_server, "en", DESKTOP)
    try:
        await chat.page.screenshot(path=screenshots / "widget-en-closed.png")
        await chat.open()
        await chat.ask("How do I adjust the height of the tandem saddle?")
        await expect(chat.bubbles("bot").last.get_by_role("link", name="Read the full article")).to_be_visible()
        await chat.page.screenshot(path=screenshots / "widget-en-open.png", clip=WIDGET_AREA)
        await chat.ask("Great, thanks a lot!")
        await chat.chips.filter(has_text="End the conversation").click()
        survey = chat.log.get_by_role("region", name="How satisfied are you with this conversation?")
        await expect(survey).to_be_visible()
        await chat.page.screenshot(path=screenshots / "widget-en-ended.png", clip=WIDGET_AREA)
    finally:
        await chat.page.context.close()

    chat = await new_chat(browser, live_server, "fr", PHONE)
    try:
        await chat.page.screenshot(path=screenshots / "widget-fr-phone-closed.png")
        await chat.open()
        await chat.ask("Est-ce que vous prêtez des casques ?")
        await expect(chat.bubbles("bot").last).to_contain_text("Un casque est prêté")
        await chat.input.fill("Et pour un enfant ?")
        await chat.page.screenshot(path=screenshots / "widget-fr-phone-open.png")
    finally:
        await chat.page.context.close()
    for name in ("fr-closed", "fr-open", "fr-waiting", "en-closed", "en-open", "en-ended", "fr-phone-closed",
                 "fr-phone-open"):
        assert (screenshots / f"widget-{name}.png").stat().st_size > 5000
