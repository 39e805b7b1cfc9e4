"""Visitor feedback: CSAT, CES and a comment per conversation.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(36),
                  sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csat", sa.Integer, nullable=True),
        sa.Column("ces", sa.Integer, nullable=True),
        sa.Column("comment", sa.String(2000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("csat IS NULL OR (csat >= 1 AND csat <= 5)", name="ck_feedback_csat"),
        sa.CheckConstraint("ces IS NULL OR (ces >= 1 AND ces <= 7)", name="ck_feedback_ces"),
    )
    op.create_index("ix_feedback_conversation", "feedback", ["conversation_id"])
    op.create_index("ix_feedback_created", "feedback", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_created", "feedback")
    op.drop_index("ix_feedback_conversation", "feedback")
    op.drop_table("feedback")
