"""Articles and their versions in the database: publish (all or nothing), read, archive, revision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from knowledge_base.articles import Article, parse_article
from relais.storage import utcnow
from relais.tables import article_versions, articles, kb_state


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int
    archived: int
    revision: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.archived)


def article_from_content(content: dict[str, Any]) -> Article:
    article, problems = parse_article(content)
    if article is None:  # stored content was validated on the way in
        raise ValueError(f"stored article is invalid: {problems}")
    return article


async def revision(conn: AsyncConnection) -> int:
    value = await conn.scalar(select(kb_state.c.revision).where(kb_state.c.id == 1))
    return int(value or 0)


async def _bump_revision(conn: AsyncConnection) -> int:
    now = utcnow()
    current = await conn.scalar(select(kb_state.c.revision).where(kb_state.c.id == 1).with_for_update())
    if current is None:
        await conn.execute(insert(kb_state).values(id=1, revision=1, updated_at=now))
        return 1
    await conn.execute(update(kb_state).where(kb_state.c.id == 1).values(revision=current + 1, updated_at=now))
    return int(current) + 1


async def publish(
    conn: AsyncConnection, items: Sequence[Article], *, replace: bool = False, source: str = "import"
) -> ImportReport:
    """Publishes every article in one transaction (the caller's); unchanged ones keep their version."""
    rows = {
        r.id: r
        for r in (await conn.execute(select(articles.c.id, articles.c.version, articles.c.status,
                                            articles.c.published_version))).all()
    }
    current = {
        r.article_id: r.content
        for r in (
            await conn.execute(
                select(article_versions.c.article_id, article_versions.c.content).join(
                    articles,
                    (articles.c.id == article_versions.c.article_id)
                    & (articles.c.published_version == article_versions.c.version),
                )
            )
        ).all()
    }
    now = utcnow()
    created = updated = unchanged = archived = 0
    for article in items:
        content = article.to_dict()
        row = rows.get(article.id)
        if row is not None and row.status == "published" and current.get(article.id) == content:
            unchanged += 1
            continue
        version = (row.version if row is not None else 0) + 1
        values = {"language": article.language, "status": "published", "version": version,
                  "published_version": version, "handoff": article.handoff, "updated_at": now}
        if row is None:
            await conn.execute(insert(articles).values(id=article.id, **values))
            created += 1
        else:
            await conn.execute(update(articles).where(articles.c.id == article.id).values(**values))
            updated += 1
        await conn.execute(
            insert(article_versions).values(
                article_id=article.id, version=version, content=content, created_at=now, source=source
            )
        )
    if replace:
        keep = {a.id for a in items}
        stale = [i for i, r in rows.items() if r.status == "published" and i not in keep]
        for article_id in stale:
            await conn.execute(
                update(articles)
                .where(articles.c.id == article_id)
                .values(status="archived", published_version=None, updated_at=now)
            )
        archived = len(stale)
    rev = await _bump_revision(conn) if (created or updated or archived) else await revision(conn)
    return ImportReport(created, updated, unchanged, archived, rev)


async def published(conn: AsyncConnection) -> list[Article]:
    result = await conn.execute(
        select(article_versions.c.content)
        .join(
            articles,
            (articles.c.id == article_versions.c.article_id)
            & (articles.c.published_version == article_versions.c.version),
        )
        .where(articles.c.status == "published")
        .order_by(articles.c.id)
    )
    return [article_from_content(r.content) for r in result.all()]


async def ever_written(conn: AsyncConnection) -> bool:
    """Whether the KB has ever held an article, published or archived (a fresh data dir has none)."""
    return await conn.scalar(select(articles.c.id).limit(1)) is not None
