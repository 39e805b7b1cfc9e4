"""People who log in (agents, editors, admins): creation with a hashed password."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from relais.errors import Conflict, InvalidInput
from relais.storage import utcnow
from relais.tables import users

ROLES = ("agent", "editor", "admin")
MIN_PASSWORD = 8
_hasher = PasswordHasher()


async def add_user(conn: AsyncConnection, name: str, role: str, password: str, *, languages: list[str],
                   skills: list[str], max_chats: int) -> None:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    if not name.strip() or len(name) > 128:
        raise InvalidInput("name must be 1 to 128 characters")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD} characters (read from standard input)")
    if bad := [lang for lang in languages if lang not in ("fr", "en")]:
        raise InvalidInput(f"unsupported language(s): {', '.join(bad)} (fr, en)")
    if not 1 <= max_chats <= 50:
        raise InvalidInput("max-chats must be between 1 and 50")
    if await conn.scalar(select(users.c.id).where(users.c.name == name)) is not None:
        raise Conflict(f"a user named {name!r} already exists")
    await conn.execute(insert(users).values(
        name=name, role=role, password_hash=_hasher.hash(password), languages=languages, skills=skills,
        max_chats=max_chats, created_at=utcnow()))
