"""samples.series becomes TEXT on PostgreSQL: an audio series is "audio." + the OBS input's name, and OBS
allows names longer than VARCHAR(64) holds (PostgreSQL refused those rows; SQLite never enforced the width).

On PostgreSQL VARCHAR -> TEXT is binary compatible: a catalogue change, no table rewrite. SQLite keeps its
column (its VARCHAR(64) already stores any length), so a large SQLite file is not copied at start-up.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("samples", "series", type_=sa.Text(), existing_type=sa.String(64), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("samples", "series", type_=sa.String(64), existing_type=sa.Text(), existing_nullable=False)
