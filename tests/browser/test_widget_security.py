"""Hostile content and hostile pages: script injection in answers and visitor text, CSS that tries to break the UI."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.chat import Chat
from tests.browser.conftest import LiveServer, Shop

pytestmark = pytest.mark.slow

XSS_QUESTION = "Is the glowing teapot guarantee transferable to a new owner?"
# Sent by the visitor as one message (and shown back to them): none of it may run.
VISITOR_PAYLOADS = [
    "<script>window.__xss='visitor-script'</script>",
    "<img src=x onerror=\"window.__xss='visitor-img'\">",
    "[click](javascript:window.__xss='visitor-md')",
    "<svg onload=\"window.__xss='visitor-svg'\">",
    "<iframe src=\"javascript:window.__xss='visitor-iframe'\"></iframe>",
    "<a href=\"javascript:window.__xss='visitor-a'\">a</a>",
    "javascript:window.__xss='visitor-bare'",
    "data:text/html,<script>window.__xss='visitor-data'</script>",
    "&lt;img src=x onerror=window.__xss='visitor-entity'&gt;",
    "**<b onclick=\"window.__xss='visitor-bold'\">b</b>**",
    "<math><mtext><style><img src=x onerror=window.__xss='visitor-mxss'></style></mtext></math>",
    "`<img src=x onerror=window.__xss='visitor-code'>`",
    "<details open ontoggle=\"window.__xss='visitor-details'\">",
    "<body onload=\"window.__xss='visitor-body'\">",
    "<object data=\"javascript:window.__xss='visitor-object'\"></object>",
]
TRAP = """
window.__xss = null;
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = () => { window.__xss = name; };
}
"""
# Everything in the widget that could run code or load something from a payload.
DANGER = """() => {
  const forbidden = /^(script|iframe|img|object|embed|style|details|math|body|image|frame|link|meta|base)$/;
  const root = document.querySelector('relais-widget').shadowRoot;
  const all = [...root.querySelectorAll('*')];
  const urls = all.flatMap((el) => ['href', 'src', 'action', 'formaction', 'xlink:href', 'data']
    .map((name) => el.getAttribute(name)).filter(Boolean));
  return {
    handlers: all.filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
      .map((el) => el.outerHTML.slice(0, 120)),
    elements: all.map((el) => el.localName)
      .filter((name) => forbidden.test(name)),
    badUrls: urls.filter((url) => !/^(https?:|mailto:)/i.test(url)),
    links: [...root.querySelectorAll('a')].map((a) => [a.href, a.target, a.rel]),
    xss: window.__xss,
  };
}"""


async def test_injection_in_answers_and_visitor_text_stays_text(page: Any, live_server: LiveServer) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    await page.add_init_script(TRAP)
    chat = Chat(page, "en")
    await chat.load(f"{live_server.url}/demo?lang=en")
    await chat.open()
    await chat.ask(XSS_QUESTION)
    answer = chat.bubbles("bot").last
    await expect(answer).to_contain_text("Payload corpus, shown as text")
    await expect(answer).to_contain_text("<script>window.__xss = 'script'</script>")
    await expect(answer).to_contain_text("<img src=x onerror=\"window.__xss='img'\">")
    await expect(answer.get_by_text("markdown javascript link")).to_be_visible()  # the label, as plain text
    await expect(answer.get_by_role("link", name="ok link")).to_have_attribute("href", "https://example.org/safe")
    # A link inside a link's text stays text; the outer link keeps its safe target.
    await expect(answer.get_by_role("link", name="nested [inner](javascript:")).to_have_attribute(
        "href", "https://example.org/outer")
    await expect(answer.get_by_role("link", name="Read the full article")).to_have_count(1)

    await chat.ask("\n".join(VISITOR_PAYLOADS))
    mine = chat.bubbles("visitor").last
    for payload in VISITOR_PAYLOADS:
        await expect(mine).to_contain_text(payload)
    await expect(chat.bubbles("bot")).to_have_count(2)  # the turn is over: anything that could run has run

    found = await page.evaluate(DANGER)
    assert found["xss"] is None and dialogs == [], (found["xss"], dialogs)
    assert found["handlers"] == [] and found["elements"] == [] and found["badUrls"] == [], found
    for href, target, rel in found["links"]:
        if target:  # every link leaving the page opens a new tab without giving it a handle on this one
            assert target == "_blank" and rel == "noopener noreferrer", (href, target, rel)


TORTURE_CSS = """
* { all: unset !important; }
html, body { display: block !important; }
div, section, p, span, a, svg, textarea { display: none !important; visibility: hidden !important; }
button { font-size: 0 !important; width: 0 !important; height: 0 !important; padding: 0 !important;
  border: 0 !important; opacity: 0 !important; }
*::before, *::after { content: "X" !important; }
:root { font-size: 2px !important; line-height: 0 !important; color: transparent !important;
  --relais-accent: red; --relais-text: transparent; }
relais-widget { display: none !important; position: absolute !important; left: -9999px !important;
  opacity: 0 !important; transform: scale(0) !important; }
"""


def torture_page(server: LiveServer) -> str:
    return f"""<!doctype html><html lang="en"><head><title>Hostile shop</title><style>{TORTURE_CSS}</style></head>
<body><h1>A shop with aggressive CSS</h1><div><p>Hidden content</p></div>
<script>window.__globals = Object.getOwnPropertyNames(window);</script>
<script src="{server.url}/widget.js" data-language="en" data-position="left" async></script></body></html>"""


async def test_widget_survives_hostile_host_css_and_leaks_nothing(
        page: Any, live_server: LiveServer, shop: Shop) -> None:
    shop.pages["/hostile"] = torture_page(live_server)  # another origin, listed in RELAIS_ALLOWED_ORIGINS
    chat = Chat(page, "en")
    await chat.load(f"{shop.origin}/hostile")
    head_before = await page.evaluate("() => document.head.innerHTML")
    launcher = await chat.launcher.bounding_box()
    assert launcher is not None and launcher["width"] >= 44 and launcher["height"] >= 44, launcher
    assert launcher["x"] < 100  # data-position="left"
    await chat.open()
    await chat.ask("Do you lend helmets?")
    await expect(chat.bubbles("bot").last).to_contain_text("A helmet is lent free of charge")
    for button in (chat.button("send"), chat.human, chat.button("minimize"), chat.button("menu")):
        box = await button.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    sizes = await page.evaluate("""() => {
      const root = document.querySelector('relais-widget').shadowRoot;
      const style = getComputedStyle(root.querySelector('.msg.bot .bubble'));
      return [style.fontSize, style.color, style.display];
    }""")
    assert sizes == ["15px", "rgb(22, 26, 43)", "block"], sizes

    leaked = await page.evaluate("""() => ({
      globals: Object.getOwnPropertyNames(window)
        .filter((name) => !window.__globals.includes(name) && name !== '__globals'),
      styles: document.styleSheets.length,
      elements: [...document.body.children].map((el) => el.localName),
      cookies: document.cookie,
    })""")
    assert leaked["globals"] == ["Relais"], leaked
    assert leaked["styles"] == 1 and leaked["cookies"] == "", leaked
    assert leaked["elements"] == ["h1", "div", "script", "script", "relais-widget"], leaked
    assert await page.evaluate("() => document.head.innerHTML") == head_before


async def test_site_missing_from_allowed_origins_is_told_so(page: Any, live_server: LiveServer, shop: Shop) -> None:
    # The shop's pages are served on 127.0.0.1 too, but only http://localhost:PORT is allowed.
    shop.pages["/not-listed"] = ('<!doctype html><html lang="fr"><head><title>Not listed</title></head><body>'
                                 f'<script src="{live_server.url}/widget.js"></script></body></html>')
    chat = Chat(page)
    await chat.load(f"http://127.0.0.1:{shop.port}/not-listed")
    await chat.open()
    await expect(page.get_by_text("Ce site n'est pas autorisé à utiliser ce service de discussion.")).to_be_visible()
    assert await chat.stored() is None


async def test_widget_works_under_a_strict_content_security_policy(
        page: Any, live_server: LiveServer, shop: Shop) -> None:
    ws = live_server.url.replace("http://", "ws://")
    policy = (f"default-src 'none'; script-src {live_server.url}; connect-src {live_server.url} {ws}; "
              "style-src 'none'; img-src 'none'")
    shop.pages["/strict"] = (
        f'<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="{policy}">'
        f'<title>Strict shop</title></head><body><h1>Strict</h1>'
        f'<script src="{live_server.url}/widget.js" data-language="en" async></script></body></html>')
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    chat = Chat(page, "en")
    await chat.load(f"{shop.origin}/strict")
    await chat.open()
    await chat.ask("Do you lend helmets?")
    await expect(chat.bubbles("bot").last).to_contain_text("A helmet is lent free of charge")
    background = await chat.panel.locator(".header").evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert background == "rgb(58, 71, 213)" and violations == [], (background, violations)
