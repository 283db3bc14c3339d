"""shows.opened_at: the show's record opens before its start, when the audience begins to be taken.

The warm-up's comments and viewers (before the controller starts the run-of-show) are recorded with no
module (the review's PRE row); opened_at is when that began. NULL for every show recorded before this
revision and for a show opened at its start. Adding a nullable column is a catalogue change on both
SQLite and PostgreSQL: no table rewrite.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shows", sa.Column("opened_at", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shows") as batch:
        batch.drop_column("opened_at")
