"""Database schema (SQLAlchemy Core); Alembic migrations in relais/migrations create the same tables."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("language", String(8), nullable=False),
    Column("state", String(16), nullable=False),
    Column("context", JSON, nullable=False),
    Column("dialogue", JSON, nullable=False),
    Column("handoff", JSON, nullable=True),
    Column("last_seq", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("queued_at", DateTime(timezone=True), nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Index("ix_conversations_state_queued", "state", "queued_at"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(36), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("sender", String(16), nullable=False),
    Column("kind", String(16), nullable=True),
    Column("text", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("client_id", String(64), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("conversation_id", "seq", name="uq_messages_conversation_seq"),
    UniqueConstraint("conversation_id", "client_id", name="uq_messages_conversation_client_id"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("language", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("published_version", Integer, nullable=True),
    Column("handoff", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_status", "status"),
)

article_versions = Table(
    "article_versions",
    metadata,
    Column("article_id", String(128), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("content", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("source", String(64), nullable=False),
)

kb_state = Table(
    "kb_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("languages", JSON, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("max_chats", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(36), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
    Column("csat", Integer, nullable=True),
    Column("ces", Integer, nullable=True),
    Column("comment", String(2000), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("csat IS NULL OR (csat >= 1 AND csat <= 5)", name="ck_feedback_csat"),
    CheckConstraint("ces IS NULL OR (ces >= 1 AND ces <= 7)", name="ck_feedback_ces"),
    Index("ix_feedback_conversation", "conversation_id"),
    Index("ix_feedback_created", "created_at"),
)
