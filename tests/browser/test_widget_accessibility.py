"""The widget with a keyboard only, under axe-core (WCAG 2.2 AA), on a 320 px phone, at 200 % zoom, without motion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.chat import Chat
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.slow

HOURS = "Quels sont les horaires d'ouverture de l'agence ?"
SADDLE_EN = "How do I adjust the height of the tandem saddle?"
# What axe reports that a person would actually be hurt by.
BLOCKING = ("serious", "critical")
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
  });
  const contrast = result.passes.filter((p) => p.id === 'color-contrast').flatMap((p) => p.nodes);
  return {
    violations: result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary).slice(0, 5)})),
    contrastChecked: contrast.filter((n) => [].concat(n.target[0])[0] === 'relais-widget').length,
  };
}"""


async def focused_in_widget(page: Any) -> str:
    """The focused element inside the widget's shadow root, as `tag.class` ('' when focus is elsewhere)."""
    found: str = await page.evaluate("""() => {
      const host = document.activeElement;
      const el = host && host.shadowRoot && host.shadowRoot.activeElement;
      return el ? `${el.localName}.${el.className}` : '';
    }""")
    return found


async def test_keyboard_only_visitor(page: Any, live_server: LiveServer) -> None:
    chat = Chat(page)
    await chat.load(f"{live_server.url}/demo")
    for _ in range(40):  # through the page's own links and buttons, then the launcher
        await page.keyboard.press("Tab")
        if await focused_in_widget(page) == "button.launcher":
            break
    assert await focused_in_widget(page) == "button.launcher"
    await page.keyboard.press("Enter")
    await expect(chat.panel).to_be_visible()
    await expect(chat.input).to_be_focused()

    await page.keyboard.type("Bonjour,")
    await page.keyboard.press("Shift+Enter")  # a new line, not a send
    await page.keyboard.type(HOURS)
    await expect(chat.input).to_have_value(f"Bonjour,\n{HOURS}")
    await page.keyboard.press("Enter")
    await expect(chat.bubbles("visitor").last).to_have_text(f"Bonjour,\n{HOURS}")
    await expect(chat.input).to_have_value("")
    paris = chat.log.get_by_role("button", name="Horaires de l'agence de Paris")
    await expect(paris).to_be_visible()

    # The quick replies come just before the composer: Shift+Tab reaches them from where the visitor types.
    for _ in range(6):
        await page.keyboard.press("Shift+Tab")
        if await paris.evaluate("(el) => el.getRootNode().activeElement === el"):
            break
    await expect(paris).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(chat.bubbles("bot").last).to_contain_text("L'agence de Paris est ouverte")
    await expect(chat.input).to_be_focused()  # back where the visitor types

    await page.keyboard.press("Escape")
    await expect(chat.panel).to_be_hidden()
    assert await focused_in_widget(page) == "button.launcher"
    await expect(chat.launcher).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_no_serious_axe_violation_on_the_demo_with_the_widget_open(
        page: Any, live_server: LiveServer, axe_source: Path, language: str) -> None:
    chat = Chat(page, language)
    await chat.load(f"{live_server.url}/demo?lang={language}")
    await chat.open()
    await chat.ask(HOURS if language == "fr" else SADDLE_EN)
    await expect(chat.bubbles("bot").last).to_be_visible()
    await expect(chat.log.locator(".choices button, .article-link").first).to_be_visible()
    await page.add_script_tag(path=str(axe_source))
    result = await page.evaluate(AXE_RUN)
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, blocking
    assert result["contrastChecked"] >= 8  # axe could see the widget's colours (it cannot outside <body>)


async def test_320px_phone_and_200_percent_zoom(browser: Any, live_server: LiveServer) -> None:
    # 320 CSS px is WCAG's reflow width; a 1280x720 screen at 200 % zoom is 640x360 CSS px.
    for viewport in ({"width": 320, "height": 640}, {"width": 640, "height": 360}):
        context = await browser.new_context(viewport=viewport, locale="fr-FR", is_mobile=viewport["width"] < 480,
                                            has_touch=viewport["width"] < 480)
        try:
            chat = Chat(await context.new_page())
            await chat.load(f"{live_server.url}/demo")
            await chat.open()
            await chat.ask(HOURS)
            await expect(chat.log.get_by_role("button", name="Horaires de l'agence de Paris")).to_be_visible()
            await expect(chat.input).to_be_in_viewport()
            await expect(chat.button("send")).to_be_in_viewport()
            box = await chat.panel.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
            overflow = await chat.page.evaluate("""() => {
              const log = document.querySelector('relais-widget').shadowRoot.querySelector('.log');
              return [document.documentElement.scrollWidth - window.innerWidth, log.scrollWidth - log.clientWidth];
            }""")
            assert overflow == [0, 0], f"horizontal scrolling at {viewport}: {overflow}"
        finally:
            await context.close()


async def test_reduced_motion_turns_animations_off(browser: Any, live_server: LiveServer) -> None:
    context = await browser.new_context(reduced_motion="reduce", locale="fr-FR")
    try:
        chat = Chat(await context.new_page())
        await chat.load(f"{live_server.url}/demo")
        await chat.open()
        motion = await chat.page.evaluate("""() => {
          const root = document.querySelector('relais-widget').shadowRoot;
          const style = (selector) => getComputedStyle(root.querySelector(selector));
          return [style('.panel').animationName, style('.dots i').animationName,
                  style('.launcher').transitionDuration];
        }""")
        assert motion == ["none", "none", "0s"]
    finally:
        await context.close()
