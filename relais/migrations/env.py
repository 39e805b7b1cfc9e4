"""Alembic environment: runs on the connection Relais hands over (async engines run it via run_sync)."""

from __future__ import annotations

from alembic import context

from relais.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Relais runs its migrations itself: use `relais migrate` (or start the server)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
