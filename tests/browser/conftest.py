"""Browser tests of the chat widget: one real `relais serve` and one headless Chromium for the whole session.

Chromium is the Debian package (/usr/bin/chromium), driven by Playwright; `make test` installs it and axe-core.
Under CI=true a missing browser or axe-core fails the tests instead of skipping them."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SMALL_KB

HERE = Path(__file__).parent
WIDGET_KB = HERE / "widget_kb.yml"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("RELAIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
ARTIFACTS = Path(os.environ.get("RELAIS_SCREENSHOTS", HERE.parent.parent / "test-artifacts" / "screenshots"))
START_TIMEOUT = 180.0
PRIVACY_URL = "https://shop.example/privacy"


def missing(what: str) -> None:
    """Skips the test, or fails it in CI where every browser test must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI (make test installs it)")
    pytest.skip(f"{what} is not installed (make test installs it)")


@dataclass
class Shop:
    """A customer's site on another origin (http://localhost:PORT) embedding the widget; `pages`: path -> HTML."""

    port: int
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.port}"


@pytest.fixture(scope="session")
def shop() -> Iterator[Shop]:
    site = Shop(0)

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = site.pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((body or "not found").encode())

        def log_message(self, *args: Any) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Pages) as httpd:
        site.port = httpd.server_address[1]
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield site
        httpd.shutdown()


@dataclass(frozen=True)
class LiveServer:
    """A `relais serve` process on 127.0.0.1 with the small test KB and the widget articles."""

    url: str
    port: int
    data_dir: Path
    log: Path
    pid: int

    def query(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        """Reads the server's SQLite database (what was stored, as an operator would see it)."""
        with sqlite3.connect(self.data_dir / "relais.db", timeout=10) as db:
            db.row_factory = sqlite3.Row
            return list(db.execute(sql, params))

    def context_of(self, conversation_id: str) -> dict[str, Any]:
        rows = self.query("SELECT context FROM conversations WHERE id = ?", conversation_id)
        assert rows, f"no conversation {conversation_id}"
        value = rows[0]["context"]
        return json.loads(value) if isinstance(value, str) else dict(value)

    def messages(self, conversation_id: str, token: str) -> httpx.Response:
        return httpx.get(f"{self.url}/api/v1/conversations/{conversation_id}/messages",
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)


    def engine_pid(self) -> int:
        """The server's engine process (its child that is not multiprocessing's resource tracker)."""
        children = [c for task in Path(f"/proc/{self.pid}/task").iterdir()
                    for c in (task / "children").read_text().split()]
        for child in children:
            if "resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace"):
                return int(child)
        raise AssertionError(f"relais serve ({self.pid}) has no engine process: {children}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def publish(data_dir: Path, *files: Path) -> None:
    """Publishes the KB files in the data dir, as `relais kb import` does, without loading any model."""
    from knowledge_base import store
    from knowledge_base.interchange import read_articles
    from relais.storage import Database

    async def run() -> None:
        db = Database(f"sqlite+aiosqlite:///{(data_dir / 'relais.db').resolve()}")
        await db.migrate()
        async with db.begin() as conn:
            await store.publish(conn, [a for f in files for a in read_articles(f)])
        await db.close()

    with ThreadPoolExecutor(1) as pool:  # its own event loop, away from the test session's
        pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, shop: Shop) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("relais-browser")
    publish(data_dir, SMALL_KB, WIDGET_KB)
    port = free_port()
    log = data_dir / "server.log"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "RELAIS_ALLOWED_ORIGINS": shop.origin, "RELAIS_PRIVACY_URL": PRIVACY_URL}
    command = [sys.executable, "-m", "relais.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--data-dir", str(data_dir), "--no-demo"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = LiveServer(f"http://127.0.0.1:{port}", port, data_dir, log, process.pid)
    try:
        wait_ready(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(server: LiveServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"relais serve exited with {process.returncode}:\n{server.log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"relais serve was not ready within {START_TIMEOUT:.0f} s:\n{server.log.read_text()[-3000:]}")


@pytest.fixture(autouse=True)
def no_server_errors(request: pytest.FixtureRequest, live_server: LiveServer) -> Iterator[None]:
    """A test during which the server logged an error or a traceback fails, except the errors the test
    causes on purpose (`@pytest.mark.server_errors("part of the line", ...)`)."""
    marker = request.node.get_closest_marker("server_errors")
    expected: tuple[str, ...] = marker.args if marker else ()
    start = live_server.log.stat().st_size
    yield
    with live_server.log.open("rb") as log:
        log.seek(start)
        new = log.read().decode("utf-8", "replace")
    problems = [line for line in new.splitlines() if (" ERROR " in line or line.startswith("Traceback"))
                and not any(part in line for part in expected)]
    assert not problems, new[-3000:]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if path is None:
        missing("Chromium (Debian package chromium)")
    assert path is not None
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("The playwright Python package")
    return path


@pytest.fixture(scope="session")
async def browser(chromium_path: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        await chromium.close()


@pytest.fixture
async def context(browser: Any) -> AsyncIterator[Any]:
    """A fresh browser profile (no storage, no cookies), desktop sized, French."""
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    ctx.set_default_timeout(15_000)
    yield ctx
    await ctx.close()


@pytest.fixture
async def page(context: Any) -> Any:
    return await context.new_page()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.exists():
        missing(f"axe-core ({AXE.relative_to(HERE.parent.parent)}; npm ci in tests/browser)")
    return AXE


@pytest.fixture(scope="session")
def screenshots() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
