"""The visitor ends the conversation (survey, transcript) or ends and erases it (server and browser forget it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.chat import Chat
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.slow

HELMETS = "Est-ce que vous prêtez des casques ?"


async def chatting(page: Any, server: LiveServer) -> Chat:
    chat = Chat(page)
    await chat.load(f"{server.url}/demo")
    await chat.open()
    await chat.ask(HELMETS)
    await expect(chat.bubbles("bot").last).to_contain_text("Un casque est prêté")
    return chat


async def test_end_and_erase_forgets_the_conversation_everywhere(page: Any, live_server: LiveServer) -> None:
    chat = await chatting(page, live_server)
    conversation_id, token = await chat.ids()

    await chat.button("menu").click()
    await chat.button("erase").click()
    confirm = page.get_by_role("alertdialog", name="Terminer et effacer la conversation ?")
    await expect(confirm).to_be_visible()
    await expect(confirm.get_by_role("button", name="Annuler")).to_be_focused()
    await page.keyboard.press("Escape")  # changing one's mind closes the question, not the chat
    await expect(confirm).to_be_hidden()
    await expect(chat.panel).to_be_visible()

    await chat.button("menu").click()
    await chat.button("erase").click()
    await confirm.get_by_role("button", name="Effacer").click()
    await expect(chat.log.get_by_text("Votre conversation a été effacée.")).to_be_visible()
    await expect(chat.bubbles("visitor")).to_have_count(0)
    assert await chat.stored() is None
    assert live_server.messages(conversation_id, token).status_code == 403
    assert live_server.query("SELECT id FROM conversations WHERE id = ?", conversation_id) == []

    await chat.ask("Comment régler la hauteur de la selle du tandem ?")  # a new conversation starts
    await expect(chat.bubbles("bot").last).to_contain_text("Pour régler la selle")
    assert (await chat.ids(other_than=conversation_id))[0] != conversation_id


async def test_survey_after_the_end_then_a_new_conversation(page: Any, live_server: LiveServer, tmp_path: Path) -> None:
    chat = await chatting(page, live_server)
    conversation_id, _ = await chat.ids()

    await chat.button("menu").click()
    async with page.expect_download() as download_info:
        await chat.button("download").click()
    download = await download_info.value
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    transcript = saved.read_text(encoding="utf-8")
    assert saved.suffix == ".txt"
    assert "Vous :\nEst-ce que vous prêtez des casques ?" in transcript
    assert "Assistant :\nUn casque est prêté gratuitement" in transcript

    await chat.button("menu").click()
    await chat.button("end").click()
    await expect(chat.status).to_have_text("Conversation terminée")
    await expect(chat.input).to_be_hidden()
    survey = chat.log.get_by_role("region", name="Êtes-vous satisfait de cette conversation ?")
    await expect(survey).to_be_visible()
    await chat.log.get_by_role("button", name="4 sur 5").click()
    await expect(chat.log.get_by_text("Était-il facile d'obtenir de l'aide ?")).to_be_visible()
    await chat.log.get_by_role("button", name="6 sur 7").click()
    await expect(chat.log.get_by_text("Merci pour votre avis !")).to_be_visible()  # shown once stored
    rows = live_server.query("SELECT csat, ces FROM feedback WHERE conversation_id = ?", conversation_id)
    assert {(r["csat"], r["ces"]) for r in rows} == {(4, None), (None, 6)}

    await page.evaluate("Relais.send('encore une question')")  # nothing can be sent into an ended conversation
    await expect(chat.log.get_by_text("Message non envoyé : la conversation est terminée.")).to_be_visible()
    await chat.button("new").click()
    await expect(chat.input).to_be_focused()
    await expect(chat.status).to_have_text("Assistant virtuel")
    await expect(chat.bubbles("bot")).to_have_count(0)
    assert (await chat.ids(other_than=conversation_id))[0] != conversation_id


async def test_a_goodbye_confirmed_in_the_chat_ends_it_with_the_survey(page: Any, live_server: LiveServer) -> None:
    chat = await chatting(page, live_server)
    await chat.ask("Parfait, merci beaucoup !")
    end = chat.chips.filter(has_text="Terminer la conversation")
    await expect(end).to_be_visible()
    await end.click()
    await expect(chat.bubbles("bot").last).to_contain_text("La conversation est terminée")
    await expect(chat.status).to_have_text("Conversation terminée")
    await expect(chat.input).to_be_hidden()
    await expect(chat.log.get_by_role("region", name="Êtes-vous satisfait de cette conversation ?")).to_be_visible()
    await expect(chat.chips).to_have_count(0)


async def test_erasing_in_one_tab_clears_the_other(context: Any, live_server: LiveServer) -> None:
    first = await chatting(await context.new_page(), live_server)
    second = Chat(await context.new_page())
    await second.load(f"{live_server.url}/demo")
    await expect(second.bubbles("bot").filter(has_text="Un casque est prêté")).to_have_count(1)

    await first.button("menu").click()
    await first.button("erase").click()
    await first.page.get_by_role("alertdialog").get_by_role("button", name="Effacer").click()
    await expect(second.log.get_by_text("Cette conversation a été effacée.")).to_be_visible()
    await expect(second.bubbles("bot")).to_have_count(0)
    assert await second.stored() is None
