"""Persistence: SQLAlchemy Core tables, the engine factory and Alembic migrations.

SQLite (WAL) in the user data directory by default; PostgreSQL
(``postgresql+psycopg://…``) for a team. No Qt here.
"""

from db.engine import open_database

__all__ = ["open_database"]
