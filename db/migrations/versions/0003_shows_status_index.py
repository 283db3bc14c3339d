"""An index on shows.status: the rooms wall (every 2 s) and the crash-recovery finder select running shows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_shows_status", "shows", ["status"])


def downgrade() -> None:
    op.drop_index("ix_shows_status", table_name="shows")
