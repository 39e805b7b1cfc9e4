"""The widget as a visitor sees it: locators by role and visible text, in French or English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.async_api import Locator, Page, expect

LABELS = {
    "fr": {"open": "Ouvrir la discussion", "minimize": "Réduire la discussion", "input": "Votre message",
           "send": "Envoyer", "human": "Parler à un conseiller", "menu": "Plus d'options",
           "waiting": "En attente d'un conseiller", "offline": "Connexion perdue", "end": "Terminer la conversation",
           "erase": "Terminer et effacer", "erase_confirm": "Effacer", "erased": "Votre conversation a été effacée",
           "csat": "Êtes-vous satisfait", "ces": "Était-il facile", "thanks": "Merci pour votre avis",
           "new": "Nouvelle conversation", "download": "Télécharger la conversation"},
    "en": {"open": "Open the chat", "minimize": "Minimise the chat", "input": "Your message", "send": "Send",
           "human": "Talk to a person", "menu": "More options", "waiting": "Waiting for a person",
           "offline": "Connection lost", "end": "End the conversation", "erase": "End and erase",
           "erase_confirm": "Erase", "erased": "Your conversation has been erased", "csat": "How satisfied",
           "ces": "How easy", "thanks": "Thank you for your feedback", "new": "New conversation",
           "download": "Download the conversation"},
}

STORED = "() => Object.entries(localStorage).filter(([k]) => k.startsWith('relais:')).map(([, v]) => JSON.parse(v))[0]"
WELCOMED = f"(old) => {{ const stored = ({STORED})(); return Boolean(stored) && stored.conversation_id !== old; }}"


@dataclass
class Chat:
    page: Page
    language: str = "fr"

    @property
    def labels(self) -> dict[str, str]:
        return LABELS[self.language]

    @property
    def launcher(self) -> Locator:
        return self.page.locator("relais-widget .launcher")

    @property
    def panel(self) -> Locator:
        return self.page.get_by_role("dialog")

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log")

    @property
    def input(self) -> Locator:
        return self.page.get_by_role("textbox", name=self.labels["input"])

    @property
    def status(self) -> Locator:
        return self.panel.locator(".status")

    @property
    def chips(self) -> Locator:
        return self.log.locator(".choices button")

    @property
    def human(self) -> Locator:
        """The permanent "talk to a person" action under the composer (a fallback offers a choice of that name too)."""
        return self.panel.locator(".footer").get_by_role("button", name=self.labels["human"])

    def bubbles(self, sender: str) -> Locator:
        return self.log.locator(f".msg.{sender} .bubble")

    def button(self, name: str) -> Locator:
        """A button of the chat panel, by its accessible name (or the key of that name in LABELS)."""
        return self.panel.get_by_role("button", name=self.labels.get(name, name))

    async def load(self, url: str) -> None:
        await self.page.goto(url)
        await self.page.wait_for_function("() => window.Relais && window.Relais.version")

    async def open(self) -> None:
        await self.launcher.click()
        await expect(self.panel).to_be_visible()
        await expect(self.input).to_be_focused()

    async def ask(self, text: str) -> None:
        await self.input.fill(text)
        await self.input.press("Enter")
        await expect(self.bubbles("visitor").filter(has_text=text).last).to_be_visible()

    async def stored(self) -> dict[str, Any] | None:
        """What the widget keeps in localStorage (None before anything was stored)."""
        value: dict[str, Any] | None = await self.page.evaluate(STORED)
        return value

    async def ids(self, other_than: str | None = None) -> tuple[str, str]:
        """Conversation id and visitor token once the server has welcomed the widget (to another conversation than
        `other_than` when given)."""
        await self.page.wait_for_function(WELCOMED, arg=other_than)
        stored = await self.stored()
        assert stored is not None
        return stored["conversation_id"], stored["visitor_token"]
