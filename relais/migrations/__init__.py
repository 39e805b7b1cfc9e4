"""Alembic migrations of the Relais schema."""
