"""The database: an async SQLAlchemy engine (SQLite by default, PostgreSQL unchanged) and its migrations."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from relais.errors import ConfigurationError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


SQLITE_POOL = 24  # kept-open SQLite connections (each has its own thread in aiosqlite)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """Owns the engine; `migrate()` brings the schema to the newest revision."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self._writer = asyncio.Lock() if self.is_sqlite else None
        if not (self.is_sqlite or url.startswith("postgresql+asyncpg")):
            raise ConfigurationError(
                f"unsupported database URL {url.split('://')[0]}://…: use sqlite+aiosqlite or postgresql+asyncpg"
            )
        if self.is_sqlite:
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # Every aiosqlite connection is a thread: keep enough of them open for a busy server rather than
            # opening (thread, file, pragmas) and closing one per request beyond the default five.
            self.engine: AsyncEngine = create_async_engine(url, connect_args={"timeout": 30}, pool_size=SQLITE_POOL,
                                                           max_overflow=SQLITE_POOL)
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_async_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)

    async def migrate(self) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(_upgrade)

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncConnection]:
        """A transaction: `async with db.begin() as conn`.

        SQLite takes one writer at a time, and a writer that finds the file locked sleeps in growing steps
        (1, 2, 5, 10 ms...) before it tries again. Transactions of this process therefore queue here, where
        the next one starts as soon as the previous one commits; other processes still meet the busy timeout."""
        if self._writer is None:
            async with self.engine.begin() as conn:
                yield conn
            return
        async with self._writer, self.engine.begin() as conn:
            yield conn

    def connect(self) -> Any:
        return self.engine.connect()

    async def close(self) -> None:
        await self.engine.dispose()


def _upgrade(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


