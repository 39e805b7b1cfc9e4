"""`/widget.js` (cache headers, ETag and 304, gzip, size budget) and `/demo`, through the app without loading models."""

from __future__ import annotations

import gzip
import re
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from relais import cli, web
from relais.app import create_app
from relais.settings import Settings

ROOT = Path(__file__).parents[2]
WIDGET = ROOT / "widget" / "widget.js"
GZIP_BUDGET = 40 * 1024


@pytest.fixture(scope="module")
async def site(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its runtime never started: pages and files need no model."""
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("web"), demo=False))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://relais.test") as client:
        yield client


def test_widget_gzipped_is_within_its_40_kb_budget() -> None:
    size = len(gzip.compress(WIDGET.read_bytes(), compresslevel=9))
    assert size <= GZIP_BUDGET, f"widget.js is {size} bytes gzipped, over the {GZIP_BUDGET} budget"


async def test_widget_js_is_served_as_cacheable_javascript(site: httpx.AsyncClient) -> None:
    resp = await site.get("/widget.js", headers={"Accept-Encoding": "identity"})
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "text/javascript; charset=utf-8"
    assert resp.headers["cache-control"] == "public, max-age=300"
    assert resp.headers["access-control-allow-origin"] == "*"
    assert "content-encoding" not in resp.headers
    assert re.fullmatch(r'"[0-9a-f]{20}"', resp.headers["etag"])
    assert resp.content == WIDGET.read_bytes()


async def test_widget_js_is_gzipped_for_clients_that_accept_it(site: httpx.AsyncClient) -> None:
    async with site.stream("GET", "/widget.js", headers={"Accept-Encoding": "br, gzip;q=0.8"}) as resp:
        raw = b"".join([chunk async for chunk in resp.aiter_raw()])
    assert resp.headers["content-encoding"] == "gzip" and resp.headers["vary"] == "Accept-Encoding"
    assert len(raw) <= GZIP_BUDGET
    assert gzip.decompress(raw) == WIDGET.read_bytes()


async def test_head_answers_like_get_without_the_body(site: httpx.AsyncClient) -> None:
    get = await site.get("/widget.js", headers={"Accept-Encoding": "gzip"})
    head = await site.head("/widget.js", headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"] and head.headers["content-type"] == get.headers["content-type"]


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
async def test_known_etag_gets_304_without_a_body(site: httpx.AsyncClient, encoding: str) -> None:
    first = await site.get("/widget.js", headers={"Accept-Encoding": encoding})
    etag = first.headers["etag"]
    for asked in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = await site.get("/widget.js", headers={"Accept-Encoding": encoding, "If-None-Match": asked})
        assert again.status_code == 304 and again.content == b"", asked
        assert again.headers["etag"] == etag and again.headers["cache-control"] == "public, max-age=300"
    stale = await site.get("/widget.js", headers={"Accept-Encoding": encoding, "If-None-Match": '"stale"'})
    assert stale.status_code == 200 and stale.content == WIDGET.read_bytes()


@pytest.mark.parametrize(("header", "expected"), [
    (None, False), ("", False), ("identity", False), ("gzip", True), ("GZIP", True), ("deflate, gzip;q=0.5", True),
    ("gzip;q=0", False), ("gzip;q=0.0", False), ("*", True), ("br;q=1, *;q=0", False), ("gzip;q=x", False),
])
def test_accept_encoding_is_read_with_its_quality(header: str | None, expected: bool) -> None:
    assert web.accepts_gzip(header) is expected


async def test_demo_page_embeds_the_widget_with_one_script_tag(site: httpx.AsyncClient) -> None:
    resp = await site.get("/demo")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    page = resp.text
    assert '<html lang="fr">' in page and "Simuler une erreur de paiement" in page
    assert re.findall(r"<script [^>]*src=[^>]*>", page) == [
        '<script src="/widget.js" data-language="fr" data-context="{&quot;site&quot;: &quot;demo&quot;, '
        '&quot;shop&quot;: &quot;Maison Lumen&quot;}" async>']
    assert "Relais.setContext({ checkout_step: 'payment'" in page and "Relais.open()" in page
    assert "$" not in page.replace("$$", "")  # every placeholder of the template was filled


async def test_demo_page_in_english_and_unknown_languages_in_french(site: httpx.AsyncClient) -> None:
    english = (await site.get("/demo", params={"lang": "en"})).text
    assert '<html lang="en">' in english and 'data-language="en"' in english
    assert "Simulate a payment error" in english and "Simuler" not in english
    assert '<html lang="fr">' in (await site.get("/demo", params={"lang": "de"})).text


def test_installed_package_ships_the_widget_files() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "widget" in config["packages"]["find"]["include"]
    shipped = config["package-data"]["widget"]
    for name in (web.WIDGET_JS, web.DEMO_HTML):
        assert any(Path(name).match(pattern) for pattern in shipped), name
        assert (web.WIDGET_DIR / name).is_file()


def test_serve_prints_the_demo_url(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                   tmp_path: Path) -> None:
    import uvicorn

    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options))
    assert cli.main(["serve", "--host", "127.0.0.1", "--port", "8123", "--data-dir", str(tmp_path), "--no-demo"]) == 0
    out = capsys.readouterr().out
    assert "Demo page: http://127.0.0.1:8123/demo" in out and "ws://127.0.0.1:8123/ws/visitor" in out
    assert started and started[0]["port"] == 8123
